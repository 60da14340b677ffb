/**
 * The calibrated LLC estimator against Aoyagi's learning coefficient on random deep linear networks:
 * the validation of notebook 02, one cached record per network.
 */
import { randomDeepLinearArchitectures, type RandomDeepLinearArchitecturesOptions } from "../slt/randomDeepLinearArchitectures";
import { createDeepLinearNetworkLoss, type DeepLinearNetworkOptions } from "../slt/deepLinearNetworkLoss";
import { calibrateLlcSampler, initialLlcStepSize, type LlcSamplerCalibrationOptions } from "../slt/calibrateLlcSampler";
import { hessianTopEigenvalue } from "../slt/hessianTopEigenvalue";
import { localLearningCoefficient } from "../slt/localLearningCoefficient";
import { sampleSgld } from "../slt/sampleSgld";
import { deepLinearLlcLowerBound } from "../slt/deepLinearLlcLowerBound";
import { createSgldWorkerPool } from "../slt/sgldWorkerPool";
import { schema, type PlainDataSchema } from "../util/plainDataSchema";
import { createRunCache, type RunCache } from "./runCache";
import { computeThreads } from "../util/computeThreads";

/** Version of the validation's computation, hashed into its cache keys. */
export const DEEP_LINEAR_VALIDATION_VERSION = "deep-linear-validation/1";

/** The data protocol of the validation (plain data). */
export interface DeepLinearProtocol {
  /** Samples n (n beta = n / log n). */
  numSamples: number;
  inputDistribution: "normal" | "uniform";
  inputScale: number;
  /** Which true parameters: alternate generic and most singular points ("both"), or one kind. */
  trueParameters: "both" | "generic" | "mostSingular";
}

/** Options of {@link deepLinearValidation}. */
export interface DeepLinearValidationOptions {
  /** How the architectures are drawn (count, seed, depth and width ranges, maxParams). */
  architectures: RandomDeepLinearArchitecturesOptions;
  protocol: DeepLinearProtocol;
  /** The calibration rule, the same for every network (no per-network tuning). */
  rule: Pick<LlcSamplerCalibrationOptions, "sampler" | "localization" | "batchSize" | "numChains" | "stepSizeFactor" | "relTol" | "initialSteps" | "minSteps" | "maxSteps" | "maxLocalizationSlope" | "adaptLocalization" | "rmspropEpsilon" | "preconditionerAdaptation" | "seed" | "criteria">;
  /** Cache (default `.cache/experiments`, version {@link DEEP_LINEAR_VALIDATION_VERSION}). */
  cache?: RunCache;
  /** Called after each network with its row (progress). */
  onNetwork?: (row: DeepLinearValidationRow, index: number, total: number) => void;
}

/** One network of the validation. */
export interface DeepLinearValidationRow {
  widths: number[];
  rank: number;
  numParams: number;
  layers: number;
  trueParameter: "generic" | "mostSingular";
  /** Aoyagi's lambda. */
  truth: number;
  /** The calibration's reference estimate (its smallest converged step size), its Monte Carlo standard error and relative error against the truth. */
  estimate: number;
  monteCarloStdError: number;
  relativeError: number;
  /** The calibration's verdict on itself: ok, and the flags when not. */
  ok: boolean;
  flags: string[];
  reasons: string[];
  stepSize: number;
  localization: number;
  stepsPerChain: number;
  localizationSlope: number | null;
  hessianTop: number;
  seconds: number;
  /**
   * Half the rank of the Jacobian of the end-to-end map at w* (deepLinearLlcLowerBound; the rank of the
   * Hessian of L_n there, the data being noise-free with n >= H_0): the local learning coefficient at
   * w* is at least this. Above `truth`, Aoyagi's lambda (the smallest local coefficient over the true
   * set) is provably not the local coefficient at this w*. Necessary, not sufficient: below it, Aoyagi's
   * lambda may still differ from the local value.
   */
  llcLowerBound: number;
  /** How clearly the numerical rank stands apart from rounding (deepLinearLlcLowerBound's `gap`; trust it above about 1e4). */
  rankGap: number;
  /** Rank of each layer at w* (how singular the point is). */
  layerRanks: number[];
  /** True when Aoyagi's lambda is at least the lower bound, so that it can be the local coefficient at w*. */
  truthAttainable: boolean;
}

/** What the cache holds of a row: the calibration's outcome (the bound is recomputed, in milliseconds). */
type CachedRow = Omit<DeepLinearValidationRow, "llcLowerBound" | "rankGap" | "layerRanks" | "truthAttainable">;

const { finite, integer, string, boolean, array, object, nullable, oneOf, literal } = schema;
const ROW_SCHEMA: PlainDataSchema = object({
  widths: array(integer), rank: integer, numParams: integer, layers: integer,
  trueParameter: oneOf(literal("generic"), literal("mostSingular")),
  truth: finite, estimate: finite, monteCarloStdError: nullable(finite), relativeError: finite,
  ok: boolean, flags: array(string), reasons: array(string),
  stepSize: finite, localization: finite, stepsPerChain: integer, localizationSlope: nullable(finite), hessianTop: finite, seconds: finite,
});
const validate = (record: unknown): string | null => schema.mismatch(record, ROW_SCHEMA, "row");

/**
 * Runs the calibrated LLC estimator (calibrateLlcSampler, one rule for all) on random deep linear
 * networks and compares each estimate with Aoyagi's learning coefficient (after Furman & Lau 2024,
 * arXiv 2402.03698). Each row also carries a certified lower bound of the local coefficient at w*
 * (deepLinearLlcLowerBound): where it exceeds Aoyagi's lambda, that lambda cannot be the target at
 * this point (`truthAttainable` false). Network i uses the data seed 1000 + i and, with trueParameters "both", the generic
 * true parameter for even i and the most singular one for odd i. Each row is cached, so a rerun
 * recomputes only what is missing.
 *
 * @param options architectures, protocol, rule, cache, onNetwork.
 * @returns one {@link DeepLinearValidationRow} per architecture, in order.
 * @throws as randomDeepLinearArchitectures, createDeepLinearNetworkLoss and calibrateLlcSampler.
 *
 * Complexity: one calibration per network (about 3.5 x 4 chains x the chosen chain length of steps).
 */
export async function deepLinearValidation(options: DeepLinearValidationOptions): Promise<DeepLinearValidationRow[]> {
  const architectures = randomDeepLinearArchitectures(options.architectures);
  const cache = options.cache ?? createRunCache({ version: DEEP_LINEAR_VALIDATION_VERSION });
  const rows: DeepLinearValidationRow[] = [];
  for (const [i, arch] of architectures.entries()) {
    const trueParameter: DeepLinearValidationRow["trueParameter"] =
      options.protocol.trueParameters === "both" ? (i % 2 === 0 ? "generic" : "mostSingular") : options.protocol.trueParameters;
    const lossOptions: DeepLinearNetworkOptions = {
      widths: arch.widths,
      rank: arch.rank,
      numSamples: options.protocol.numSamples,
      seed: 1000 + i,
      inputDistribution: options.protocol.inputDistribution,
      inputScale: options.protocol.inputScale,
      trueParameter,
    };
    const key = { loss: lossOptions, rule: options.rule };
    const loss = createDeepLinearNetworkLoss(lossOptions);
    let row = cache.get<CachedRow>(key, { validate });
    if (!row) {
      const t0 = performance.now();
      const pool = createSgldWorkerPool(loss, Math.min(computeThreads(), options.rule.numChains ?? 4));
      try {
        const calibration = await calibrateLlcSampler(loss, loss.trueParams, { ...options.rule, pool });
        const slope = calibration.localizationCheck.slope;
        row = {
          widths: arch.widths,
          rank: arch.rank,
          numParams: arch.numParams,
          layers: arch.widths.length - 1,
          trueParameter,
          truth: arch.learningCoefficient,
          estimate: calibration.reference.mean,
          monteCarloStdError: calibration.referenceConvergence.monteCarloStdError,
          relativeError: calibration.reference.mean / arch.learningCoefficient - 1,
          ok: calibration.ok,
          flags: calibration.flags,
          reasons: calibration.convergence.reasons,
          stepSize: calibration.settings.stepSize!,
          localization: calibration.settings.localization!,
          stepsPerChain: calibration.settings.numBurnin! + calibration.settings.numDraws!,
          localizationSlope: Number.isFinite(slope) ? slope : null,
          hessianTop: calibration.hessian.value,
          seconds: (performance.now() - t0) / 1000,
        };
      } finally {
        await pool.close();
      }
      cache.put(key, row, { validate });
    }
    const bound = deepLinearLlcLowerBound(arch.widths, loss.trueParams);
    const full: DeepLinearValidationRow = { ...row, llcLowerBound: bound.bound, rankGap: bound.gap, layerRanks: bound.layerRanks, truthAttainable: arch.learningCoefficient >= bound.bound };
    rows.push(full);
    options.onNetwork?.(full, i, architectures.length);
  }
  return rows;
}

/** Options of {@link deepLinearConstantMetricCheck}. */
export interface DeepLinearConstantMetricOptions {
  /** How the architectures are drawn (as for deepLinearValidation); networks with r = 0 are skipped. */
  architectures: RandomDeepLinearArchitecturesOptions;
  /** The data protocol; the true parameter is always the most singular point. */
  protocol: Omit<DeepLinearProtocol, "trueParameters">;
  /** The one setting for every network. */
  setting: {
    /**
     * Step sizes eps0 / divisor, ascending divisors (at least one, each > 0), eps0 the calibration's first
     * RMSProp step (initialLlcStepSize); the run at divisor k has steps x k / divisors[0] steps, the same
     * chain time as the first.
     */
    divisors: number[];
    /** Steps per chain at the first divisor, an integer >= 400: three quarters burn-in, one quarter draws. */
    steps: number;
    batchSize: number;
    numChains: number;
    localization: number;
    rmspropEpsilon: number;
    seed: number;
  };
  cache?: RunCache;
  onNetwork?: (row: DeepLinearConstantMetricRow, index: number, total: number) => void;
}

/** One network of {@link deepLinearConstantMetricCheck}: the estimate at each step size. */
export interface DeepLinearConstantMetricRow {
  widths: number[];
  rank: number;
  numParams: number;
  truth: number;
  runs: { stepSize: number; steps: number; mean: number; monteCarloStdError: number; rHat: number; ess: number; converged: boolean }[];
  /** Relative error of the run at the smallest step size (the last divisor). */
  relativeError: number;
  seconds: number;
}

const RUN_SCHEMA = object({ stepSize: finite, steps: integer, mean: finite, monteCarloStdError: finite, rHat: finite, ess: finite, converged: boolean });
const METRIC_ROW_SCHEMA: PlainDataSchema = object({ widths: array(integer), rank: integer, numParams: integer, truth: finite, runs: array(RUN_SCHEMA), relativeError: finite, seconds: finite });
const validateMetricRow = (record: unknown): string | null => schema.mismatch(record, METRIC_ROW_SCHEMA, "row");

/**
 * RMSProp-preconditioned SGLD with a constant metric (preconditionerAdaptation "burnIn": the metric
 * adapts over the first half of the burn-in, then stays fixed, so the stationary law is the localized
 * posterior up to step-size error) at the most singular point of deep linear networks, where the local
 * learning coefficient is Aoyagi's lambda exactly. One fixed setting for every network, not the
 * calibration rule: it shows whether the slow singular directions that hold plain SGLD below lambda
 * (notebook 02) are within reach of a sampler that rescales them. The metric is frozen at half of each
 * run's burn-in, so runs of different lengths use metrics adapted over different spans. Rows are cached.
 *
 * @param options architectures, protocol, setting, cache, onNetwork.
 * @returns one row per architecture with r > 0 (at r = 0 the curvature at w* = 0 is 0 and sets no step).
 * @throws RangeError for divisors that are empty, not > 0 or not ascending, or steps not an integer >= 400;
 *   as createDeepLinearNetworkLoss and sampleSgld (a diverging chain is not caught: the setting is fixed).
 *
 * Complexity: per network, numChains x steps x sum(divisors) / divisors[0] chain steps.
 */
export async function deepLinearConstantMetricCheck(options: DeepLinearConstantMetricOptions): Promise<DeepLinearConstantMetricRow[]> {
  const architectures = randomDeepLinearArchitectures(options.architectures);
  const cache = options.cache ?? createRunCache({ version: DEEP_LINEAR_VALIDATION_VERSION });
  const { setting } = options;
  const fn = "deepLinearConstantMetricCheck";
  const { divisors } = setting;
  if (!Array.isArray(divisors) || divisors.length === 0 || divisors.some((k, j) => !(k > 0 && Number.isFinite(k)) || (j > 0 && k <= divisors[j - 1]!))) {
    throw new RangeError(`${fn}: setting.divisors must be one or more finite numbers > 0 in ascending order, got ${JSON.stringify(divisors)}`);
  }
  if (!Number.isInteger(setting.steps) || setting.steps < 400) throw new RangeError(`${fn}: setting.steps must be an integer >= 400, got ${setting.steps}`);
  const kept = architectures.filter((a) => a.rank > 0).length;
  const rows: DeepLinearConstantMetricRow[] = [];
  for (const [i, arch] of architectures.entries()) {
    if (arch.rank === 0) continue;
    const lossOptions: DeepLinearNetworkOptions = {
      widths: arch.widths, rank: arch.rank, numSamples: options.protocol.numSamples, seed: 1000 + i,
      inputDistribution: options.protocol.inputDistribution, inputScale: options.protocol.inputScale, trueParameter: "mostSingular",
    };
    const key = { constantMetric: setting, loss: lossOptions };
    let row = cache.get<DeepLinearConstantMetricRow>(key, { validate: validateMetricRow });
    if (!row) {
      const t0 = performance.now();
      const loss = createDeepLinearNetworkLoss(lossOptions);
      const nBeta = loss.numSamples / Math.log(loss.numSamples);
      const curvature = Math.abs(hessianTopEigenvalue(loss, loss.trueParams, { maxSamples: 4096, seed: setting.seed }).value);
      const eps0 = initialLlcStepSize({ sampler: "rmsprop", curvature, nBeta, localization: setting.localization, rmspropEpsilon: setting.rmspropEpsilon });
      const pool = createSgldWorkerPool(loss, Math.min(computeThreads(), setting.numChains));
      const runs: DeepLinearConstantMetricRow["runs"] = [];
      try {
        for (const divisor of setting.divisors) {
          const steps = Math.round((setting.steps * divisor) / setting.divisors[0]!);
          const numBurnin = Math.round(0.75 * steps);
          const trace = await sampleSgld(loss, loss.trueParams, {
            nBeta, stepSize: eps0 / divisor, localization: setting.localization, batchSize: setting.batchSize, numChains: setting.numChains, seed: setting.seed,
            numBurnin, numDraws: steps - numBurnin, initLossBatches: Math.ceil(loss.numSamples / setting.batchSize),
            preconditioner: "rmsprop", preconditionerAdaptation: "burnIn", rmspropEpsilon: setting.rmspropEpsilon, pool,
          });
          const estimate = localLearningCoefficient(trace);
          const c = estimate.convergence!;
          runs.push({ stepSize: eps0 / divisor, steps, mean: estimate.mean, monteCarloStdError: c.monteCarloStdError, rHat: c.rHat, ess: c.ess, converged: c.converged });
        }
      } finally {
        await pool.close();
      }
      row = {
        widths: arch.widths, rank: arch.rank, numParams: arch.numParams, truth: arch.learningCoefficient, runs,
        relativeError: runs.at(-1)!.mean / arch.learningCoefficient - 1, seconds: (performance.now() - t0) / 1000,
      };
      cache.put(key, row, { validate: validateMetricRow });
    }
    rows.push(row);
    options.onNetwork?.(row, rows.length - 1, kept);
  }
  return rows;
}
