/**
 * The paper's across-models protocol for any model: train a model with Adam, switch to SGD (the
 * paper's "continued training" of language models, and the "Adam, then low-learning-rate SGD"
 * fine-tuning of vision models), record its weights, fit the displacement exponent alpha over the late
 * SGD phase from two reference points (the start of training and the switch), estimate the LLC at
 * checkpoints of the SGD phase, and derive d_s = 2 lambda_bar alpha. Cached by configuration.
 */
import * as tf from "@tensorflow/tfjs-core";
import { characterCorpus } from "../data/characterCorpus";
import { loadFashionMnist } from "../data/fashionMnist";
import { loadFortunes } from "../data/fortunes";
import { loadMnist } from "../data/mnist";
import { fitPowerLaw } from "../diffusion/fitPowerLaw";
import type { MinibatchLoss } from "../model/minibatchLoss";
import type { Model, ModelDescription } from "../model/model";
import type { ModelData } from "../model/modelData";
import { modelFromDescription } from "../model/modelRegistry";
import { classificationData } from "../model/supervisedData";
import { tokenData } from "../model/tokenData";
import { estimateLlc } from "../slt/estimateLlc";
import { createSgldWorkerPool, type SgldWorkerPool } from "../slt/sgldWorkerPool";
import { train } from "../train/train";
import { trainEnsemble } from "../train/trainEnsemble";
import { stepList } from "../trajectory/captureSchedule";
import { bootstrapMean } from "./sweepStatistics";
import { createRunCache, type RunCache } from "./runCache";

/** Version of the computation in this module, hashed into every cache key (bump when numbers change). */
export const MODEL_RUN_VERSION = "model-run/1";

/** Where a run's data come from (plain data: part of the cache key). */
export type RunDataSpec =
  | { kind: "fortunes"; contextLength: number; testFraction: number; seed: number }
  | { kind: "mnist" | "fashionMnist"; trainLimit: number; testLimit: number };

/** SGLD settings of the LLC at the checkpoints (see sampleSgld for each). */
export interface ModelRunLlcSettings {
  /** Checkpoints as fractions of the SGD phase, in (0, 1]. */
  checkpoints: number[];
  numChains: number;
  numDraws: number;
  numBurnin: number;
  /** Minibatches averaged for L_n(w*) (exact when they cover the training set). */
  initLossBatches: number;
  stepSize: number;
  localization: number;
  batchSize: number;
  seed: number;
}

/** Everything that determines a run's record. */
export interface ModelRunConfig {
  /** Row label, e.g. "LM 40k". */
  label: string;
  /** The model, as a plain-data description (see modelFromDescription). */
  model: ModelDescription;
  /** The data of the measured run (Adam then SGD). */
  data: RunDataSpec;
  /** Adam pretraining on other data before the measured run (the vision protocol), or null. */
  pretrain: { data: RunDataSpec; numSteps: number; learningRate: number; seed: number } | null;
  adamSteps: number;
  adamLearningRate: number;
  /** Steps of the SGD phase, whose late part is measured. */
  sgdSteps: number;
  sgdLearningRate: number;
  batchSize: number;
  /** One member per seed (initialisation and minibatches; pretraining, when any, is shared). */
  seeds: number[];
  /** Log-spaced captures over the whole run, and as many again over the SGD phase. */
  captures: number;
  /** The late window starts this fraction into the SGD phase (0.1: one decade of the phase). */
  fitStartFraction: number;
  /** Training samples the final train loss is evaluated on. */
  evaluationSamples: number;
  llc: ModelRunLlcSettings;
}

/** A power-law fit of R against t. */
export interface DisplacementFit {
  alpha: number;
  rSquared: number;
  standardError: number;
}

/** What one seed yields. */
export interface ModelRunMember {
  seed: number;
  /** alpha of R(t) = |w(t) - w(0)| against t, over the late SGD window. */
  fromStart: DisplacementFit;
  /** alpha of R(tau) = |w(s + tau) - w(s)| against tau = t - s, s the switch to SGD, over the late SGD window. */
  fromSwitch: DisplacementFit;
  /** Displacement curves (steps from the start; R from w(0) and from w(s)). */
  steps: number[];
  displacementFromStart: number[];
  displacementFromSwitch: number[];
  testLoss: number;
  /** Test accuracy (next-character accuracy for language models). */
  testAccuracy: number | null;
  trainLoss: number;
}

/** The LLC at one checkpoint: an estimate, or why there is none. */
export type CheckpointEstimate =
  | { ok: true; step: number; mean: number; std: number; warnings: string[] }
  | { ok: false; step: number; reason: string };

/** The record of one configuration (plain data: JSON). */
export interface ModelRunRecord {
  config: ModelRunConfig;
  numParams: number;
  /** Step of the switch from Adam to SGD. */
  switchStep: number;
  members: ModelRunMember[];
  /** LLC at the checkpoints of the first seed's SGD phase, and the setting used. */
  llc: CheckpointEstimate[];
  llcSetting: string;
  /** Mean of the successful checkpoint LLCs (NaN when none succeeded). */
  lambdaBar: number;
  trainSeconds: number;
  llcSeconds: number;
}

/**
 * The one LLC estimator of the across-models experiment: SGLD with the explicit settings of the
 * configuration, through `estimateLlc` (n beta = n / log n). This is the place to swap in a
 * calibrated estimator.
 *
 * @returns the estimate, or `{ ok: false, reason }` when the chains diverge or the estimate is not
 *   finite (the experiment goes on without that checkpoint).
 */
export async function checkpointLlc(loss: MinibatchLoss, center: Float32Array, step: number, settings: ModelRunLlcSettings, pool: SgldWorkerPool | null): Promise<CheckpointEstimate> {
  try {
    const { checkpoints: _c, ...sgld } = settings;
    const estimate = await estimateLlc(loss, center, { ...sgld, ...(pool ? { pool } : { workers: false }) });
    if (!Number.isFinite(estimate.mean)) return { ok: false, step, reason: `the estimate is ${estimate.mean}` };
    return { ok: true, step, mean: estimate.mean, std: estimate.std, warnings: estimate.warnings.map((w) => (typeof w === "string" ? w : ((w as { message?: string }).message ?? JSON.stringify(w)))) };
  } catch (error) {
    return { ok: false, step, reason: (error as Error).message };
  }
}

/** How {@link checkpointLlc} estimates, in words (for the notebook). */
export function llcSettingText(settings: ModelRunLlcSettings): string {
  return `SGLD (estimateLlc) with explicit settings: step size ${settings.stepSize}, localization γ ${settings.localization}, n β = n / log n, ` +
    `${settings.numChains} chains × ${settings.numDraws} draws after ${settings.numBurnin} burn-in steps, batch ${settings.batchSize}, L_n(w*) over ${settings.initLossBatches} batches; not calibrated`;
}

/** Loads the train and test sets of a data spec. */
export function loadRunData(spec: RunDataSpec): { train: ModelData; test: ModelData } {
  if (spec.kind === "fortunes") {
    const corpus = characterCorpus(loadFortunes().entries, { testFraction: spec.testFraction, seed: spec.seed });
    return {
      train: tokenData({ tokens: corpus.train, vocabSize: corpus.vocabSize, contextLength: spec.contextLength }),
      test: tokenData({ tokens: corpus.test, vocabSize: corpus.vocabSize, contextLength: spec.contextLength }),
    };
  }
  const load = spec.kind === "mnist" ? loadMnist : loadFashionMnist;
  return {
    train: classificationData(load({ split: "train", limit: spec.trainLimit })),
    test: classificationData(load({ split: "test", limit: spec.testLimit })),
  };
}

/** The steps a run captures: log-spaced over [0, T], log-spaced over the SGD phase from the switch, and the LLC checkpoints. */
export function modelRunCaptureSteps(config: ModelRunConfig): { all: number[]; checkpoints: number[]; switchStep: number } {
  const s = config.adamSteps, T = s + config.sgdSteps;
  const logSpaced = (from: number, span: number): number[] =>
    Array.from({ length: config.captures }, (_, i) => from + Math.round(Math.exp((Math.log(span) * (i + 1)) / config.captures)));
  const checkpoints = [...new Set(config.llc.checkpoints.map((f) => s + Math.max(1, Math.round(f * config.sgdSteps))))].sort((a, b) => a - b);
  const all = [...new Set([0, s, T, ...logSpaced(0, T), ...logSpaced(s, config.sgdSteps), ...checkpoints])].filter((t) => t >= 0 && t <= T).sort((a, b) => a - b);
  return { all, checkpoints, switchStep: s };
}

function checkConfig(config: ModelRunConfig): void {
  const fn = "runModelExperiment";
  for (const [name, v, low] of [["adamSteps", config.adamSteps, 0], ["sgdSteps", config.sgdSteps, 10], ["batchSize", config.batchSize, 1], ["captures", config.captures, 4]] as const) {
    if (!Number.isInteger(v) || v < low) throw new RangeError(`${fn}: ${name} must be an integer ≥ ${low}, got ${v}`);
  }
  if (config.seeds.length < 1) throw new RangeError(`${fn}: seeds must hold at least one seed`);
  if (!(config.fitStartFraction > 0 && config.fitStartFraction < 1)) throw new RangeError(`${fn}: fitStartFraction must be in (0, 1), got ${config.fitStartFraction}`);
  for (const f of config.llc.checkpoints) if (!(f > 0 && f <= 1)) throw new RangeError(`${fn}: llc.checkpoints must be fractions in (0, 1], got ${f}`);
}

function norm(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

function fit(x: number[], y: number[], start: number, end: number): DisplacementFit {
  try {
    const f = fitPowerLaw(x, y, { start, end });
    return { alpha: f.exponent, rSquared: f.rSquared, standardError: f.standardError };
  } catch {
    return { alpha: NaN, rSquared: NaN, standardError: NaN };
  }
}

/**
 * Runs one configuration of the across-models protocol (see the module comment), or reads its
 * record from the cache.
 *
 * Steps: load the data; build the model from its description; when `pretrain` is set, train it with
 * Adam on the pretraining data (one shared run) and start every member there; train the members
 * (one per seed, on both cores when the model can be rebuilt in workers) with Adam for `adamSteps`
 * then SGD for `sgdSteps`, capturing all weights at log-spaced steps; fit alpha from w(0) and from
 * the switch w(s) over the late SGD window [s + f C, T] (resp. tau in [f C, C]); estimate the LLC of
 * the first member at the checkpoints with {@link checkpointLlc}.
 *
 * @param config a {@link ModelRunConfig}.
 * @param options.cache the cache (default `.cache/experiments`, {@link MODEL_RUN_VERSION} on the backend).
 * @param options.progress live progress (default "auto").
 * @returns the {@link ModelRunRecord}.
 * @throws RangeError for a malformed configuration; DivergenceError when training diverges.
 * Reference: arXiv 2503.22478 v2 (ICLR 2026), the across-models table.
 */
export async function runModelExperiment(config: ModelRunConfig, options: { cache?: RunCache; progress?: boolean | "auto" } = {}): Promise<ModelRunRecord> {
  checkConfig(config);
  const cache = options.cache ?? createRunCache({ version: `${MODEL_RUN_VERSION} on ${tf.getBackend()}` });
  const cached = cache.get<ModelRunRecord>(config);
  if (cached) return cached;
  const t0 = performance.now();
  const model: Model = modelFromDescription(config.model);
  const { train: data, test: testData } = loadRunData(config.data);
  let initialParams: Float32Array | undefined;
  if (config.pretrain) {
    const pre = loadRunData(config.pretrain.data);
    const run = await train({
      model, data: pre.train, numSteps: config.pretrain.numSteps, batchSize: config.batchSize, seed: config.pretrain.seed, evaluateEvery: 0,
      evaluationSamples: Math.min(pre.train.numSamples, config.evaluationSamples), optimizer: { kind: "adam", learningRate: config.pretrain.learningRate }, progress: false,
    });
    initialParams = run.params;
  }
  const { all, checkpoints, switchStep: s } = modelRunCaptureSteps(config);
  const T = s + config.sgdSteps;
  const ensemble = await trainEnsemble({
    model,
    data,
    testData,
    numSteps: T,
    batchSize: config.batchSize,
    phases: [
      ...(config.adamSteps > 0 ? [{ fromStep: 0, optimizer: { kind: "adam" as const, learningRate: config.adamLearningRate } }] : []),
      { fromStep: s, optimizer: { kind: "sgd" as const, learningRate: config.sgdLearningRate } },
    ],
    ...(initialParams ? { initialParams } : {}),
    evaluateEvery: 0,
    evaluationSamples: Math.min(data.numSamples, config.evaluationSamples),
    capture: { schedule: stepList(all) },
    seeds: config.seeds,
    progress: options.progress ?? "auto",
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  const members: ModelRunMember[] = ensemble.members.map((run, m) => {
    const traj = run.trajectory!;
    const P = traj.dimension;
    const steps = Array.from(traj.steps);
    const at = (t: number): Float32Array => traj.snapshots.subarray(steps.indexOf(t) * P, (steps.indexOf(t) + 1) * P);
    const w0 = at(0), ws = at(s);
    const fromStart = steps.map((_, i) => norm(traj.snapshots.subarray(i * P, (i + 1) * P), w0));
    const fromSwitch = steps.map((t, i) => (t < s ? NaN : norm(traj.snapshots.subarray(i * P, (i + 1) * P), ws)));
    const late = steps.map((t, i) => ({ t, i })).filter(({ t }) => t > s);
    const last = run.evaluations.steps.length - 1;
    return {
      seed: config.seeds[m]!,
      fromStart: fit(late.map(({ t }) => t), late.map(({ i }) => fromStart[i]!), s + config.fitStartFraction * config.sgdSteps, T),
      fromSwitch: fit(late.map(({ t }) => t - s), late.map(({ i }) => fromSwitch[i]!), config.fitStartFraction * config.sgdSteps, config.sgdSteps),
      steps,
      displacementFromStart: fromStart,
      displacementFromSwitch: fromSwitch.map((v) => (Number.isNaN(v) ? -1 : v)),
      testLoss: run.evaluations.testLoss![last]!,
      testAccuracy: run.evaluations.testAccuracy ? run.evaluations.testAccuracy[last]! : null,
      trainLoss: run.evaluations.trainLoss[last]!,
    };
  });
  const t1 = performance.now();
  const loss = model.createLoss(data);
  const pool = loss.spec ? createSgldWorkerPool(loss, Math.min(2, config.llc.numChains)) : null;
  const llc: CheckpointEstimate[] = [];
  try {
    const first = ensemble.members[0]!.trajectory!;
    const P = first.dimension;
    const steps = Array.from(first.steps);
    for (const step of checkpoints) {
      const i = steps.indexOf(step);
      llc.push(await checkpointLlc(loss, first.snapshots.slice(i * P, (i + 1) * P), step, config.llc, pool));
    }
  } finally {
    await pool?.close();
  }
  const good = llc.filter((c): c is Extract<CheckpointEstimate, { ok: true }> => c.ok);
  const record: ModelRunRecord = {
    config,
    numParams: model.numParams,
    switchStep: s,
    members,
    llc,
    llcSetting: llcSettingText(config.llc),
    lambdaBar: good.length ? good.reduce((a, c) => a + c.mean, 0) / good.length : NaN,
    trainSeconds,
    llcSeconds: (performance.now() - t1) / 1000,
  };
  cache.put(config, record);
  return record;
}

/** One row of the across-models table, computed from a record. */
export interface AcrossModelsRow {
  label: string;
  numParams: number;
  lambdaBar: number;
  /** alpha over seeds, from the switch and from the start: mean with a 95 % bootstrap interval. */
  alphaFromSwitch: { mean: number; lower: number; upper: number };
  alphaFromStart: { mean: number; lower: number; upper: number };
  /** Mean r^2 of the fits. */
  rSquaredFromSwitch: number;
  rSquaredFromStart: number;
  /** d_s = 2 lambda_bar alpha (alpha from the switch), and whether d_s ≤ lambda_bar (alpha ≤ 1/2). */
  spectralDimension: number;
  withinBound: boolean | null;
  testLoss: number;
  testAccuracy: number | null;
}

/**
 * The table row of a record: alpha from both references with bootstrap intervals over seeds, d_s,
 * the bound, the test metric. With one seed the interval is the point.
 * @example
 * const row = acrossModelsRow({ config: { label: "x" }, numParams: 3, lambdaBar: 2, members: [
 *   { fromSwitch: { alpha: 0.25, rSquared: 0.99 }, fromStart: { alpha: 0.1, rSquared: 0.9 }, testLoss: 1, testAccuracy: 0.5 }] });
 * row.spectralDimension; // 1
 */
export function acrossModelsRow(record: Pick<ModelRunRecord, "numParams" | "lambdaBar"> & { config: Pick<ModelRunConfig, "label">; members: Pick<ModelRunMember, "fromSwitch" | "fromStart" | "testLoss" | "testAccuracy">[] }): AcrossModelsRow {
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const interval = (xs: number[], seed: number) => {
    const finite = xs.filter(Number.isFinite);
    if (finite.length === 0) return { mean: NaN, lower: NaN, upper: NaN };
    const b = bootstrapMean(finite, { seed });
    return { mean: b.mean, lower: b.lower, upper: b.upper };
  };
  const alphaFromSwitch = interval(record.members.map((m) => m.fromSwitch.alpha), 1);
  const alphaFromStart = interval(record.members.map((m) => m.fromStart.alpha), 2);
  const spectralDimension = 2 * record.lambdaBar * alphaFromSwitch.mean;
  const accuracies = record.members.map((m) => m.testAccuracy).filter((a): a is number => a !== null);
  return {
    label: record.config.label,
    numParams: record.numParams,
    lambdaBar: record.lambdaBar,
    alphaFromSwitch,
    alphaFromStart,
    rSquaredFromSwitch: mean(record.members.map((m) => m.fromSwitch.rSquared)),
    rSquaredFromStart: mean(record.members.map((m) => m.fromStart.rSquared)),
    spectralDimension,
    // With lambda_bar ≤ 0 (failed LLC) the bound is undefined.
    withinBound: Number.isFinite(spectralDimension) && record.lambdaBar > 0 ? spectralDimension <= record.lambdaBar : null,
    testLoss: mean(record.members.map((m) => m.testLoss)),
    testAccuracy: accuracies.length ? mean(accuracies) : null,
  };
}
