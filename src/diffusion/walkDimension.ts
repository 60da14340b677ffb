/**
 * The walk dimension d_w from the MSD exponent: MSD ~ t^(2/d_w), so d_w = 2 / alpha_MSD.
 *
 * Paper: R(t) ~ t^(1/d_w) (arXiv 2503.22478); d_w = 2 for Brownian motion, log 5 / log 2 ≈ 2.32 on the
 * Sierpinski gasket, > 2 for sub-diffusion.
 *
 * @param msdExponent alpha_MSD, the slope of log MSD against log t, a finite number > 0.
 * @returns d_w = 2 / alpha_MSD.
 * @throws RangeError when msdExponent is not a finite number > 0.
 * @example
 * walkDimension(0.5); // 4
 */
export function walkDimension(msdExponent: number): number {
  if (!(msdExponent > 0) || !Number.isFinite(msdExponent)) {
    throw new RangeError(`walkDimension: msdExponent must be a finite number > 0, got ${msdExponent}`);
  }
  return 2 / msdExponent;
}
