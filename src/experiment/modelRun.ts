/**
 * The paper's across-models protocol for any model: train a model with Adam, switch to SGD (the
 * paper's "continued training" of language models, and the "Adam, then low-learning-rate SGD"
 * fine-tuning of vision models), record its weights, fit the displacement exponent alpha over the late
 * SGD phase from two reference points (the start of training and the switch), estimate the LLC at
 * checkpoints of the SGD phase with a sampler calibrated at the last of them (calibrateLlcSampler),
 * and derive d_s = 2 lambda_bar alpha. Cached by configuration.
 */
import * as tf from "@tensorflow/tfjs-core";
import { characterCorpus } from "../data/characterCorpus";
import { loadFashionMnist } from "../data/fashionMnist";
import { loadFortunes } from "../data/fortunes";
import { loadMnist } from "../data/mnist";
import { fitPowerLaw } from "../diffusion/fitPowerLaw";
import type { MinibatchLoss } from "../model/minibatchLoss";
import type { Model, ModelDescription } from "../model/model";
import { subsetModelData, type ModelData } from "../model/modelData";
import { modelFromDescription } from "../model/modelRegistry";
import { classificationData } from "../model/supervisedData";
import { tokenData } from "../model/tokenData";
import { calibrateLlcSampler, type LlcSamplerCalibration, type LlcSamplerCalibrationOptions } from "../slt/calibrateLlcSampler";
import { estimateLlc } from "../slt/estimateLlc";
import type { SgldOptions } from "../slt/sgldSettings";
import { createSgldWorkerPool, type SgldWorkerPool } from "../slt/sgldWorkerPool";
import { train } from "../train/train";
import { trainEnsemble, type EnsembleResult } from "../train/trainEnsemble";
import { stepList } from "../trajectory/captureSchedule";
import type { CheckpointLlc } from "./mnistAnalysis";
import type { MnistRunRecord } from "./mnistRun";
import { bootstrapMean } from "./sweepStatistics";
import { createRunCache, type RunCache } from "./runCache";
import { computeThreads } from "../util/computeThreads";

/** Version of the computation in this module, hashed into every cache key (bump when numbers change). */
export const MODEL_RUN_VERSION = "model-run/2";

/** Where a run's data come from (plain data: part of the cache key). */
export type RunDataSpec =
  | { kind: "fortunes"; contextLength: number; testFraction: number; seed: number }
  | { kind: "mnist" | "fashionMnist"; trainLimit: number; testLimit: number };

/**
 * The calibration rule of the LLC sampler (plain data; see LlcSamplerCalibrationOptions for each). The
 * sampler is "sgld" or "rmsprop": the setting is reused at every checkpoint, and a "metric" sampler's
 * metric belongs to the one point it was built at.
 */
export type ModelRunCalibrationRule = { sampler?: "sgld" | "rmsprop" } & Pick<
  LlcSamplerCalibrationOptions,
  | "localization" | "batchSize" | "numChains" | "stepSizeFactor" | "relTol" | "initialSteps" | "minSteps" | "maxSteps"
  | "maxHalvings" | "maxLocalizationSlope" | "adaptLocalization" | "rmspropEpsilon" | "descentSteps" | "hessianSamples" | "descentSamples" | "seed"
>;

/** How the LLC is estimated at the checkpoints of the SGD phase. */
export interface ModelRunLlcSettings {
  /** Checkpoints as fractions of the SGD phase, in (0, 1]; the sampler is calibrated at the last. */
  checkpoints: number[];
  /**
   * Samples of the LLC's empirical loss L_n: a seeded random subset of the training set of this size
   * (all of it when larger). Asymptotically any n samples of the data distribution estimate the same
   * lambda; a smaller n makes L_n(w*), the Hessian and every chain cheaper and sets n beta = n / log n,
   * and may leave the estimate to the temperature ({@link llcSampleSize} checks).
   */
  samples: number;
  /** The calibration rule (calibrateLlcSampler options). */
  rule: ModelRunCalibrationRule;
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

/** The LLC at one checkpoint: an estimate with its convergence, or why there is none. */
export type CheckpointEstimate =
  | (Pick<CheckpointLlc, "step" | "mean" | "std" | "monteCarloStdError" | "rHat" | "ess" | "converged" | "reasons"> & {
      ok: true;
      /** True when converged at a setting whose calibration passed every check: only then may it enter a verdict. (`reasons` also lists the calibration's flags.) */
      settled: boolean;
    })
  | { ok: false; step: number; reason: string };

/** The calibration of the LLC sampler at the reference checkpoint, as plain data. */
export interface ModelRunCalibration {
  /** Step of the reference checkpoint (the last). */
  step: number;
  ok: boolean;
  flags: LlcSamplerCalibration["flags"];
  /** The chosen sampler setting, used at every checkpoint. */
  settings: SgldOptions;
  choices: LlcSamplerCalibration["choices"];
  nBeta: number;
  hessianTop: number;
  descentShare: number;
  localizationSlope: number;
  /** Sampling runs the calibration made. */
  trials: number;
  seconds: number;
}

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
  /** The calibration at the last checkpoint, or null when it failed (then every checkpoint says why). */
  calibration: ModelRunCalibration | null;
  /** Samples n of the LLC's loss. */
  llcSamples: number;
  /** Mean of the successful checkpoint LLCs (NaN when none succeeded). */
  lambdaBar: number;
  /** True when every checkpoint's estimate is settled: only then may lambda_bar and d_s enter a verdict. */
  llcTrusted: boolean;
  /** Why not, one line per problem. */
  llcProblems: string[];
  trainSeconds: number;
  llcSeconds: number;
}

/**
 * The one LLC estimator of the across-models experiment at a checkpoint other than the reference:
 * SGLD with the calibrated setting, through `estimateLlc`, with its convergence diagnostics.
 *
 * @param settled whether the calibration behind `settings` passed every check.
 * @returns the estimate, or `{ ok: false, reason }` when the chains diverge or the estimate is not
 *   finite (the experiment goes on without that checkpoint).
 */
export async function checkpointLlc(loss: MinibatchLoss, center: Float32Array, step: number, settings: SgldOptions, calibrationFlags: string[], pool: SgldWorkerPool | null): Promise<CheckpointEstimate> {
  try {
    const estimate = await estimateLlc(loss, center, { ...settings, ...(pool ? { pool } : { workers: false }) });
    if (!Number.isFinite(estimate.mean)) return { ok: false, step, reason: `the estimate is ${estimate.mean}` };
    const c = estimate.convergence;
    const reasons = [...(c ? c.reasons : ["fewer than 12 draws per chain: no convergence diagnostics"]), ...calibrationFlags.map((f) => `calibration: ${f}`)];
    return {
      ok: true, step, mean: estimate.mean, std: estimate.std,
      monteCarloStdError: c?.monteCarloStdError ?? NaN, rHat: c?.rHat ?? NaN, ess: c?.ess ?? NaN, converged: c?.converged ?? false,
      reasons, settled: (c?.converged ?? false) && calibrationFlags.length === 0,
    };
  } catch (error) {
    return { ok: false, step, reason: (error as Error).message };
  }
}

/** How a record's LLC was estimated, in words (for the notebook). */
export function llcSettingText(record: Pick<ModelRunRecord, "calibration" | "llcSamples">): string {
  const c = record.calibration;
  if (!c) return `calibration failed on n = ${record.llcSamples} samples`;
  const s = c.settings;
  return `${s.preconditioner === "rmsprop" ? "RMSProp-SGLD" : "SGLD"} calibrated at the last checkpoint on n = ${record.llcSamples} training samples: ` +
    `n β ${c.nBeta.toPrecision(4)}, ε ${s.stepSize!.toPrecision(3)}, γ ${s.localization}, ${s.numChains} chains × (${s.numBurnin} + ${s.numDraws}) steps, batch ${s.batchSize ?? "default"}; ` +
    `h_max ${c.hessianTop.toPrecision(3)}, ${c.trials} calibration runs, flags: ${c.flags.join(", ") || "none"}`;
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

function checkConfig(config: ModelRunConfig, fn = "runModelExperiment"): void {
  for (const [name, v, low] of [["adamSteps", config.adamSteps, 0], ["sgdSteps", config.sgdSteps, 10], ["batchSize", config.batchSize, 1], ["captures", config.captures, 4]] as const) {
    if (!Number.isInteger(v) || v < low) throw new RangeError(`${fn}: ${name} must be an integer ≥ ${low}, got ${v}`);
  }
  if (config.seeds.length < 1) throw new RangeError(`${fn}: seeds must hold at least one seed`);
  if (!(config.fitStartFraction > 0 && config.fitStartFraction < 1)) throw new RangeError(`${fn}: fitStartFraction must be in (0, 1), got ${config.fitStartFraction}`);
  for (const f of config.llc.checkpoints) if (!(f > 0 && f <= 1)) throw new RangeError(`${fn}: llc.checkpoints must be fractions in (0, 1], got ${f}`);
  const sampler = config.llc.rule.sampler as string | undefined;
  if (sampler !== undefined && sampler !== "sgld" && sampler !== "rmsprop") throw new RangeError(`${fn}: llc.rule.sampler must be "sgld" or "rmsprop" (its setting is reused at every checkpoint, and a "metric" sampler's metric belongs to the point it was built at), got ${JSON.stringify(sampler)}`);
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
 * Trains the members of a run as {@link runModelExperiment} does (the shared pretraining when set, then
 * Adam for `adamSteps` and SGD for `sgdSteps` from every seed, capturing all weights at the steps of
 * {@link modelRunCaptureSteps}); the one home of that protocol, also for checks that need a run's weights.
 *
 * @param config a {@link ModelRunConfig} (its `seeds` are the members trained).
 * @param options.progress live progress (default "auto").
 * @returns the model, its train and test data, the ensemble, and the capture steps (LLC checkpoints and the switch).
 * @throws DivergenceError when training diverges.
 */
export async function trainModelRun(config: ModelRunConfig, options: { progress?: boolean | "auto" } = {}): Promise<{ model: Model; data: ModelData; testData: ModelData; ensemble: EnsembleResult; checkpoints: number[]; switchStep: number }> {
  checkConfig(config, "trainModelRun");
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
  return { model, data, testData, ensemble, checkpoints, switchStep: s };
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
  const { model, data, ensemble, checkpoints, switchStep: s } = await trainModelRun(config, { progress: options.progress ?? "auto" });
  const T = s + config.sgdSteps;
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
  const llcData = subsetModelData(data, config.llc.samples, config.llc.rule.seed ?? 0);
  const loss = model.createLoss(llcData);
  const pool = loss.spec ? createSgldWorkerPool(loss, Math.min(computeThreads(), config.llc.rule.numChains ?? 4)) : null;
  const llc: CheckpointEstimate[] = [];
  let calibration: ModelRunCalibration | null = null;
  try {
    const first = ensemble.members[0]!.trajectory!;
    const P = first.dimension;
    const steps = Array.from(first.steps);
    const center = (step: number): Float32Array => {
      const i = steps.indexOf(step);
      return first.snapshots.slice(i * P, (i + 1) * P);
    };
    const reference = checkpoints[checkpoints.length - 1]!;
    let calibrated: LlcSamplerCalibration | null = null;
    let failure = "";
    try {
      calibrated = await calibrateLlcSampler(loss, center(reference), { ...config.llc.rule, ...(pool ? { pool } : { workers: false }) });
    } catch (error) {
      failure = `calibration failed: ${(error as Error).message}`;
    }
    if (calibrated) {
      calibration = {
        step: reference, ok: calibrated.ok, flags: calibrated.flags, settings: calibrated.settings, choices: calibrated.choices,
        nBeta: calibrated.estimate.nBeta, hessianTop: calibrated.hessian.value, descentShare: calibrated.descentShare,
        localizationSlope: calibrated.localizationCheck.slope, trials: calibrated.trials.length, seconds: calibrated.elapsedMs / 1000,
      };
    }
    for (const step of checkpoints) {
      if (!calibrated) {
        llc.push({ ok: false, step, reason: failure });
      } else if (step === reference) {
        // The calibration's own estimate at the chosen setting (with the calibration's precision criterion).
        const c = calibrated.convergence;
        llc.push({
          ok: true, step, mean: calibrated.estimate.mean, std: calibrated.estimate.std, monteCarloStdError: c.monteCarloStdError, rHat: c.rHat, ess: c.ess,
          converged: c.converged, reasons: [...c.reasons, ...calibrated.flags.filter((f) => f !== "unconverged").map((f) => `calibration: ${f}`)], settled: calibrated.ok,
        });
      } else {
        llc.push(await checkpointLlc(loss, center(step), step, calibrated.settings, calibrated.flags, pool));
      }
    }
  } finally {
    await pool?.close();
  }
  const good = llc.filter((c): c is Extract<CheckpointEstimate, { ok: true }> => c.ok);
  const llcProblems = llc.flatMap((c) => ("reason" in c ? [`step ${c.step}: ${c.reason}`] : c.reasons.map((r) => `step ${c.step}: ${r}`)));
  const partial = {
    calibration,
    llcSamples: llcData.numSamples,
  };
  const record: ModelRunRecord = {
    config,
    numParams: model.numParams,
    switchStep: s,
    members,
    llc,
    llcSetting: llcSettingText(partial),
    ...partial,
    lambdaBar: good.length ? good.reduce((a, c) => a + c.mean, 0) / good.length : NaN,
    llcTrusted: llc.length > 0 && llc.every((c) => !("reason" in c) && c.settled),
    llcProblems,
    trainSeconds,
    llcSeconds: (performance.now() - t1) / 1000,
  };
  cache.put(config, record);
  return record;
}

/** The bound d_s ≤ lambda_bar of one row, decided on alpha's bootstrap interval. */
export type BoundOutcome = "holds" | "does not hold" | "undecided";

/** One row of the across-models table, computed from a record. */
export interface AcrossModelsRow {
  label: string;
  numParams: number;
  lambdaBar: number;
  /** Whether lambda_bar rests only on settled estimates (else it is shown but carries no verdict). */
  lambdaSettled: boolean;
  /** alpha over seeds, from the switch and from the start: mean with a 95 % bootstrap interval. */
  alphaFromSwitch: { mean: number; lower: number; upper: number };
  alphaFromStart: { mean: number; lower: number; upper: number };
  /** Mean r^2 of the fits. */
  rSquaredFromSwitch: number;
  rSquaredFromStart: number;
  /** d_s = 2 lambda_bar alpha (alpha from the switch, its mean over seeds). */
  spectralDimension: number;
  /**
   * The bound d_s ≤ lambda_bar, which for lambda_bar > 0 is alpha ≤ 1/2 (alpha from the switch),
   * decided on alpha's interval: "holds" when it lies at or below 1/2, "does not hold" when it lies
   * above, "undecided" when it contains 1/2; null when lambda_bar is not settled or not positive.
   */
  bound: BoundOutcome | null;
  testLoss: number;
  testAccuracy: number | null;
}

/**
 * The table row of a record: alpha from both references with bootstrap intervals over seeds, d_s,
 * the bound (only when lambda_bar is settled and positive), the test metric. With one seed the
 * interval is the point.
 * @example
 * const row = acrossModelsRow({ config: { label: "x" }, numParams: 3, lambdaBar: 2, llcTrusted: true, members: [
 *   { fromSwitch: { alpha: 0.25, rSquared: 0.99 }, fromStart: { alpha: 0.1, rSquared: 0.9 }, testLoss: 1, testAccuracy: 0.5 }] });
 * row.spectralDimension; // 1
 */
export function acrossModelsRow(record: Pick<ModelRunRecord, "numParams" | "lambdaBar" | "llcTrusted"> & { config: Pick<ModelRunConfig, "label">; members: Pick<ModelRunMember, "fromSwitch" | "fromStart" | "testLoss" | "testAccuracy">[] }): AcrossModelsRow {
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
    lambdaSettled: record.llcTrusted,
    alphaFromSwitch,
    alphaFromStart,
    rSquaredFromSwitch: mean(record.members.map((m) => m.fromSwitch.rSquared)),
    rSquaredFromStart: mean(record.members.map((m) => m.fromStart.rSquared)),
    spectralDimension,
    // With lambda_bar unsettled (flagged estimates) or ≤ 0 (failed LLC) the bound carries no verdict;
    // with lambda_bar > 0 it is alpha ≤ 1/2, decided on the interval, not on the mean.
    bound: record.llcTrusted && Number.isFinite(spectralDimension) && record.lambdaBar > 0
      ? alphaFromSwitch.upper <= 0.5 ? "holds" : alphaFromSwitch.lower > 0.5 ? "does not hold" : "undecided"
      : null,
    testLoss: mean(record.members.map((m) => m.testLoss)),
    testAccuracy: accuracies.length ? mean(accuracies) : null,
  };
}

/**
 * The across-models row of MNIST MLP runs (one record per seed, plain SGD from step 0: the switch is
 * the start, so alpha from the switch and from the start coincide), so that the MLP row can reuse the
 * runs of the weight-diffusion notebook through their cache. lambda_bar and its settledness are the
 * first seed's, as in the other rows.
 * @example
 * const r = { numParams: 3, lambdaBar: 4, llcTrusted: true, fit: { alpha: 0.25, rSquared: 0.99, standardError: 0 }, testLoss: 1, testAccuracy: 0.5 };
 * acrossModelsRowFromMnist("MLP", [r, r]).spectralDimension; // 2
 */
export function acrossModelsRowFromMnist(
  label: string,
  records: readonly Pick<MnistRunRecord, "numParams" | "lambdaBar" | "llcTrusted" | "fit" | "testLoss" | "testAccuracy">[],
): AcrossModelsRow {
  if (records.length === 0) throw new RangeError("acrossModelsRowFromMnist: records must hold at least one run, got none");
  const first = records[0]!;
  return acrossModelsRow({
    config: { label },
    numParams: first.numParams,
    lambdaBar: first.lambdaBar,
    llcTrusted: first.llcTrusted,
    members: records.map((r) => {
      const fit = { alpha: r.fit.alpha, rSquared: r.fit.rSquared, standardError: r.fit.standardError };
      return { fromSwitch: fit, fromStart: fit, testLoss: r.testLoss, testAccuracy: r.testAccuracy };
    }),
  });
}
