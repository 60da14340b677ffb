import { checkGaussian, type DiagonalGaussian } from "./gaussianKlDivergence";

/**
 * The 2-Wasserstein distance between two Gaussians with diagonal covariances, in closed form.
 *
 * W_2(N(mu_p, S_p), N(mu_q, S_q))^2 = |mu_p - mu_q|^2 + sum_i (sigma_p,i - sigma_q,i)^2 for commuting
 * (here diagonal) covariances (Dowson & Landau 1982; Givens & Shortt 1984). In one dimension W_1 = W_2
 * when the variances are equal (both are |mu_p - mu_q|), which is how the discrete
 * {@link wassersteinDistance} is checked against it.
 *
 * @param p, q Gaussians of the same dimension (means finite, variances > 0).
 * @returns W_2 ≥ 0 in the units of the coordinates.
 * @throws RangeError for mismatched dimensions, non-finite means or non-positive variances.
 * @example
 * gaussianWassersteinDistance({ mean: [0, 0], variance: [1, 1] }, { mean: [3, 0], variance: [1, 16] }); // ≈ 4.243
 * @complexity O(d).
 */
export function gaussianWassersteinDistance(p: DiagonalGaussian, q: DiagonalGaussian): number {
  const d = checkGaussian("gaussianWassersteinDistance", "p", p);
  checkGaussian("gaussianWassersteinDistance", "q", q, d);
  let sum = 0;
  for (let i = 0; i < d; i++) {
    const dm = p.mean[i]! - q.mean[i]!;
    const ds = Math.sqrt(p.variance[i]!) - Math.sqrt(q.variance[i]!);
    sum += dm * dm + ds * ds;
  }
  return Math.sqrt(sum);
}
