/**
 * What the LLC estimator measures on a quadratic loss at a finite n beta and localizer gamma.
 *
 * Why: the estimator samples p(w) ∝ exp(-n beta L_n(w) - (gamma / 2) |w - w*|^2) and reads
 * lambda_hat = n beta (E[L_n] - L_n(w*)). Where L_n is quadratic near w* with curvatures h_j (the
 * Hessian's eigenvalues), the law is Gaussian with precision n beta h_j + gamma along each eigenvector,
 * so the estimator's target is not rank / 2 but
 *
 *   Q(gamma) = sum_j (1/2) n beta h_j / (n beta h_j + gamma),
 *
 * which falls short of rank / 2 by the localizer's share of each direction, gamma / (n beta h_j + gamma).
 * A direction with n beta h_j ≲ gamma is held by the localizer, not by the loss. On a loss that is not
 * quadratic, Q from the Hessian at w* is a model of w* alone: it is the estimator's target only as far
 * as the curvature stays the same within the localizer's reach (about 1 / sqrt(gamma) along each flat
 * direction). Where it does and the local coefficient is rank / 2, an estimate that matches Q(gamma)
 * but not rank / 2 says the sampler is right and the localizer too tight for the weakest curvature.
 */

/** The quadratic model's value at (n beta, gamma) (see {@link localizedQuadraticLlc}). */
export interface LocalizedQuadraticLlc {
  /** Q(gamma) = sum_j (1/2) n beta h_j / (n beta h_j + gamma): the estimator's exact target on the quadratic model. */
  value: number;
  /** Directions with positive curvature (h_j > 0). */
  rank: number;
  /** rank / 2: the learning coefficient of the quadratic model (the gamma -> 0 limit of `value`). */
  limit: number;
  /** 1 - value / limit, in [0, 1): the part of rank / 2 the localizer takes (0 when rank is 0). */
  localizerShare: number;
  /** The smallest positive n beta h_j / gamma (Infinity when rank is 0, or gamma is 0): below about 1 the localizer holds that direction. */
  weakestRatio: number;
}

/**
 * The LLC estimator's exact target on a quadratic loss with curvatures `curvatures` at inverse
 * temperature `nBeta` and localization `localization` (see the module comment).
 *
 * @param curvatures the Hessian's eigenvalues at w*, each finite and >= 0 (zeros are flat directions and add nothing).
 * @param nBeta n beta, finite and > 0.
 * @param localization gamma, finite and >= 0.
 * @returns value, rank, limit, localizerShare and weakestRatio.
 * @throws RangeError naming the offending argument.
 * @example
 * // One direction as stiff as the localizer holds half of its 1/2:
 * localizedQuadraticLlc([1, 0], 100, 100).value; // 0.25
 * localizedQuadraticLlc([1, 0], 100, 100).localizerShare; // 0.5
 * @complexity O(number of curvatures).
 */
export function localizedQuadraticLlc(curvatures: ArrayLike<number>, nBeta: number, localization: number): LocalizedQuadraticLlc {
  const fn = "localizedQuadraticLlc";
  if (!(Number.isFinite(nBeta) && nBeta > 0)) throw new RangeError(`${fn}: nBeta must be finite and > 0, got ${nBeta}`);
  if (!(Number.isFinite(localization) && localization >= 0)) throw new RangeError(`${fn}: localization must be finite and >= 0, got ${localization}`);
  let value = 0, rank = 0, weakest = Infinity;
  for (let j = 0; j < curvatures.length; j++) {
    const h = curvatures[j]!;
    if (!(Number.isFinite(h) && h >= 0)) {
      throw new RangeError(`${fn}: curvatures[${j}] must be finite and >= 0 (eigenvalues of the Hessian at a minimum; cut rounding noise below 0 first), got ${h}`);
    }
    if (h === 0) continue;
    const stiffness = nBeta * h;
    value += (0.5 * stiffness) / (stiffness + localization);
    rank++;
    weakest = Math.min(weakest, stiffness);
  }
  const limit = rank / 2;
  return { value, rank, limit, localizerShare: rank === 0 ? 0 : 1 - value / limit, weakestRatio: rank === 0 || localization === 0 ? Infinity : weakest / localization };
}
