/**
 * Training any model by minibatch SGD or Adam (or any registered optimizer), recording its weight
 * trajectory.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isMainThread } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import type { DenseNetwork } from "../model/denseNetwork";
import type { InitScheme } from "../model/initializeParameters";
import { checkModelParams, type Model, type ModelDescription, type ModelLoss } from "../model/model";
import type { ModelData } from "../model/modelData";
import { modelFromDescription } from "../model/modelRegistry";
import { denseModel } from "../model/networkLoss";
import { isTokenData } from "../model/tokenData";
import { startProgress, type ProgressOptions, type ProgressReporter } from "../util/progress";
import { captureSteps, type CaptureSchedule } from "../trajectory/captureSchedule";
import { crc32 } from "../util/crc32";
import { canonicalJson } from "../util/canonicalJson";
import { schema } from "../util/plainDataSchema";
import { snapshotSelection, snapshotTaker, TrajectoryBuffer, type SelectionOptions, type Trajectory } from "../trajectory/trajectory";
import { openTrajectoryWriter, readTrajectoryFile, readTrajectoryHeader, type StoredTrajectory, type TrajectoryWriter } from "../trajectory/trajectoryFile";
import { projectRoot } from "../util/projectRoot";
import { deriveSeed, type Seed } from "../util/random";
import { DivergenceError } from "../util/divergenceError";
import { checkFiniteParams, nonFiniteDataError } from "./badInput";
import { createMinibatchStream } from "./minibatchStream";
import { learningRateFactor, type LearningRateSchedule } from "./learningRateSchedule";
import { createOptimizer, OPTIMIZERS, type Optimizer, type OptimizerOptions } from "./optimizer";
import { optimizerSchedule, type OptimizerPhase } from "./optimizerSchedule";

const DIVERGENCE_HINT = "Lower the learning rate or add weight decay.";

/** What to record of the weights, and when. */
export interface CaptureOptions extends SelectionOptions {
  /**
   * When to record (see `everyKSteps`, `logSpacedSteps`, `stepList`). In memory, T snapshots of P
   * numbers take 4 T P bytes (0.4 MB per snapshot of the 784-128-10 MLP): prefer log-spaced
   * schedules, chosen layers or a projection for long runs, or stream to disk.
   */
  schedule: CaptureSchedule;
}

/** Streaming the trajectory to a folder on disk (see `readTrajectoryFile` for the format). */
export interface TrajectoryFileOptions {
  /** The trajectory folder, e.g. "runs/seed1.abtraj". */
  path: string;
  /** Snapshots per block (default 64; integer ≥ 1). A kill loses at most the current block. */
  blockSnapshots?: number;
  /**
   * Also commit a block (holding the run state) at least every this many steps, so that sparse
   * schedules such as log-spaced ones still lose little to a kill (default 1000; 0: only when
   * `blockSnapshots` snapshots are pending, and at the end).
   */
  checkpointEvery?: number;
  /**
   * "resume" (default): continue a folder written by the same configuration and backend, or start
   * one; a finished folder is read back without training. "overwrite": discard what is there.
   */
  mode?: "resume" | "overwrite";
}

export interface TrainOptions extends ProgressOptions {
  /**
   * The model: any {@link Model} (`denseModel`, `convolutionalModel`, `transformerModel`,
   * `autodiffModel`, ...) or the plain-data description of one. Give this or `network`.
   */
  model?: Model | ModelDescription;
  /** A dense network: shorthand for `model: denseModel(network)`. */
  network?: DenseNetwork;
  /** Training set; its labels (cross-entropy), targets (Gaussian NLL) or tokens (next-token cross-entropy) choose the loss. */
  data: ModelData;
  /** Held-out set evaluated alongside (default none). */
  testData?: ModelData | null;
  /** Number of updates T (integer ≥ 1). */
  numSteps: number;
  /** Minibatch size B (default 64). */
  batchSize?: number;
  /** Draw minibatches with replacement (default false: shuffled epochs). */
  replacement?: boolean;
  /** Seed of the initial weights (`deriveSeed(seed, 0)`) and of the minibatch stream (`deriveSeed(seed, 1)`); default 0. */
  seed?: Seed;
  /** Initialisation scheme and small-normal std (default: the model's own, He for ReLU and Glorot for linear networks). */
  init?: { scheme?: InitScheme; std?: number };
  /** Start from these weights instead (copied; default: drawn by `init`). */
  initialParams?: Float32Array;
  /** The optimizer for the whole run (default `{ kind: "sgd", learningRate: 0.01 }`). */
  optimizer?: OptimizerOptions;
  /** Or phases switching optimizer / learning rate at given steps (overrides `optimizer`), e.g. Adam then SGD. */
  phases?: OptimizerPhase[];
  /** A factor on the learning rate of the optimizer in force at each step (default none: constant). */
  learningRateSchedule?: LearningRateSchedule | null;
  /** Evaluate train/test loss and accuracy every this many steps, and at the start and end (default ≈ numSteps / 20; 0: start and end only). */
  evaluateEvery?: number;
  /** Training samples used for the train evaluation: the first this many (default min(n, 2048)). The test evaluation uses all of testData. */
  evaluationSamples?: number;
  /** Record weights (default: none). */
  capture?: CaptureOptions | null;
  /** Stream the record to disk, resumably (default: memory only). */
  trajectoryFile?: TrajectoryFileOptions | null;
  /** Label of the progress display (default "training seed <seed>"); `progress` and `onProgress` choose the reporter. */
  title?: string;
}

/** Evaluations during training, as columns. Accuracies are null for regression, test columns without test data. */
export interface EvaluationTrace {
  steps: Float64Array;
  trainLoss: Float64Array;
  trainAccuracy: Float64Array | null;
  testLoss: Float64Array | null;
  testAccuracy: Float64Array | null;
}

export interface TrainResult {
  /** Weights after the last update. */
  params: Float32Array;
  /** Weights before the first update. */
  initialParams: Float32Array;
  numSteps: number;
  seed: Seed;
  /** The tfjs backend the run used. */
  backend: string;
  /** Minibatch loss at each step t = 0..numSteps-1 (at w(t), before update t), nats per sample. */
  losses: Float64Array;
  evaluations: EvaluationTrace;
  /**
   * The recorded trajectory (null without `capture`). Trajectories of 16 MB or more recorded on the
   * main thread of a machine with slow page faults live in a SharedArrayBuffer, whose pages a helper
   * thread mapped ahead of the copies (see `prefaultedFloat32Array`); they read and write like any
   * Float32Array.
   */
  trajectory: Trajectory | null;
  /** Step the run continued from (0 unless resumed from a trajectory folder). */
  resumedFromStep: number;
  /** Wall-clock milliseconds of this call, and per step trained in it (evaluations and capture included). */
  elapsedMs: number;
  msPerStep: number;
}

interface EvaluationPoint {
  step: number;
  trainLoss: number;
  trainAccuracy: number | null;
  testLoss: number | null;
  testAccuracy: number | null;
}

/** Hooks for the ensemble workers. @internal */
export interface TrainHooks {
  /** Called every step with the step and its minibatch loss (replaces the progress display). */
  onStep?: (step: number, loss: number) => void;
}

/** Bad input in vector data (token ids are checked when the token data are built). */
function badData(name: string, data: ModelData, samples?: ArrayLike<number>): RangeError | null {
  return isTokenData(data) ? null : nonFiniteDataError("train", name, data, samples);
}

function dataFingerprint(data: ModelData): string {
  if (isTokenData(data)) {
    const c = crc32(data.starts, crc32(data.tokens));
    return `${data.numSamples}x${data.contextLength}t${data.vocabSize}:${c.toString(16)}`;
  }
  let c = crc32(data.inputs);
  if (data.labels) c = crc32(data.labels, c);
  if (data.targets) c = crc32(data.targets, c);
  return `${data.numSamples}x${data.inputSize}:${c.toString(16)}`;
}

/**
 * The model of a run's options: `model` (a Model, or a description rebuilt by the registry) or
 * `network` (a dense network).
 * @internal also used by trainEnsemble.
 */
export function resolveModel(fn: string, options: { model?: Model | ModelDescription; network?: DenseNetwork }): Model {
  if (options.model && options.network) throw new RangeError(`${fn}: give model or network, not both`);
  if (options.model) {
    const m = options.model as Partial<Model>;
    return typeof m.createLoss === "function" ? (options.model as Model) : modelFromDescription(options.model as ModelDescription);
  }
  if (options.network) return denseModel(options.network);
  throw new RangeError(`${fn}: options.model (or options.network) is required, got neither`);
}

function packageVersions(): Record<string, string> {
  let version = "unknown";
  try {
    version = (JSON.parse(fs.readFileSync(path.join(projectRoot(), "package.json"), "utf8")) as { version: string }).version;
  } catch {
    // outside the project tree
  }
  return { "almost-bayesian": version, "@tensorflow/tfjs-core": tf.version_core, node: process.version };
}

/** The run state's facts a resumed run relies on (read from the last block of a trajectory folder). */
const RUN_STATE_META_SCHEMA = schema.object(
  {
    phase: schema.nonNegativeInteger,
    optimizer: schema.object({ kind: schema.oneOf(...Object.keys(OPTIMIZERS).map((k) => schema.literal(k))), stepCount: schema.nonNegativeInteger }, schema.unknown),
  },
  schema.unknown,
);

/**
 * Refuses to start afresh in a folder that holds blocks but no manifest (deleted by hand, or copied
 * without it): starting afresh would delete them. A run's own crash never leaves that state, because
 * the manifest is written before the first block.
 */
function refuseOrphanBlocks(dir: string): void {
  let blocks: string[] = [];
  try {
    blocks = fs.readdirSync(dir).filter((n) => /^block-\d+\.bin$/.test(n));
  } catch {
    return; // no folder yet
  }
  if (blocks.length > 0) {
    throw new Error(
      `train: ${dir} holds ${blocks.length} block files but no manifest.json, so it cannot be resumed and its blocks are kept. ` +
        `Restore manifest.json, move the folder away, or pass trajectoryFile.mode "overwrite" to discard them`,
    );
  }
}

function checkInteger(name: string, value: number, low: number): void {
  if (!Number.isSafeInteger(value) || value < low) throw new RangeError(`train: ${name} must be an integer ≥ ${low}, got ${value}`);
}

/**
 * Trains a network and records its weight trajectory.
 *
 * Each step t draws minibatch t of a seeded stream, computes the minibatch loss at w(t) and its
 * gradient by backpropagation ({@link createNetworkLoss}), and applies the optimizer in force at t.
 * Snapshots at step s hold w(s), the weights after s updates (s = 0: the initial weights). Runs
 * with the same options, seed and backend give bit-identical results, including runs resumed from a
 * trajectory folder after an interruption at any point. The loss and all weights are checked every
 * step; the first non-finite value stops the run with a {@link DivergenceError} naming the step and
 * learning rate (a trajectory folder keeps its blocks up to the last completed one).
 *
 * @param options see {@link TrainOptions} for each default and range.
 * @returns a {@link TrainResult}: final and initial weights, per-step losses, evaluations, trajectory.
 * @throws RangeError naming an option outside its range, or a non-finite value in the data (the sample
 *   and feature) or the initial parameters: bad input is never reported as a divergence;
 *   DivergenceError; Error when a trajectory folder holds a different configuration or backend (with
 *   mode "resume"), is corrupt, or holds blocks without a manifest.
 * @example
 * await setupBackend({ backend: "cpu" });
 * const data = classificationData(makeMoons({ count: 64, seed: 1 }));
 * const network = denseNetwork({ widths: [2, 8, 2] });
 * const run = await train({ network, data, numSteps: 20, batchSize: 16, seed: 3, progress: false,
 *   optimizer: { kind: "sgd", learningRate: 0.1 }, capture: { schedule: everyKSteps(10) } });
 * run.trajectory.steps; // Float64Array [0, 10, 20]
 * run.losses.length; // 20
 * @complexity O(numSteps B d) time; O(T P) memory for T snapshots of P numbers.
 * Reference: Hennick & De Baerdemacker, arXiv 2503.22478 (SGD weight trajectories, experiment 1).
 */
export async function train(options: TrainOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  const t0 = performance.now();
  const { data } = options;
  const model = resolveModel("train", options);
  const numSteps = options.numSteps;
  checkInteger("numSteps", numSteps, 1);
  const batchSize = options.batchSize ?? 64;
  checkInteger("batchSize", batchSize, 1);
  const seed = options.seed ?? 0;
  checkInteger("seed", seed, 0);
  const replacement = options.replacement ?? false;
  const phases: OptimizerPhase[] = options.phases ?? [{ fromStep: 0, optimizer: options.optimizer ?? { kind: "sgd", learningRate: 0.01 } }];
  const phaseAt = optimizerSchedule(phases);
  phases.forEach((p) => createOptimizer(p.optimizer, model.numParams)); // validate every phase now
  const schedule = options.learningRateSchedule ?? null;
  const factorAt = schedule ? learningRateFactor(schedule, numSteps) : null;
  const evaluateEvery = options.evaluateEvery ?? Math.max(1, Math.round(numSteps / 20));
  checkInteger("evaluateEvery", evaluateEvery, 0);
  const evaluationSamples = options.evaluationSamples ?? Math.min(data.numSamples, 2048);
  if (!Number.isInteger(evaluationSamples) || evaluationSamples < 1 || evaluationSamples > data.numSamples) {
    throw new RangeError(`train: evaluationSamples must be an integer in [1, ${data.numSamples}], got ${evaluationSamples}`);
  }
  const trainLoss: ModelLoss = model.createLoss(data);
  const testLoss: ModelLoss | null = options.testData ? model.createLoss(options.testData) : null;
  const stream = createMinibatchStream({ numSamples: data.numSamples, batchSize, replacement, seed: deriveSeed(seed, 1) });
  let initialParams: Float32Array;
  if (options.initialParams) {
    checkModelParams("train", model, options.initialParams, "initialParams");
    checkFiniteParams("train", options.initialParams, "initialParams");
    initialParams = options.initialParams.slice();
  } else {
    initialParams = model.initialize({ ...options.init, seed: deriveSeed(seed, 0) });
  }
  const capture = options.capture ?? null;
  const selection = capture ? snapshotSelection(model, capture) : null;
  const taker = selection ? snapshotTaker(model, selection) : null;
  const captureAt = capture ? captureSteps(capture.schedule, numSteps) : new Float64Array(0);
  const buffer = taker && selection ? new TrajectoryBuffer(taker.dimension, selection, captureAt.length, isMainThread) : null;
  const backend = tf.getBackend();

  // Everything that determines the run, stored in trajectory headers; resuming requires equality.
  // Built only for trajectory files: fingerprinting MNIST reads 188 MB (about 50 ms).
  // A dense model keeps the key of the records written before models were general.
  const description = model.description;
  const runConfig = () => ({
    ...(description.kind === "dense" ? { network: { widths: description.widths, activation: description.activation, bias: description.bias } } : { model: description }),
    loss: trainLoss.kind,
    data: dataFingerprint(data),
    testData: options.testData ? dataFingerprint(options.testData) : null,
    numSteps,
    batchSize,
    replacement,
    seed,
    init: options.initialParams ? { params: crc32(initialParams).toString(16) } : { scheme: options.init?.scheme ?? null, std: options.init?.std ?? null },
    phases,
    ...(schedule ? { learningRateSchedule: schedule } : {}),
    evaluateEvery,
    evaluationSamples,
    capture: capture ? { schedule: capture.schedule, selection } : null,
  });

  const params = initialParams.slice();
  const gradient = new Float32Array(model.numParams);
  const losses = new Float64Array(numSteps);
  const evaluations: EvaluationPoint[] = [];
  let phase = phaseAt(0);
  let optimizer: Optimizer = createOptimizer(phases[phase]!.optimizer, model.numParams);
  let startStep = 0;

  // Trajectory folder: resume or start.
  let writer: TrajectoryWriter | null = null;
  let resumedComplete = false;
  const fileOptions = options.trajectoryFile ?? null;
  const blockSnapshots = fileOptions?.blockSnapshots ?? 64;
  const checkpointEvery = fileOptions?.checkpointEvery ?? 1000;
  if (fileOptions) {
    checkInteger("trajectoryFile.blockSnapshots", blockSnapshots, 1);
    checkInteger("trajectoryFile.checkpointEvery", checkpointEvery, 0);
    const mode = fileOptions.mode ?? "resume";
    if (mode !== "resume" && mode !== "overwrite") {
      throw new RangeError(`train: trajectoryFile.mode must be "resume" or "overwrite", got ${JSON.stringify(mode)}`);
    }
    const config = runConfig();
    let stored: StoredTrajectory | null = null;
    const header = mode === "resume" ? readTrajectoryHeader(fileOptions.path) : null;
    if (!header && mode === "resume") refuseOrphanBlocks(fileOptions.path);
    if (header) {
      // Compared as data (canonical JSON: key order and number spelling do not matter).
      const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);
      if (!same(header.config, config)) {
        const differs = Object.keys(config).filter((k) => !same((header.config as Record<string, unknown>)[k], (config as Record<string, unknown>)[k]));
        throw new Error(
          `train: ${fileOptions.path} holds a run with a different configuration (${differs.join(", ")} differ); pass trajectoryFile.mode "overwrite" or another path`,
        );
      }
      if (header.backend !== backend) {
        throw new Error(
          `train: ${fileOptions.path} was written on the ${header.backend} backend, this run uses ${backend}; resuming across backends is not bit-identical. Use setupBackend({ backend: "${header.backend}" }) or mode "overwrite"`,
        );
      }
    }
    if (header && header.blocks.length > 0) {
      stored = readTrajectoryFile(fileOptions.path);
      const state = stored.state;
      params.set(state.params);
      const metaProblem = schema.mismatch(state.meta, RUN_STATE_META_SCHEMA, "state.meta");
      const meta = state.meta as { phase: number; optimizer: { kind: string; stepCount: number; extra?: number[] }; initialParams?: number };
      if (metaProblem || meta.phase >= phases.length || state.step > numSteps) {
        throw new Error(`train: the run state in ${fileOptions.path} is not valid (${metaProblem ?? `phase ${meta.phase} of ${phases.length}, step ${state.step} of ${numSteps}`}); delete the folder or pass trajectoryFile.mode "overwrite"`);
      }
      phase = meta.phase;
      optimizer = createOptimizer(phases[phase]!.optimizer, model.numParams);
      optimizer.restore({ kind: meta.optimizer.kind, stepCount: meta.optimizer.stepCount, buffers: state.buffers, ...(meta.optimizer.extra ? { extra: meta.optimizer.extra } : {}) });
      startStep = state.step;
      losses.set(stored.losses.subarray(0, Math.min(stored.losses.length, numSteps)), stored.lossStart);
      evaluations.push(...(stored.records as EvaluationPoint[]));
      buffer?.appendRows(stored.trajectory.steps, stored.trajectory.snapshots);
    }
    writer = openTrajectoryWriter(
      fileOptions.path,
      { config, seed, backend, versions: packageVersions(), numParams: model.numParams, dimension: taker?.dimension ?? 0, selection: selection ?? snapshotSelection(model) },
      stored ? { continueFrom: stored } : {},
    );
    if (stored?.header.complete) {
      resumedComplete = true;
      writer = null;
    }
  }

  // Block bookkeeping for the writer.
  let blockFirstSnapshot = buffer ? buffer.numSnapshots : 0;
  let blockLossStart = startStep;
  let blockFirstEvaluation = evaluations.length;
  let lastCommitStep = startStep;
  const commit = (stateStep: number, complete: boolean): void => {
    if (!writer) return;
    const rows = buffer ? buffer.view(blockFirstSnapshot) : { steps: new Float64Array(0), snapshots: new Float32Array(0) };
    const optimizerState = optimizer.state();
    writer.appendBlock(
      {
        steps: rows.steps,
        snapshots: rows.snapshots,
        losses: losses.slice(blockLossStart, stateStep),
        lossStart: blockLossStart,
        records: evaluations.slice(blockFirstEvaluation),
        state: { step: stateStep, params, buffers: optimizerState.buffers, meta: { phase, optimizer: { kind: optimizerState.kind, stepCount: optimizerState.stepCount, ...(optimizerState.extra ? { extra: optimizerState.extra } : {}) } } },
      },
      complete,
    );
    blockFirstSnapshot = buffer ? buffer.numSnapshots : 0;
    blockLossStart = stateStep;
    blockFirstEvaluation = evaluations.length;
    lastCommitStep = stateStep;
  };

  const trainEvalIndices = Int32Array.from({ length: evaluationSamples }, (_, i) => i);
  // Evaluations read these samples whole, and a NaN input can vanish behind a ReLU there (the loss
  // stays finite but wrong), so they are checked once before training (about 10 ms for MNIST's test
  // set). Training samples are checked only when a step turns non-finite (below).
  const badEvaluationData = badData("data", data, trainEvalIndices) ?? (options.testData ? badData("testData", options.testData) : null);
  if (badEvaluationData) throw badEvaluationData;
  const evaluateAt = (step: number): void => {
    const tr = trainLoss.evaluate(params, { indices: trainEvalIndices });
    const te = testLoss ? testLoss.evaluate(params) : null;
    evaluations.push({ step, trainLoss: tr.loss, trainAccuracy: tr.accuracy, testLoss: te ? te.loss : null, testAccuracy: te ? te.accuracy : null });
  };
  const evaluationDue = (step: number): boolean => step === 0 || step === numSteps || (evaluateEvery > 0 && step % evaluateEvery === 0);

  const progress: ProgressReporter | null =
    hooks.onStep || startStep >= numSteps ? null : startProgress(options, { total: numSteps, title: options.title ?? `training seed ${seed}` });
  let lastYield = performance.now();

  let nextCapture = 0;
  while (nextCapture < captureAt.length && captureAt[nextCapture]! < startStep) nextCapture++;
  // A block commits right after an update, before the snapshot and evaluation of the next step, so a
  // resumed run takes those at startStep exactly as the uninterrupted run did.
  const batch = new Int32Array(batchSize);
  try {
    for (let step = startStep; step < numSteps; step++) {
      if (nextCapture < captureAt.length && captureAt[nextCapture] === step) {
        taker!.take(params, buffer!.appendRow(step));
        nextCapture++;
      }
      if (evaluationDue(step)) evaluateAt(step);
      const p = phaseAt(step);
      if (p !== phase) {
        phase = p;
        optimizer = createOptimizer(phases[p]!.optimizer, model.numParams);
      }
      const loss = trainLoss.lossAndGradient(params, stream.batchAt(step, batch), gradient);
      const rate = factorAt ? optimizer.learningRate * factorAt(step) : undefined;
      // A non-finite value in the minibatch is bad input, not divergence (checked only on failure).
      if (!Number.isFinite(loss)) throw badData("data", data, batch) ?? new DivergenceError({ where: "train", step, stepSize: rate ?? optimizer.learningRate, stepSizeName: "learning rate", quantity: "loss", value: loss, seed, hint: DIVERGENCE_HINT });
      losses[step] = loss;
      const sum = optimizer.step(params, gradient, rate);
      if (!Number.isFinite(sum)) throw badData("data", data, batch) ?? new DivergenceError({ where: "train", step, stepSize: rate ?? optimizer.learningRate, stepSizeName: "learning rate", quantity: "weights", value: sum, seed, hint: DIVERGENCE_HINT });
      if (writer && ((buffer && buffer.numSnapshots - blockFirstSnapshot >= blockSnapshots) || (checkpointEvery > 0 && step + 1 - lastCommitStep >= checkpointEvery))) {
        commit(step + 1, false);
      }
      if (hooks.onStep) hooks.onStep(step, loss);
      if (progress) {
        progress.update(step, loss);
        if (performance.now() - lastYield > 200) {
          // Let the notebook kernel send the display update.
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
      }
    }
    if (!resumedComplete) {
      if (nextCapture < captureAt.length && captureAt[nextCapture] === numSteps) {
        taker!.take(params, buffer!.appendRow(numSteps));
        nextCapture++;
      }
      evaluateAt(numSteps);
      commit(numSteps, true);
    }
  } catch (error) {
    progress?.fail(error instanceof DivergenceError ? `diverged at step ${error.step}` : (error as Error).message);
    throw error;
  }
  const trained = Math.max(0, numSteps - startStep);
  const last = evaluations[evaluations.length - 1];
  progress?.finish(last ? `train loss ${last.trainLoss.toPrecision(4)}${last.testAccuracy !== null ? `, test acc ${(100 * last.testAccuracy).toFixed(2)}%` : ""}` : "");
  const elapsedMs = performance.now() - t0;
  const column = (f: (e: EvaluationPoint) => number | null): Float64Array => Float64Array.from(evaluations, (e) => f(e) ?? NaN);
  return {
    params,
    initialParams,
    numSteps,
    seed,
    backend,
    losses,
    evaluations: {
      steps: column((e) => e.step),
      trainLoss: column((e) => e.trainLoss),
      trainAccuracy: trainLoss.kind === "crossEntropy" ? column((e) => e.trainAccuracy) : null,
      testLoss: testLoss ? column((e) => e.testLoss) : null,
      testAccuracy: testLoss && testLoss.kind === "crossEntropy" ? column((e) => e.testAccuracy) : null,
    },
    trajectory: buffer ? buffer.toTrajectory() : null,
    resumedFromStep: startStep,
    elapsedMs,
    msPerStep: trained > 0 ? elapsedMs / trained : 0,
  };
}
