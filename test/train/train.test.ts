import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { setupBackend } from "../../src/env/backend";
import { createRandom } from "../../src/util/random";
import { denseNetwork, deepLinearNetwork } from "../../src/model/denseNetwork";
import { supervisedData, type SupervisedData } from "../../src/model/supervisedData";
import { classificationData } from "../../src/model/supervisedData";
import { makeMoons } from "../../src/data/moons";
import { train } from "../../src/train/train";
import { DivergenceError } from "../../src/util/divergenceError";
import { everyKSteps, logSpacedSteps } from "../../src/trajectory/captureSchedule";

function blobs(n: number, seed: number): SupervisedData {
  const rng = createRandom(seed);
  const inputs = new Float32Array(n * 6);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rng.integer(3);
    for (let j = 0; j < 6; j++) inputs[i * 6 + j] = rng.normal() + (j === labels[i] ? 2 : 0);
  }
  return supervisedData({ inputs, inputSize: 6, labels, numClasses: 3 });
}

const network = denseNetwork({ widths: [6, 12, 3] });

test("the same seed and backend give a bit-identical trajectory, and another seed a different one", async () => {
  await setupBackend({ backend: "wasm" });
  const data = blobs(120, 1);
  const options = { network, data, numSteps: 60, batchSize: 16, progress: false as const, optimizer: { kind: "sgd" as const, learningRate: 0.05, momentum: 0.9 }, capture: { schedule: everyKSteps(1) } };
  const a = await train({ ...options, seed: 7 });
  const b = await train({ ...options, seed: 7 });
  const c = await train({ ...options, seed: 8 });
  assert.deepEqual(a.trajectory!.snapshots, b.trajectory!.snapshots);
  assert.deepEqual(a.losses, b.losses);
  assert.deepEqual(a.params, b.params);
  assert.notDeepEqual(a.trajectory!.snapshots, c.trajectory!.snapshots);
  assert.equal(a.trajectory!.numSnapshots, 61);
  assert.deepEqual(a.trajectory!.snapshots.subarray(0, network.numParams), a.initialParams);
  assert.deepEqual(a.trajectory!.snapshots.subarray(60 * network.numParams), a.params);
});

test("training lowers the loss and reports train and test accuracy", async () => {
  await setupBackend({ backend: "wasm" });
  const data = classificationData(makeMoons({ count: 200, seed: 1, noise: 0.1 }));
  const testData = classificationData(makeMoons({ count: 100, seed: 2, noise: 0.1 }));
  const run = await train({ network: denseNetwork({ widths: [2, 16, 2] }), data, testData, numSteps: 400, batchSize: 32, seed: 1, progress: false, evaluateEvery: 100, optimizer: { kind: "adam", learningRate: 0.02 } });
  const e = run.evaluations;
  assert.deepEqual(Array.from(e.steps), [0, 100, 200, 300, 400]);
  assert.ok(e.trainLoss[4]! < 0.5 * e.trainLoss[0]!, `loss ${e.trainLoss[0]} -> ${e.trainLoss[4]}`);
  assert.ok(e.testAccuracy![4]! > 0.9, `test accuracy ${e.testAccuracy![4]}`);
});

test("wasm and cpu training runs agree on losses to float32 tolerance", async () => {
  const data = blobs(64, 3);
  const losses: Float64Array[] = [];
  for (const backend of ["cpu", "wasm"] as const) {
    await setupBackend({ backend });
    losses.push((await train({ network, data, numSteps: 10, batchSize: 16, seed: 2, progress: false, optimizer: { kind: "sgd", learningRate: 0.05 } })).losses);
  }
  // Rounding differences of order 1e-7 relative per step, amplified little over 10 small steps.
  for (let t = 0; t < 10; t++) assert.ok(Math.abs(losses[0]![t]! - losses[1]![t]!) < 1e-5 * losses[0]![t]!, `step ${t}`);
});

test("switching from Adam to SGD at a step equals running the two phases one after the other", async () => {
  await setupBackend({ backend: "wasm" });
  const data = blobs(80, 4);
  const common = { network, data, batchSize: 16, seed: 5, progress: false as const };
  const switched = await train({ ...common, numSteps: 30, phases: [{ fromStep: 0, optimizer: { kind: "adam", learningRate: 0.01 } }, { fromStep: 20, optimizer: { kind: "sgd", learningRate: 0.001 } }] });
  const adamOnly = await train({ ...common, numSteps: 30, optimizer: { kind: "adam", learningRate: 0.01 }, capture: { schedule: everyKSteps(20) } });
  assert.deepEqual(switched.losses.subarray(0, 20), adamOnly.losses.subarray(0, 20));
  assert.notDeepEqual(switched.losses.subarray(20), adamOnly.losses.subarray(20));
  // From step 20 the SGD phase moves the weights far less than Adam would.
  const moved = (p: Float32Array, q: Float32Array): number => Math.hypot(...Array.from(p, (v, i) => v - q[i]!));
  const at20 = adamOnly.trajectory!.snapshots.subarray(network.numParams, 2 * network.numParams);
  assert.ok(moved(switched.params, at20) < 0.2 * moved(adamOnly.params, at20));
});

test("a run whose loss blows up stops with an error naming the step and the learning rate", async () => {
  await setupBackend({ backend: "wasm" });
  const data = supervisedData({ inputs: createRandom(1).fillNormal(new Float32Array(40 * 3), 0, 3), inputSize: 3, targets: createRandom(2).fillNormal(new Float32Array(40)), outputSize: 1 });
  const before = tf.memory().numTensors;
  await assert.rejects(
    train({ network: deepLinearNetwork({ widths: [3, 4, 1] }), data, numSteps: 500, batchSize: 8, progress: false, optimizer: { kind: "sgd", learningRate: 5 } }),
    (e: unknown) => e instanceof DivergenceError && e.stepSize === 5 && e.step > 0 && e.step < 500 && /diverged at step \d+ with learning rate 5/.test(e.message),
  );
  assert.equal(tf.memory().numTensors, before, "no tensors leak when a run fails");
});

test("capture records chosen layers on a log-spaced schedule, or a random projection of them", async () => {
  await setupBackend({ backend: "wasm" });
  const data = blobs(50, 6);
  const common = { network, data, numSteps: 100, batchSize: 10, seed: 1, progress: false as const };
  const layer1 = await train({ ...common, capture: { schedule: logSpacedSteps(4), layers: [1] } });
  assert.deepEqual(Array.from(layer1.trajectory!.steps), [0, 1, 10, 100]);
  assert.equal(layer1.trajectory!.dimension, 12 * 3 + 3);
  assert.deepEqual(layer1.trajectory!.snapshots.subarray(3 * 39), layer1.params.subarray(network.layers[1]!.weightOffset));
  const projected = await train({ ...common, capture: { schedule: everyKSteps(50), projection: { dimension: 8, seed: 3 } } });
  assert.equal(projected.trajectory!.dimension, 8);
  assert.equal(projected.trajectory!.numSnapshots, 3);
});

test("train rejects options outside their range, naming them", async () => {
  const data = blobs(20, 1);
  await assert.rejects(train({ network, data, numSteps: 0 }), /train: numSteps must be an integer ≥ 1, got 0/);
  await assert.rejects(train({ network, data, numSteps: 5, evaluationSamples: 21 }), /evaluationSamples must be an integer in \[1, 20\], got 21/);
  await assert.rejects(train({ network, data, numSteps: 5, optimizer: { kind: "sgd", learningRate: -1 } }), /createSgd: learningRate must be/);
});
