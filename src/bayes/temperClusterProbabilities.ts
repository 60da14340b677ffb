/**
 * The paper's tempering of SGD's cluster probabilities by the effective diffusion of each region.
 */
import { effectiveDiffusion } from "../diffusion/effectiveDiffusion";
import { checkDistribution } from "./discreteDistribution";

/** Options of {@link temperClusterProbabilities}. */
export interface TemperingOptions {
  /** Coarse-graining scale xi > 0 (xi = 1 leaves the probabilities unchanged). */
  scale: number;
  /** Local learning coefficient lambda_k of each cluster, > 0. */
  learningCoefficients: ArrayLike<number>;
  /** Spectral dimension d_s,k of each cluster, in (0, 2 lambda_k] (so that d_w ≥ 1). */
  spectralDimensions: ArrayLike<number>;
  /** Common factor c of every exponent (default 1; > 0): p_k^(c D_k). The paper's n is such a factor. */
  power?: number;
}

/** Tempered cluster probabilities with the exponents used. */
export interface TemperedProbabilities {
  /** q_k ∝ p_k^(c D_k), summing to 1. */
  probabilities: Float64Array;
  /** D_xi,k = xi^(2 - 2 lambda_k / d_s,k) of each cluster. */
  diffusion: Float64Array;
  /** Walk dimension d_w,k = 2 lambda_k / d_s,k of each cluster. */
  walkDimensions: Float64Array;
}

/**
 * Tempers SGD's cluster probabilities by each cluster's effective diffusion coefficient D_xi.
 *
 * Paper (arXiv 2503.22478): the FFPE steady state of SGD is p_s(w) ∝ exp(-gamma L(w) / D_xi), so the
 * Bayesian posterior is p(w | data) ∝ rho(w) p_s(w)^(n D_xi) with D_xi = xi^(2 - 2 lambda / d_s)
 * (effectiveDiffusion). Variant, at the level of clusters: q_k ∝ p_k^(c D_xi,k), with D_xi,k from the
 * cluster's own lambda_k and d_s,k, computed in log space. Raising a cluster's total probability to a
 * power is the cluster-level reading of raising its density to that power (exact when the density
 * is roughly constant over the cluster); the prior rho is taken as flat across clusters. The common
 * factor c (the paper's n) defaults to 1: with c = n ≈ 300 every exponent would put all mass on the
 * most probable cluster. Note that with the paper's d_s = 2 lambda alpha, 2 lambda / d_s = 1 / alpha
 * and lambda cancels: D_xi = xi^(2 - 1/alpha).
 *
 * @param p SGD cluster probabilities (entries ≥ 0 summing to 1), K entries.
 * @param options scale xi > 0, per-cluster learningCoefficients and spectralDimensions (K each), power c > 0.
 * @returns {@link TemperedProbabilities}: q, D_xi,k and d_w,k.
 * @throws RangeError for a bad distribution, mismatched lengths, or lambda ≤ 0, d_s ≤ 0, d_s > 2 lambda,
 *   xi ≤ 0, c ≤ 0.
 * @example
 * const t = temperClusterProbabilities([0.8, 0.2], { scale: 0.5, learningCoefficients: [2, 2], spectralDimensions: [1, 1] });
 * t.diffusion; // Float64Array [4, 4]
 * t.probabilities[0]; // ≈ 0.9961089
 * @complexity O(K).
 */
export function temperClusterProbabilities(p: ArrayLike<number>, options: TemperingOptions): TemperedProbabilities {
  const fn = "temperClusterProbabilities";
  const probs = checkDistribution(fn, "p", p);
  const K = probs.length;
  const { scale, learningCoefficients: lambda, spectralDimensions: ds } = options;
  const power = options.power ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`${fn}: scale must be a finite number > 0, got ${scale}`);
  if (!(power > 0) || !Number.isFinite(power)) throw new RangeError(`${fn}: power must be a finite number > 0, got ${power}`);
  if (lambda.length !== K) throw new RangeError(`${fn}: learningCoefficients must have one entry per cluster (${K}), got ${lambda.length}`);
  if (ds.length !== K) throw new RangeError(`${fn}: spectralDimensions must have one entry per cluster (${K}), got ${ds.length}`);
  const diffusion = new Float64Array(K), walkDimensions = new Float64Array(K), logq = new Float64Array(K);
  let max = -Infinity;
  for (let k = 0; k < K; k++) {
    const l = lambda[k]!, s = ds[k]!;
    if (!(l > 0) || !Number.isFinite(l)) throw new RangeError(`${fn}: learningCoefficients[${k}] must be a finite number > 0, got ${l}`);
    if (!(s > 0 && s <= 2 * l)) throw new RangeError(`${fn}: spectralDimensions[${k}] must be in (0, 2 lambda] = (0, ${2 * l}], got ${s}`);
    walkDimensions[k] = (2 * l) / s;
    diffusion[k] = effectiveDiffusion(scale, walkDimensions[k]!);
    logq[k] = probs[k]! > 0 ? power * diffusion[k]! * Math.log(probs[k]!) : -Infinity;
    max = Math.max(max, logq[k]!);
  }
  let sum = 0;
  const probabilities = new Float64Array(K);
  for (let k = 0; k < K; k++) sum += probabilities[k] = Math.exp(logq[k]! - max);
  for (let k = 0; k < K; k++) probabilities[k]! /= sum;
  return { probabilities, diffusion, walkDimensions };
}
