import type { MsdCurve } from "./msdCurve";

/** Options of {@link lateWindow}. */
export interface LateWindowOptions {
  /** Width of the window in decades of lag (default 1, > 0). */
  decades?: number;
  /**
   * For time-averaged curves, the largest usable lag as a fraction of the trajectory duration
   * (default 0.1: beyond T/10 few start times are averaged and the estimate is noisy).
   */
  maxLagFraction?: number;
}

/** A window [start, end] of lags. */
export interface LagWindow {
  start: number;
  end: number;
}

/**
 * The automatic late-time window for fitting a diffusion exponent.
 *
 * The paper fits log R against log t in the late phase of training (arXiv 2503.22478), where it
 * argues the geometry is stable. Rule implemented:
 * 1. upper end: the last lag for an ensemble curve; for a time-averaged curve the largest lag
 *    ≤ maxLagFraction x duration (default 1/10, as in single-particle tracking practice);
 * 2. lower end: `decades` decades (default 1) below the upper end;
 * 3. when that falls below the first lag, the upper half (in log scale) of the available range.
 *
 * @param curve an {@link MsdCurve} (lags > 0, increasing).
 * @param options.decades window width in decades (default 1); options.maxLagFraction (default 0.1).
 * @returns the window { start, end } in lag units.
 * @throws RangeError for a curve with fewer than 3 lags or options out of range.
 * @example
 * const lags = Float64Array.from({ length: 1000 }, (_, i) => i + 1);
 * lateWindow({ lags, msd: lags, numMembers: 1, kind: "ensemble", duration: 1000 }); // {"start": 100, "end": 1000}
 */
export function lateWindow(curve: MsdCurve, options: LateWindowOptions = {}): LagWindow {
  const fn = "lateWindow";
  const decades = options.decades ?? 1;
  const fraction = options.maxLagFraction ?? 0.1;
  if (!(decades > 0) || !Number.isFinite(decades)) throw new RangeError(`${fn}: decades must be a finite number > 0, got ${decades}`);
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`${fn}: maxLagFraction must be in (0, 1], got ${fraction}`);
  const lags = curve.lags;
  const n = lags.length;
  if (n < 3) throw new RangeError(`${fn}: curve must have at least 3 lags, got ${n}`);
  let end = lags[n - 1]!;
  if (curve.kind === "time-averaged") {
    const limit = fraction * curve.duration;
    let i = n - 1;
    while (i > 2 && lags[i]! > limit) i--;
    end = lags[i]!;
  }
  let start = end / 10 ** decades;
  if (start < lags[0]!) start = Math.sqrt(lags[0]! * end);
  return { start, end };
}
