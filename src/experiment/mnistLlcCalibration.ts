/**
 * The LLC setting of the MNIST experiments, calibrated once per architecture and optimizer at the
 * last checkpoint of a reference run, and cached like the runs themselves.
 */
import * as tf from "@tensorflow/tfjs-core";
import { loadMnist } from "../data/mnist";
import { denseNetwork } from "../model/denseNetwork";
import { classificationData } from "../model/supervisedData";
import { calibrateLlcSampler, type LlcSamplerCalibration, type LlcSamplerCalibrationOptions } from "../slt/calibrateLlcSampler";
import { createMnistNetworkLoss } from "../slt/mnistNetworkLoss";
import { createSgldWorkerPool } from "../slt/sgldWorkerPool";
import { train } from "../train/train";
import { mnistRunConfig, type MnistLlcConfig, type MnistRunConfig, type MnistSamplerSetting } from "./mnistRun";
import { createRunCache, type RunCache } from "./runCache";
import { schema, type PlainDataSchema } from "../util/plainDataSchema";
import { computeThreads } from "../util/computeThreads";

/** Version of the calibration, hashed into its cache keys: bump it when the rule changes. */
export const MNIST_LLC_CALIBRATION_VERSION = "mnist-llc-calibration/1";

/** What the calibration may be told (plain data: part of its cache key). */
export type MnistCalibrationRule = { sampler?: "sgld" | "rmsprop" } & Pick<
  LlcSamplerCalibrationOptions,
  "localization" | "batchSize" | "numChains" | "stepSizeFactor" | "relTol" | "initialSteps" | "minSteps" | "maxSteps" | "maxLocalizationSlope" | "adaptLocalization" | "rmspropEpsilon" | "seed"
>;

/** Options of {@link calibrateMnistLlc}. */
export interface MnistLlcCalibrationOptions {
  /** The reference run: mnistRunConfig overrides (architecture, optimizer, learning rate, ...); its seed's last checkpoint is w*. */
  run?: Parameters<typeof mnistRunConfig>[0];
  /** The calibration rule's options (default: RMSProp-SGLD, gamma from 1, batch 64, 4 chains, at most 16,000 steps per chain). */
  rule?: MnistCalibrationRule;
  /** Cache (default `.cache/experiments`, version {@link MNIST_LLC_CALIBRATION_VERSION} on the active backend). */
  cache?: RunCache;
  /** Progress lines of the calibration (default none). */
  onProgress?: (message: string) => void;
}

/** A calibration as plain data: the chosen setting and the evidence for it. */
export interface MnistLlcCalibration {
  /** The reference run and the rule it was calibrated with. */
  run: MnistRunConfig;
  rule: MnistCalibrationRule;
  /** The setting to put in `llc.sampler` of this architecture and optimizer's runs. */
  sampler: MnistSamplerSetting;
  /** 1 / h_max at the reference point: the step of the per-checkpoint "not a minimum" check. */
  descentStepSize: number;
  ok: boolean;
  flags: LlcSamplerCalibration["flags"];
  choices: LlcSamplerCalibration["choices"];
  /** The estimate at the chosen setting, with its diagnostics. */
  estimate: { mean: number; std: number; monteCarloStdError: number; rHat: number; ess: number; converged: boolean; reasons: string[]; localizerShare: number };
  hessian: { value: number; iterations: number; converged: boolean };
  nBeta: number;
  /** n beta times the drop of a short descent from w*, over lambda_hat. */
  descentShare: number;
  localizationCheck: LlcSamplerCalibration["localizationCheck"];
  /** Every sampling run: stage, step size, gamma, steps per chain, estimate, its error, converged, what it decided. */
  trials: { stage: string; stepSize: number; localization: number; steps: number; mean: number; monteCarloStdError: number; converged: boolean; note: string; reasons: string[] }[];
  /** Test accuracy of the reference run, and seconds spent training it and calibrating. */
  testAccuracy: number;
  trainSeconds: number;
  calibrationSeconds: number;
}

const { finite, integer, string, boolean, array, object, nullable } = schema;
const statistic = nullable(finite);
/** Schema of a calibration record as JSON stores it (checked when it is read back from the cache and when stored). */
const CALIBRATION_SCHEMA: PlainDataSchema = object(
  {
    run: schema.unknown,
    rule: schema.unknown,
    sampler: object({
      stepSize: finite, localization: finite, numChains: integer, numBurnin: integer, numDraws: integer, batchSize: integer,
      nBetaRule: schema.oneOf(schema.literal("numSamples"), schema.literal("batchSize")),
      preconditioner: schema.oneOf(schema.literal("none"), schema.literal("rmsprop")),
      rmspropEpsilon: finite,
    }),
    descentStepSize: finite,
    ok: boolean,
    flags: array(string),
    choices: schema.dictionary(string),
    estimate: object({ mean: finite, std: statistic, monteCarloStdError: statistic, rHat: statistic, ess: statistic, converged: boolean, reasons: array(string), localizerShare: finite }),
    hessian: object({ value: finite, iterations: integer, converged: boolean }),
    nBeta: finite,
    descentShare: statistic,
    localizationCheck: object({ localization: finite, higher: finite, mean: statistic, higherMean: statistic, slope: statistic }),
    trials: array(object({ stage: string, stepSize: finite, localization: finite, steps: integer, mean: statistic, monteCarloStdError: statistic, converged: boolean, note: string, reasons: array(string) })),
    testAccuracy: finite,
    trainSeconds: finite,
    calibrationSeconds: finite,
  },
  schema.unknown,
);
const validate = (record: unknown): string | null => schema.mismatch(record, CALIBRATION_SCHEMA, "calibration");

const DEFAULT_RULE: MnistCalibrationRule = { sampler: "rmsprop", localization: 1, batchSize: 64, numChains: 4, maxSteps: 16000, seed: 0 };

/**
 * Calibrates the LLC sampler for the MNIST runs of one architecture and optimizer: trains the reference
 * run (bit-identical to the sweep's run of the same configuration), takes its last weights as w*, and
 * applies calibrateLlcSampler (h_max by Lanczos, the "not a minimum" check, eps from the stability
 * bound, the chain length by doubling until converged, the eps plateau, the gamma check). The result
 * is cached: later calls with the same run and rule read it back.
 *
 * @param options run (mnistRunConfig overrides), rule, cache, onProgress.
 * @returns the {@link MnistLlcCalibration} (plain data), whose `sampler` goes into `llc.sampler`.
 * @throws as mnistRunConfig, train and calibrateLlcSampler.
 *
 * Complexity: one training run plus the calibration (about 4 sampling runs of the final length).
 */
export async function calibrateMnistLlc(options: MnistLlcCalibrationOptions = {}): Promise<MnistLlcCalibration> {
  const run = mnistRunConfig(options.run ?? {});
  const rule: MnistCalibrationRule = { ...DEFAULT_RULE, ...(options.rule ?? {}) };
  if ((rule.sampler as string) === "metric") throw new RangeError(`calibrateMnistLlc: rule.sampler "metric" builds its metric from the Hessian at one point, and this setting is reused at every checkpoint; use "rmsprop" or "sgld"`);
  const cache = options.cache ?? createRunCache({ version: `${MNIST_LLC_CALIBRATION_VERSION} on ${tf.getBackend()}` });
  // Only what determines the reference weights and the loss: runs that differ in capture or fit
  // settings share one calibration.
  const reference = { widths: run.widths, trainLimit: run.trainLimit, testLimit: run.testLimit, optimizer: run.optimizer, learningRate: run.learningRate, batchSize: run.batchSize, numSteps: run.numSteps, seed: run.seed };
  const key = { run: reference, rule };
  const cached = cache.get<MnistLlcCalibration>(key, { validate });
  if (cached) return cached;
  const data = classificationData(loadMnist({ limit: run.trainLimit }));
  const testData = classificationData(loadMnist({ split: "test", limit: run.testLimit }));
  const t0 = performance.now();
  const trained = await train({
    network: denseNetwork({ widths: run.widths }),
    data,
    testData,
    numSteps: run.numSteps,
    batchSize: run.batchSize,
    seed: run.seed,
    optimizer: { kind: run.optimizer, learningRate: run.learningRate },
    evaluateEvery: 0,
    progress: false,
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  const loss = await createMnistNetworkLoss({ widths: run.widths, data });
  const pool = createSgldWorkerPool(loss, Math.min(computeThreads(), rule.numChains ?? 4));
  let calibration: LlcSamplerCalibration;
  try {
    calibration = await calibrateLlcSampler(loss, trained.params.slice(), {
      ...rule,
      pool,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    await pool.close();
  }
  const s = calibration.settings;
  const sampler: MnistSamplerSetting = {
    stepSize: s.stepSize!,
    localization: s.localization!,
    numChains: s.numChains!,
    numBurnin: s.numBurnin!,
    numDraws: s.numDraws!,
    batchSize: calibration.estimate.settings.batchSize,
    nBetaRule: calibration.estimate.nBetaRule === "batchSize" ? "batchSize" : "numSamples",
    preconditioner: s.preconditioner === "rmsprop" ? "rmsprop" : "none",
    rmspropEpsilon: s.rmspropEpsilon ?? 1e-3,
  };
  const c = calibration.convergence;
  const last = trained.evaluations.testAccuracy!.length - 1;
  const record: MnistLlcCalibration = {
    run,
    rule,
    sampler,
    descentStepSize: 1 / Math.abs(calibration.hessian.value),
    ok: calibration.ok,
    flags: calibration.flags,
    choices: calibration.choices,
    estimate: {
      mean: calibration.estimate.mean,
      std: calibration.estimate.std,
      monteCarloStdError: c.monteCarloStdError,
      rHat: c.rHat,
      ess: c.ess,
      converged: c.converged,
      reasons: c.reasons,
      localizerShare: c.localizerShare,
    },
    hessian: { value: calibration.hessian.value, iterations: calibration.hessian.iterations, converged: calibration.hessian.converged },
    nBeta: calibration.estimate.nBeta,
    descentShare: calibration.descentShare,
    localizationCheck: calibration.localizationCheck,
    trials: calibration.trials.map((t) => ({
      stage: t.stage,
      stepSize: t.stepSize,
      localization: t.localization,
      steps: t.numBurnin + t.numDraws,
      mean: t.mean,
      monteCarloStdError: t.stdError,
      converged: t.convergence.converged,
      note: t.note,
      reasons: t.convergence.reasons,
    })),
    testAccuracy: trained.evaluations.testAccuracy![last]!,
    trainSeconds,
    calibrationSeconds: calibration.elapsedMs / 1000,
  };
  cache.put(key, record, { validate });
  return record;
}

/**
 * A sweep base with the calibrated LLC setting in place: `llc.sampler` and the descent step of the
 * "not a minimum" check come from the calibration, everything else from `base`.
 * @example
 * const calibration = { sampler: MNIST_DEFAULT_SAMPLER, descentStepSize: 0.2 } as MnistLlcCalibration;
 * withCalibratedLlc({ widths: [784, 32, 10], llc: { checkpoints: [1] } }, calibration).llc.sampler.numChains; // 4
 */
export function withCalibratedLlc<T extends { llc?: Partial<MnistLlcConfig> }>(base: T, calibration: Pick<MnistLlcCalibration, "sampler" | "descentStepSize">): T & { llc: Partial<MnistLlcConfig> } {
  return { ...base, llc: { ...(base.llc ?? {}), sampler: calibration.sampler, descentStepSize: calibration.descentStepSize } };
}

/**
 * One table row per calibration: what was calibrated, the chosen setting, and the evidence (the
 * estimate at the reference run with its Monte Carlo error, R-hat, ESS, the gamma check, the flags).
 */
export function llcCalibrationRows(calibrations: readonly MnistLlcCalibration[]): Record<string, string | number>[] {
  return calibrations.map((c) => ({
    network: c.run.widths.join("-"),
    optimizer: `${c.run.optimizer}, lr ${c.run.learningRate}, B ${c.run.batchSize}`,
    sampler: c.sampler.preconditioner === "rmsprop" ? "RMSProp-SGLD" : "SGLD",
    "n β": Number(c.nBeta.toPrecision(5)),
    "ε": Number(c.sampler.stepSize.toPrecision(3)),
    "γ": c.sampler.localization,
    chains: `${c.sampler.numChains} × (${c.sampler.numBurnin} + ${c.sampler.numDraws})`,
    "λ̂ at the reference run": `${c.estimate.mean.toFixed(1)} ± ${c.estimate.monteCarloStdError.toFixed(1)}`,
    "R̂ / ESS": `${c.estimate.rHat.toFixed(3)} / ${Math.round(c.estimate.ess)}`,
    "d log λ̂ / d log γ": Number.isFinite(c.localizationCheck.slope) ? Number(c.localizationCheck.slope.toFixed(2)) : "n/a",
    "h_max": Number(c.hessian.value.toPrecision(3)),
    flags: c.flags.join(", ") || "none",
    seconds: Math.round(c.trainSeconds + c.calibrationSeconds),
  }));
}
