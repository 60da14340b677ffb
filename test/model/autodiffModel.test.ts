/**
 * The generic (autodiff) path and the models built on it: gradients against the dense fast path,
 * the cpu backend and finite differences; no tensor leaks; rebuilding in worker threads.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { setupBackend } from "../../src/env/backend";
import { createRandom } from "../../src/util/random";
import { denseNetwork, deepLinearNetwork } from "../../src/model/denseNetwork";
import { supervisedData, type SupervisedData } from "../../src/model/supervisedData";
import { tokenData } from "../../src/model/tokenData";
import { denseModel } from "../../src/model/networkLoss";
import { autodiffModel } from "../../src/model/autodiffModel";
import { convolutionalModel } from "../../src/model/convolutionalModel";
import { transformerModel } from "../../src/model/transformerModel";
import { modelFromDescription } from "../../src/model/modelRegistry";
import type { Model } from "../../src/model/model";
import type { ModelData } from "../../src/model/modelData";
import { train } from "../../src/train/train";
import { trainEnsemble } from "../../src/train/trainEnsemble";
import { closeTrainingWorkers } from "../../src/train/trainingWorkers";
import { sampleSgld } from "../../src/slt/sampleSgld";

function images(n: number, seed: number, side = 8): SupervisedData {
  const rng = createRandom(seed);
  const inputs = new Float32Array(n * side * side);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rng.integer(3);
    for (let j = 0; j < side * side; j++) inputs[i * side * side + j] = rng.uniform() + (j % 3 === labels[i] ? 0.5 : 0);
  }
  return supervisedData({ inputs, inputSize: side * side, labels, numClasses: 3 });
}

function text(length: number, seed: number, vocabSize = 11, contextLength = 8) {
  const rng = createRandom(seed);
  const tokens = new Uint8Array(length);
  for (let i = 1; i < length; i++) tokens[i] = (tokens[i - 1]! + 1 + (rng.uniform() < 0.2 ? rng.integer(3) : 0)) % vocabSize;
  return tokenData({ tokens, vocabSize, contextLength });
}

/** The dense 6-12-3 network written as a tfjs forward function. */
function autodiffMlp() {
  return autodiffModel({
    name: "mlp",
    blocks: [{ name: "layer0.weight", shape: [12, 6] }, { name: "layer0.bias", shape: [12] }, { name: "layer1.weight", shape: [3, 12] }, { name: "layer1.bias", shape: [3] }],
    forward: (p, x, tf) => {
      const h = tf.relu(tf.add(tf.matMul(x, p["layer0.weight"]!, false, true), p["layer0.bias"]!));
      return tf.add(tf.matMul(h, p["layer1.weight"]!, false, true), p["layer1.bias"]!);
    },
  });
}

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

function gradientOf(model: Model, data: ModelData, params: Float32Array, indices: Int32Array): { loss: number; gradient: Float32Array } {
  const gradient = new Float32Array(model.numParams);
  const loss = model.createLoss(data).lossAndGradient(params, indices, gradient);
  return { loss, gradient };
}

function maxAbs(a: Float32Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

test("the MLP through the autodiff path has the dense fast path's loss and gradient", async () => {
  const data = blobs(64, 1);
  const dense = denseModel(denseNetwork({ widths: [6, 12, 3] }));
  const generic = autodiffMlp();
  assert.deepEqual(generic.blocks.map((b) => [b.name, b.offset, b.length]), dense.blocks.map((b) => [b.name, b.offset, b.length]));
  const params = dense.initialize({ seed: 2 });
  const indices = Int32Array.from([0, 3, 5, 8, 13, 21, 34, 55]);
  for (const backend of ["cpu", "wasm"] as const) {
    await setupBackend({ backend });
    const a = gradientOf(dense, data, params, indices);
    const b = gradientOf(generic, data, params, indices);
    // Same float32 products summed in other orders: 1e-6 relative to the largest entry (measured 0 on cpu, 3e-7 on wasm).
    assert.ok(Math.abs(a.loss - b.loss) <= 1e-6 * a.loss, `${backend}: loss ${a.loss} against ${b.loss}`);
    const diff = a.gradient.map((v, i) => v - b.gradient[i]!);
    assert.ok(maxAbs(diff) <= 1e-6 * maxAbs(a.gradient), `${backend}: gradients differ by ${maxAbs(diff)}`);
  }
});

test("the deep linear network trains through the same interface on both paths", async () => {
  await setupBackend({ backend: "wasm" });
  const rng = createRandom(4);
  const inputs = rng.fillNormal(new Float32Array(50 * 3));
  const targets = new Float32Array(50 * 2).map((_, i) => inputs[Math.floor(i / 2) * 3 + (i % 2)]! * 0.5);
  const data = supervisedData({ inputs, inputSize: 3, targets });
  const dln = denseModel(deepLinearNetwork({ widths: [3, 4, 2] }));
  const generic = autodiffModel({
    name: "deepLinear",
    blocks: [{ name: "layer0.weight", shape: [4, 3] }, { name: "layer1.weight", shape: [2, 4] }],
    forward: (p, x, tf) => tf.matMul(tf.matMul(x, p["layer0.weight"]!, false, true), p["layer1.weight"]!, false, true),
  });
  const options = { data, numSteps: 30, batchSize: 10, seed: 1, progress: false as const, optimizer: { kind: "sgd" as const, learningRate: 0.05 }, initialParams: dln.initialize({ seed: 1, scheme: "smallNormal", std: 0.3 }) };
  const a = await train({ ...options, model: dln });
  const b = await train({ ...options, model: generic });
  assert.ok(a.losses[29]! < a.losses[0]!, "the loss falls");
  for (let t = 0; t < 30; t++) assert.ok(Math.abs(a.losses[t]! - b.losses[t]!) <= 1e-5 * a.losses[0]!, `step ${t}: ${a.losses[t]} against ${b.losses[t]}`);
});

/**
 * Directional derivatives against central differences of the float64 loss of float32 outputs:
 * rounding of the outputs (1e-7 relative) over h = 1e-3 gives errors about 1e-4 against
 * derivatives of order 0.1 along unit directions; 3 % relative (or 2e-3 absolute) leaves a margin of 10.
 */
function checkFiniteDifferences(model: Model, data: ModelData, params: Float32Array, indices: Int32Array, what: string): void {
  const loss = model.createLoss(data);
  const gradient = new Float32Array(model.numParams);
  loss.lossAndGradient(params, indices, gradient);
  const rng = createRandom(9);
  for (let k = 0; k < 3; k++) {
    const v = rng.fillNormal(new Float32Array(model.numParams));
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    let directional = 0;
    for (let i = 0; i < v.length; i++) directional += (gradient[i]! * v[i]!) / norm;
    const h = 1e-3;
    const plus = params.map((w, i) => w + (h * v[i]!) / norm);
    const minus = params.map((w, i) => w - (h * v[i]!) / norm);
    const numeric = (loss.loss(plus, indices) - loss.loss(minus, indices)) / (2 * h);
    assert.ok(Math.abs(numeric - directional) <= Math.max(0.03 * Math.abs(numeric), 2e-3), `${what}, direction ${k}: analytic ${directional}, numeric ${numeric}`);
  }
}

test("CNN gradients match finite differences and agree between the cpu and wasm backends, without leaking tensors", async () => {
  const data = images(40, 3);
  const cnn = convolutionalModel({ inputShape: [8, 8, 1], convolutions: [{ filters: 4 }, { filters: 6 }], numClasses: 3 });
  const params = cnn.initialize({ seed: 5 });
  const indices = Int32Array.from({ length: 12 }, (_, i) => i * 3);
  const grads: Float32Array[] = [];
  for (const backend of ["cpu", "wasm"] as const) {
    await setupBackend({ backend });
    const before = tf.memory().numTensors;
    grads.push(gradientOf(cnn, data, params, indices).gradient);
    checkFiniteDifferences(cnn, data, params, indices, `cnn on ${backend}`);
    cnn.createLoss(data).evaluate(params, { batchSize: 16 });
    assert.equal(tf.memory().numTensors, before, `${backend}: tensors leaked`);
  }
  const diff = grads[0]!.map((v, i) => v - grads[1]![i]!);
  // Float32 sums in different orders: 1e-5 of the largest entry (measured 4e-7).
  assert.ok(maxAbs(diff) <= 1e-5 * maxAbs(grads[0]!), `cpu and wasm gradients differ by ${maxAbs(diff)}`);
});

test("transformer gradients match finite differences and agree between the cpu and wasm backends, without leaking tensors", async () => {
  const data = text(600, 2);
  const lm = transformerModel({ vocabSize: 11, contextLength: 8, modelDim: 8, numLayers: 2, numHeads: 2, mlpDim: 16, activation: "gelu" });
  const params = lm.initialize({ seed: 3 });
  const indices = Int32Array.from([0, 4, 9, 17, 30]);
  const grads: Float32Array[] = [];
  for (const backend of ["cpu", "wasm"] as const) {
    await setupBackend({ backend });
    const before = tf.memory().numTensors;
    grads.push(gradientOf(lm, data, params, indices).gradient);
    checkFiniteDifferences(lm, data, params, indices, `transformer on ${backend}`);
    const e = lm.createLoss(data).evaluate(params);
    assert.ok(e.accuracy! >= 0 && e.accuracy! <= 1 && e.numSamples === data.numSamples);
    assert.equal(tf.memory().numTensors, before, `${backend}: tensors leaked`);
  }
  const diff = grads[0]!.map((v, i) => v - grads[1]![i]!);
  assert.ok(maxAbs(diff) <= 1e-5 * maxAbs(grads[0]!), `cpu and wasm gradients differ by ${maxAbs(diff)}`);
});

test("the transformer is causal: a token changes no prediction before it", async () => {
  await setupBackend({ backend: "wasm" });
  const tokens = Uint8Array.from({ length: 9 }, (_, i) => i);
  const other = tokens.slice();
  other[5] = 10;
  const lm = transformerModel({ vocabSize: 11, contextLength: 8, modelDim: 8, numLayers: 1, numHeads: 2 });
  const params = lm.initialize({ seed: 1 });
  const a = lm.createLoss(tokenData({ tokens, vocabSize: 11, contextLength: 8 })).outputs(params, Int32Array.from([0]));
  const b = lm.createLoss(tokenData({ tokens: other, vocabSize: 11, contextLength: 8 })).outputs(params, Int32Array.from([0]));
  assert.deepEqual(a.subarray(0, 5 * 11), b.subarray(0, 5 * 11));
  assert.notDeepEqual(a.subarray(5 * 11, 6 * 11), b.subarray(5 * 11, 6 * 11));
});

test("a model rebuilt from its description computes the same loss: CNN, transformer and a portable forward function", async () => {
  await setupBackend({ backend: "wasm" });
  const cases: [Model, ModelData][] = [
    [convolutionalModel({ inputShape: [8, 8, 1], convolutions: [{ filters: 2 }], numClasses: 3 }), images(10, 1)],
    [transformerModel({ vocabSize: 11, contextLength: 8, modelDim: 8, numLayers: 1, numHeads: 2 }), text(100, 1)],
    [autodiffMlp(), blobs(10, 1)],
  ];
  for (const [model, data] of cases) {
    const copy = modelFromDescription(JSON.parse(JSON.stringify(model.description)));
    const params = model.initialize({ seed: 4 });
    assert.deepEqual(copy.initialize({ seed: 4 }), params);
    const indices = Int32Array.from([0, 1, 2]);
    assert.equal(copy.createLoss(data).loss(params, indices), model.createLoss(data).loss(params, indices), String(model.description.kind));
  }
});

test("a forward function that reads a name outside its arguments stays in this thread", async () => {
  await setupBackend({ backend: "wasm" });
  const scale = 2;
  const local = autodiffModel({
    name: "scaled",
    blocks: [{ name: "w", shape: [6, 3] }],
    forward: (p, x, tf) => tf.mul(tf.matMul(x, p.w!), scale),
  });
  const data = blobs(20, 2);
  const loss = local.createLoss(data);
  assert.equal(local.description.portable, false);
  assert.equal(loss.spec, null);
  const trace = await sampleSgld(loss, local.initialize({ seed: 1 }), { stepSize: 1e-6, localization: 100, numChains: 2, numDraws: 3, batchSize: 5 });
  assert.equal(trace.diagnostics.mode, "sequential");
  assert.match(trace.diagnostics.sequentialReason, /no LossSpec/);
});

test("an ensemble of a portable autodiff model in worker threads equals runs in this thread", async () => {
  await setupBackend({ backend: "wasm" });
  const options = { model: autodiffMlp(), data: blobs(48, 3), numSteps: 12, batchSize: 8, progress: false as const, optimizer: { kind: "adam" as const, learningRate: 0.01 } };
  const inWorkers = await trainEnsemble({ ...options, seeds: [1, 2], workers: 2 });
  const here = await trainEnsemble({ ...options, seeds: [1, 2], workers: 0 });
  assert.deepEqual(inWorkers.members[1]!.params, here.members[1]!.params);
  await closeTrainingWorkers();
});

test("a forward function whose outputs do not fit the data is named with both shapes", async () => {
  await setupBackend({ backend: "wasm" });
  const wrong = autodiffModel({ name: "wrong", blocks: [{ name: "w", shape: [6, 4] }], forward: (p, x, tf) => tf.matMul(x, p.w!) });
  assert.throws(() => wrong.createLoss(blobs(10, 1)).loss(wrong.initialize(), Int32Array.from([0, 1])), /forward returned outputs of shape \[2,4\]; this data needs \[2, 3\]/);
  assert.throws(() => convolutionalModel({ inputShape: [4, 4, 1], convolutions: [{ filters: 2, kernelSize: 9, padding: 0 }] }), /convolutions\[0\] leaves an empty feature map/);
  assert.throws(() => transformerModel({ vocabSize: 11, contextLength: 8, modelDim: 10, numHeads: 4 }), /modelDim \(10\) must be a multiple of numHeads/);
  const lm = transformerModel({ vocabSize: 11, contextLength: 4, modelDim: 8, numLayers: 1, numHeads: 2 });
  assert.throws(() => lm.createLoss(text(100, 1)).loss(lm.initialize(), Int32Array.from([0])), /the data's windows hold 8 tokens, the model's contextLength is 4/);
});
