/**
 * The Model interface with the dense fast path behind it: layout, rebuilding from the description,
 * and the trainer, the ensembles, capture, resume and the SGLD sampler taking any model.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setupBackend } from "../../src/env/backend";
import { createRandom } from "../../src/util/random";
import { denseNetwork } from "../../src/model/denseNetwork";
import { supervisedData, type SupervisedData } from "../../src/model/supervisedData";
import { blockParameterIndices, blockView, checkParameterBlocks } from "../../src/model/model";
import { denseModel, createNetworkLoss } from "../../src/model/networkLoss";
import { modelFromDescription, registerModelKind } from "../../src/model/modelRegistry";
import { rebuildModelLoss } from "../../src/model/rebuildModelLoss";
import { layerParameterIndices } from "../../src/model/parameterView";
import { train } from "../../src/train/train";
import { trainEnsemble } from "../../src/train/trainEnsemble";
import { closeTrainingWorkers } from "../../src/train/trainingWorkers";
import { createOptimizer, OPTIMIZERS } from "../../src/train/optimizer";
import { learningRateFactor } from "../../src/train/learningRateSchedule";
import { everyKSteps } from "../../src/trajectory/captureSchedule";
import { sampleSgld } from "../../src/slt/sampleSgld";
import { readTrajectoryHeader } from "../../src/trajectory/trajectoryFile";

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

test("a dense model's blocks cover its flat vector in order and select the same positions as its layers", () => {
  const model = denseModel(network);
  assert.equal(checkParameterBlocks("test", model.blocks), network.numParams);
  assert.deepEqual(model.blocks.map((b) => b.name), ["layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias"]);
  assert.deepEqual(model.blocks[0]!.shape, [12, 6]);
  for (const layers of [[0], [1], [0, 1]]) assert.deepEqual(blockParameterIndices(model, { layers }), layerParameterIndices(network, layers));
  assert.deepEqual(blockParameterIndices(model, { blocks: ["layer1.bias"] }), Int32Array.from([120, 121, 122]));
  const params = model.initialize({ seed: 3 });
  blockView(model, params, "layer1.bias").fill(5);
  assert.deepEqual(Array.from(params.subarray(120)), [5, 5, 5]);
  assert.throws(() => blockParameterIndices(model, { blocks: ["nope"] }), /no block named "nope"/);
  assert.throws(() => blockParameterIndices(model, { layers: [2] }), /layer numbers must be integers in \[0, 1\], got 2/);
});

test("a model rebuilt from its description has the same layout, initialisation and loss", async () => {
  await setupBackend({ backend: "wasm" });
  const data = blobs(64, 1);
  const model = denseModel(network);
  const copy = modelFromDescription(JSON.parse(JSON.stringify(model.description)));
  assert.deepEqual(copy.blocks, model.blocks);
  assert.deepEqual(copy.initialize({ seed: 9 }), model.initialize({ seed: 9 }));
  const params = model.initialize({ seed: 9 });
  const batch = Int32Array.from([0, 5, 7, 9]);
  const g1 = new Float32Array(model.numParams), g2 = new Float32Array(model.numParams);
  const loss = model.createLoss(data);
  assert.equal(copy.createLoss(data).lossAndGradient(params, batch, g2), loss.lossAndGradient(params, batch, g1));
  assert.deepEqual(g2, g1);
  // The loss carries the recipe a worker thread rebuilds it from.
  const rebuilt = await rebuildModelLoss(loss.spec!.options as never);
  assert.equal(rebuilt.loss(params, batch), loss.loss(params, batch));
  assert.throws(() => modelFromDescription({ kind: "nothing" }), /no builder for model kind "nothing"; known kinds are dense/);
  registerModelKind("twice", (d) => denseModel(denseNetwork({ widths: [d.width as number, 2] })));
  assert.equal(modelFromDescription({ kind: "twice", width: 3 }).numParams, 8);
});

test("train with a dense model, its description or the network gives bit-identical runs", async () => {
  await setupBackend({ backend: "wasm" });
  const data = blobs(96, 2);
  const options = { data, numSteps: 30, batchSize: 16, seed: 4, progress: false as const, optimizer: { kind: "sgd" as const, learningRate: 0.05 }, capture: { schedule: everyKSteps(5) } };
  const a = await train({ ...options, network });
  const b = await train({ ...options, model: denseModel(network) });
  const c = await train({ ...options, model: denseModel(network).description });
  assert.deepEqual(b.params, a.params);
  assert.deepEqual(c.trajectory!.snapshots, a.trajectory!.snapshots);
  // Trajectory folders written before models were general still resume: a dense run's stored
  // configuration keeps its "network" key.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ab-dense-key-"));
  try {
    await train({ ...options, model: denseModel(network), trajectoryFile: { path: path.join(dir, "run.abtraj") } });
    const config = readTrajectoryHeader(path.join(dir, "run.abtraj"))!.config as Record<string, unknown>;
    assert.deepEqual(config.network, { widths: [6, 12, 3], activation: "relu", bias: true });
    assert.equal(config.model, undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await assert.rejects(() => train({ ...options, network, model: denseModel(network) }), /give model or network, not both/);
  await assert.rejects(() => train({ ...options } as never), /options.model \(or options.network\) is required/);
});

test("capture keeps named blocks of any model", async () => {
  await setupBackend({ backend: "wasm" });
  const run = await train({ model: denseModel(network), data: blobs(64, 3), numSteps: 4, batchSize: 16, progress: false, capture: { schedule: everyKSteps(2), blocks: ["layer1.weight"] } });
  assert.equal(run.trajectory!.dimension, 36);
  assert.deepEqual(run.trajectory!.snapshots.subarray(2 * 36), run.params.subarray(84, 120));
  assert.deepEqual(run.trajectory!.selection.blocks, ["layer1.weight"]);
  // Streamed to disk, the selection of named blocks reads back and resumes.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ab-blocks-"));
  try {
    const options = { model: denseModel(network), data: blobs(64, 3), numSteps: 4, batchSize: 16, progress: false as const, capture: { schedule: everyKSteps(2), blocks: ["layer1.weight"] } };
    const file = path.join(dir, "run.abtraj");
    await train({ ...options, trajectoryFile: { path: file } });
    const again = await train({ ...options, trajectoryFile: { path: file } });
    assert.equal(again.resumedFromStep, 4);
    assert.deepEqual(again.trajectory!.snapshots, run.trajectory!.snapshots);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a constant learning-rate schedule changes nothing; a decaying one slows the late steps", async () => {
  await setupBackend({ backend: "wasm" });
  const data = blobs(96, 4);
  const options = { network, data, numSteps: 40, batchSize: 16, seed: 1, progress: false as const, optimizer: { kind: "sgd" as const, learningRate: 0.1 } };
  const plain = await train(options);
  const constant = await train({ ...options, learningRateSchedule: { kind: "constant" } });
  assert.deepEqual(constant.params, plain.params);
  // Step decay by 0.5 every 10 steps: equal to phases with those learning rates (fresh SGD without momentum is stateless).
  const decayed = await train({ ...options, learningRateSchedule: { kind: "stepDecay", every: 10, factor: 0.5 } });
  const phased = await train({ ...options, phases: [0, 1, 2, 3].map((k) => ({ fromStep: 10 * k, optimizer: { kind: "sgd" as const, learningRate: 0.1 * 0.5 ** k } })) });
  assert.deepEqual(decayed.params, phased.params);
  assert.notDeepEqual(decayed.params, plain.params);
  assert.throws(() => learningRateFactor({ kind: "stepDecay", every: 0, factor: 0.5 }, 10), /every must be an integer ≥ 1, got 0/);
  assert.throws(() => learningRateFactor({ kind: "wiggle" } as never, 10), /schedule.kind must be/);
});

test("the optimizer registry creates every registered kind and names them for an unknown one", () => {
  assert.deepEqual(Object.keys(OPTIMIZERS).sort(), ["adam", "langevin", "sgd"]);
  for (const kind of Object.keys(OPTIMIZERS)) assert.equal(createOptimizer({ kind, learningRate: 0.1, nBeta: 10, priorStd: 1, seed: 1 } as never, 3).kind, kind);
  assert.throws(() => createOptimizer({ kind: "lion" } as never, 3), /options.kind must be one of "sgd", "adam", "langevin", got "lion"/);
});

test("a Langevin run stopped mid-way resumes with the same noise", async () => {
  await setupBackend({ backend: "wasm" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ab-langevin-"));
  try {
    const options = { network, data: blobs(64, 8), numSteps: 30, batchSize: 16, seed: 3, progress: false as const, capture: { schedule: everyKSteps(5) },
      optimizer: { kind: "langevin" as const, learningRate: 0.01, nBeta: 64, priorStd: 1, seed: 11 } };
    const whole = await train(options);
    const trajectoryFile = { path: path.join(dir, "run.abtraj"), blockSnapshots: 1 };
    await assert.rejects(train({ ...options, trajectoryFile }, { onStep: (step) => { if (step === 17) throw new Error("stop"); } }), /stop/);
    const resumed = await train({ ...options, trajectoryFile });
    assert.ok(resumed.resumedFromStep > 0, `resumed from ${resumed.resumedFromStep}`);
    assert.deepEqual(resumed.params, whole.params);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a run of a model with a learning-rate schedule, stopped mid-way, resumes to the uninterrupted run", async () => {
  await setupBackend({ backend: "wasm" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ab-model-"));
  try {
    const options = { model: denseModel(network).description, data: blobs(64, 5), numSteps: 40, batchSize: 16, seed: 2, progress: false as const, capture: { schedule: everyKSteps(3) },
      learningRateSchedule: { kind: "warmupCosine" as const, warmupSteps: 5 },
      phases: [{ fromStep: 0, optimizer: { kind: "adam" as const, learningRate: 0.01 } }, { fromStep: 20, optimizer: { kind: "sgd" as const, learningRate: 0.05 } }] };
    const whole = await train(options);
    const trajectoryFile = { path: path.join(dir, "run.abtraj"), blockSnapshots: 2 };
    await assert.rejects(train({ ...options, trajectoryFile }, { onStep: (step) => { if (step === 25) throw new Error("stop"); } }), /stop/);
    const resumed = await train({ ...options, trajectoryFile });
    assert.ok(resumed.resumedFromStep > 0 && resumed.resumedFromStep < 40, `resumed from ${resumed.resumedFromStep}`);
    assert.deepEqual(resumed.params, whole.params);
    assert.deepEqual(resumed.trajectory!.snapshots, whole.trajectory!.snapshots);
    // Another schedule is another configuration: the folder refuses it.
    await assert.rejects(train({ ...options, trajectoryFile, learningRateSchedule: { kind: "constant" } }), /different configuration \(learningRateSchedule differ\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("an ensemble of a model in worker threads equals single runs, and a model workers cannot rebuild trains in this thread", async () => {
  await setupBackend({ backend: "wasm" });
  const data = blobs(64, 6);
  const options = { model: denseModel(network), data, numSteps: 20, batchSize: 16, progress: false as const, optimizer: { kind: "sgd" as const, learningRate: 0.05 } };
  const ensemble = await trainEnsemble({ ...options, seeds: [3, 4], workers: 2 });
  const single = await train({ ...options, seed: 4 });
  assert.deepEqual(ensemble.members[1]!.params, single.params);
  const local = { ...denseModel(network), description: { kind: "cellOnly" } };
  const inThread = await trainEnsemble({ ...options, model: local, seeds: [3, 4] });
  assert.equal(inThread.workers, 0);
  assert.deepEqual(inThread.members[1]!.params, single.params);
  await assert.rejects(() => trainEnsemble({ ...options, model: local, seeds: [3], workers: 1 }), /workers must be 0 for this model: a worker thread cannot rebuild a model of kind "cellOnly"/);
  await closeTrainingWorkers();
});

test("the loss of any rebuildable model runs SGLD chains in worker threads, equal to the sequential chains", async () => {
  await setupBackend({ backend: "wasm" });
  const data = blobs(128, 7);
  const model = denseModel(network);
  const loss = model.createLoss(data);
  const center = (await train({ model, data, numSteps: 50, batchSize: 16, progress: false, optimizer: { kind: "sgd", learningRate: 0.1 } })).params;
  const options = { stepSize: 1e-5, localization: 100, numChains: 2, numDraws: 10, batchSize: 16, seed: 1 };
  const parallel = await sampleSgld(loss, center, { ...options, workers: 2 });
  const sequential = await sampleSgld(createNetworkLoss(network, data), center, { ...options, workers: false });
  assert.equal(parallel.diagnostics.mode, "parallel");
  assert.deepEqual(parallel.losses, sequential.losses);
});
