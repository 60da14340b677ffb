import { test } from "node:test";
import * as assert from "node:assert/strict";
import { clusterDisplacementExponents, clusterProbabilities, compareSteadyState, klDivergence, temperClusterProbabilities } from "../../src/bayes/index";
import { createRandom } from "../../src/util/random";
import { checkCase } from "../stochastic";
import { CLUSTER_EXPONENTS } from "./bayesCases";

test("temperClusterProbabilities leaves probabilities unchanged at xi = 1 and for Brownian clusters (d_w = 2)", () => {
  const p = [0.5, 0.3, 0.2];
  const same = temperClusterProbabilities(p, { scale: 1, learningCoefficients: [3, 5, 8], spectralDimensions: [1, 2, 4] });
  same.probabilities.forEach((v, k) => assert.ok(Math.abs(v - p[k]!) < 1e-15));
  const brownian = temperClusterProbabilities(p, { scale: 0.3, learningCoefficients: [3, 5, 8], spectralDimensions: [3, 5, 8] });
  assert.deepEqual(Array.from(brownian.diffusion), [1, 1, 1]);
  brownian.probabilities.forEach((v, k) => assert.ok(Math.abs(v - p[k]!) < 1e-15));
});

test("temperClusterProbabilities raises each probability to D_xi = xi^(2 - 2 lambda / d_s) and renormalises", () => {
  const p = [0.6, 0.4];
  // Cluster 0: d_w = 2*2/1 = 4 -> D = 0.5^-2 = 4; cluster 1: d_w = 2*3/3 = 2 -> D = 1.
  const t = temperClusterProbabilities(p, { scale: 0.5, learningCoefficients: [2, 3], spectralDimensions: [1, 3] });
  assert.deepEqual(Array.from(t.walkDimensions), [4, 2]);
  assert.deepEqual(Array.from(t.diffusion), [4, 1]);
  const z = 0.6 ** 4 + 0.4;
  assert.ok(Math.abs(t.probabilities[0]! - 0.6 ** 4 / z) < 1e-15 && Math.abs(t.probabilities[1]! - 0.4 / z) < 1e-15);
  assert.throws(() => temperClusterProbabilities(p, { scale: 0.5, learningCoefficients: [2, 3], spectralDimensions: [5, 3] }), /spectralDimensions\[0\] must be in \(0, 2 lambda\] = \(0, 4\], got 5/);
});

test("clusterProbabilities counts labels with the Krichevsky–Trofimov pseudo-count", () => {
  assert.deepEqual(Array.from(clusterProbabilities([0, 1, 1, 1], 3)), [1.5 / 5.5, 3.5 / 5.5, 0.5 / 5.5]);
  assert.deepEqual(Array.from(clusterProbabilities([0, 1, 1, 1], 2, { pseudoCount: 0, indices: [0, 0] })), [1, 0]);
  assert.throws(() => clusterProbabilities([2], 2), /clusterProbabilities: labels must be integers in \[0, 1\], got 2/);
});

test("clusterDisplacementExponents recovers alpha = 1/2 from Brownian runs and alpha = 1 from ballistic ones", async () => {
  // Brownian: 30 runs x 20 coordinates = 600 independent walks, all lags fitted: alpha = 0.5 within
  // 0.05 (measured bias 0.002, sd 0.007, spread.md); the ballistic runs have MSD = c t^2 exactly up to
  // float32 storage.
  await checkCase(CLUSTER_EXPONENTS);
});

test("compareSteadyState finds the xi whose tempering turns SGD probabilities into the posterior ones", () => {
  // Construct SGD and posterior samples so that q = p^D exactly at xi = 0.5 with d_w = 3 (D = 2):
  // the posterior is the SGD distribution squared and renormalised.
  const p = [0.5, 0.3, 0.2];
  const target = p.map((v) => v * v);
  const z = target.reduce((a, b) => a + b, 0);
  const expand = (probs: number[], n: number): number[] => probs.flatMap((v, k) => Array(Math.round(v * n)).fill(k));
  const sgdLabels = expand(p, 10000); // sorted: even and odd halves are both exact
  const sorted = expand(target.map((v) => v / z), 10000);
  const posteriorLabels = Array.from(createRandom(4).permutation(sorted.length), (i) => sorted[i]!); // chains of mixed draws
  assert.equal(posteriorLabels.length, 10000);
  const result = compareSteadyState({
    sgdLabels, posteriorLabels, numChains: 100, numClusters: 3,
    learningCoefficients: [3, 3, 3], spectralDimensions: [2, 2, 2], // d_w = 3
    groundMetric: [0, 1, 1, 1, 0, 1, 1, 1, 0],
    scales: [0.25, 0.5, 1], bootstrap: { numResamples: 50 },
  });
  assert.equal(result.bestScale, 0.5);
  // The labels are exact counts (up to rounding 1 in 10^4) and the pseudo-count 1/2 shifts each
  // probability by < 1e-4: the tempered KL at the right xi is below 1e-6, the raw one is not.
  assert.ok(result.best.kl.estimate < 1e-6, `${result.best.kl.estimate}`);
  assert.ok(Math.abs(result.raw.kl.estimate - klDivergence(result.posterior, result.sgd)) < 1e-15);
  assert.ok(result.raw.kl.estimate > 0.01);
  assert.ok(result.klImprovement.lower > 0 && result.improvementProbability === 1);
  // Each half still has 5000 draws of the exact target: xi = 0.5 is chosen on both.
  assert.deepEqual(result.heldOut.scales, [0.5, 0.5]);
  // The geometry-blind baseline with c = 2 is the same map here (all D equal), so it matches too.
  assert.ok(result.baseline.kl.estimate < 1e-6 && result.baseline.power === 2);
  // Tempered SGD carries the information the uniform distribution lacks; against the equivalent
  // baseline the paired gain is 0 up to the pseudo-count's 1e-6-level effects.
  assert.ok(result.gainOverUniform.lower > 0.01);
  assert.ok(Math.abs(result.gainOverBaseline.estimate) < 1e-6);
});
