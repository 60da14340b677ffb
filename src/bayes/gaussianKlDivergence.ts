/** A Gaussian with diagonal covariance: per-coordinate means and variances. */
export interface DiagonalGaussian {
  /** Means mu_i, finite. */
  mean: ArrayLike<number>;
  /** Variances sigma_i^2, finite and > 0, same length as `mean`. */
  variance: ArrayLike<number>;
}

/** Checks a diagonal Gaussian; returns its dimension. @internal */
export function checkGaussian(fn: string, name: string, g: DiagonalGaussian, dimension = -1): number {
  const d = g.mean.length;
  if (d < 1) throw new RangeError(`${fn}: ${name}.mean must have at least 1 entry, got 0`);
  if (g.variance.length !== d) throw new RangeError(`${fn}: ${name}.variance must have length ${d} (as ${name}.mean), got ${g.variance.length}`);
  if (dimension >= 0 && d !== dimension) throw new RangeError(`${fn}: ${name} must have dimension ${dimension} (as the first Gaussian), got ${d}`);
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(g.mean[i]!)) throw new RangeError(`${fn}: ${name}.mean[${i}] must be finite, got ${g.mean[i]}`);
    if (!(g.variance[i]! > 0) || !Number.isFinite(g.variance[i]!)) {
      throw new RangeError(`${fn}: ${name}.variance[${i}] must be a finite number > 0, got ${g.variance[i]}`);
    }
  }
  return d;
}

/**
 * The Kullback–Leibler divergence between two Gaussians with diagonal covariances, in closed form.
 *
 * KL(N(mu_p, S_p) ‖ N(mu_q, S_q)) = (1/2) sum_i [ s_p,i / s_q,i + (mu_q,i - mu_p,i)^2 / s_q,i - 1
 * + log(s_q,i / s_p,i) ] for variances s. The continuous counterpart of {@link klDivergence}, used as
 * its ground truth (a fine discretisation of two Gaussians converges to it).
 *
 * @param p the reference Gaussian; @param q the approximating Gaussian, same dimension.
 * @returns KL(p ‖ q) ≥ 0 in nats.
 * @throws RangeError for mismatched dimensions, non-finite means or non-positive variances.
 * @example
 * gaussianKlDivergence({ mean: [0], variance: [1] }, { mean: [1], variance: [1] }); // 0.5
 * @complexity O(d).
 */
export function gaussianKlDivergence(p: DiagonalGaussian, q: DiagonalGaussian): number {
  const d = checkGaussian("gaussianKlDivergence", "p", p);
  checkGaussian("gaussianKlDivergence", "q", q, d);
  let sum = 0;
  for (let i = 0; i < d; i++) {
    const sp = p.variance[i]!, sq = q.variance[i]!;
    const dm = q.mean[i]! - p.mean[i]!;
    sum += sp / sq + (dm * dm) / sq - 1 + Math.log(sq / sp);
  }
  return 0.5 * sum;
}
