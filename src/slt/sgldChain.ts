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
 *   w <- w - (eps/2) [ n beta grad L_B(w) + gamma (w - w*) ] + N(0, eps I).
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
  const params = new Float32Array(settings.recordParams ? numDraws * d : 0);
  const noise = new Float64Array(d);
  const totalSteps = numBurnin + numDraws * thinning;
  for (let step = 0; step < totalSteps; step++) {
    if (cursor + batchSize > n) {
      order = random.permutation(n);
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
    // One pass: |w - w*|^2 at the evaluated point, and the SGLD update.
    standardNormalFill(random, noise);
    let dist = 0;
    for (let i = 0; i < d; i++) {
      const wi = w[i]!;
      const offset = wi - center[i]!;
      dist += offset * offset;
      const next = wi - halfStep * (nBeta * grad[i]! + localization * offset) + noiseScale * noise[i]!;
      w[i] = next;
      w32[i] = next;
    }
    if (record) distances[draw] = dist;
  }
  return { chain, losses, burnInLosses, distances, params, elapsedMs: performance.now() - t0 };
}
