import type { MinibatchLoss } from "../model/minibatchLoss";
import { DivergenceError } from "../util/divergenceError";
import { createRandom, deriveSeed } from "../util/random";
import type { SgldSettings } from "./sgldSettings";
import { standardNormalFill } from "./standardNormalFill";
import { metricUpdate, sgldMetricFingerprint, type SgldMetric } from "./sgldMetric";

/** The record of one SGLD chain. */
export interface SgldChainResult {
  /** Chain index c (its seed is deriveSeed(settings.seed, c)). */
  chain: number;
  /** Minibatch losses at the recorded draws (nats/sample), length numDraws. */
  losses: Float64Array;
  /** Minibatch losses of the burn-in steps, length numBurnin. */
  burnInLosses: Float64Array;
  /** Squared distance |w - w*|^2 at each recorded draw (how far the chain wandered). */
  distances: Float64Array;
  /**
   * The virial term (w - w*) . grad L_B(w) at each recorded draw (nats/sample): at stationarity
   * n beta E[(w - w*) . grad L] + gamma E|w - w*|^2 = d (integration by parts), which splits the spread
   * of the chain between the loss and the localizer (see llcConvergence).
   */
  virials: Float64Array;
  /** RMSProp's running mean square gradient V at the end of the chain (length d; empty without preconditioning). */
  squareAverage: Float64Array;
  /** Parameters at each recorded draw, numDraws x d row-major (empty unless settings.recordParams). */
  params: Float32Array;
  /** Wall-clock time of the chain in milliseconds (of this call only: a continued chain counts only its new steps). */
  elapsedMs: number;
  /** The chain's state at its last step, to continue it (see {@link SgldChainState}); null unless asked for. */
  state: SgldChainState | null;
}

/**
 * Everything a chain needs to go on from where it stopped, so that a chain continued from a state at
 * step s and run to step T is identical (bit for bit) to a chain run from w* to T: the parameters in
 * float64, the generator's state, RMSProp's running mean square, the epoch's permutation and its
 * position, and the minibatch loss of every step taken (the burn-in record of the longer chain).
 * `key` fingerprints what the dynamics depend on (settings but the length, chain, centre, L_n(w*)).
 */
export interface SgldChainState {
  key: string;
  /** Steps taken. */
  step: number;
  params: Float64Array;
  random: number[];
  squareAverage: Float64Array;
  order: Int32Array;
  cursor: number;
  /** Minibatch loss of every step taken, length `step`. */
  stepLosses: Float64Array;
  /**
   * The step from which RMSProp's metric is frozen (preconditionerAdaptation "burnIn": the given
   * preconditionerFreezeStep, else half the burn-in of the run that started the chain; a continued
   * chain keeps it). Absent otherwise.
   */
  frozenFrom?: number;
}

/** Options of {@link runSgldChain} beyond the settings. */
export interface SgldChainOptions {
  /** Continue from this state of the same chain (same settings but numBurnin and numDraws, same centre); its steps must all fall in the burn-in. */
  resume?: SgldChainState | null;
  /** Return the final state (default false). */
  keepState?: boolean;
}

/** FNV-1a over the bytes of a float32 vector: the centre's part of a chain's key. */
function centerHash(center: Float32Array): string {
  const bytes = new Uint8Array(center.buffer, center.byteOffset, center.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return (h >>> 0).toString(16);
}

/** The fingerprint of everything a chain's dynamics depend on, except its length (numBurnin, numDraws, thinning, recordParams). */
export function sgldChainKey(settings: SgldSettings, chain: number, center: Float32Array, initLoss: number): string {
  const { stepSize, localization, nBeta, batchSize, seed, divergenceThreshold, preconditioner, preconditionerAdaptation, preconditionerFreezeStep, rmspropDecay, rmspropEpsilon, numSamples, numParams } = settings;
  const metric = settings.metric ? { metric: sgldMetricFingerprint(settings.metric) } : {};
  return JSON.stringify({ stepSize, localization, nBeta, batchSize, seed, divergenceThreshold, preconditioner, ...metric, preconditionerAdaptation, ...(preconditionerFreezeStep !== null ? { preconditionerFreezeStep } : {}), rmspropDecay, rmspropEpsilon, numSamples, numParams, chain, initLoss, center: centerHash(center) });
}

/** Coordinates per block of the update: the block's noise (16 kB) stays in the first-level cache between its fill and its use. */
const NOISE_BLOCK = 2048;

/** The running sums of an update, carried from block to block (so they add in coordinate order, as in one pass): |w - w*|^2 and (w - w*) . g. */
interface UpdateSums {
  dist: number;
  virial: number;
}

/** Plain SGLD over coordinates [start, end): w <- w - (eps/2)(n beta g + gamma (w - w*)) + sqrt(eps) N(0, 1); noise[i - start] is coordinate i's deviate. */
function plainUpdate(
  w: Float64Array, w32: Float32Array, center: Float32Array, grad: Float32Array, noise: Float64Array, start: number, end: number,
  halfStep: number, noiseScale: number, nBeta: number, localization: number,
  sums: UpdateSums,
): void {
  let dist = sums.dist, virial = sums.virial;
  for (let i = start, j = 0; i < end; i++, j++) {
    const wi = w[i]!, g = grad[i]!;
    const offset = wi - center[i]!;
    dist += offset * offset;
    virial += offset * g;
    const next = wi - halfStep * (nBeta * g + localization * offset) + noiseScale * noise[j]!;
    w[i] = next;
    w32[i] = next;
  }
  sums.dist = dist;
  sums.virial = virial;
}

/**
 * RMSProp-preconditioned SGLD over coordinates [start, end). With `adapt`, V <- a V + (1 - a) g^2 first;
 * otherwise V is frozen and G = 1 / (sqrt(V) + eps_rms) is recomputed from it (the same value, bit for
 * bit, as when it was last adapted), which is cheaper than keeping G in a second array of d doubles.
 */
function preconditionedUpdate(
  w: Float64Array, w32: Float32Array, center: Float32Array, grad: Float32Array, noise: Float64Array, squareAverage: Float64Array,
  start: number, end: number, adapt: boolean, halfStep: number, noiseScale: number, nBeta: number, localization: number, decay: number, rmsEps: number,
  sums: UpdateSums,
): void {
  let dist = sums.dist, virial = sums.virial;
  for (let i = start, j = 0; i < end; i++, j++) {
    const wi = w[i]!, g = grad[i]!;
    const offset = wi - center[i]!;
    dist += offset * offset;
    virial += offset * g;
    let v = squareAverage[i]!;
    if (adapt) {
      v = decay * v + (1 - decay) * g * g;
      squareAverage[i] = v;
    }
    const precondition = 1 / (Math.sqrt(v) + rmsEps);
    const next = wi - halfStep * precondition * (nBeta * g + localization * offset) + noiseScale * Math.sqrt(precondition) * noise[j]!;
    w[i] = next;
    w32[i] = next;
  }
  sums.dist = dist;
  sums.virial = virial;
}

/**
 * SGLD with a constant metric M over all coordinates (see metricUpdate): the drift
 * a = n beta g + gamma (w - w*), the sums |w - w*|^2 and (w - w*) . g, then the update.
 */
function metricStep(
  w: Float64Array, w32: Float32Array, center: Float32Array, grad: Float32Array, noise: Float64Array, drift: Float64Array,
  metric: SgldMetric, coefficients: Float64Array, stepSize: number, nBeta: number, localization: number, sums: UpdateSums,
): void {
  let dist = 0, virial = 0;
  for (let i = 0; i < w.length; i++) {
    const g = grad[i]!, offset = w[i]! - center[i]!;
    dist += offset * offset;
    virial += offset * g;
    drift[i] = nBeta * g + localization * offset;
  }
  sums.dist = dist;
  sums.virial = virial;
  metricUpdate(w, drift, noise, metric, stepSize, coefficients);
  for (let i = 0; i < w.length; i++) w32[i] = w[i]!;
}

/**
 * Runs one SGLD chain of the localized tempered posterior
 * p(w) ∝ exp(-n beta L_n(w) - (gamma/2) |w - w*|^2) from w = w*.
 *
 * Step (paper.md, "Estimating the LLC"; Lau et al. 2023): on a minibatch B of size m,
 *   w <- w - (eps/2) [ n beta grad L_B(w) + gamma (w - w*) ] + N(0, eps I);
 * with settings.preconditioner "rmsprop" (devinterp's RMSProp-SGLD, Li et al. 2016), per coordinate
 *   V <- a V + (1 - a) g^2,  G = 1 / (sqrt(V) + eps_rms),
 *   w <- w - (eps/2) G [ n beta g + gamma (w - w*) ] + sqrt(eps G) N(0, 1),  g = grad L_B(w)
 * (without the small correction term of the preconditioner's divergence, as devinterp); with
 * preconditionerAdaptation "burnIn", V adapts until settings.preconditionerFreezeStep (default: half the
 * burn-in) and G is then constant (exact Langevin with a fixed metric); a continued chain keeps the
 * metric frozen where the run that started it froze it (with the default freeze step, unlike a fresh
 * run of the longer length, whose metric would adapt for longer). With settings.preconditioner "metric",
 *   w <- w - (eps/2) M [ n beta g + gamma (w - w*) ] + sqrt(eps) M^(1/2) N(0, I)
 * for the constant metric settings.metric (see SgldMetric), exact Langevin with a fixed metric.
 * The draw recorded for a step is L_B(w) at the step's starting point (as devinterp). Minibatches
 * are taken without replacement from a fresh permutation each epoch. Noise comes from standardNormalFill (ziggurat),
 * drawn in blocks of 2,048 coordinates, each used as soon as it is drawn (the same deviates as one fill
 * of d); the distance, the virial and the update share that pass over w (with a metric, which mixes the
 * coordinates, the whole d-vector of noise is drawn first, from the same stream). The chain's state is kept in
 * float64 and rounded to float32 for each loss evaluation.
 *
 * @param loss any {@link MinibatchLoss}.
 * @param center w*, length loss.numParams.
 * @param settings resolved settings (see resolveSgldSettings).
 * @param chain chain index c >= 0; randomness comes from deriveSeed(settings.seed, c) only.
 * @param initLoss L_n(w*) used by the divergence check.
 * @param options `resume`: go on from a state of the same chain (steps already taken count as burn-in,
 *   and must be at most numBurnin); `keepState`: return the final state. RMSProp adapted over the
 *   burn-in only ("burnIn") continues only from a state whose metric has frozen, and keeps it frozen.
 * @returns the chain's losses and distances (and its state when asked).
 * @throws DivergenceError on divergence, naming the chain, the step and the step size: a non-finite loss, or
 *   n beta (L - L_n(w*)) above settings.divergenceThreshold. RangeError when `resume` belongs to another
 *   chain or setting, lies beyond the burn-in, or (with "burnIn" adaptation) precedes the freeze.
 *
 * Complexity: (numBurnin + numDraws x thinning) calls of lossAndGradient, plus O(d) per step (3 d k
 * with a metric of k directions).
 */
export function runSgldChain(
  loss: MinibatchLoss,
  center: Float32Array,
  settings: SgldSettings,
  chain: number,
  initLoss: number,
  options: SgldChainOptions = {},
): SgldChainResult {
  const t0 = performance.now();
  const d = loss.numParams, n = loss.numSamples;
  const { stepSize, localization, nBeta, batchSize, numBurnin, numDraws, thinning, divergenceThreshold } = settings;
  const resume = options.resume ?? null;
  const keepState = options.keepState ?? false;
  const key = resume || keepState ? sgldChainKey(settings, chain, center, initLoss) : "";
  if (resume) {
    const where = `runSgldChain chain ${chain}`;
    if (resume.key !== key) throw new RangeError(`${where}: resume holds a state of another chain, setting or centre (${resume.key}), not of ${key}; continue a chain only with the settings it ran with`);
    if (resume.step > numBurnin) throw new RangeError(`${where}: resume is at step ${resume.step}, beyond the burn-in of ${numBurnin} steps; continue only into a longer burn-in`);
    if (settings.preconditionerAdaptation === "burnIn") {
      if (resume.frozenFrom === undefined) throw new RangeError(`${where}: resume records no freeze step of its RMSProp metric; continue only a state from a run with preconditionerAdaptation "burnIn"`);
      if (resume.frozenFrom > resume.step) throw new RangeError(`${where}: resume is at step ${resume.step}, before its metric froze (step ${resume.frozenFrom}); a chain whose preconditioner adapts over the burn-in continues only once its metric is frozen`);
    }
  }
  const random = createRandom(deriveSeed(settings.seed, chain));
  if (resume) random.restore(resume.random);
  const w = resume ? Float64Array.from(resume.params) : Float64Array.from(center);
  const w32 = Float32Array.from(w);
  const grad = new Float32Array(d);
  const halfStep = stepSize / 2;
  const noiseScale = Math.sqrt(stepSize);
  let order = resume ? Int32Array.from(resume.order) : random.permutation(n);
  let cursor = resume ? resume.cursor : 0;
  const firstStep = resume ? resume.step : 0;
  const burnInLosses = new Float64Array(numBurnin);
  if (resume) burnInLosses.set(resume.stepLosses);
  const losses = new Float64Array(numDraws);
  const distances = new Float64Array(numDraws);
  const virials = new Float64Array(numDraws);
  const rmsprop = settings.preconditioner === "rmsprop";
  const decay = settings.rmspropDecay, rmsEps = settings.rmspropEpsilon;
  const squareAverage = resume && rmsprop ? Float64Array.from(resume.squareAverage) : new Float64Array(rmsprop ? d : 0);
  // "burnIn" adaptation: V adapts until the freeze step (given, else half the burn-in of the run that
  // started the chain), then G is frozen; a continued chain keeps that step (its metric is already frozen).
  const adaptUntil = settings.preconditionerAdaptation === "burnIn" ? (settings.preconditionerFreezeStep ?? resume?.frozenFrom ?? Math.floor(numBurnin / 2)) : Infinity;
  const params = new Float32Array(settings.recordParams ? numDraws * d : 0);
  const metric = settings.metric;
  // A constant metric mixes every coordinate into each projection, so its noise and drift are whole d-vectors.
  const noise = new Float64Array(metric ? d : Math.min(d, NOISE_BLOCK));
  const drift = new Float64Array(metric ? d : 0);
  const coefficients = new Float64Array(metric ? metric.values.length : 0);
  const sums: UpdateSums = { dist: 0, virial: 0 };
  const totalSteps = numBurnin + numDraws * thinning;
  const stepLosses = keepState ? new Float64Array(totalSteps) : null;
  if (stepLosses && resume) stepLosses.set(resume.stepLosses);
  for (let step = firstStep; step < totalSteps; step++) {
    if (cursor + batchSize > n) {
      // A full batch needs no shuffling (and a permutation of n per step would cost O(n)).
      if (batchSize < n) order = random.permutation(n);
      cursor = 0;
    }
    const batch = order.subarray(cursor, cursor + batchSize);
    cursor += batchSize;
    const value = loss.lossAndGradient(w32, batch, grad);
    if (!Number.isFinite(value) || nBeta * (value - initLoss) > divergenceThreshold) {
      const excess = nBeta * (value - initLoss);
      throw new DivergenceError({
        where: `sampleSgld chain ${chain}`, step, stepSize, seed: settings.seed,
        ...(Number.isFinite(value) ? { quantity: "threshold" as const, value: excess, threshold: divergenceThreshold, measure: "n beta (L - L_n(w*))" } : { quantity: "loss" as const, value }),
        hint: `Lower stepSize or raise localization (${localization}).`,
      });
    }
    const record = step >= numBurnin && (step - numBurnin) % thinning === 0;
    const draw = record ? (step - numBurnin) / thinning : -1;
    if (stepLosses) stepLosses[step] = value;
    if (step < numBurnin) burnInLosses[step] = value;
    else if (record) {
      losses[draw] = value;
      if (settings.recordParams) params.set(w32, draw * d);
    }
    // One pass per block of NOISE_BLOCK coordinates: the block's noise, then |w - w*|^2, (w - w*) . g at
    // the evaluated point and the SGLD update. Filling block after block draws the same deviates as one
    // fill of d (standardNormalFill's stream), so the chain does not depend on the block size.
    sums.dist = 0;
    sums.virial = 0;
    if (metric) {
      for (let start = 0; start < d; start += NOISE_BLOCK) standardNormalFill(random, noise.subarray(start, Math.min(d, start + NOISE_BLOCK)));
      metricStep(w, w32, center, grad, noise, drift, metric, coefficients, stepSize, nBeta, localization, sums);
      if (record) {
        distances[draw] = sums.dist;
        virials[draw] = sums.virial;
      }
      continue;
    }
    const adapt = step < adaptUntil;
    for (let start = 0; start < d; start += NOISE_BLOCK) {
      const end = Math.min(d, start + NOISE_BLOCK);
      standardNormalFill(random, end - start === noise.length ? noise : noise.subarray(0, end - start));
      if (rmsprop) preconditionedUpdate(w, w32, center, grad, noise, squareAverage, start, end, adapt, halfStep, noiseScale, nBeta, localization, decay, rmsEps, sums);
      else plainUpdate(w, w32, center, grad, noise, start, end, halfStep, noiseScale, nBeta, localization, sums);
    }
    if (record) {
      distances[draw] = sums.dist;
      virials[draw] = sums.virial;
    }
  }
  const state: SgldChainState | null = keepState
    ? { key, step: totalSteps, params: w, random: random.state(), squareAverage: Float64Array.from(squareAverage), order, cursor, stepLosses: stepLosses!, ...(Number.isFinite(adaptUntil) ? { frozenFrom: adaptUntil } : {}) }
    : null;
  return { chain, losses, burnInLosses, distances, virials, squareAverage, params, elapsedMs: performance.now() - t0, state };
}
