/**
 * The calibrated LLC estimator against Aoyagi's learning coefficient on random deep linear networks:
 * the validation of notebook 02, one cached record per network.
 */
import { randomDeepLinearArchitectures, type RandomDeepLinearArchitecturesOptions } from "../slt/randomDeepLinearArchitectures";
import { createDeepLinearNetworkLoss, type DeepLinearNetworkOptions } from "../slt/deepLinearNetworkLoss";
import { calibrateLlcSampler, LOWER_LOCALIZATION_REASONS, type LlcSamplerCalibrationOptions, type LowerLocalizationReason } from "../slt/calibrateLlcSampler";
import { deepLinearLlcLowerBound } from "../slt/deepLinearLlcLowerBound";
import { deepLinearHessianSpectrum } from "../slt/deepLinearHessianSpectrum";
import { localizedQuadraticLlc, type LocalizedQuadraticLlc } from "../slt/localizedQuadraticLlc";
import { resolveSgldSettings } from "../slt/sgldSettings";
import { createSgldWorkerPool } from "../slt/sgldWorkerPool";
import { schema, type PlainDataSchema } from "../util/plainDataSchema";
import { createRunCache, type RunCache } from "./runCache";
import { computeThreads } from "../util/computeThreads";

/** Version of the validation's computation, hashed into its cache keys. */
export const DEEP_LINEAR_VALIDATION_VERSION = "deep-linear-validation/5";

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
  rule: Pick<LlcSamplerCalibrationOptions, "sampler" | "metricAnisotropy" | "localization" | "batchSize" | "numChains" | "stepSizeFactor" | "relTol" | "initialSteps" | "minSteps" | "maxSteps" | "maxLocalizationSlope" | "adaptLocalization" | "lowerLocalizationCheck" | "rmspropEpsilon" | "preconditionerAdaptation" | "seed" | "criteria">;
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
  /** The estimate at gamma / 4 of the check below gamma (rule option lowerLocalizationCheck), its last reading that finished; null when it did not run, or no reading finished (a divergence, or chains longer than maxSteps needed). */
  lowerLocalizationEstimate: number | null;
  /** How that check ended (calibrateLlcSampler's lowerLocalizationCheck.reason); null when it did not run. */
  lowerLocalizationReason: LowerLocalizationReason | null;
  hessianTop: number;
  seconds: number;
  /**
   * A certified lower bound of the local learning coefficient at w* (deepLinearLlcLowerBound: the
   * largest of half the rank of the Jacobian of the end-to-end map, the bound of the reduction and
   * Aoyagi's lambda), and the local coefficient itself where `llcExact`. Above `truth`, Aoyagi's
   * lambda (the smallest local coefficient over the true set) is provably not the local coefficient
   * at this w*.
   */
  llcLowerBound: number;
  /** True when `llcLowerBound` is the local learning coefficient at w* (the reduction ends with one or two layers). */
  llcExact: boolean;
  /** Widths of the network after the merges that keep the local coefficient (deepLinearLlcLowerBound's reduction). */
  reducedWidths: number[];
  /** How clearly the numerical ranks stand apart from rounding (the smaller of the Jacobian's and the partial products' gaps; trust it above about 1e4). */
  rankGap: number;
  /** Rank of each layer at w* (how singular the point is). */
  layerRanks: number[];
  /** True when Aoyagi's lambda is at least the lower bound, so that it can be the local coefficient at w*. */
  truthAttainable: boolean;
  /**
   * What the estimate should reach: the local coefficient where it is known exactly ("exact"), else
   * Aoyagi's lambda where it can be the local value ("aoyagi"), else only the lower bound is known
   * ("lowerBound": the estimate may lie above it).
   */
  target: number;
  targetKind: "exact" | "aoyagi" | "lowerBound";
  /** estimate / target - 1. */
  targetError: number;
  /**
   * The quadratic model at w*: what the estimator would measure at this row's n beta and gamma if the
   * loss were its second-order expansion at w* (deepLinearHessianSpectrum, then localizedQuadraticLlc:
   * Q(gamma) = sum (1/2) n beta h_j / (n beta h_j + gamma) over the Hessian's positive eigenvalues).
   * The true set is curved, so this is the estimator's target only as far as the curvature stays the
   * same within the localizer's reach; where it does and the local coefficient is rank / 2, an estimate
   * near Q(gamma) but below rank / 2 is the localizer holding directions with n beta h_j ≲ gamma.
   */
  quadraticModel: LocalizedQuadraticLlc;
}

/** What the cache holds of a row: the calibration's outcome (the bound is recomputed, in milliseconds). */
type CachedRow = Omit<DeepLinearValidationRow, "llcLowerBound" | "llcExact" | "reducedWidths" | "rankGap" | "layerRanks" | "truthAttainable" | "target" | "targetKind" | "targetError" | "quadraticModel">;

const { finite, integer, string, boolean, array, object, nullable, oneOf, literal } = schema;
const ROW_SCHEMA: PlainDataSchema = object({
  widths: array(integer), rank: integer, numParams: integer, layers: integer,
  trueParameter: oneOf(literal("generic"), literal("mostSingular")),
  truth: finite, estimate: finite, monteCarloStdError: nullable(finite), relativeError: finite,
  ok: boolean, flags: array(string), reasons: array(string),
  stepSize: finite, localization: finite, stepsPerChain: integer, localizationSlope: nullable(finite), lowerLocalizationEstimate: nullable(finite),
  lowerLocalizationReason: nullable(oneOf(...LOWER_LOCALIZATION_REASONS.map((r) => literal(r)))), hessianTop: finite, seconds: finite,
});
const validate = (record: unknown): string | null => schema.mismatch(record, ROW_SCHEMA, "row");

/**
 * Runs the calibrated LLC estimator (calibrateLlcSampler, one rule for all) on random deep linear
 * networks and compares each estimate with Aoyagi's learning coefficient (after Furman & Lau 2024,
 * arXiv 2402.03698) and with what is known of the local coefficient at w* (deepLinearLlcLowerBound):
 * its exact value where the point reduces to two layers, else a certified lower bound; where that
 * exceeds Aoyagi's lambda, that lambda cannot be the target at this point (`truthAttainable` false).
 * `target` is what the estimate should reach. Network i uses the data seed 1000 + i and, with trueParameters "both", the generic
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
          lowerLocalizationEstimate: calibration.lowerLocalizationCheck && Number.isFinite(calibration.lowerLocalizationCheck.mean) ? calibration.lowerLocalizationCheck.mean : null,
          lowerLocalizationReason: calibration.lowerLocalizationCheck?.reason ?? null,
          hessianTop: calibration.hessian.value,
          seconds: (performance.now() - t0) / 1000,
        };
      } finally {
        await pool.close();
      }
      cache.put(key, row, { validate });
    }
    const bound = deepLinearLlcLowerBound(arch.widths, loss.trueParams);
    // The rule's n beta (it sets none: n / log n, the calibration's default).
    const nBeta = resolveSgldSettings(loss, { batchSize: options.rule.batchSize ?? Math.min(64, loss.numSamples) }).nBeta;
    const truthAttainable = arch.learningCoefficient >= bound.bound;
    const [target, targetKind] = bound.exact ? [bound.bound, "exact" as const] : truthAttainable ? [arch.learningCoefficient, "aoyagi" as const] : [bound.bound, "lowerBound" as const];
    const full: DeepLinearValidationRow = {
      ...row, llcLowerBound: bound.bound, llcExact: bound.exact, reducedWidths: bound.reduction.widths, rankGap: Math.min(bound.gap, bound.reduction.gap),
      layerRanks: bound.layerRanks, truthAttainable, target, targetKind, targetError: row.estimate / target - 1,
      quadraticModel: localizedQuadraticLlc(deepLinearHessianSpectrum(arch.widths, loss.trueParams, loss.inputs).curvatures, nBeta, row.localization),
    };
    rows.push(full);
    options.onNetwork?.(full, i, architectures.length);
  }
  return rows;
}
