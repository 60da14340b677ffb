import type { MinibatchLoss } from "../model/minibatchLoss";
import { createRandom } from "../util/random";
import { hessianVectorProduct, lanczos } from "./hessianTopEigenvalue";
import type { SgldMetric } from "./sgldMetric";

/** Options of {@link hessianMetric}. */
export interface HessianMetricOptions {
  /** n beta of the posterior the metric is for, > 0. */
  nBeta: number;
  /** gamma of the localizer, >= 0 (the metric's floor s is at least gamma). */
  localization: number;
  /**
   * Largest ratio of the metric's eigenvalues (default 100), >= 1: the floor is
   * s = max(n beta h_max / anisotropy, gamma), so flat directions move at most `anisotropy` times
   * faster than the stiffest one.
   */
  anisotropy?: number;
  /** Most Lanczos iterations, i.e. the largest rank of the low-rank part (default 300, at most d). */
  maxRank?: number;
  /** Samples of the Hessian (default 4096; see hessianVectorProduct) and the Lanczos seed (default 0). */
  maxSamples?: number;
  seed?: number;
}

/** A Hessian metric and how it was built. */
export interface HessianMetric {
  metric: SgldMetric;
  /** The Ritz values kept (curvatures h_j of L_n at w*, descending), one per basis row. */
  curvatures: Float64Array;
  /** h_max, the largest Ritz value (0 when the Hessian has no positive curvature). */
  hMax: number;
  /** The floor s (the metric is 1 / s off the kept directions). */
  floor: number;
  /** Lanczos iterations (Hessian-vector products) and gradient evaluations. */
  iterations: number;
  /**
   * True when the Lanczos run covered the whole Krylov space (it reached d products or exhausted the
   * space): every stiff direction is then in the basis. False when maxRank cut it short: a stiff direction
   * outside the basis gets 1 / s, and its precision under the metric can exceed 1 (up to `anisotropy`),
   * so eps0 = kappa / preconditionedPrecision may be too large; the calibration's divergence halving catches that.
   */
  complete: boolean;
  gradientEvaluations: number;
  /**
   * The largest preconditioned precision of the quadratic model at w*,
   * max(max_j (n beta h_j + gamma) m_j, gamma / s) <= 1: the step eps is stable in the quadratic model while eps times it < 4.
   */
  preconditionedPrecision: number;
}

/**
 * A constant SGLD metric from the Hessian of L_n at w*: M = (n beta H + s I)^(-1) on the directions
 * where n beta h_j >= s and 1 / s elsewhere, so that each quadratic direction of the posterior relaxes
 * at the same rate and the flat (singular) directions move with the largest step the metric allows.
 *
 * Why: plain SGLD's step is bounded by the stiffest curvature (eps < 4 / (n beta h_max)), so directions
 * of small or zero curvature relax in about h_max / h steps; on deep linear networks at generic true
 * parameters h_max / h_min reaches 10^5 and the singular directions never equilibrate in reach. A
 * constant metric leaves the stationary law of the continuous dynamics exact (Langevin with any fixed
 * positive definite M samples exp(-U); no correction term), so a Ritz pair that has not converged costs
 * mixing, not the target; the Euler scheme's step-size and minibatch errors do depend on M, which is why
 * the calibration still searches for a plateau in eps.
 * Variant: Lanczos with full reorthogonalisation on central-difference Hessian-vector products
 * (hessianVectorProduct), maxRank iterations from a seeded Gaussian start or until the Krylov space is
 * exhausted; the Ritz vectors with n beta theta_j >= s form the basis. s = max(n beta h_max / anisotropy, gamma)
 * (documented rule, never a known lambda).
 *
 * @param loss any MinibatchLoss.
 * @param center w*, length loss.numParams.
 * @param options nBeta, localization, anisotropy (100), maxRank (300), maxSamples (4096), seed (0).
 * @returns the {@link HessianMetric}.
 * @throws RangeError for options out of range, a centre of the wrong length, or no positive curvature with
 *   localization 0 (the metric would be unbounded); Error when a gradient is not finite.
 * @example
 * const lr = createLinearRegressionLoss({ inputDim: 3, numSamples: 200, seed: 1 });
 * // One direction per eigenvalue of the 3 x 3 design:
 * hessianMetric(lr, lr.leastSquaresParams, { nBeta: 50, localization: 1 }).metric.values.length; // 3
 *
 * Complexity: 2 x iterations gradient evaluations over min(n, maxSamples) samples, O(iterations^2 d) for
 * the reorthogonalisation and the Ritz vectors, and one Jacobi diagonalisation of the iterations x iterations tridiagonal.
 * References: Girolami & Calderhead 2011 (Riemannian Langevin; a constant metric needs no correction);
 * Golub & Van Loan, Matrix Computations, 4th ed., §10.1 (Lanczos).
 */
export function hessianMetric(loss: MinibatchLoss, center: Float32Array, options: HessianMetricOptions): HessianMetric {
  const fn = "hessianMetric";
  const d = loss.numParams;
  const { nBeta, localization } = options;
  if (!(nBeta > 0 && Number.isFinite(nBeta))) throw new RangeError(`${fn}: nBeta must be a finite number > 0, got ${nBeta}`);
  if (!(localization >= 0 && Number.isFinite(localization))) throw new RangeError(`${fn}: localization must be a finite number >= 0, got ${localization}`);
  const anisotropy = options.anisotropy ?? 100;
  if (!(anisotropy >= 1 && Number.isFinite(anisotropy))) throw new RangeError(`${fn}: anisotropy must be a finite number >= 1, got ${anisotropy}`);
  const maxRank = options.maxRank ?? 300;
  if (!Number.isInteger(maxRank) || maxRank < 1) throw new RangeError(`${fn}: maxRank must be an integer >= 1, got ${maxRank}`);
  const random = createRandom(options.seed ?? 0);
  const product = hessianVectorProduct(fn, loss, center, { ...(options.maxSamples !== undefined ? { maxSamples: options.maxSamples } : {}), random });
  const run = lanczos(product.times, random.fillNormal(new Float64Array(d)), Math.min(maxRank, d), undefined, { diagonalizeEachStep: false });
  const k = run.values.length;
  let hMax = 0;
  for (let i = 0; i < k; i++) hMax = Math.max(hMax, run.values[i]!);
  const floor = Math.max((nBeta * hMax) / anisotropy, localization);
  if (!(floor > 0 && Number.isFinite(1 / floor))) {
    throw new RangeError(`${fn}: the Hessian at w* has no positive curvature (h_max ${hMax}) and localization is ${localization}, so the metric's floor s = max(n beta h_max / anisotropy, gamma) is ${floor}; give localization > 0`);
  }
  const kept = Array.from({ length: k }, (_, i) => i).filter((i) => nBeta * run.values[i]! >= floor).sort((a, b) => run.values[b]! - run.values[a]!);
  const basis = new Float64Array(kept.length * d);
  const values = new Float64Array(kept.length), curvatures = new Float64Array(kept.length);
  let precision = localization / floor;
  kept.forEach((i, row) => {
    const out = basis.subarray(row * d, (row + 1) * d);
    for (let j = 0; j < k; j++) {
      const c = run.vectors[j * k + i]!;
      if (c === 0) continue;
      const q = run.basis[j]!;
      for (let p = 0; p < d; p++) out[p]! += c * q[p]!;
    }
    // Renormalise (the Lanczos vectors are orthonormal to rounding; the metric's check asks 1e-6).
    let norm = 0;
    for (let p = 0; p < d; p++) norm += out[p]! * out[p]!;
    norm = Math.sqrt(norm);
    for (let p = 0; p < d; p++) out[p]! /= norm;
    curvatures[row] = run.values[i]!;
    values[row] = 1 / (nBeta * run.values[i]! + floor);
    precision = Math.max(precision, (nBeta * run.values[i]! + localization) * values[row]!);
  });
  return {
    metric: { numParams: d, basis, values, rest: 1 / floor },
    curvatures, hMax, floor, iterations: run.alphas.length, complete: run.stopped || run.alphas.length === d, gradientEvaluations: product.evaluations(), preconditionedPrecision: precision,
  };
}
