import { test } from "node:test";
import * as assert from "node:assert/strict";
import { setupBackend } from "../../src/env/backend";
import { makeMoons } from "../../src/data/moons";
import { denseNetwork } from "../../src/model/denseNetwork";
import { initializeParameters } from "../../src/model/initializeParameters";
import { createNetworkLoss } from "../../src/model/networkLoss";
import { classificationData } from "../../src/model/supervisedData";
import { train } from "../../src/train/train";
import { trainTinyEnsemble } from "../../src/bayes/index";
import { createTinyNetworkLoss } from "../../src/model/networkLoss";
import { checkCase } from "../stochastic";
import { LANGEVIN_VARIANCE } from "./bayesCases";

const data = classificationData(makeMoons({ count: 150, noise: 0.2, seed: 3 }));

test("createTinyNetworkLoss gives bit-identical losses and gradients to createNetworkLoss on the cpu backend", async () => {
  await setupBackend({ backend: "cpu" });
  for (const widths of [[2, 16, 2], [2, 8, 8, 2]]) {
    const network = denseNetwork({ widths });
    const reference = createNetworkLoss(network, data);
    const tiny = createTinyNetworkLoss({ network, data });
    const params = initializeParameters(network, { seed: 9 });
    // Batch 100 > 48 exercises the blocked float32 accumulation of the cpu backend's matrix product.
    for (const size of [1, 32, 100]) {
      const indices = Int32Array.from({ length: size }, (_, i) => (7 * i + 3) % data.numSamples);
      const g1 = new Float32Array(network.numParams), g2 = new Float32Array(network.numParams);
      // Deterministic and the same arithmetic: exact equality, not a tolerance.
      assert.equal(tiny.lossAndGradient(params, indices, g2), reference.lossAndGradient(params, indices, g1));
      assert.deepEqual(g2, g1);
      assert.equal(tiny.loss(params, indices), reference.loss(params, indices));
    }
    assert.equal(tiny.accuracy(params), reference.evaluate(params).accuracy);
  }
});

test("trainTinyEnsemble with SGD and weight decay equals train with the same seed, bit for bit, on the cpu backend", async () => {
  await setupBackend({ backend: "cpu" });
  const network = denseNetwork({ widths: [2, 16, 2] });
  const seeds = [5, 17];
  const ensemble = await trainTinyEnsemble({ network, data, seeds, numSteps: 120, batchSize: 32, learningRate: 0.2, weightDecay: 0.01, captureSteps: [0, 60, 120], progress: false });
  for (let m = 0; m < seeds.length; m++) {
    const single = await train({ network, data, seed: seeds[m]!, numSteps: 120, batchSize: 32, optimizer: { kind: "sgd", learningRate: 0.2, weightDecay: 0.01 }, progress: false, evaluateEvery: 0 });
    assert.deepEqual(ensemble.params[m], single.params);
    assert.deepEqual(ensemble.snapshots.subarray((m * 3) * network.numParams, (m * 3 + 1) * network.numParams), single.initialParams);
    assert.deepEqual(ensemble.snapshots.subarray((m * 3 + 2) * network.numParams, (m * 3 + 3) * network.numParams), single.params);
  }
});

test("trainTinyEnsemble's Langevin dynamics has the stationary variance of its discretised Ornstein–Uhlenbeck limit", async () => {
  // With n beta = 1e-4 and learningRate 1e-9 the loss gradient moves a weight by ~1e-9 per step while
  // the prior pull a = eta / (n beta s^2) = 0.1 and the noise sqrt(2 eta / n beta) ~ 4.5e-3 dominate:
  // w' = (1 - a) w + noise is an AR(1) process with stationary variance (2 eta / n beta) / (2a - a^2).
  // 20 x 82 = 1640 nearly independent draws: relative standard error sqrt(2 / 1640) ≈ 3.5 % (measured
  // 2.8 %, spread.md); 12 % ≈ 3.5 SE.
  await checkCase(LANGEVIN_VARIANCE);
});

test("trainTinyEnsemble and createTinyNetworkLoss reject bad options with the documented messages", async () => {
  const network = denseNetwork({ widths: [2, 4, 2] });
  await assert.rejects(() => trainTinyEnsemble({ network, data, seeds: [1], numSteps: 0 }), /trainTinyEnsemble: numSteps must be an integer ≥ 1, got 0/);
  await assert.rejects(() => trainTinyEnsemble({ network, data, seeds: [1], numSteps: 5, captureSteps: [3, 2], progress: false }), /captureSteps must be increasing integers in \[0, 5\], got 2 at position 1/);
  await assert.rejects(() => trainTinyEnsemble({ network, data, seeds: [1], numSteps: 5, langevin: { nBeta: 0, priorStd: 1 }, progress: false }), /langevin.nBeta must be a finite number > 0, got 0/);
  assert.throws(() => createTinyNetworkLoss({ network: denseNetwork({ widths: [3, 2] }), data }), /network.widths\[0\] must equal data.inputSize = 2, got 3/);
});
