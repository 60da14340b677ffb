import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setupBackend } from "../../src/env/index";
import { createRunCache, mnistCaptureSteps, mnistRunCache, mnistRunConfig, MNIST_RUN_VERSION, runMnistSweep, sweepConfigs, displacementWalk } from "../../src/experiment/index";

const tiny = {
  widths: [784, 8, 10],
  trainLimit: 512,
  testLimit: 256,
  numSteps: 200,
  batchSize: 32,
  learningRate: 0.1,
  logCaptures: 20,
  lateEvery: 2,
  llc: {
    checkpoints: [0.5, 1],
    sampler: { stepSize: 1e-5, localization: 100, numChains: 2, numBurnin: 20, numDraws: 20, batchSize: 32, nBetaRule: "numSamples" as const, preconditioner: "none" as const, rmspropEpsilon: 1e-3 },
    short: { stepSize: 1e-5, localization: 100, numChains: 2, numBurnin: 0, numDraws: 12, batchSize: 32, nBetaRule: "numSamples" as const, preconditioner: "none" as const, rmspropEpsilon: 1e-3 },
    initLossBatches: 16,
    descentSteps: 2,
    descentStepSize: 0.1,
  },
};

test("the default MNIST run cache keeps records of different backends apart", async () => {
  const config = mnistRunConfig({ seed: 1 });
  await setupBackend({ backend: "cpu" });
  const onCpu = mnistRunCache();
  await setupBackend({ backend: "wasm" });
  const onWasm = mnistRunCache();
  assert.equal(onWasm.version, `${MNIST_RUN_VERSION} on wasm`);
  assert.notEqual(onCpu.key(config), onWasm.key(config));
});

test("mnistCaptureSteps holds the log-spaced steps, the late steps and the checkpoints", () => {
  const steps = mnistCaptureSteps(mnistRunConfig({ numSteps: 100, logCaptures: 5, lateEvery: 10, llc: { checkpoints: [0.33, 1] } }));
  assert.deepEqual(steps.checkpoints, [33, 100]);
  assert.deepEqual(steps.late, [50, 60, 70, 80, 90, 100]);
  assert.deepEqual(steps.all, [0, 1, 5, 22, 33, 50, 60, 70, 80, 90, 100]);
});

test("runMnistSweep trains, fits alpha, estimates the LLC at the checkpoints, caches the records and hits the cache next time", async () => {
  await setupBackend({ backend: "cpu" });
  const cache = createRunCache({ directory: fs.mkdtempSync(path.join(os.tmpdir(), "mnist-run-")), version: MNIST_RUN_VERSION });
  const configs = sweepConfigs({ base: tiny, learningRates: [0.1], batchSizes: [32], seeds: [1, 2] });
  const tensors = tf.memory().numTensors;
  const first = await runMnistSweep(configs, { cache, progress: false, llcWorkers: false });
  assert.equal(tf.memory().numTensors, tensors);
  assert.equal(first.computed, 2);
  for (const [i, r] of first.records.entries()) {
    assert.equal(r.config.seed, configs[i]!.seed);
    assert.equal(r.numParams, 784 * 8 + 8 + 8 * 10 + 10);
    assert.equal(r.steps.length, r.displacement.length);
    assert.equal(r.displacement[0], 0);
    assert.deepEqual(r.llc.map((c) => c.step), [100, 200]);
    assert.equal(r.llc[0]!.travelled, 0);
    // Identities of the record: d_s = 2 lambda_bar alpha, d_w = 1 / alpha, the bound is alpha ≤ 1/2.
    assert.ok(Math.abs(r.spectralDimension - 2 * r.lambdaBar * r.fit.alpha) < 1e-12);
    if (r.lambdaBar > 0) assert.equal(r.withinBound, r.fit.alpha <= 0.5);
    assert.equal(r.finalDisplacement, r.displacement[r.displacement.length - 1]);
    assert.ok(r.testAccuracy > 0.3, `test accuracy ${r.testAccuracy}`);
    assert.equal(r.nBeta, 512 / Math.log(512));
  }
  assert.notDeepEqual(first.records[0]!.displacement, first.records[1]!.displacement);
  const again = await runMnistSweep(configs, { cache, progress: false, llcWorkers: false });
  assert.equal(again.cached, 2);
  assert.deepEqual(again.records, JSON.parse(JSON.stringify(first.records)));
  assert.equal(displacementWalk(first.records[0]!).dimension, 1);
});
