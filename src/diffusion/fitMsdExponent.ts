import { fitPowerLaw, type PowerLawFit } from "./fitPowerLaw";
import { lateWindow, type LagWindow, type LateWindowOptions } from "./lateWindow";
import type { MsdCurve } from "./msdCurve";

/** Options of {@link fitMsdExponent}. */
export interface MsdExponentOptions extends LateWindowOptions {
  /** Explicit lag window; default: {@link lateWindow}. */
  window?: LagWindow;
  /** Thinning for the fit (default 20 points per decade). */
  pointsPerDecade?: number;
}

/**
 * Fits the anomalous-diffusion exponent of an MSD curve, MSD ~ t^alpha_MSD, over the late window.
 *
 * Paper: MSD ~ t^(2/d_w); the paper's alpha is the slope of log R = alpha_MSD / 2 (arXiv 2503.22478).
 * Variant: {@link fitPowerLaw} over {@link lateWindow} unless a window is given.
 *
 * @param curve MSD curve; options as {@link lateWindow} and {@link fitPowerLaw}.
 * @returns the {@link PowerLawFit} of MSD against lag (its exponent is alpha_MSD).
 * @throws RangeError as lateWindow and fitPowerLaw.
 * @example
 * const lags = Float64Array.from({ length: 100 }, (_, i) => i + 1);
 * fitMsdExponent({ lags, msd: lags.map((t) => 2 * t ** 0.8), numMembers: 1, kind: "ensemble", duration: 100 }).exponent; // ≈ 0.8
 */
export function fitMsdExponent(curve: MsdCurve, options: MsdExponentOptions = {}): PowerLawFit {
  const window = options.window ?? lateWindow(curve, options);
  return fitPowerLaw(curve.lags, curve.msd, { start: window.start, end: window.end, pointsPerDecade: options.pointsPerDecade ?? 20 });
}
