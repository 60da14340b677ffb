import type { MinibatchLoss } from "../model/minibatchLoss";
import { checkSgldMetric, type SgldMetric } from "./sgldMetric";

/** How the inverse temperature n beta was chosen. */
export type NBetaRule = "numSamples" | "batchSize" | "explicit";

/** Options of the SGLD sampler of the localized tempered posterior (all optional, with defaults). */
export interface SgldOptions {
  /** Step size eps (default 1e-4), > 0. The injected noise is N(0, eps I). */
  stepSize?: number;
  /** Localization strength gamma (default 100), >= 0: the prior (gamma/2)|w - w*|^2. */
  localization?: number;
  /** Inverse temperature n beta, > 0. When given, overrides `nBetaRule`. */
  nBeta?: number;
  /**
   * Default n beta when `nBeta` is not given: "numSamples" (default) gives n / log n (Watanabe's
   * beta = 1 / log n, paper.md); "batchSize" gives m / log m for batch size m (devinterp's default).
   */
  nBetaRule?: "numSamples" | "batchSize";
  /** Number of independent chains (default 4), integer >= 1. */
  numChains?: number;
  /** Number of recorded draws per chain (default 200), integer >= 1. */
  numDraws?: number;
  /** SGLD steps discarded before the first draw (default 0, as devinterp), integer >= 0. */
  numBurnin?: number;
  /** SGLD steps per recorded draw (default 1), integer >= 1. */
  thinning?: number;
  /** Minibatch size m (default min(64, n)), integer in [1, n]. */
  batchSize?: number;
  /** Seed of minibatches and noise (default 0); chain c uses deriveSeed(seed, c). */
  seed?: number;
  /**
   * Number of minibatches of size m averaged for L_n(w*) (default 32); when they would cover the
   * data set, L_n(w*) is computed exactly on all n samples.
   */
  initLossBatches?: number;
  /**
   * Divergence threshold: a chain whose n beta (L - L_n(w*)) exceeds it throws (default
   * 100 d + 1000 for d parameters: far beyond the posterior's typical set, where it is about lambda <= d/2).
   */
  divergenceThreshold?: number;
  /** Parallel workers: true (default) = min(numChains, computeThreads()), the cores or AB_THREADS, false or 1 = sequential, or a count. */
  workers?: boolean | number;
  /**
   * Record the parameters at every draw (default false): trace.params[c] holds numDraws x d values.
   * Meant for small models (pictures of 2-D posteriors); memory is chains x draws x d floats.
   */
  recordParams?: boolean;
  /**
   * Preconditioner of the drift and the noise (default "none": plain SGLD). "metric" uses the constant
   * metric `metric` (see below). "rmsprop" is devinterp's
   * RMSProp-preconditioned SGLD (Li et al. 2016): V <- a V + (1 - a) g^2 over the minibatch gradients g
   * of L, G = 1 / (sqrt(V) + rmspropEpsilon), drift scaled by G and noise by sqrt(G); found the most
   * faithful local sampler on deep linear networks by Hitchcock & Hoogland 2025 (arXiv 2507.21449).
   */
  preconditioner?: "none" | "rmsprop" | "metric";
  /**
   * With preconditioner "metric": the constant metric M (see SgldMetric; hessianMetric builds
   * (n beta H + s I)^(-1) from the Hessian at w*). The step is
   * w <- w - (eps/2) M [n beta g + gamma (w - w*)] + sqrt(eps) M^(1/2) N(0, I), whose stationary law is
   * the exact posterior for any fixed positive definite M (up to step-size and minibatch error).
   */
  metric?: SgldMetric;
  /**
   * When RMSProp's V adapts (default "continuous", as devinterp): "continuous" updates V at every step,
   * which leaves out the drift correction of a position-dependent preconditioner and biases the
   * stationary law (measured here: +8 % to +21 % on normal crossings against their exact posterior
   * means); "burnIn" updates V during the first part of the burn-in only (preconditionerFreezeStep, default
   * half of it) and then freezes G, so the
   * chain is preconditioned Langevin with a constant metric, whose stationary law is the exact
   * posterior (up to step-size and minibatch error), as Stan freezes its metric after warm-up.
   */
  preconditionerAdaptation?: "continuous" | "burnIn";
  /**
   * With preconditionerAdaptation "burnIn": the step from which the metric is frozen (default half
   * the burn-in), an integer in [1, numBurnin]. Fixed, it makes runs of different lengths share one
   * adaptation span, so that a chain continued into a longer run equals a fresh run of that length.
   * A state from a run without it cannot be continued with it (nor the reverse): the settings differ.
   */
  preconditionerFreezeStep?: number;
  /** RMSProp decay a (default 0.99, devinterp's), in (0, 1). */
  rmspropDecay?: number;
  /** RMSProp stabiliser added to sqrt(V) (default 0.1, devinterp's), > 0; G is at most 1 / rmspropEpsilon. */
  rmspropEpsilon?: number;
  /** An open worker pool for this loss (see createSgldWorkerPool); overrides `workers`. */
  pool?: import("./sgldWorkerPool").SgldWorkerPool;
  /**
   * Continue the chains of an earlier call instead of starting at w* (its `trace.chainStates`, one per
   * chain): the earlier call must have had the same settings but for a length whose steps all fall in
   * this call's burn-in. The trace is identical to a fresh run of this length; only the steps
   * already taken are saved. With preconditionerAdaptation "burnIn" the metric stays frozen where the
   * earlier call froze it: with preconditionerFreezeStep given the trace is again that of a fresh
   * run; by default (half the earlier burn-in) it is that of a chain whose metric adapted for that
   * long, not of a fresh run of this length.
   */
  continueFrom?: import("./sgldChain").SgldChainState[];
  /** Keep each chain's final state in `trace.chainStates`, to continue it later (default false). */
  keepChainStates?: boolean;
}

/** The settings actually used: every option resolved, as recorded in traces and estimates. */
export interface SgldSettings {
  stepSize: number;
  localization: number;
  nBeta: number;
  nBetaRule: NBetaRule;
  numChains: number;
  numDraws: number;
  numBurnin: number;
  thinning: number;
  batchSize: number;
  seed: number;
  initLossBatches: number;
  divergenceThreshold: number;
  recordParams: boolean;
  preconditioner: "none" | "rmsprop" | "metric";
  /** The constant metric of preconditioner "metric", else null. */
  metric: SgldMetric | null;
  preconditionerAdaptation: "continuous" | "burnIn";
  /** The step from which a "burnIn" metric is frozen, when given (else half the burn-in; null when not "burnIn"). */
  preconditionerFreezeStep: number | null;
  rmspropDecay: number;
  rmspropEpsilon: number;
  /** Data-set size n and parameter count d of the loss. */
  numSamples: number;
  numParams: number;
}

function positive(fn: string, name: string, v: number): number {
  if (!(typeof v === "number" && v > 0 && Number.isFinite(v))) throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${v}`);
  return v;
}

function integer(fn: string, name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${fn}: ${name} must be an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? "inf" : max}], got ${v}`);
  }
  return v;
}

/**
 * Resolves and validates SGLD options against a loss: fills defaults and computes n beta.
 *
 * n beta = n / log n ("numSamples", beta = 1 / log n as in paper.md) or m / log m ("batchSize", devinterp).
 *
 * @param loss the model (gives n and d).
 * @param options see {@link SgldOptions}.
 * @param fn name of the calling function, used in error messages.
 * @returns the complete {@link SgldSettings}.
 * @throws RangeError naming the option, its value and the valid range.
 * @example
 * resolveSgldSettings({ numParams: 2, numSamples: 1000, loss: () => 0, lossAndGradient: () => 0 }, { batchSize: 100, nBetaRule: "batchSize" }).nBeta; // ≈ 21.715
 */
export function resolveSgldSettings(loss: MinibatchLoss, options: SgldOptions = {}, fn = "resolveSgldSettings"): SgldSettings {
  const n = integer(fn, "loss.numSamples", loss.numSamples, 1);
  const d = integer(fn, "loss.numParams", loss.numParams, 1);
  const batchSize = integer(fn, "batchSize", options.batchSize ?? Math.min(64, n), 1, n);
  const rule = options.nBeta !== undefined ? "explicit" : options.nBetaRule ?? "numSamples";
  if (rule !== "explicit" && rule !== "numSamples" && rule !== "batchSize") {
    throw new RangeError(`${fn}: nBetaRule must be "numSamples" or "batchSize", got ${JSON.stringify(rule)}`);
  }
  let nBeta: number;
  if (rule === "explicit") nBeta = positive(fn, "nBeta", options.nBeta!);
  else {
    const size = rule === "numSamples" ? n : batchSize;
    if (size < 2) throw new RangeError(`${fn}: nBetaRule "${rule}" needs a size >= 2 (log 1 = 0), got ${size}; pass nBeta`);
    nBeta = size / Math.log(size);
  }
  const localization = options.localization ?? 100;
  if (!(localization >= 0 && Number.isFinite(localization))) {
    throw new RangeError(`${fn}: localization must be a finite number >= 0, got ${localization}`);
  }
  const divergenceThreshold = positive(fn, "divergenceThreshold", options.divergenceThreshold ?? 100 * d + 1000);
  const preconditioner = options.preconditioner ?? "none";
  if (preconditioner !== "none" && preconditioner !== "rmsprop" && preconditioner !== "metric") {
    throw new RangeError(`${fn}: preconditioner must be "none", "rmsprop" or "metric", got ${JSON.stringify(preconditioner)}`);
  }
  if (preconditioner === "metric") {
    if (options.metric === undefined) throw new RangeError(`${fn}: preconditioner "metric" needs options.metric (an SgldMetric); build one with hessianMetric`);
    checkSgldMetric(fn, options.metric, d);
  } else if (options.metric !== undefined) {
    throw new RangeError(`${fn}: options.metric is used only with preconditioner "metric", got preconditioner ${JSON.stringify(preconditioner)}; set preconditioner: "metric" or drop the metric`);
  }
  const preconditionerAdaptation = options.preconditionerAdaptation ?? "continuous";
  if (preconditionerAdaptation !== "continuous" && preconditionerAdaptation !== "burnIn") {
    throw new RangeError(`${fn}: preconditionerAdaptation must be "continuous" or "burnIn", got ${JSON.stringify(preconditionerAdaptation)}`);
  }
  if (preconditioner === "metric" && preconditionerAdaptation !== "continuous") {
    throw new RangeError(`${fn}: preconditionerAdaptation adapts RMSProp's metric; a "metric" preconditioner is constant already, got preconditionerAdaptation ${JSON.stringify(preconditionerAdaptation)}; leave it out`);
  }
  const rmspropDecay = options.rmspropDecay ?? 0.99;
  if (!(rmspropDecay > 0 && rmspropDecay < 1)) throw new RangeError(`${fn}: rmspropDecay must be in (0, 1), got ${rmspropDecay}`);
  const numBurnin = integer(fn, "numBurnin", options.numBurnin ?? 0, 0);
  if (preconditioner === "rmsprop" && preconditionerAdaptation === "burnIn" && numBurnin < 2) {
    // The metric adapts over the first half of the burn-in: with fewer than 2 steps it would never see a gradient.
    throw new RangeError(`${fn}: preconditionerAdaptation "burnIn" adapts RMSProp's metric over the first half of the burn-in, so numBurnin must be at least 2, got ${numBurnin}; lengthen the burn-in or use "continuous"`);
  }
  let preconditionerFreezeStep: number | null = null;
  if (options.preconditionerFreezeStep !== undefined) {
    if (preconditioner !== "rmsprop" || preconditionerAdaptation !== "burnIn") {
      throw new RangeError(`${fn}: preconditionerFreezeStep freezes RMSProp's metric, so it needs preconditioner "rmsprop" and preconditionerAdaptation "burnIn", got ${JSON.stringify(preconditioner)} and ${JSON.stringify(preconditionerAdaptation)}`);
    }
    const k = options.preconditionerFreezeStep;
    if (!Number.isInteger(k) || k < 1 || k > numBurnin) throw new RangeError(`${fn}: preconditionerFreezeStep must be an integer in [1, numBurnin = ${numBurnin}] (the metric freezes within the burn-in), got ${k}`);
    preconditionerFreezeStep = k;
  }
  return {
    stepSize: positive(fn, "stepSize", options.stepSize ?? 1e-4),
    localization,
    nBeta,
    nBetaRule: rule,
    numChains: integer(fn, "numChains", options.numChains ?? 4, 1),
    numDraws: integer(fn, "numDraws", options.numDraws ?? 200, 1),
    numBurnin,
    thinning: integer(fn, "thinning", options.thinning ?? 1, 1),
    batchSize,
    seed: integer(fn, "seed", options.seed ?? 0, 0),
    initLossBatches: integer(fn, "initLossBatches", options.initLossBatches ?? 32, 1),
    divergenceThreshold,
    recordParams: options.recordParams === true,
    preconditioner,
    metric: preconditioner === "metric" ? options.metric! : null,
    preconditionerAdaptation,
    preconditionerFreezeStep,
    rmspropDecay,
    rmspropEpsilon: positive(fn, "rmspropEpsilon", options.rmspropEpsilon ?? 0.1),
    numSamples: n,
    numParams: d,
  };
}
