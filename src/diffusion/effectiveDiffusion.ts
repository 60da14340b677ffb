/**
 * The homogenised (coarse-grained) scalar diffusion coefficient at scale xi.
 *
 * Paper (arXiv 2503.22478): D_xi = xi^(2 - 2 lambda / d_s) = xi^(2 - d_w); it tempers the steady
 * state p_s ∝ exp(-gamma L / D_xi). D_xi = 1 for Brownian motion (d_w = 2) at every scale.
 *
 * @param scale xi > 0 (coarse-graining length, position units).
 * @param walkDimension d_w, a finite number ≥ 1.
 * @returns D_xi (dimensionless in the paper's normalisation).
 * @throws RangeError when scale ≤ 0 or d_w < 1 or either is non-finite.
 * @example
 * effectiveDiffusion(0.5, 3); // 2
 */
export function effectiveDiffusion(scale: number, walkDimension: number): number {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`effectiveDiffusion: scale must be a finite number > 0, got ${scale}`);
  if (!(walkDimension >= 1) || !Number.isFinite(walkDimension)) {
    throw new RangeError(`effectiveDiffusion: walkDimension must be a finite number ≥ 1, got ${walkDimension}`);
  }
  return scale ** (2 - walkDimension);
}
