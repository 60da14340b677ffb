/**
 * One MNIST experiment of the paper, end to end: train a fully connected ReLU network, record its
 * weights, fit the late-phase displacement exponent, estimate the LLC at late checkpoints, and derive
 * the spectral dimension, returning a plain-data record that the experiment cache can store.
 */
import * as tf from "@tensorflow/tfjs-core";
import { loadMnist } from "../data/mnist";
import { createWalk } from "../diffusion/walk";
import { denseNetwork } from "../model/denseNetwork";
import { deadUnits, type DeadUnits } from "../model/deadUnits";
import { classificationData, type SupervisedData } from "../model/supervisedData";
import { startProgress, type ProgressOptions } from "../util/progress";
import { createMnistNetworkLoss } from "../slt/mnistNetworkLoss";
import { estimateLlc } from "../slt/estimateLlc";
import { shortDescent } from "../slt/shortDescent";
import { createSgldWorkerPool, type SgldWorkerPool } from "../slt/sgldWorkerPool";
import { trainEnsemble } from "../train/trainEnsemble";
import type { TrainResult } from "../train/train";
import { captureSteps, logSpacedSteps, stepList } from "../trajectory/captureSchedule";
import { lateDiffusion, type LateDiffusion } from "./lateDiffusion";
import { analyseTrajectory, type TrajectoryAnalysis } from "./mnistAnalysis";
import { validateMnistRunRecord } from "./mnistRunRecordSchema";
import { createRunCache, type RunCache } from "./runCache";
import type { RunKind, RunKindSession } from "./runKind";
import { runSweep, type SweepResult } from "./sweep";
import { formatRunnerStatus, type SweepRunner } from "./sweepRunner";
import { computeThreads } from "../util/computeThreads";

/**
 * Version of the computation in this module, hashed into every cache key: bump it when a change here
 * alters the numbers, so stored results are recomputed.
 */
export const MNIST_RUN_VERSION = "mnist-run/4";

/** One SGLD setting of the MNIST LLC estimates (plain data, part of the cache key; see SgldOptions for each). */
export interface MnistSamplerSetting {
  stepSize: number;
  localization: number;
  numChains: number;
  numBurnin: number;
  numDraws: number;
  batchSize: number;
  /** n beta = n / log n ("numSamples", Watanabe's beta = 1 / log n, n the training-set size) or m / log m. */
  nBetaRule: "numSamples" | "batchSize";
  /** "rmsprop": RMSProp-preconditioned SGLD (devinterp's), "none": plain SGLD. */
  preconditioner: "none" | "rmsprop";
  rmspropEpsilon: number;
}

/** The LLC estimates of a run. */
export interface MnistLlcConfig {
  /** Checkpoints as fractions of numSteps, in (0, 1] (e.g. [0.5, 1]). */
  checkpoints: number[];
  /**
   * The converged setting: chosen by calibrateLlcSampler at a reference run of the same architecture
   * and optimizer (calibrateMnistLlc), and stated in each notebook.
   */
  sampler: MnistSamplerSetting;
  /**
   * The paper's likely setting, estimated beside the converged one (null skips it): devinterp's MNIST
   * example samples with eps 1e-5, gamma 100, short chains and no burn-in.
   */
  short: MnistSamplerSetting | null;
  /** Minibatches averaged for L_n(w*); when they cover the training set L_n(w*) is exact. */
  initLossBatches: number;
  seed: number;
  /**
   * The "not a minimum" check at each checkpoint: this many gradient-descent steps of size
   * descentStepSize (1 / h_max of the calibration) on 4096 training images (0 skips it).
   */
  descentSteps: number;
  descentStepSize: number;
}

/**
 * The LLC setting calibrated for the default run (MLP 784-32-10, SGD at learning rate 0.05, batch 64,
 * 10,000 images, 3,000 steps) by calibrateMnistLlc: RMSProp-SGLD, n beta = n / log n, gamma 1, 4
 * chains. Notebooks recompute it (and the setting of every other architecture and optimizer) and
 * state what they use; this default only keeps a configuration complete.
 */
export const MNIST_DEFAULT_SAMPLER: MnistSamplerSetting = {
  stepSize: 1.27e-6,
  localization: 1,
  numChains: 4,
  numBurnin: 3000,
  numDraws: 1000,
  batchSize: 64,
  nBetaRule: "numSamples",
  preconditioner: "rmsprop",
  rmspropEpsilon: 1e-3,
};

/**
 * The paper's likely setting: devinterp's MNIST example (eps 1e-5, gamma 100, no burn-in), here with
 * 2 chains of 200 draws and n beta = n / log n, as the notebooks used before the calibration.
 */
export const MNIST_SHORT_SAMPLER: MnistSamplerSetting = {
  stepSize: 1e-5,
  localization: 100,
  numChains: 2,
  numBurnin: 0,
  numDraws: 200,
  batchSize: 64,
  nBetaRule: "numSamples",
  preconditioner: "none",
  rmspropEpsilon: 1e-3,
};

/** The full configuration of one run: everything that determines its record. */
export interface MnistRunConfig {
  /** Layer widths, 784 first and 10 last. */
  widths: number[];
  /** First this many MNIST training images. */
  trainLimit: number;
  /** First this many MNIST test images (test accuracy). */
  testLimit: number;
  optimizer: "sgd" | "adam";
  learningRate: number;
  batchSize: number;
  numSteps: number;
  seed: number;
  /** Number of log-spaced captures of the full weights (displacement curve). */
  logCaptures: number;
  /** Also capture every this many steps over the late half (the walk of the return-probability estimate). */
  lateEvery: number;
  /** The late fit window of log R against log t starts at this fraction of numSteps (0.1: one decade). */
  fitStartFraction: number;
  /** Dimension of the random projection on which the LLC-free d_s is estimated. */
  returnsProjection: number;
  llc: MnistLlcConfig;
}

/** Defaults of {@link mnistRunConfig}: the laptop scale of the notebooks. */
export const MNIST_RUN_DEFAULTS: MnistRunConfig = {
  widths: [784, 32, 10],
  trainLimit: 10_000,
  testLimit: 10_000,
  optimizer: "sgd",
  learningRate: 0.05,
  batchSize: 64,
  numSteps: 4000,
  seed: 0,
  logCaptures: 48,
  lateEvery: 4,
  fitStartFraction: 0.1,
  returnsProjection: 2,
  llc: { checkpoints: [0.5, 1], sampler: MNIST_DEFAULT_SAMPLER, short: MNIST_SHORT_SAMPLER, initLossBatches: 160, seed: 0, descentSteps: 10, descentStepSize: 0.2 },
};

/**
 * A run configuration: the defaults with some settings replaced (`llc` merged key by key).
 * @example
 * mnistRunConfig({ learningRate: 0.1, llc: { checkpoints: [1] } }).llc.sampler.numChains; // 4
 */
export function mnistRunConfig(overrides: Partial<Omit<MnistRunConfig, "llc">> & { llc?: Partial<MnistLlcConfig> } = {}): MnistRunConfig {
  return { ...MNIST_RUN_DEFAULTS, ...overrides, llc: { ...MNIST_RUN_DEFAULTS.llc, ...(overrides.llc ?? {}) } };
}

/**
 * What one run yields (plain data; arrays are plain so the record is JSON): the analysis of its
 * trajectory (steps, R(t), the fit, the LLC at each late checkpoint with its convergence, lambda_bar,
 * d_s, the short setting, the LLC-free d_s; see {@link TrajectoryAnalysis}) and what follows.
 */
export interface MnistRunRecord extends TrajectoryAnalysis {
  config: MnistRunConfig;
  numParams: number;
  /** Diffusion within the late window from lags (time-averaged MSD, its exponent per layer, aging, exit times). */
  late: LateDiffusion;
  /** Dead ReLU units of the final network on the first 2048 training images. */
  deadUnits: DeadUnits;
  /** Test accuracy and loss at the end, train loss at the end (first 2048 training images). */
  testAccuracy: number;
  testLoss: number;
  trainLoss: number;
  /** Wall-clock seconds of training (per member share) and of the LLC estimates. */
  trainSeconds: number;
  llcSeconds: number;
}

function checkConfig(config: MnistRunConfig): void {
  const fn = "mnistRun";
  if (config.widths[0] !== 784 || config.widths[config.widths.length - 1] !== 10) {
    throw new RangeError(`${fn}: widths must start with 784 and end with 10, got ${JSON.stringify(config.widths)}`);
  }
  for (const f of config.llc.checkpoints) {
    if (!(f > 0 && f <= 1)) throw new RangeError(`${fn}: llc.checkpoints must be fractions in (0, 1], got ${f}`);
  }
  if (!(config.fitStartFraction > 0 && config.fitStartFraction < 1)) {
    throw new RangeError(`${fn}: fitStartFraction must be in (0, 1), got ${config.fitStartFraction}`);
  }
  if (!Number.isInteger(config.lateEvery) || config.lateEvery < 1) throw new RangeError(`${fn}: lateEvery must be an integer ≥ 1, got ${config.lateEvery}`);
}

/** The steps captured by a run: log-spaced, every `lateEvery` over the late half, and the LLC checkpoints. */
export function mnistCaptureSteps(config: MnistRunConfig): { all: number[]; late: number[]; checkpoints: number[] } {
  const T = config.numSteps;
  const log = Array.from(captureSteps(logSpacedSteps(config.logCaptures), T));
  const late: number[] = [];
  for (let s = Math.ceil(T / 2 / config.lateEvery) * config.lateEvery; s <= T; s += config.lateEvery) late.push(s);
  const checkpoints = [...new Set(config.llc.checkpoints.map((f) => Math.max(1, Math.round(f * T))))].sort((a, b) => a - b);
  const all = [...new Set([...log, ...late, ...checkpoints])].sort((a, b) => a - b);
  return { all, late, checkpoints };
}

function thin(values: Float64Array, maxPoints: number): number[] {
  if (values.length <= maxPoints) return Array.from(values);
  const out: number[] = [];
  for (let i = 0; i < maxPoints; i++) out.push(values[Math.round((i * (values.length - 1)) / (maxPoints - 1))]!);
  return out;
}

/** Data and LLC workers shared by the runs of one architecture. */
interface RunContext {
  data: SupervisedData;
  testData: SupervisedData;
  pool: SgldWorkerPool | null;
  loss: Awaited<ReturnType<typeof createMnistNetworkLoss>>;
}

async function analyseMember(config: MnistRunConfig, result: TrainResult, context: RunContext, trainSeconds: number): Promise<MnistRunRecord> {
  const trajectory = result.trajectory!;
  const { checkpoints, late } = mnistCaptureSteps(config);
  let llcMs = 0;
  const where = context.pool ? { pool: context.pool } : { workers: false as const };
  const common = { initLossBatches: config.llc.initLossBatches, seed: config.llc.seed, ...where };
  const analysis = await analyseTrajectory(
    trajectory,
    { numSteps: config.numSteps, fitStartFraction: config.fitStartFraction, checkpoints, late, returnsProjection: config.returnsProjection },
    async (center) => {
      const t1 = performance.now();
      const estimate = await estimateLlc(context.loss, center, { ...config.llc.sampler, ...common });
      const convergence = estimate.convergence;
      const short = config.llc.short ? await estimateLlc(context.loss, center, { ...config.llc.short, ...common }) : null;
      const descentDrop = config.llc.descentSteps > 0
        ? shortDescent(context.loss, center, { steps: config.llc.descentSteps, stepSize: config.llc.descentStepSize, maxSamples: 4096, seed: config.llc.seed }).drop
        : null;
      let sum = 0, count = 0;
      for (const d of estimate.trace.distances) {
        for (let k = Math.floor(d.length / 2); k < d.length; k++) {
          sum += d[k]!;
          count++;
        }
      }
      llcMs += performance.now() - t1;
      return {
        nBeta: estimate.nBeta,
        mean: estimate.mean,
        std: estimate.std,
        monteCarloStdError: convergence?.monteCarloStdError ?? NaN,
        rHat: convergence?.rHat ?? NaN,
        ess: convergence?.ess ?? NaN,
        converged: convergence?.converged ?? false,
        reasons: convergence?.reasons ?? ["fewer than 12 draws per chain: no convergence diagnostics"],
        localizerShare: convergence?.localizerShare ?? NaN,
        descentDrop,
        initLoss: estimate.initLoss,
        trace: thin(estimate.llcTrace, 100),
        warnings: estimate.warnings.map((w) => w.message),
        posteriorRadius: Math.sqrt(sum / Math.max(1, count)),
        short: short ? { mean: short.mean, std: short.std } : null,
      };
    },
  );
  const last = result.evaluations.steps.length - 1;
  const network = denseNetwork({ widths: config.widths });
  const P = trajectory.dimension, numSnapshots = trajectory.steps.length;
  return {
    config,
    numParams: P,
    ...analysis,
    late: lateDiffusion(trajectory, late, network),
    deadUnits: deadUnits(network, trajectory.snapshots.subarray((numSnapshots - 1) * P, numSnapshots * P), context.data.inputs, 2048),
    testAccuracy: result.evaluations.testAccuracy![last]!,
    testLoss: result.evaluations.testLoss![last]!,
    trainLoss: result.evaluations.trainLoss[last]!,
    trainSeconds,
    llcSeconds: llcMs / 1000,
  };
}

/** Runs configurations that differ only in their seed: trained together on worker threads (computeThreads()), then analysed. */
async function runSeedGroup(configs: MnistRunConfig[], context: RunContext, trainWorkers: number | undefined): Promise<MnistRunRecord[]> {
  const base = configs[0]!;
  configs.forEach(checkConfig);
  const network = denseNetwork({ widths: base.widths });
  const t0 = performance.now();
  const ensemble = await trainEnsemble({
    network,
    data: context.data,
    testData: context.testData,
    numSteps: base.numSteps,
    batchSize: base.batchSize,
    optimizer: { kind: base.optimizer, learningRate: base.learningRate },
    evaluateEvery: 0,
    capture: { schedule: stepList(mnistCaptureSteps(base).all) },
    seeds: configs.map((c) => c.seed),
    progress: false,
    // Small groups train faster in this thread than after starting worker threads; members are
    // bit-identical either way (trainEnsemble), so the choice never changes a record.
    workers: trainWorkers ?? (base.numSteps * base.batchSize * configs.length < 150_000 ? 0 : undefined),
  });
  const trainSeconds = (performance.now() - t0) / 1000 / configs.length;
  const records: MnistRunRecord[] = [];
  for (let i = 0; i < configs.length; i++) records.push(await analyseMember(configs[i]!, ensemble.members[i]!, context, trainSeconds));
  return records;
}

/** The grid of a sweep: every learning rate x batch size x seed, the other settings from `base`. */
export interface SweepGrid {
  base: Partial<Omit<MnistRunConfig, "llc">> & { llc?: Partial<MnistLlcConfig> };
  learningRates: number[];
  batchSizes: number[];
  seeds: number[];
}

/**
 * The configurations of a learning-rate x batch-size x seed grid, learning rate slowest.
 * @example
 * sweepConfigs({ base: {}, learningRates: [0.01, 0.1], batchSizes: [32], seeds: [0, 1] }).length; // 4
 */
export function sweepConfigs(grid: SweepGrid): MnistRunConfig[] {
  const out: MnistRunConfig[] = [];
  for (const learningRate of grid.learningRates) {
    for (const batchSize of grid.batchSizes) {
      for (const seed of grid.seeds) out.push(mnistRunConfig({ ...grid.base, learningRate, batchSize, seed }));
    }
  }
  return out;
}

/** Options of {@link runMnistSweep}. */
export interface MnistSweepOptions extends ProgressOptions {
  /** The cache (default: `.cache/experiments` in the project, version {@link MNIST_RUN_VERSION}). */
  cache?: RunCache;
  /**
   * Run the LLC chains in a worker pool (default: when a run draws ≥ 600 SGLD samples in all, since
   * starting the pool costs seconds; false runs them in this thread).
   */
  llcWorkers?: boolean;
  /** Training threads per seed group (default: 0, this thread, for groups under 150,000 sample-steps, else one per core). */
  trainWorkers?: number;
  /** Label of the progress display (`progress` and `onProgress` choose the reporter). */
  title?: string;
  /**
   * Who computes the missing runs: `localRunner()` (this process) or `queueRunner({ redis })`
   * (queue workers on any machine). Default: the runner `startNotebook` set (the queue when `AB_REDIS`
   * is set), else local. Records are the same either way (wall-clock seconds aside).
   */
  runner?: SweepRunner;
}

/**
 * The default cache of MNIST run records: `.cache/experiments` in the project, keyed by configuration,
 * {@link MNIST_RUN_VERSION} and the active tfjs backend (backends agree only to float tolerance, and a
 * record should be what this backend computes, bit for bit).
 * @example
 * await setupBackend({ backend: "cpu" });
 * mnistRunCache().version; // "mnist-run/4 on cpu"
 */
export function mnistRunCache(): RunCache {
  return createRunCache({ version: mnistRunKind.version() });
}

/** How MNIST runs compute in this process (never part of a record). */
export interface MnistRunSessionOptions {
  /** See {@link MnistSweepOptions.llcWorkers}. */
  llcWorkers?: boolean;
  /** See {@link MnistSweepOptions.trainWorkers}. */
  trainWorkers?: number;
}

/**
 * What computing MNIST runs in one process keeps between groups: the MNIST data and network loss of
 * each architecture, and one SGLD worker pool per architecture (closed by `close`).
 *
 * @returns a session whose runGroup trains a group of configurations that differ only in their seed
 *   and analyses each member (records in input order).
 */
export function openMnistRuns(options: MnistRunSessionOptions = {}): RunKindSession<MnistRunConfig, MnistRunRecord> {
  const contexts = new Map<string, RunContext>();
  const dataFor = new Map<string, SupervisedData>();
  const loadData = (split: "train" | "test", limit: number): SupervisedData => {
    const k = `${split}:${limit}`;
    if (!dataFor.has(k)) dataFor.set(k, classificationData(loadMnist({ split, limit })));
    return dataFor.get(k)!;
  };
  return {
    runGroup: async (group) => {
      const c = group[0]!;
      const archKey = `${c.widths.join("-")}:${c.trainLimit}:${c.testLimit}`;
      let context = contexts.get(archKey);
      if (!context) {
        const data = loadData("train", c.trainLimit);
        const loss = await createMnistNetworkLoss({ widths: c.widths, data });
        context = {
          data,
          testData: loadData("test", c.testLimit),
          loss,
          pool: options.llcWorkers ?? c.llc.sampler.numChains * (c.llc.sampler.numBurnin + c.llc.sampler.numDraws) * c.llc.checkpoints.length >= 600 ? createSgldWorkerPool(loss, Math.min(computeThreads(), c.llc.sampler.numChains)) : null,
        };
        contexts.set(archKey, context);
      }
      return runSeedGroup(group, context, options.trainWorkers);
    },
    close: async () => {
      for (const context of contexts.values()) await context.pool?.close();
      contexts.clear();
    },
  };
}

/**
 * MNIST runs as a kind of run that queue workers compute: named "mnist-run", at version
 * {@link MNIST_RUN_VERSION} on the active tfjs backend (the version of {@link mnistRunCache}).
 * @example
 * await setupBackend({ backend: "cpu" });
 * mnistRunKind.version(); // "mnist-run/4 on cpu"
 */
export const mnistRunKind: RunKind<MnistRunConfig, MnistRunRecord> = {
  name: "mnist-run",
  version: () => `${MNIST_RUN_VERSION} on ${tf.getBackend()}`,
  validate: validateMnistRunRecord,
  open: () => openMnistRuns(),
};

function withoutSeed(config: MnistRunConfig): unknown {
  const { seed: _s, ...rest } = config;
  return rest;
}

/**
 * Runs MNIST configurations through the experiment cache: cached records are read back, missing ones
 * are trained (seeds of one setting together, on worker threads via trainEnsemble) and analysed, and each
 * group is stored as soon as it finishes, so an interrupted sweep resumes. A cached record is used only
 * when it matches its digest and {@link validateMnistRunRecord}; otherwise it is reported and recomputed. One SGLD worker pool per
 * architecture serves all LLC estimates and is closed before returning.
 *
 * Per run (see {@link MnistRunRecord}): R(t) = |w(t) - w(0)| at log-spaced steps; alpha, the OLS slope
 * of log R on log t over [fitStartFraction T, T], with r^2; the LLC by SGLD at the late checkpoints
 * (n beta = n / log n by default, L_n(w*) exact when initLossBatches x batch ≥ n); lambda_bar their
 * mean; d_s = 2 lambda_bar alpha (arXiv 2503.22478); the LLC-free d_s of the projected late walk.
 *
 * @param configs run configurations (from {@link mnistRunConfig}).
 * @param options cache (default {@link mnistRunCache}), llcWorkers, progress, title.
 * @returns a {@link SweepResult} of {@link MnistRunRecord}s in input order.
 * @throws RangeError for a malformed configuration; DivergenceError when a run diverges (earlier groups stay cached).
 */
export async function runMnistSweep(configs: MnistRunConfig[], options: MnistSweepOptions = {}): Promise<SweepResult<MnistRunRecord>> {
  configs.forEach(checkConfig);
  const cache = options.cache ?? mnistRunCache();
  const session = openMnistRuns(options);
  const missing = configs.filter((c) => !cache.has(c, { validate: validateMnistRunRecord })).length;
  const progress = missing === 0 ? null : startProgress(options, { total: missing, title: options.title ?? `MNIST runs (${missing} to compute)` });
  try {
    return await runSweep<MnistRunConfig, MnistRunRecord>({
      configs,
      cache,
      groupKey: withoutSeed,
      maxGroupSize: 4,
      validate: validateMnistRunRecord,
      kind: mnistRunKind.name,
      ...(options.runner ? { runner: options.runner } : {}),
      runGroup: session.runGroup,
      onRunsDone: (_done, _total, computed) => progress?.update(computed - 1, 0),
      onStatus: (status) => progress?.note?.(formatRunnerStatus(status)),
    });
  } finally {
    progress?.finish();
    await session.close();
  }
}

/**
 * The displacement curve of a run as a one-dimensional walk x(t) = R(t), so that the diffusion
 * toolkit's ensemble estimators (reference snapshot 0) see |x(t) - x(0)|^2 = R(t)^2 = |w(t) - w(0)|^2:
 * the ensemble MSD of these walks is exactly the ensemble MSD of the weights from initialisation.
 * @example
 * displacementWalk({ steps: [0, 10], displacement: [0, 2] }).dimension; // 1
 */
export function displacementWalk(record: Pick<MnistRunRecord, "steps" | "displacement">): import("../diffusion/walk").Walk {
  return createWalk(Float64Array.from(record.displacement), 1, Float64Array.from(record.steps));
}
