import type { MinibatchLoss } from "../model/minibatchLoss";
import { DivergenceError } from "../util/divergenceError";
import { hessianMetric, type HessianMetric } from "./hessianMetric";
import { hessianTopEigenvalue, type HessianTopEigenvalue } from "./hessianTopEigenvalue";
import { llcConvergence, type LlcConvergence, type LlcConvergenceCriteria } from "./llcConvergence";
import { localLearningCoefficient, type LlcEstimate } from "./localLearningCoefficient";
import { sampleSgld } from "./sampleSgld";
import type { SgldChainState } from "./sgldChain";
import { resolveSgldSettings, type SgldOptions } from "./sgldSettings";
import { NOT_A_MINIMUM_SHARE, shortDescent, type ShortDescent } from "./shortDescent";

/** Options of {@link calibrateLlcSampler} (all optional). */
export interface LlcSamplerCalibrationOptions {
  /**
   * Sampler: "rmsprop" (default; RMSProp-preconditioned SGLD), "sgld" (plain), or "metric": SGLD with
   * the constant metric (n beta H + s I)^(-1) of the Hessian at w* (hessianMetric), built again whenever
   * the calibration lowers gamma (the gamma x localizationFactor check runs with the metric of the gamma it checks).
   */
  sampler?: "sgld" | "rmsprop" | "metric";
  /** With sampler "metric": the largest ratio of the metric's eigenvalues (default 100; see hessianMetric). */
  metricAnisotropy?: number;
  /** Inverse temperature n beta, > 0; default from `nBetaRule`. */
  nBeta?: number;
  /** Rule for n beta when not given (default "numSamples": n / log n, Watanabe's beta = 1 / log n). */
  nBetaRule?: "numSamples" | "batchSize";
  /** Localization gamma to start from (default 1), > 0; the gamma check may lower it (see `adaptLocalization`). */
  localization?: number;
  /** Minibatch size m of the chains (default min(n, 64)). */
  batchSize?: number;
  /** Chains per run (default 4), an integer >= 4. */
  numChains?: number;
  /**
   * kappa of the first step size eps0 = kappa / (n beta h + gamma G_max), h the largest eigenvalue of
   * the (preconditioned) Hessian at w*, G_max the largest preconditioner entry (with sampler "metric":
   * eps0 = kappa / the metric's largest precision at w*, at most 1) (default 0.1), in (0, 2).
   */
  stepSizeFactor?: number;
  /** Relative tolerance of the plateaus in chain length, step size and localization (default 0.05), in (0, 1). */
  relTol?: number;
  /** Steps per chain (burn-in + draws) of the first run (default 2000), an integer >= 400. */
  initialSteps?: number;
  /** Fewest steps per chain a run may have when eps is doubled (default 1000), an integer >= 400. */
  minSteps?: number;
  /**
   * Most steps per chain of the length search and of the check below gamma (default 64000); the
   * calibration stops there and says so. Exception: a step-size halving (rule 5) runs eps / 2 with
   * twice the steps of the run it checks, which may already be maxSteps long, so one run can reach
   * 2 maxSteps, and so can the chosen run when a halving is kept (the cached calibrations of notebooks
   * 02 and 09 were made with this rule; changing it means recomputing them).
   */
  maxSteps?: number;
  /** Fraction of each chain discarded as burn-in (default 0.75, "burn-in at least as long as the draws"), in [0.5, 1). */
  burnInFraction?: number;
  /** Step-size halvings tried when the estimate moves with eps (default 3), an integer >= 1. */
  maxHalvings?: number;
  /** gamma of the localization check is gamma x this factor (default 4), > 1. */
  localizationFactor?: number;
  /** Largest |d log lambda_hat / d log gamma| accepted (default 0.15): beyond it the localizer, not the loss, sets the estimate. */
  maxLocalizationSlope?: number;
  /** Lower gamma by `localizationFactor` (at most this many times, default 2) while the check fails. */
  adaptLocalization?: number;
  /**
   * Also check gamma / localizationFactor once gamma is chosen (default false): the estimate there must
   * agree with the reference estimate (the run at the smallest step, the one with the least step error)
   * within relTol + 2 standard errors, else "localizerDominated" (gamma is not lowered: at a generic
   * point a weaker localizer lets the chains wander along the true set).
   * Why: directions the loss curves only weakly (n beta h of order gamma) are held by the localizer,
   * which lowers the estimate by a share that changes little between gamma and 4 gamma but shows when
   * gamma is lowered (11-9-4-18-18-3-4 of notebook 02: 14.7 at gamma = 100, its local coefficient 18).
   * The first reading is at the chosen step and length; each reading is lengthened (doubling, at most
   * maxSteps) until its chains converge. If the first agrees with the reference, the check passes, and
   * its reading keeps whatever error the chosen step has at gamma / factor (a weaker localizer lets the
   * chains reach where a step accurate at gamma is less so: 6-18-19-4-17 of notebook 02 read 20.8 at
   * gamma / 4 with the chosen step, 18.2 with the step calibrated at gamma / 4, and agreed at once).
   * If it disagrees, the step is checked: eps is halved (twice the length the previous reading reached,
   * the same chain time), at most maxHalvings times, until two successive readings agree (a plateau in
   * eps at gamma / factor), and the finer of them is compared with the reference once. An unconverged
   * reading, a divergence, a reading that would need more than maxSteps steps or no plateau within the
   * halvings leaves the check undecided: "localizerUnchecked". See {@link lowerLocalizationSearch}.
   */
  lowerLocalizationCheck?: boolean;
  /** RMSProp stabiliser added to sqrt(V) (default 1e-3; see SgldOptions.rmspropEpsilon). */
  rmspropEpsilon?: number;
  /**
   * When RMSProp's metric adapts (default "continuous"; see SgldOptions.preconditionerAdaptation):
   * "burnIn" adapts it over the first steps of every run and then freezes it, a constant metric: every
   * run freezes at the same step, half the burn-in of the first run (or the whole burn-in of the
   * shortest run the calibration can make, min(initialSteps, minSteps) steps, when that is less), so
   * runs of every length share one adaptation span, the length search's continued chains equal fresh
   * runs, and the returned settings carry that step.
   */
  preconditionerAdaptation?: "continuous" | "burnIn";
  /** Gradient-descent steps of the "not a minimum" check (default 20). */
  descentSteps?: number;
  /**
   * Polish w* before sampling by this many full-batch gradient-descent steps at 1 / h_max (default 0:
   * no polishing). The polished point is the centre of every chain and is returned as `center`.
   */
  polishSteps?: number;
  /** Samples of the Hessian and descent subsets (default 4096 and 20000). */
  hessianSamples?: number;
  descentSamples?: number;
  /** Convergence thresholds of every run (see llcConvergence). */
  criteria?: LlcConvergenceCriteria;
  seed?: number;
  /** Worker pool / workers, passed to every sampleSgld run. */
  pool?: SgldOptions["pool"];
  workers?: SgldOptions["workers"];
  /** Called after each sampling run with a one-line description (progress). */
  onProgress?: (message: string) => void;
}

/** One sampling run of the calibration. */
export interface LlcCalibrationTrial {
  stage: "length" | "stepSize" | "localization";
  stepSize: number;
  localization: number;
  numBurnin: number;
  numDraws: number;
  mean: number;
  stdError: number;
  convergence: LlcConvergence;
  /** What the run decided, in words. */
  note: string;
}

/** A calibrated SGLD setting for the LLC at one point, with every choice and why. */
export interface LlcSamplerCalibration {
  /** True when the chosen setting passed every check (converged, eps plateau, gamma check). */
  ok: boolean;
  /** What failed (empty when ok): "unconverged", "noStepSizePlateau", "localizerDominated", "localizerUnchecked" (the gamma check diverged, or the check below gamma was undecided), "notAMinimum". */
  flags: ("unconverged" | "noStepSizePlateau" | "localizerDominated" | "localizerUnchecked" | "notAMinimum")[];
  /** The chosen sampler options: pass them to estimateLlc at this model's other points. */
  settings: SgldOptions;
  /** The estimate at the chosen setting, with its convergence record. */
  estimate: LlcEstimate;
  convergence: LlcConvergence;
  /**
   * The most accurate estimate the calibration made at w*: the converged run at the smallest step
   * size of the plateau (the chosen setting is the largest step size that agrees with it, cheaper for
   * other points but with up to relTol more discretisation bias).
   */
  reference: LlcEstimate;
  referenceConvergence: LlcConvergence;
  /** Each choice with its reason. */
  choices: { nBeta: string; stepSize: string; length: string; localization: string; sampler: string };
  /** Largest Hessian eigenvalue at w* (and of the preconditioned Hessian for RMSProp). */
  hessian: HessianTopEigenvalue;
  preconditionedCurvature: number | null;
  /** With sampler "metric": the metric of the chosen gamma and how it was built (its arrays are in settings.metric); else null. */
  metric: Omit<HessianMetric, "metric"> | null;
  /** The short descent from w*: n beta times its drop, against the estimate, decides "notAMinimum". */
  descent: ShortDescent;
  descentShare: number;
  /** The centre used (w*, or w* polished). */
  center: Float32Array;
  /** The gamma check: estimates at gamma and gamma x factor, and d log lambda / d log gamma. */
  localizationCheck: { localization: number; higher: number; mean: number; higherMean: number; slope: number };
  /* slope and higherMean are NaN when the check diverged or an estimate was not positive. */
  /**
   * With `lowerLocalizationCheck`: the last reading at gamma / factor that finished (NaN when none
   * did), its step, how many sampling runs the check made, its outcome ("agrees" with the reference,
   * "differs" from it at a plateau in eps, or "undecided") and why (see {@link lowerLocalizationSearch});
   * null when the check did not run (not asked for, or gamma already flagged).
   */
  lowerLocalizationCheck: { localization: number; mean: number; stepSize: number; runs: number; agrees: boolean; outcome: LowerLocalizationOutcome; reason: LowerLocalizationReason } | null;
  /** Every sampling run, in order. */
  trials: LlcCalibrationTrial[];
  elapsedMs: number;
}

/** A chain that diverged (the sampler's DivergenceError), as opposed to a programming error. */
function isDivergence(error: unknown): boolean {
  return error instanceof DivergenceError;
}

/** How the check below gamma ended (see {@link lowerLocalizationSearch}). */
export type LowerLocalizationOutcome = "agrees" | "differs" | "undecided";
/** Why it ended: agreement at once or at a plateau in eps, a plateau apart, or what stopped it undecided. */
export const LOWER_LOCALIZATION_REASONS = ["agreesAtOnce", "agreesAtPlateau", "differsAtPlateau", "unconverged", "diverged", "lengthLimit", "noPlateau"] as const;
/** One of {@link LOWER_LOCALIZATION_REASONS}. */
export type LowerLocalizationReason = (typeof LOWER_LOCALIZATION_REASONS)[number];

/**
 * The decisions of the check below gamma (step 7 of {@link calibrateLlcSampler}). `sample(eps, steps)`
 * makes one reading at gamma / factor: chains of at least `steps` steps, lengthened by the caller until
 * they converge or reach its limit, reporting the length reached and whether they converged. The
 * first reading is at `limits.stepSize` and `limits.steps` (calibrateLlcSampler passes the chosen
 * step and length): when it agrees with the reference, the check passes ("agreesAtOnce"). Otherwise
 * eps is halved with twice the length the previous reading reached (the same chain time), at most
 * maxHalvings times, until two successive readings agree with each other (a plateau in eps at gamma /
 * factor); only then is the finer one compared with the reference ("agreesAtPlateau" or
 * "differsAtPlateau"), so the reference is tested once after the first reading, not once per halving. A reading that has not converged, a divergence, a length beyond maxSteps or
 * the end of the halvings leaves the check "undecided". `last` is the last reading that finished and
 * `stepSize` its step. @internal
 */
export async function lowerLocalizationSearch<R>(
  sample: (stepSize: number, steps: number) => Promise<{ run: R; steps: number; converged: boolean }>,
  agreesWithReference: (run: R) => boolean,
  agreeWithEachOther: (a: R, b: R) => boolean,
  limits: { stepSize: number; steps: number; maxHalvings: number; maxSteps: number },
): Promise<{ outcome: LowerLocalizationOutcome; reason: LowerLocalizationReason; last: R | null; stepSize: number }> {
  let stepSize = limits.stepSize, steps = limits.steps;
  let previous: { run: R; steps: number } | null = null, lastStep = stepSize;
  const end = (outcome: LowerLocalizationOutcome, reason: LowerLocalizationReason) => ({ outcome, reason, last: previous ? previous.run : null, stepSize: lastStep });
  for (let halving = 0; halving <= limits.maxHalvings; halving++) {
    if (steps > limits.maxSteps) return end("undecided", "lengthLimit");
    let reading: { run: R; steps: number; converged: boolean };
    try {
      reading = await sample(stepSize, steps);
    } catch (error) {
      if (!isDivergence(error)) throw error;
      return end("undecided", "diverged");
    }
    const before = previous;
    previous = reading;
    lastStep = stepSize;
    if (!reading.converged) return end("undecided", "unconverged");
    if (before === null) {
      if (agreesWithReference(reading.run)) return end("agrees", "agreesAtOnce");
    } else if (agreeWithEachOther(before.run, reading.run)) {
      return agreesWithReference(reading.run) ? end("agrees", "agreesAtPlateau") : end("differs", "differsAtPlateau");
    }
    stepSize /= 2;
    steps = 2 * reading.steps;
  }
  return end("undecided", "noPlateau");
}

interface RunResult {
  estimate: LlcEstimate;
  convergence: LlcConvergence;
  /** The chains' final states, kept while the length search may double them. */
  chainStates?: SgldChainState[];
}

/** The curvature an SGLD chain feels at w* and its largest preconditioner entry (see calibrateLlcSampler, step 2). */
function sampledCurvature(sampler: "sgld" | "rmsprop", h: number, nBeta: number, rmspropEpsilon: number): { preconditionedCurvature: number | null; gMax: number } {
  if (sampler === "sgld") return { preconditionedCurvature: null, gMax: 1 };
  return { preconditionedCurvature: h / Math.max(rmspropEpsilon, Math.sqrt(h / nBeta)), gMax: 1 / rmspropEpsilon };
}

/** Inputs of {@link initialLlcStepSize}. */
export interface InitialLlcStepSizeOptions {
  sampler: "sgld" | "rmsprop";
  /** |h_max|, the largest Hessian eigenvalue of L_n at w* (hessianTopEigenvalue), >= 0. */
  curvature: number;
  /** n beta, > 0. */
  nBeta: number;
  /** gamma, > 0. */
  localization: number;
  /** RMSProp stabiliser e (default 1e-3, the calibration's). */
  rmspropEpsilon?: number;
  /** kappa (default 0.1, the calibration's). */
  stepSizeFactor?: number;
}

/**
 * The first step size of the LLC calibration, eps0 = kappa / (n beta h + gamma G_max): a fraction kappa
 * of the Euler stability limit of the stiffest direction (calibrateLlcSampler, steps 2–3). For RMSProp,
 * h is the curvature the preconditioned chain feels at equilibrium, h_max / max(e, sqrt(h_max / n beta)),
 * and G_max = 1 / e; for plain SGLD, h = h_max and G_max = 1.
 *
 * @param options sampler, curvature, nBeta, localization, rmspropEpsilon, stepSizeFactor.
 * @returns eps0 (> 0 when the curvature or gamma is).
 * @throws RangeError for a negative or non-finite curvature, or nBeta, localization, stepSizeFactor (or, for RMSProp, rmspropEpsilon) not > 0.
 * @example
 * initialLlcStepSize({ sampler: "sgld", curvature: 9, nBeta: 10, localization: 10 }); // 0.001
 */
export function initialLlcStepSize(options: InitialLlcStepSizeOptions): number {
  const fn = "initialLlcStepSize";
  const { sampler, curvature, nBeta, localization } = options;
  const rmspropEpsilon = options.rmspropEpsilon ?? 1e-3, kappa = options.stepSizeFactor ?? 0.1;
  if (!(curvature >= 0 && Number.isFinite(curvature))) throw new RangeError(`${fn}: curvature must be a finite number >= 0 (|h_max|), got ${curvature}`);
  const checked = [["nBeta", nBeta], ["localization", localization], ["stepSizeFactor", kappa], ...(sampler === "rmsprop" ? [["rmspropEpsilon", rmspropEpsilon] as const] : [])] as const;
  for (const [name, v] of checked) {
    if (!(v > 0 && Number.isFinite(v))) throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${v}`);
  }
  const { preconditionedCurvature, gMax } = sampledCurvature(sampler, curvature, nBeta, rmspropEpsilon);
  return kappa / (nBeta * (preconditionedCurvature ?? curvature) + localization * gMax);
}

/**
 * Calibrates the SGLD sampler of the local learning coefficient at one point from the sampler's own
 * behaviour — never from a known lambda — and returns the setting with the estimate it gives.
 *
 * Symbol: lambda_hat(w*) = n beta (E[L_n(w)] - L_n(w*)) under p(w) ∝ exp(-n beta L_n(w) - gamma/2 |w - w*|^2)
 * (paper.md, "Estimating the LLC"; Lau et al. 2023; Furman & Lau 2024).
 * The rule, step by step (each recorded in `choices` and `trials`):
 * 1. Curvature: h_max, the largest Hessian eigenvalue at w* (Lanczos, hessianTopEigenvalue). A short
 *    gradient descent from w* measures how far below L(w*) the loss goes nearby ("notAMinimum" when
 *    n beta times the drop exceeds NOT_A_MINIMUM_SHARE = 5 % of lambda_hat); w* is polished first when asked.
 * 2. n beta = n / log n unless given. For RMSProp the curvature the sampler feels is that of
 *    G^(1/2) H G^(1/2) with G = 1 / (sqrt(V) + e); at equilibrium V_i ≈ H_ii / n beta, so h becomes
 *    h_max / max(e, sqrt(h_max / n beta)) and G_max = 1 / e.
 *    With sampler "metric" the chains use the constant metric M = (n beta H + s I)^(-1) of the Hessian
 *    at w* (hessianMetric, s = max(n beta h_max / metricAnisotropy, gamma); built again when gamma is
 *    lowered), under which every quadratic direction the Lanczos run found has precision at most 1 and
 *    the flat directions move metricAnisotropy times faster than plain SGLD's stiffest one allows.
 * 3. Step size eps0 = kappa / (n beta h + gamma G_max): a fraction kappa of the Euler stability limit 4
 *    of the stiffest direction (with the metric, kappa over its largest preconditioned precision at w*). A run that diverges halves eps (at most 40 times) and the length search
 *    restarts: the curvature at w* can understate what the chains meet (it is 0 at a rank-0 point).
 * 4. Chain length: runs of T = initialSteps, 2T, 4T, ... steps per chain (burn-in fraction 0.75; each
 *    doubling continues the previous chains, identical to starting again but without repeating them), until
 *    the estimate is converged (llcConvergence: R-hat, ESS, drift within the draws, no change over the
 *    last two doublings of the chain beyond relTol per doubling + 2 standard errors) and precise (Monte Carlo error at
 *    most relTol / 3 of the estimate). L_n(w*) is computed on all n samples.
 * 5. Step-size plateau, searched upwards first: 2 eps with half the steps (the same chain time) is
 *    accepted while its chains converge and its estimate agrees with the first converged run (at eps0)
 *    within relTol + 2 combined standard errors; the largest accepted eps is chosen. When not even the first doubling is
 *    accepted, eps/2 with twice the steps must agree instead, else eps is halved again (at most
 *    maxHalvings times) and "noStepSizePlateau" is flagged if it never does.
 * 6. Localization: the estimate at gamma x factor must not move like a power of gamma
 *    (|d log lambda / d log gamma| <= maxLocalizationSlope); if it does, the localizer sets the estimate
 *    (lambda_hat ≈ (n beta / 2 gamma) tr H is a curvature proxy), gamma is lowered by the factor (at most
 *    adaptLocalization times) and steps 4–6 are repeated.
 * 7. With lowerLocalizationCheck, the estimate at gamma / factor must agree with the reference within
 *    relTol + 2 standard errors: at the chosen eps and length at once, or else at a plateau in eps
 *    there (eps halved with twice the steps, at most maxHalvings times, every reading converged and at
 *    most maxSteps long); "localizerDominated" when it differs at the plateau (gamma stays),
 *    "localizerUnchecked" when the check cannot decide (a reading unconverged at maxSteps, a divergence,
 *    a plateau that would need more than maxSteps steps, or none within maxHalvings).
 *
 * @param loss any MinibatchLoss (parallel chains when it carries a LossSpec).
 * @param center w*, length loss.numParams.
 * @param options see {@link LlcSamplerCalibrationOptions}.
 * @returns the {@link LlcSamplerCalibration}: `ok`, `flags`, the chosen `settings`, the estimate, every trial.
 * @throws RangeError for invalid options; the sampler's error when chains still diverge after 40 halvings of eps.
 *
 * Complexity: about 1 + 1 + 1 runs of the final length (the length search, which continues its chains
 * when it doubles them; the step-size plateau; the localization check), with lowerLocalizationCheck one
 * more (lengthened until it converges), and where that one disagrees 2, 4, ... times its length for
 * the halvings (each lengthened the same way; every reading at most maxSteps steps per chain), plus
 * the Hessian (2 x 60 gradients at most) and the descent; with sampler "metric", 2 x min(300, d) gradients per metric built
 * and 3 d k extra multiply-adds per chain step for its k directions.
 * References: Lau et al. 2023 (arXiv 2308.12108); Furman & Lau 2024 (arXiv 2402.03698); Hitchcock &
 * Hoogland 2025 (arXiv 2507.21449) for RMSProp-SGLD.
 */
export async function calibrateLlcSampler(loss: MinibatchLoss, center: Float32Array, options: LlcSamplerCalibrationOptions = {}): Promise<LlcSamplerCalibration> {
  const fn = "calibrateLlcSampler";
  const t0 = performance.now();
  const sampler = options.sampler ?? "rmsprop";
  if (sampler !== "sgld" && sampler !== "rmsprop" && sampler !== "metric") throw new RangeError(`${fn}: sampler must be "sgld", "rmsprop" or "metric", got ${JSON.stringify(sampler)}`);
  const numChains = options.numChains ?? 4;
  if (!Number.isInteger(numChains) || numChains < 4) throw new RangeError(`${fn}: numChains must be an integer >= 4 (R-hat needs several chains), got ${numChains}`);
  const kappa = options.stepSizeFactor ?? 0.1;
  if (!(kappa > 0 && kappa < 2)) throw new RangeError(`${fn}: stepSizeFactor must be in (0, 2), got ${kappa}`);
  const relTol = options.relTol ?? 0.05;
  if (!(relTol > 0 && relTol < 1)) throw new RangeError(`${fn}: relTol must be in (0, 1), got ${relTol}`);
  const initialSteps = options.initialSteps ?? 2000, maxSteps = options.maxSteps ?? 64000;
  if (!Number.isInteger(initialSteps) || initialSteps < 400) throw new RangeError(`${fn}: initialSteps must be an integer >= 400, got ${initialSteps}`);
  if (!Number.isInteger(maxSteps) || maxSteps < initialSteps) throw new RangeError(`${fn}: maxSteps must be an integer >= initialSteps (${initialSteps}), got ${maxSteps}`);
  const minSteps = options.minSteps ?? 1000;
  if (!Number.isInteger(minSteps) || minSteps < 400) throw new RangeError(`${fn}: minSteps must be an integer >= 400, got ${minSteps}`);
  const burnInFraction = options.burnInFraction ?? 0.75;
  if (!(burnInFraction >= 0.5 && burnInFraction < 1)) throw new RangeError(`${fn}: burnInFraction must be in [0.5, 1), got ${burnInFraction}`);
  const maxHalvings = options.maxHalvings ?? 3;
  if (!Number.isInteger(maxHalvings) || maxHalvings < 1) throw new RangeError(`${fn}: maxHalvings must be an integer >= 1, got ${maxHalvings}`);
  const factor = options.localizationFactor ?? 4;
  if (!(factor > 1)) throw new RangeError(`${fn}: localizationFactor must be > 1, got ${factor}`);
  const maxSlope = options.maxLocalizationSlope ?? 0.15;
  const adaptLocalization = options.adaptLocalization ?? 2;
  let localization = options.localization ?? 1;
  if (!(localization > 0 && Number.isFinite(localization))) throw new RangeError(`${fn}: localization must be a finite number > 0, got ${localization}`);
  const rmspropEpsilon = options.rmspropEpsilon ?? 1e-3;
  const adaptation = options.preconditionerAdaptation ?? "continuous";
  if (adaptation !== "continuous" && adaptation !== "burnIn") throw new RangeError(`${fn}: preconditionerAdaptation must be "continuous" or "burnIn", got ${JSON.stringify(adaptation)}`);
  if (adaptation === "burnIn" && sampler !== "rmsprop") throw new RangeError(`${fn}: preconditionerAdaptation "burnIn" freezes RMSProp's metric, so it needs sampler "rmsprop", got ${JSON.stringify(sampler)}`);
  const metricAnisotropy = options.metricAnisotropy ?? 100;
  if (options.metricAnisotropy !== undefined && sampler !== "metric") throw new RangeError(`${fn}: metricAnisotropy shapes the "metric" sampler's metric, so it needs sampler "metric", got ${JSON.stringify(sampler)}`);
  if (!(metricAnisotropy >= 1 && Number.isFinite(metricAnisotropy))) throw new RangeError(`${fn}: metricAnisotropy must be a finite number >= 1, got ${metricAnisotropy}`);
  const seed = options.seed ?? 0;
  const maxDivergences = 40;
  const report = options.onProgress ?? (() => {});
  // L_n(w*) exact (all n samples): its error would enter every estimate times n beta.
  const exactBatches = Math.ceil(loss.numSamples / (options.batchSize ?? Math.min(64, loss.numSamples)));
  const criteria: LlcConvergenceCriteria = { maxRelativeError: relTol / 3, ...(options.criteria ?? {}) };
  const base: SgldOptions = {
    initLossBatches: exactBatches,
    ...(options.nBeta !== undefined ? { nBeta: options.nBeta } : { nBetaRule: options.nBetaRule ?? "numSamples" }),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    numChains,
    seed,
    ...(sampler === "rmsprop" ? { preconditioner: "rmsprop" as const, rmspropEpsilon } : {}),
    // Half the first run's burn-in, or the whole burn-in of the shortest run when that is less.
    ...(adaptation === "burnIn" ? { preconditionerAdaptation: adaptation, preconditionerFreezeStep: Math.min(Math.floor(Math.round(burnInFraction * initialSteps) / 2), Math.round(burnInFraction * Math.min(initialSteps, minSteps))) } : {}),
    ...(options.pool ? { pool: options.pool } : options.workers !== undefined ? { workers: options.workers } : {}),
  };
  const resolved = resolveSgldSettings(loss, { ...base, localization, numBurnin: Math.round(burnInFraction * Math.min(initialSteps, minSteps)) }, fn);
  const nBeta = resolved.nBeta;

  // 1. Curvature and the "not a minimum" check.
  let w = center;
  let hessian = hessianTopEigenvalue(loss, w, { maxSamples: options.hessianSamples ?? 4096, seed });
  const descentSteps = options.descentSteps ?? 20;
  const polishSteps = options.polishSteps ?? 0;
  if (polishSteps > 0) {
    w = shortDescent(loss, w, { steps: polishSteps, curvature: hessian.value, maxSamples: options.descentSamples ?? 20000, seed }).params;
    hessian = hessianTopEigenvalue(loss, w, { maxSamples: options.hessianSamples ?? 4096, seed });
  }
  const descent = shortDescent(loss, w, { steps: descentSteps, curvature: hessian.value, maxSamples: options.descentSamples ?? 20000, seed });
  const h = Math.abs(hessian.value);

  const trials: LlcCalibrationTrial[] = [];
  // `chains`: continue these chains (the previous length, all of it inside this run's burn-in) rather
  // than start again at w*: the trace is the same, the steps already taken are not repeated.
  // `keep`: keep this run's chain states for a later doubling.
  // The "metric" sampler's metric, built again whenever gamma is lowered (its floor is at least gamma).
  let built: HessianMetric | null = null;
  const buildMetric = (gamma: number): void => {
    built = hessianMetric(loss, w, { nBeta, localization: gamma, anisotropy: metricAnisotropy, maxSamples: options.hessianSamples ?? 4096, seed });
    report(`metric: ${built.metric.values.length} directions from ${built.iterations} Lanczos steps, floor s ${built.floor.toPrecision(3)} (h_max ${built.hMax.toPrecision(4)})`);
  };
  // Largest precision of the quadratic model at w* under the metric, at gamma: max_j (n beta h_j + gamma) m_j, gamma / s.
  const metricPrecision = (gamma: number): number => {
    const m = built!;
    let p = gamma * m.metric.rest;
    for (let j = 0; j < m.curvatures.length; j++) p = Math.max(p, (nBeta * m.curvatures[j]! + gamma) * m.metric.values[j]!);
    return p;
  };
  const run = async (stage: LlcCalibrationTrial["stage"], stepSize: number, gamma: number, steps: number, note: string, chains: SgldChainState[] | null = null, keep = false): Promise<RunResult> => {
    const numBurnin = Math.round(burnInFraction * steps), numDraws = steps - numBurnin;
    const metric = built ? { preconditioner: "metric" as const, metric: (built as HessianMetric).metric } : {};
    const trace = await sampleSgld(loss, w, { ...base, ...metric, stepSize, localization: gamma, numBurnin, numDraws, ...(chains ? { continueFrom: chains } : {}), ...(keep ? { keepChainStates: true } : {}) });
    const estimate = localLearningCoefficient(trace);
    const convergence = llcConvergence(estimate.trace, criteria);
    trials.push({ stage, stepSize, localization: gamma, numBurnin, numDraws, mean: estimate.mean, stdError: convergence.monteCarloStdError, convergence, note });
    report(`${stage}: eps ${stepSize.toPrecision(3)}, gamma ${gamma}, ${steps} steps/chain${chains ? ` (continued from ${chains[0]!.step})` : ""} → λ̂ ${estimate.mean.toPrecision(4)} ± ${convergence.monteCarloStdError.toPrecision(2)}${convergence.converged ? "" : " (not converged)"}`);
    return { estimate, convergence, ...(trace.chainStates ? { chainStates: trace.chainStates } : {}) };
  };
  // A run from `steps` steps per chain, its chains continued at twice the length (burn-in fraction >= 1/2:
  // the old steps are burn-in now) until they converge or the next doubling would pass maxSteps. The
  // chain states are dropped at the end (nor kept in the result: they live in the trace too).
  const settle = async (stage: LlcCalibrationTrial["stage"], stepSize: number, gamma: number, steps: number, note: string, doubledNote: (reason: string) => string): Promise<{ current: RunResult; steps: number }> => {
    let current = await run(stage, stepSize, gamma, steps, note, null, steps * 2 <= maxSteps);
    while (!current.convergence.converged && steps * 2 <= maxSteps) {
      const reason = current.convergence.reasons[0] ?? "";
      steps *= 2;
      current = await run(stage, stepSize, gamma, steps, doubledNote(reason), current.chainStates ?? null, steps * 2 <= maxSteps);
    }
    delete current.chainStates;
    delete current.estimate.trace.chainStates;
    return { current, steps };
  };
  const agree = (a: RunResult, b: RunResult): boolean =>
    Math.abs(a.estimate.mean - b.estimate.mean) <= relTol * Math.max(Math.abs(a.estimate.mean), Math.abs(b.estimate.mean)) + 2 * Math.hypot(a.convergence.monteCarloStdError, b.convergence.monteCarloStdError);

  // 2. The curvature the sampler feels. RMSProp scales coordinate i by G_i = 1 / (sqrt(V_i) + e); at
  // equilibrium V_i ≈ E[g_i^2] ≈ H_ii / n beta (the gradient of the loss at posterior draws), so the
  // stiffest preconditioned curvature is about h_max / max(e, sqrt(h_max / n beta)), and G_max = 1 / e.
  const { preconditionedCurvature, gMax } = sampledCurvature(sampler === "metric" ? "sgld" : sampler, h, nBeta, rmspropEpsilon);
  // With the metric, eps0 = kappa / (its largest precision at w*), which is at most 1 by construction.
  const stepSizeFor = (gamma: number): number => sampler === "metric"
    ? kappa / metricPrecision(gamma)
    : initialLlcStepSize({ sampler, curvature: h, nBeta, localization: gamma, rmspropEpsilon, stepSizeFactor: kappa });

  const flags = new Set<LlcSamplerCalibration["flags"][number]>();
  let chosen: RunResult | null = null;
  let reference: RunResult | null = null;
  // The smallest step size known not to diverge: a later attempt (at a lower gamma) starts no higher.
  let stableStep = Infinity;
  let chosenStep = 0, chosenSteps = 0;
  let lengthWhy = "", stepWhy = "", localizationWhy = "";
  let check = { localization, higher: localization * factor, mean: NaN, higherMean: NaN, slope: NaN };
  for (let attempt = 0; attempt <= adaptLocalization; attempt++) {
    // A lower gamma can lower the metric's floor s and so enlarge it: the step known to be stable
    // before may diverge now (the halving below catches it), never the reverse.
    if (sampler === "metric") buildMetric(localization);
    // 4. Chain length at eps0. A chain that diverges halves eps and starts the search again (the
    // curvature at w* can understate the curvature the chains meet, e.g. at a rank-0 point where it is 0).
    let stepSize = Math.min(stepSizeFor(localization), stableStep);
    let steps = initialSteps;
    let current: RunResult | null = null;
    let divergences = 0;
    while (!current) {
      try {
        ({ current, steps } = await settle("length", stepSize, localization, steps, divergences ? `first run after ${divergences} divergence(s)` : "first run", (reason) => `doubled: ${reason}`));
      } catch (error) {
        if (!isDivergence(error) || ++divergences > maxDivergences) throw error;
        report(`length: eps ${stepSize.toPrecision(3)} diverged; halving it`);
        stepSize /= 2;
        steps = initialSteps;
        current = null;
      }
    }
    stableStep = Math.min(stableStep, stepSize);
    lengthWhy = current.convergence.converged
      ? `${steps} steps per chain at eps0: the first length at which R-hat, ESS, the drift within the draws and the change per doubling of the chains pass`
      : `${steps} steps per chain, the budget (maxSteps ${maxSteps}), and the chains have not converged: ${current.convergence.reasons.join("; ")}`;
    // 5. Step-size plateau: up while doubling eps (at half the steps) changes nothing, else down.
    let plateau = false;
    reference = current;
    if (current.convergence.converged) {
      // Every doubling is compared with this first converged run (the smallest eps), so that accepted
      // doublings cannot add up to more than the tolerance.
      const anchor = current;
      while (steps / 2 >= minSteps) {
        let doubled: RunResult;
        try {
          doubled = await run("stepSize", stepSize * 2, localization, steps / 2, `eps doubled from ${stepSize.toPrecision(3)}`);
        } catch (error) {
          if (!isDivergence(error)) throw error;
          break;
        }
        if (!doubled.convergence.converged || !agree(anchor, doubled)) break;
        plateau = true;
        stepWhy = `eps = ${(stepSize * 2).toPrecision(3)}: the largest step whose estimate agrees with that at the first converged step ${anchor.estimate.settings.stepSize.toPrecision(3)} (${anchor.estimate.mean.toPrecision(4)} against ${doubled.estimate.mean.toPrecision(4)}, within ${relTol * 100} % + 2 standard errors)`;
        stepSize *= 2;
        steps /= 2;
        current = doubled;
        lengthWhy = `${steps} steps per chain: the same chain time eps x steps as the converged run at eps0`;
      }
    }
    if (!plateau) {
      for (let halving = 0; halving < maxHalvings && steps <= maxSteps; halving++) {
        const half = await run("stepSize", stepSize / 2, localization, steps * 2, `eps halved from ${stepSize.toPrecision(3)}`);
        if (agree(current, half)) {
          plateau = true;
          reference = half.convergence.converged ? half : current;
          stepWhy = `eps = ${stepSize.toPrecision(3)}: halving it moves the estimate by ${(half.estimate.mean - current.estimate.mean).toPrecision(3)}, within ${relTol * 100} % + 2 standard errors (a plateau in eps)`;
          break;
        }
        stepSize /= 2;
        steps *= 2;
        current = half;
      }
    }
    if (!plateau) {
      reference = current;
      stepWhy = `eps = ${stepSize.toPrecision(3)}: the estimate still moved at every halving tried (${maxHalvings}); no plateau in eps`;
    }
    // 6. Localization check.
    // At the chosen eps, scaled down by the rise in the stiffest precision (n beta h + gamma G) that the
    // stronger localizer brings. A divergence there leaves the check undecided.
    const checkStep = stepSize * Math.min(1, sampler === "metric"
      ? metricPrecision(localization) / metricPrecision(localization * factor)
      : (nBeta * (preconditionedCurvature ?? h) + localization * gMax) / (nBeta * (preconditionedCurvature ?? h) + factor * localization * gMax));
    let higher: RunResult | null = null;
    try {
      higher = await run("localization", checkStep, localization * factor, steps, `gamma x ${factor}`);
    } catch (error) {
      if (!isDivergence(error)) throw error;
    }
    const higherMean = higher ? higher.estimate.mean : NaN;
    const slope = current.estimate.mean > 0 && higherMean > 0 ? Math.log(higherMean / current.estimate.mean) / Math.log(factor) : NaN;
    const dominated = higher !== null && (!(slope >= -maxSlope) && !agree(current, higher));
    check = { localization, higher: localization * factor, mean: current.estimate.mean, higherMean, slope };
    chosen = current;
    chosenStep = stepSize;
    chosenSteps = steps;
    flags.clear();
    if (!current.convergence.converged) flags.add("unconverged");
    if (!plateau) flags.add("noStepSizePlateau");
    localizationWhy = higher === null
      ? `gamma = ${localization}: the check at gamma x ${factor} diverged, so whether the localizer sets the estimate is not known`
      : `gamma = ${localization}: at gamma x ${factor} the estimate is ${higherMean.toPrecision(4)} against ${current.estimate.mean.toPrecision(4)}, d log λ / d log γ = ${slope.toFixed(2)}` +
        (dominated ? ` (beyond ±${maxSlope}: the localizer sets the estimate)` : ` (within ±${maxSlope} or within errors: the loss sets the estimate)`);
    if (higher === null) flags.add("localizerUnchecked");
    if (!dominated) break;
    flags.add("localizerDominated");
    if (attempt < adaptLocalization) localization /= factor;
  }
  // 7. The check below gamma (opt-in), against the reference (the run at the smallest eps, the least
  // step error): readings at gamma / factor (the metric of gamma), each lengthened until it converges,
  // at the chosen step and length, then at eps halved until a plateau in eps (lowerLocalizationSearch).
  let lowerCheck: LlcSamplerCalibration["lowerLocalizationCheck"] = null;
  if (options.lowerLocalizationCheck && !flags.has("localizerDominated") && !flags.has("localizerUnchecked")) {
    const lowerGamma = localization / factor;
    const against = reference!;
    const trialsBefore = trials.length;
    const reading = async (stepSize: number, minLength: number) => {
      const { current, steps } = await settle("localization", stepSize, lowerGamma, minLength, `gamma / ${factor}, eps ${stepSize.toPrecision(3)}`, (reason) => `gamma / ${factor}, doubled: ${reason}`);
      return { run: current, steps, converged: current.convergence.converged };
    };
    const search = await lowerLocalizationSearch(reading, (lower) => agree(against, lower), agree, {
      stepSize: chosenStep, steps: chosenSteps, maxHalvings, maxSteps,
    });
    const { outcome, reason } = search;
    const runs = trials.length - trialsBefore;
    const lowerMean = search.last ? search.last.estimate.mean : NaN;
    lowerCheck = { localization: lowerGamma, mean: lowerMean, stepSize: search.stepSize, runs, agrees: outcome === "agrees", outcome, reason };
    const at = `at gamma / ${factor} the estimate is ${lowerMean.toPrecision(4)} against the reference ${against.estimate.mean.toPrecision(4)} (eps ${search.stepSize.toPrecision(3)}, ${runs} run${runs === 1 ? "" : "s"})`;
    const firstDiffered = `the first reading there differed from the reference by more than ${relTol * 100} % + 2 standard errors`;
    const why: Record<LowerLocalizationReason, string> = {
      agreesAtOnce: `${at}: within ${relTol * 100} % + 2 standard errors`,
      agreesAtPlateau: `${at}: within ${relTol * 100} % + 2 standard errors at a plateau in eps there`,
      differsAtPlateau: `${at}: beyond ${relTol * 100} % + 2 standard errors at a plateau in eps there (the localizer holds directions the loss curves only weakly)`,
      unconverged: `${at}: its chains did not converge within maxSteps (${maxSteps}), so the check is undecided`,
      diverged: search.last === null ? `the check at gamma / ${factor} diverged` : `${at}; a finer step there diverged, so the check is undecided`,
      lengthLimit: search.last === null
        ? `the check at gamma / ${factor} needs chains of ${chosenSteps} steps, more than maxSteps (${maxSteps}), so it is undecided`
        : `${at}: ${firstDiffered}, and confirming it at a smaller step needs chains longer than maxSteps (${maxSteps}), so the check is undecided`,
      noPlateau: `${at}: ${firstDiffered}, and no plateau in eps there within ${maxHalvings} halvings, so the check is undecided`,
    };
    localizationWhy += `; ${why[reason]}`;
    if (outcome === "differs") flags.add("localizerDominated");
    if (outcome === "undecided") flags.add("localizerUnchecked");
  }
  const estimate = chosen!.estimate;
  const descentShare = nBeta * descent.drop / Math.max(Math.abs(estimate.mean), 1e-12);
  if (descentShare > NOT_A_MINIMUM_SHARE) flags.add("notAMinimum");
  const numBurnin = Math.round(burnInFraction * chosenSteps);
  const finalMetric = built as HessianMetric | null;
  const settings: SgldOptions = { ...base, ...(finalMetric ? { preconditioner: "metric" as const, metric: finalMetric.metric } : {}), pool: undefined, workers: undefined, stepSize: chosenStep, localization, numBurnin, numDraws: chosenSteps - numBurnin };
  delete settings.pool;
  delete settings.workers;
  return {
    ok: flags.size === 0,
    flags: [...flags],
    settings,
    estimate,
    convergence: chosen!.convergence,
    reference: (reference ?? chosen!).estimate,
    referenceConvergence: (reference ?? chosen!).convergence,
    choices: {
      nBeta: `n beta = ${nBeta.toPrecision(5)} (${options.nBeta !== undefined ? "given" : resolved.nBetaRule === "batchSize" ? "m / log m" : "n / log n, Watanabe's beta = 1 / log n"})`,
      sampler: finalMetric
        ? `SGLD with the constant metric (n beta H + s I)^(-1) of the Hessian at w*: ${finalMetric.metric.values.length} directions (Lanczos, ${finalMetric.iterations} products${finalMetric.complete ? "" : ", cut short by maxRank: stiff directions may be missing"}), floor s = max(n beta h_max / ${metricAnisotropy}, gamma) = ${finalMetric.floor.toPrecision(4)}, h_max ${finalMetric.hMax.toPrecision(4)}`
        : sampler === "rmsprop"
        ? `RMSProp-preconditioned SGLD (epsilon ${rmspropEpsilon}${adaptation === "burnIn" ? `; metric frozen from step ${base.preconditionerFreezeStep}` : ""}); curvature felt at equilibrium ${preconditionedCurvature?.toPrecision(4)}, h_max ${h.toPrecision(4)}`
        : `plain SGLD; h_max ${h.toPrecision(4)} at w* (Lanczos, ${hessian.iterations} products)`,
      stepSize: stepWhy,
      length: lengthWhy,
      localization: localizationWhy,
    },
    hessian,
    preconditionedCurvature,
    metric: finalMetric ? (({ metric: _m, ...record }) => record)(finalMetric) : null,
    descent,
    descentShare,
    center: w,
    localizationCheck: check,
    lowerLocalizationCheck: lowerCheck,
    trials,
    elapsedMs: performance.now() - t0,
  };
}
