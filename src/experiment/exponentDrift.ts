/**
 * Whether an exponent measured over sliding windows drifts: the slope of the exponent against the
 * window's position (per decade of time), per run, and its mean over runs with a bootstrap interval.
 */
import { bootstrapMean, type MeanInterval } from "./sweepStatistics";

/** A drift test of a windowed exponent. */
export interface ExponentDrift {
  /** Per run: the least-squares slope of the exponent against log10 of the window centre (change per decade). */
  perRun: number[];
  /** Mean slope over runs with its percentile bootstrap interval (runs resampled). */
  drift: MeanInterval;
  /** Tolerance on |drift| per decade. */
  tolerance: number;
  /** "stable": the interval lies inside ±tolerance; "drifting": entirely outside; "inconclusive": it straddles. */
  verdict: "stable" | "drifting" | "inconclusive";
}

/**
 * Tests whether an exponent stays constant along training, e.g. the paper's alpha over sliding late
 * windows (its near-stability hypothesis, arXiv 2503.22478). Per run, the OLS slope of the window
 * exponents against log10(window centre) estimates the change per decade of time; runs are the
 * independent unit, so the mean slope gets a bootstrap interval over runs, compared with ±tolerance.
 * Unlike the range (max − min) of the window exponents, this statistic does not grow with the noise
 * of each window or with the number of windows: noise widens its interval instead of biasing it.
 *
 * @param runs per run the window centres (> 0, at least 2 distinct) and the exponents (same length).
 * @param options.tolerance accepted |change per decade| (default 0.05); numResamples (2000); seed (0).
 * @returns an {@link ExponentDrift}.
 * @throws RangeError for no runs, a run with fewer than 2 windows, lengths that differ, or centres ≤ 0 or all equal.
 * @example
 * // alpha falls by 0.1 per decade in both runs.
 * exponentDrift([{ centres: [100, 1000], exponents: [0.4, 0.3] }, { centres: [100, 1000], exponents: [0.45, 0.35] }]).drift.mean; // ≈ -0.1
 */
export function exponentDrift(runs: { centres: ArrayLike<number>; exponents: ArrayLike<number> }[], options: { tolerance?: number; numResamples?: number; seed?: number } = {}): ExponentDrift {
  const fn = "exponentDrift";
  if (!Array.isArray(runs) || runs.length < 1) throw new RangeError(`${fn}: runs must hold at least 1 run, got ${Array.isArray(runs) ? 0 : typeof runs}`);
  const tolerance = options.tolerance ?? 0.05;
  if (!(tolerance > 0)) throw new RangeError(`${fn}: tolerance must be > 0, got ${tolerance}`);
  const perRun = runs.map((r, k) => {
    if (r.centres.length !== r.exponents.length || r.centres.length < 2) throw new RangeError(`${fn}: run ${k} needs ≥ 2 windows and as many exponents, got ${r.centres.length} and ${r.exponents.length}`);
    const x = Array.from(r.centres, (c) => {
      if (!(c > 0)) throw new RangeError(`${fn}: run ${k} has a window centre ${c}; centres must be > 0`);
      return Math.log10(c);
    });
    const y = Array.from(r.exponents);
    const mx = x.reduce((s, v) => s + v, 0) / x.length, my = y.reduce((s, v) => s + v, 0) / y.length;
    let sxy = 0, sxx = 0;
    for (let i = 0; i < x.length; i++) {
      sxy += (x[i]! - mx) * (y[i]! - my);
      sxx += (x[i]! - mx) ** 2;
    }
    if (!(sxx > 0)) throw new RangeError(`${fn}: run ${k} has all its windows at one centre; give windows at different times`);
    return sxy / sxx;
  });
  const drift = bootstrapMean(perRun, { numResamples: options.numResamples ?? 2000, seed: options.seed ?? 0 });
  const verdict = drift.lower >= -tolerance && drift.upper <= tolerance ? "stable" : drift.upper < -tolerance || drift.lower > tolerance ? "drifting" : "inconclusive";
  return { perRun, drift, tolerance, verdict };
}
