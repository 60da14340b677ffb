import { test } from "node:test";
import * as assert from "node:assert/strict";
import {
  bootstrapIntervals,
  gaussianKlDivergence,
  gaussianWassersteinDistance,
  jensenShannonDivergence,
  klDivergence,
  optimalTransport,
  wassersteinDistance,
} from "../../src/bayes/index";
import { createRandom } from "../../src/util/random";
import { checkCase } from "../stochastic";
import { testSeed } from "../seeds";
import { BOOTSTRAP_MEAN_SE } from "./bayesCases";

/** A normal density discretised on a uniform grid and renormalised: a discrete distribution. */
function discretisedNormal(grid: Float64Array, mean: number, variance: number): Float64Array {
  const p = grid.map((x) => Math.exp(-((x - mean) ** 2) / (2 * variance)));
  const s = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / s);
}

function randomDistribution(rng: ReturnType<typeof createRandom>, k: number): Float64Array {
  const p = new Float64Array(k).map(() => rng.uniform() ** 2);
  const s = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / s);
}

test("klDivergence of two finely discretised Gaussians equals the closed-form Gaussian KL", () => {
  const grid = Float64Array.from({ length: 3001 }, (_, i) => -15 + 0.01 * i);
  const p = discretisedNormal(grid, 0, 1), q = discretisedNormal(grid, 1, 4);
  const exact = 0.5 * (1 / 4 + 1 / 4 - 1 + Math.log(4)); // KL(N(0,1) ‖ N(1,4)) by hand
  assert.ok(Math.abs(gaussianKlDivergence({ mean: [0], variance: [1] }, { mean: [1], variance: [4] }) - exact) < 1e-15);
  // A Riemann sum of a smooth, rapidly decaying integrand on the whole line converges faster than any
  // power of the step (trapezoid rule); 1e-9 leaves room for float64 rounding over 3001 terms.
  assert.ok(Math.abs(klDivergence(p, q) - exact) < 1e-9, `${klDivergence(p, q)} vs ${exact}`);
});

test("klDivergence matches hand-computed values, is zero on equal distributions and infinite off the support", () => {
  // KL([1/2,1/2] ‖ [1/4,3/4]) = (1/2) log 2 + (1/2) log(2/3), exact to float64 rounding (1e-15).
  assert.ok(Math.abs(klDivergence([0.5, 0.5], [0.25, 0.75]) - (0.5 * Math.log(2) + 0.5 * Math.log(2 / 3))) < 1e-15);
  assert.equal(klDivergence([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]), 0);
  assert.equal(klDivergence([0.5, 0.5], [1, 0]), Infinity);
  assert.equal(klDivergence([1, 0], [0.5, 0.5], { base: 2 }), 1);
  assert.throws(() => klDivergence([0.5, 0.6], [0.5, 0.5]), /klDivergence: p must sum to 1 .* got 1\.1/);
  assert.throws(() => klDivergence([0.5, 0.5], [1]), /klDivergence: q must have length 2/);
  assert.throws(() => klDivergence([1.5, -0.5], [0.5, 0.5]), /klDivergence: p\[0\] must be a finite number in \[0, 1\], got 1\.5/);
});

test("jensenShannonDivergence is log 2 for disjoint supports, symmetric, and about KL/4 for nearby distributions", () => {
  assert.ok(Math.abs(jensenShannonDivergence([1, 0], [0, 1]) - Math.LN2) < 1e-15);
  assert.equal(jensenShannonDivergence([0, 1], [1, 0], { base: 2 }), 1);
  const rng = createRandom(testSeed(3));
  for (let t = 0; t < 20; t++) {
    const p = randomDistribution(rng, 6), q = randomDistribution(rng, 6);
    assert.ok(Math.abs(jensenShannonDivergence(p, q) - jensenShannonDivergence(q, p)) < 1e-15);
    // JS ≤ (KL(p‖q) + KL(q‖p)) / 8 (Lin 1991, from convexity of KL): an identity-style bound.
    assert.ok(jensenShannonDivergence(p, q) <= (klDivergence(p, q) + klDivergence(q, p)) / 8 + 1e-15);
  }
  // Second-order expansion: JS = chi^2 / 8 + O(delta^3), KL = chi^2 / 2 + O(delta^3); at delta = 1e-3
  // the relative deviation of 4 JS / KL from 1 is O(delta) ≈ 1e-3.
  const p = [0.3, 0.7], q = [0.301, 0.699];
  assert.ok(Math.abs((4 * jensenShannonDivergence(p, q)) / klDivergence(p, q) - 1) < 1e-2);
});

test("optimalTransport on a line equals the closed form integral of |F - G| for random distributions", () => {
  const rng = createRandom(testSeed(7));
  for (let t = 0; t < 30; t++) {
    const K = 2 + rng.integer(9);
    const x = Float64Array.from({ length: K }, () => rng.uniform() * 10).sort();
    const p = randomDistribution(rng, K), q = randomDistribution(rng, K);
    const cost = Array.from(x, (xi) => Array.from(x, (xj) => Math.abs(xi - xj)));
    let F = 0, G = 0, exact = 0;
    for (let i = 0; i + 1 < K; i++) {
      F += p[i]!;
      G += q[i]!;
      exact += Math.abs(F - G) * (x[i + 1]! - x[i]!);
    }
    const ot = optimalTransport(p, q, cost);
    // An exact LP solution of a problem with O(1) data: equal to float64 rounding of the sums (1e-12).
    assert.ok(Math.abs(ot.distance - exact) < 1e-12, `K=${K}: ${ot.distance} vs ${exact}`);
    for (let i = 0; i < K; i++) {
      let row = 0, col = 0;
      for (let j = 0; j < K; j++) {
        row += ot.plan[i * K + j]!;
        col += ot.plan[j * K + i]!;
        assert.ok(ot.plan[i * K + j]! >= -1e-15);
      }
      assert.ok(Math.abs(row - p[i]!) < 1e-12 && Math.abs(col - q[i]!) < 1e-12);
    }
  }
});

test("wassersteinDistance between discretised Gaussians of equal variance is the distance of their means, as the Gaussian closed form says", () => {
  const grid = Float64Array.from({ length: 61 }, (_, i) => -6 + 0.2 * i);
  const p = discretisedNormal(grid, 0, 1), q = discretisedNormal(grid, 1, 1);
  const cost = Array.from(grid, (a) => Array.from(grid, (b) => Math.abs(a - b)));
  const exact = gaussianWassersteinDistance({ mean: [0], variance: [1] }, { mean: [1], variance: [1] });
  assert.equal(exact, 1);
  // The discretised normals on a step-0.2 grid are translates of each other by 5 cells up to the
  // truncated tails (N(1, 1) has mass 3e-7 beyond +6, five standard deviations), so W_1 = 1 within 1e-5.
  assert.ok(Math.abs(wassersteinDistance(p, q, cost) - exact) < 1e-5, `${wassersteinDistance(p, q, cost)}`);
});

test("wassersteinDistance with the 0/1 metric is the total-variation distance", () => {
  const rng = createRandom(testSeed(11));
  for (let t = 0; t < 10; t++) {
    const p = randomDistribution(rng, 5), q = randomDistribution(rng, 5);
    const cost = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => (i === j ? 0 : 1)));
    const tv = 0.5 * p.reduce((s, v, i) => s + Math.abs(v - q[i]!), 0);
    assert.ok(Math.abs(wassersteinDistance(p, q, cost) - tv) < 1e-12);
  }
  assert.throws(() => wassersteinDistance([1], [1], [[-1]]), /optimalTransport: cost entries must be finite numbers ≥ 0, got -1/);
  assert.throws(() => wassersteinDistance([1, 0], [1], [0, 1, 2]), /cost must have K x L = 2 entries/);
});

test("gaussianWassersteinDistance and gaussianKlDivergence follow their closed forms and reject bad variances", () => {
  const p = { mean: [1, -2], variance: [4, 9] }, q = { mean: [0, 0], variance: [1, 1] };
  // W2^2 = (1 + 4) + ((2-1)^2 + (3-1)^2) = 10.
  assert.ok(Math.abs(gaussianWassersteinDistance(p, q) - Math.sqrt(10)) < 1e-15);
  // KL = 1/2 [ (4 + 1 - 1 - log 4) + (9 + 4 - 1 - log 9) ].
  assert.ok(Math.abs(gaussianKlDivergence(p, q) - 0.5 * (4 - Math.log(4) + 12 - Math.log(9))) < 1e-14);
  assert.throws(() => gaussianKlDivergence({ mean: [0], variance: [0] }, q), /gaussianKlDivergence: p.variance\[0\] must be a finite number > 0, got 0/);
  assert.throws(() => gaussianWassersteinDistance(p, { mean: [0], variance: [1] }), /q must have dimension 2/);
});

test("bootstrapIntervals gives the standard error of a mean as s / sqrt(n)", async () => {
  // The bootstrap SE is s sqrt((n-1)/n) / sqrt(n) in expectation; with B = 2000 its relative Monte
  // Carlo error is about 1/sqrt(2B) ≈ 1.6 % (measured 1.6 %, spread.md), so 8 % is five standard errors; the 95 %
  // percentile interval of a near-normal statistic is mean ± 1.96 SE to the same accuracy (10 %).
  await checkCase(BOOTSTRAP_MEAN_SE);
  const data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const ci = bootstrapIntervals({ sampleSizes: [10], statistic: ([i]) => [i!.reduce((s, k) => s + data[k]!, 0) / 10], numResamples: 50 });
  assert.deepEqual(Array.from(ci.estimate), [5.5]);
  assert.equal(ci.replicates.length, 50);
  assert.throws(() => bootstrapIntervals({ sampleSizes: [0], statistic: () => [0] }), /bootstrapIntervals: sampleSizes\[0\] must be an integer ≥ 1, got 0/);
});
