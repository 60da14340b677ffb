import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setupBackend } from "../../src/env/index";
import { createRunCache, perturbationRelaxation, quadraticRelaxation, relaxationSteps, type QuadraticRelaxationConfig } from "../../src/experiment/index";
import { denseNetwork } from "../../src/model/denseNetwork";
import { supervisedData } from "../../src/model/supervisedData";
import { fitRelaxation } from "../../src/theory/index";
import { seedNote, testSeed } from "../seeds";

const protocol = { numReplicates: 4, numSteps: 400, numTimes: 20, initialExcess: 0.05, evaluationSamples: 1024, learningRate: 0.05, batchSize: 32, seed: testSeed(3) };
const single: QuadraticRelaxationConfig = { dimension: 20, maxCurvature: 0.2, minCurvature: 0.2, spectrumTilt: 0, numSamples: 1024, noise: 0.5, burnInSteps: 1000, seed: testSeed(1), protocol };

function tempCache() {
  return createRunCache({ directory: fs.mkdtempSync(path.join(os.tmpdir(), "relaxation-")), version: "test" });
}

test("relaxationSteps are log-spaced from 1 to numSteps without duplicates", () => {
  assert.deepEqual(relaxationSteps({ numSteps: 1000, numTimes: 4 }), [1, 10, 100, 1000]);
  assert.deepEqual(relaxationSteps({ numSteps: 10, numTimes: 20 }), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

test("quadraticRelaxation with one curvature relaxes exponentially at the rate SGD predicts", async () => {
  await setupBackend({ backend: "cpu" });
  const cache = tempCache();
  const record = await quadraticRelaxation(single, { cache, progress: false });
  // The coupled difference obeys Δ(t+1) = (I − η H_batch) Δ(t). The data's Hessian is exactly h I
  // (whitened inputs), and with an isotropic Hessian the minibatch spread of H_batch only shifts the
  // rate (by about η h d / B relative), so the excess ½ h |Δ|² decays as one exponential with
  // τ ≈ −1 / (2 ln(1 − η h)) ≈ 49.7 steps. Tolerance 5 %: over 20 seed offsets the fitted τ erred by
  // −0.5 % on average with sd 0.7 % (largest 2.1 %), so 5 % exceeds |bias| + 3.5 sd; the interval of a
  // contained 1 at all 20.
  const tau = -1 / (2 * Math.log(1 - protocol.learningRate * 0.2));
  const fit = fitRelaxation(record.steps, record.excess, { numResamples: 100, orderStep: 0.05 });
  assert.ok(Math.abs(fit.exponential.timeScale / tau - 1) < 0.05, `τ ${fit.exponential.timeScale} against ${tau}; ${seedNote()}`);
  assert.ok(!fit.exponentialExcluded, `a ${fit.order.estimate} [${fit.order.lower}, ${fit.order.upper}]; ${seedNote()}`);
  // The initial excess is the one asked for, and the coupled distance shrinks like the square root of the excess.
  for (const e of record.initialExcess) assert.ok(Math.abs(e / protocol.initialExcess - 1) < 2e-3);
  const i = record.steps.findIndex((s) => s >= 100);
  const ratio = record.distance[0]![i]! / record.radius[0]!;
  const expected = (1 - protocol.learningRate * 0.2) ** record.steps[i]!;
  assert.ok(Math.abs(ratio / expected - 1) < 0.15, `distance ratio ${ratio} at step ${record.steps[i]}, expected ${expected}; ${seedNote()}`);
  // Read back from the cache: the same record.
  const again = await quadraticRelaxation(single, { cache, progress: false });
  assert.deepEqual(again.excess, record.excess);
});

test("perturbationRelaxation rejects a bad protocol and weights of the wrong length", async () => {
  await setupBackend({ backend: "cpu" });
  const network = denseNetwork({ widths: [2, 1], activation: "linear", bias: false });
  const data = supervisedData({ inputs: new Float32Array(8), inputSize: 2, targets: new Float32Array(4) });
  await assert.rejects(perturbationRelaxation({ network, data, params: new Float32Array(2), protocol: { ...protocol, numReplicates: 1 } }), /protocol.numReplicates must be an integer ≥ 2/);
  await assert.rejects(perturbationRelaxation({ network, data, params: new Float32Array(2), protocol }), /evaluationSamples must be at most the 4 training samples/);
  await assert.rejects(perturbationRelaxation({ network, data, params: new Float32Array(3), protocol: { ...protocol, evaluationSamples: 4 } }), /params must be a Float32Array of the network's 2 parameters/);
  await assert.rejects(quadraticRelaxation({ ...single, minCurvature: 0 }, { cache: tempCache() }), /quadraticRelaxation: curvatures must satisfy/);
  await assert.rejects(quadraticRelaxation({ ...single, protocol: { ...protocol, evaluationSamples: 1000 } }, { cache: tempCache() }), /evaluationSamples must be numSamples \(1024\)/);
});
