import type { MinibatchLoss } from "../model/minibatchLoss";
import { DivergenceError } from "../util/divergenceError";
import { createRandom, deriveSeed } from "../util/random";
import type { SgldSettings } from "./sgldSettings";
import { standardNormalFill } from "./standardNormalFill";

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
  /** Wall-clock time of the chain in milliseconds. */
  elapsedMs: number;
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
 * preconditionerAdaptation "burnIn", V adapts during the first half of the burn-in only and G is then
 * constant (exact Langevin with a fixed metric).
 * The draw recorded for a step is L_B(w) at the step's starting point (as devinterp). Minibatches
 * are taken without replacement from a fresh permutation each epoch. Noise comes from standardNormalFill (ziggurat); the distance and the update share one pass over w. The chain's state is kept in
 * float64 and rounded to float32 for each loss evaluation.
 *
 * @param loss any {@link MinibatchLoss}.
 * @param center w*, length loss.numParams.
 * @param settings resolved settings (see resolveSgldSettings).
 * @param chain chain index c >= 0; randomness comes from deriveSeed(settings.seed, c) only.
 * @param initLoss L_n(w*) used by the divergence check.
 * @returns the chain's losses and distances.
 * @throws DivergenceError on divergence, naming the chain, the step and the step size: a non-finite loss, or
 *   n beta (L - L_n(w*)) above settings.divergenceThreshold.
 *
 * Complexity: (numBurnin + numDraws x thinning) calls of lossAndGradient, plus O(d) per step.
 */
export function runSgldChain(
  loss: MinibatchLoss,
  center: Float32Array,
  settings: SgldSettings,
  chain: number,
  initLoss: number,
): SgldChainResult {
  const t0 = performance.now();
  const d = loss.numParams, n = loss.numSamples;
  const { stepSize, localization, nBeta, batchSize, numBurnin, numDraws, thinning, divergenceThreshold } = settings;
  const random = createRandom(deriveSeed(settings.seed, chain));
  const w = Float64Array.from(center);
  const w32 = Float32Array.from(center);
  const grad = new Float32Array(d);
  const halfStep = stepSize / 2;
  const noiseScale = Math.sqrt(stepSize);
  let order = random.permutation(n);
  let cursor = 0;
  const burnInLosses = new Float64Array(numBurnin);
  const losses = new Float64Array(numDraws);
  const distances = new Float64Array(numDraws);
  const virials = new Float64Array(numDraws);
  const rmsprop = settings.preconditioner === "rmsprop";
  const decay = settings.rmspropDecay, rmsEps = settings.rmspropEpsilon;
  const squareAverage = new Float64Array(rmsprop ? d : 0);
  // "burnIn" adaptation: V adapts over the first half of the burn-in, then G is frozen.
  const adaptUntil = settings.preconditionerAdaptation === "burnIn" ? Math.floor(numBurnin / 2) : Infinity;
  const preconditioner = new Float64Array(rmsprop ? d : 0);
  const params = new Float32Array(settings.recordParams ? numDraws * d : 0);
  const noise = new Float64Array(d);
  const totalSteps = numBurnin + numDraws * thinning;
  for (let step = 0; step < totalSteps; step++) {
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
    if (step < numBurnin) burnInLosses[step] = value;
    else if (record) {
      losses[draw] = value;
      if (settings.recordParams) params.set(w32, draw * d);
    }
    // One pass: |w - w*|^2 and (w - w*) . g at the evaluated point, and the SGLD update.
    standardNormalFill(random, noise);
    let dist = 0, virial = 0;
    if (rmsprop) {
      const adapt = step < adaptUntil;
      for (let i = 0; i < d; i++) {
        const wi = w[i]!, g = grad[i]!;
        const offset = wi - center[i]!;
        dist += offset * offset;
        virial += offset * g;
        let precondition: number;
        if (adapt) {
          const v = decay * squareAverage[i]! + (1 - decay) * g * g;
          squareAverage[i] = v;
          precondition = 1 / (Math.sqrt(v) + rmsEps);
          preconditioner[i] = precondition;
        } else precondition = preconditioner[i]!;
        const next = wi - halfStep * precondition * (nBeta * g + localization * offset) + noiseScale * Math.sqrt(precondition) * noise[i]!;
        w[i] = next;
        w32[i] = next;
      }
    } else {
      for (let i = 0; i < d; i++) {
        const wi = w[i]!, g = grad[i]!;
        const offset = wi - center[i]!;
        dist += offset * offset;
        virial += offset * g;
        const next = wi - halfStep * (nBeta * g + localization * offset) + noiseScale * noise[i]!;
        w[i] = next;
        w32[i] = next;
      }
    }
    if (record) {
      distances[draw] = dist;
      virials[draw] = virial;
    }
  }
  return { chain, losses, burnInLosses, distances, virials, squareAverage, params, elapsedMs: performance.now() - t0 };
}
