/**
 * A two-parameter loss with a few Gaussian wells: a posterior whose basin masses are known by
 * quadrature, to validate samplers that must move between basins.
 */
import type { MinibatchLoss } from "../model/minibatchLoss";

/** Options of {@link createGaussianWellsLoss}. */
export interface GaussianWellsOptions {
  /** Centre mu_k of each well in the plane, at least one. */
  centers: [number, number][];
  /** Width s_k > 0 of each well. */
  widths: number[];
  /** Weight c_k > 0 of each well (default all 1). */
  weights?: number[];
  /** Number of samples n the loss stands for, an integer >= 1 (the posterior is ∝ rho exp(-n beta L)). */
  numSamples: number;
}

/** The wells loss, with its basins. */
export interface GaussianWellsLoss extends MinibatchLoss {
  readonly centers: [number, number][];
  readonly widths: number[];
  readonly weights: number[];
  /** Basin of w: the index of the nearest centre (Voronoi cells). */
  basin(w: ArrayLike<number>): number;
}

/**
 * Creates L(w) = -log sum_k c_k exp(-|w - mu_k|^2 / (2 s_k^2)) on w in R^2: K wells of widths s_k,
 * the same for every "sample" (indices only count), so the tempered posterior
 * p(w) ∝ N(w; 0, sigma^2 I) exp(-n beta L(w)) has K basins of masses set by c_k^(n beta) and s_k^2
 * (narrower wells hold less mass), and barriers of height ~ n beta (|mu_j - mu_k| / 2)^2 / (2 s^2).
 *
 * @param options centres, widths, weights (default 1), n.
 * @returns a {@link GaussianWellsLoss} (loss and gradient, and `basin`).
 * @throws RangeError for no centres, mismatched lengths, non-positive widths or weights, bad n.
 * @example
 * const loss = createGaussianWellsLoss({ centers: [[-1, 0], [1, 0]], widths: [0.5, 0.5], numSamples: 10 });
 * loss.basin([0.9, 0.3]); // 1
 * loss.loss(new Float32Array([-1, 0]), new Int32Array([0])) < loss.loss(new Float32Array([0, 0]), new Int32Array([0])); // true
 * @complexity O(K) per evaluation.
 */
export function createGaussianWellsLoss(options: GaussianWellsOptions): GaussianWellsLoss {
  const fn = "createGaussianWellsLoss";
  const { centers, widths, numSamples } = options;
  const K = centers.length;
  if (K < 1) throw new RangeError(`${fn}: centers must hold at least one well, got none`);
  if (centers.some((c) => c.length !== 2 || !c.every(Number.isFinite))) throw new RangeError(`${fn}: every centre must be two finite numbers, got ${JSON.stringify(centers)}`);
  const weights = options.weights ?? new Array<number>(K).fill(1);
  if (widths.length !== K || weights.length !== K) throw new RangeError(`${fn}: widths and weights must have one entry per centre (${K}), got ${widths.length} and ${weights.length}`);
  if ([...widths, ...weights].some((v) => !(v > 0) || !Number.isFinite(v))) throw new RangeError(`${fn}: widths and weights must be finite numbers > 0, got ${JSON.stringify({ widths, weights })}`);
  if (!Number.isSafeInteger(numSamples) || numSamples < 1) throw new RangeError(`${fn}: numSamples must be an integer ≥ 1, got ${numSamples}`);
  const terms = new Float64Array(K);
  const evaluate = (w: Float32Array, gradient: Float32Array | null): number => {
    if (w.length !== 2) throw new RangeError(`${fn}: params must have length 2, got ${w.length}`);
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      const dx = w[0]! - centers[k]![0], dy = w[1]! - centers[k]![1];
      terms[k] = Math.log(weights[k]!) - (dx * dx + dy * dy) / (2 * widths[k]! ** 2);
      max = Math.max(max, terms[k]!);
    }
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(terms[k]! - max);
    const value = -(max + Math.log(sum));
    if (gradient) {
      let gx = 0, gy = 0;
      for (let k = 0; k < K; k++) {
        const r = Math.exp(terms[k]! - max) / sum; // responsibility of well k
        gx += (r * (w[0]! - centers[k]![0])) / widths[k]! ** 2;
        gy += (r * (w[1]! - centers[k]![1])) / widths[k]! ** 2;
      }
      gradient[0] = gx;
      gradient[1] = gy;
    }
    return value;
  };
  return {
    numParams: 2,
    numSamples,
    centers: centers.map((c) => [c[0], c[1]] as [number, number]),
    widths: [...widths],
    weights: [...weights],
    lossAndGradient: (params, _indices, gradient) => evaluate(params, gradient),
    loss: (params) => evaluate(params, null),
    basin(w) {
      let best = 0, bestDistance = Infinity;
      for (let k = 0; k < K; k++) {
        const dx = w[0]! - centers[k]![0], dy = w[1]! - centers[k]![1];
        if (dx * dx + dy * dy < bestDistance) [best, bestDistance] = [k, dx * dx + dy * dy];
      }
      return best;
    },
  };
}

/** Basin masses and basin-conditional mean losses of a wells posterior, by quadrature. */
export interface WellsBasinStatistics {
  /** Posterior mass of each basin, summing to 1. */
  masses: Float64Array;
  /** E[L(w) | w in basin k] under the posterior, per basin (NaN for a basin with no mass on the grid). */
  meanLoss: Float64Array;
}

/**
 * Posterior mass of each basin of a wells loss and the posterior mean of L within each basin, by
 * quadrature: the midpoint rule for p(w) ∝ exp(-|w|^2 / (2 sigma^2) - n beta L(w)) on a square grid,
 * each cell credited to the basin of its midpoint. Ground truth for samplers of multimodal posteriors
 * (masses) and for basin-conditional averages of their draws (mean losses).
 *
 * @param loss a {@link GaussianWellsLoss}.
 * @param options nBeta (> 0), priorStd sigma (> 0), half-width of the square [-R, R]^2 (default
 *   max |mu| + 6 max(s, ...) ), cells per side (default 1200).
 * @returns a {@link WellsBasinStatistics}.
 * @throws RangeError for options out of range.
 * @example
 * const loss = createGaussianWellsLoss({ centers: [[-1, 0], [1, 0]], widths: [0.2, 0.2], numSamples: 10 });
 * Array.from(wellsBasinStatistics(loss, { nBeta: 10, priorStd: 5 }).masses, (m) => m.toFixed(3)); // ["0.500", "0.500"]
 * @complexity O(size^2 K).
 */
export function wellsBasinStatistics(loss: GaussianWellsLoss, options: { nBeta: number; priorStd: number; halfWidth?: number; size?: number }): WellsBasinStatistics {
  const fn = "wellsBasinStatistics";
  const { nBeta, priorStd } = options;
  if (!(nBeta > 0) || !Number.isFinite(nBeta)) throw new RangeError(`${fn}: nBeta must be a finite number > 0, got ${nBeta}`);
  if (!(priorStd > 0) || !Number.isFinite(priorStd)) throw new RangeError(`${fn}: priorStd must be a finite number > 0, got ${priorStd}`);
  const size = options.size ?? 1200;
  if (!Number.isSafeInteger(size) || size < 10) throw new RangeError(`${fn}: size must be an integer ≥ 10, got ${size}`);
  const reach = Math.max(...loss.centers.map((c) => Math.hypot(c[0], c[1]))) + 6 * Math.max(...loss.widths);
  const R = options.halfWidth ?? reach;
  if (!(R > 0) || !Number.isFinite(R)) throw new RangeError(`${fn}: halfWidth must be a finite number > 0, got ${R}`);
  const h = (2 * R) / size;
  const logs = new Float64Array(size * size), values = new Float64Array(size * size), basins = new Int32Array(size * size);
  const w = new Float32Array(2);
  let max = -Infinity;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      w[0] = -R + (i + 0.5) * h;
      w[1] = -R + (j + 0.5) * h;
      const value = loss.loss(w, new Int32Array(0));
      const v = -(w[0] * w[0] + w[1] * w[1]) / (2 * priorStd ** 2) - nBeta * value;
      logs[i * size + j] = v;
      values[i * size + j] = value;
      basins[i * size + j] = loss.basin(w);
      if (v > max) max = v;
    }
  }
  const K = loss.centers.length;
  const masses = new Float64Array(K), meanLoss = new Float64Array(K);
  let total = 0;
  for (let c = 0; c < logs.length; c++) {
    const p = Math.exp(logs[c]! - max);
    masses[basins[c]!]! += p;
    meanLoss[basins[c]!]! += p * values[c]!;
    total += p;
  }
  for (let k = 0; k < K; k++) meanLoss[k] = masses[k]! > 0 ? meanLoss[k]! / masses[k]! : Number.NaN;
  return { masses: masses.map((m) => m / total), meanLoss };
}

/**
 * Posterior mass of each basin of a wells loss, by quadrature ({@link wellsBasinStatistics}'s masses).
 *
 * @param loss a {@link GaussianWellsLoss}.
 * @param options as {@link wellsBasinStatistics}.
 * @returns the K masses, summing to 1.
 * @throws RangeError for options out of range.
 * @example
 * const loss = createGaussianWellsLoss({ centers: [[-1, 0], [1, 0]], widths: [0.2, 0.2], numSamples: 10 });
 * Array.from(wellsBasinMasses(loss, { nBeta: 10, priorStd: 5 }), (m) => m.toFixed(3)); // ["0.500", "0.500"]
 * @complexity O(size^2 K).
 */
export function wellsBasinMasses(loss: GaussianWellsLoss, options: { nBeta: number; priorStd: number; halfWidth?: number; size?: number }): Float64Array {
  return wellsBasinStatistics(loss, options).masses;
}
