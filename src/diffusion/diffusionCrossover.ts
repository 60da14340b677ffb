import { localSlope, type LocalSlopeCurve, type LocalSlopeOptions } from "./localSlope";

/** Options of {@link diffusionCrossover}. */
export interface CrossoverOptions extends LocalSlopeOptions {
  /** The local MSD exponent that separates super- from sub-diffusion (default 1, Brownian). */
  threshold?: number;
}

/** Result of {@link diffusionCrossover}: found with the crossing time, or not found with the slope range. */
export type DiffusionCrossover =
  | {
      found: true;
      /** Lag at which the local slope falls through the threshold (log-linear interpolation). */
      time: number;
      /** Largest local slope before the crossing and the lag where it occurs. */
      peakSlope: number;
      peakTime: number;
      /** Smallest local slope after the crossing. */
      lateSlope: number;
      localSlope: LocalSlopeCurve;
    }
  | { found: false; peakSlope: number; lateSlope: number; localSlope: LocalSlopeCurve };

/**
 * Detects the crossover from super-diffusion (local MSD exponent above 1) to sub-diffusion (below 1),
 * the early-fast/late-slow pattern of weight diffusion (Chen et al. 2020; arXiv 2503.22478).
 *
 * Variant: the first downward crossing of `threshold` by the {@link localSlope} curve after its
 * maximum; the crossing lag is interpolated linearly in log lag. Not found when the peak slope is
 * ≤ threshold or the slope never falls below it afterwards.
 *
 * @param x lags (positive, increasing); y MSD (positive).
 * @param options.threshold (default 1) and the {@link localSlope} options.
 * @returns a {@link DiffusionCrossover}.
 * @throws RangeError as localSlope, or for a non-finite threshold.
 * @example
 * const t = Float64Array.from({ length: 4000 }, (_, i) => 0.01 * 1.003 ** i);
 * // ballistic (slope 2) then sub-diffusive (slope 0.5); the local slope is 1 at t = 2
 * const c = diffusionCrossover(t, t.map((s) => s ** 2 / (1 + s) ** 1.5));
 * Math.round(c.found ? c.time * 10 : 0) / 10; // 2
 */
export function diffusionCrossover(x: ArrayLike<number>, y: ArrayLike<number>, options: CrossoverOptions = {}): DiffusionCrossover {
  const threshold = options.threshold ?? 1;
  if (!Number.isFinite(threshold)) throw new RangeError(`diffusionCrossover: threshold must be finite, got ${threshold}`);
  const curve = localSlope(x, y, options);
  const s = curve.slope;
  let peak = 0;
  for (let i = 1; i < s.length; i++) if (s[i]! > s[peak]!) peak = i;
  let late = Infinity;
  for (let i = peak; i < s.length; i++) late = Math.min(late, s[i]!);
  if (s[peak]! <= threshold) return { found: false, peakSlope: s[peak]!, lateSlope: late, localSlope: curve };
  for (let i = peak + 1; i < s.length; i++) {
    if (s[i]! < threshold) {
      const a = Math.log(curve.lags[i - 1]!);
      const b = Math.log(curve.lags[i]!);
      const f = (s[i - 1]! - threshold) / (s[i - 1]! - s[i]!);
      return { found: true, time: Math.exp(a + f * (b - a)), peakSlope: s[peak]!, peakTime: curve.lags[peak]!, lateSlope: late, localSlope: curve };
    }
  }
  return { found: false, peakSlope: s[peak]!, lateSlope: late, localSlope: curve };
}
