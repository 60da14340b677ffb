import { probit } from "simple-statistics";
import { localSlope, type LocalSlopeCurve, type LocalSlopeOptions } from "./localSlope";

/** Options of {@link diffusionCrossover}. */
export interface CrossoverOptions extends LocalSlopeOptions {
  /** The local MSD exponent that separates super- from sub-diffusion (default 1, Brownian). */
  threshold?: number;
  /**
   * Standard error of the local slope at each centre of the {@link localSlope} curve of (x, y) with the
   * same options, e.g. {@link bootstrapLocalSlope}'s. When given, only a significant crossover is
   * found: see the rule below. Omitted, the curve is trusted as exact.
   */
  standardError?: ArrayLike<number>;
  /** Confidence of the significance rule, in (0, 1) (default 0.95). */
  confidence?: number;
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
      /** Multiple of the standard errors used by the significance rule (0 without standard errors). */
      criticalValue: number;
      localSlope: LocalSlopeCurve;
    }
  | { found: false; peakSlope: number; lateSlope: number; criticalValue: number; localSlope: LocalSlopeCurve };

/**
 * Detects the crossover from super-diffusion (local MSD exponent above 1) to sub-diffusion (below 1),
 * the early-fast/late-slow pattern of weight diffusion (Chen et al. 2020; arXiv 2503.22478).
 *
 * Variant: on the {@link localSlope} curve s_i with standard errors se_i (0 when none are given) and
 * the critical value z = Φ⁻¹(1 − (1 − confidence) / m) for m centres (one-sided, Bonferroni over the
 * centres), the super-diffusive phase is the centre p that maximises s_p − z se_p, and it must exceed
 * `threshold`; the sub-diffusive phase is the first later centre j with s_j + z se_j < threshold. The
 * crossover is the first downward crossing of `threshold` by s between p and j, interpolated linearly
 * in log lag. Each se_i is first replaced by the largest standard error within ± halfWidth decades of
 * centre i: a bootstrap standard error of a mean of skewed squared displacements is smallest where
 * the mean happens to be low, which is where a spurious steep slope starts, and its neighbours are
 * not (measured on 300 ensembles of 40 walks on Z²: 4 false crossovers with the raw errors, 1 with
 * the neighbourhood maximum). With standard errors, a curve whose true local slope never exceeds the
 * threshold is then reported as a crossover rarely (see summarizeDiffusion); without them (z = 0)
 * every excursion above the threshold counts, which on a noisy or log-periodic curve (a walk on a
 * fractal) finds crossovers that are not there (170-183 of 200 such ensembles).
 *
 * @param x lags (positive, increasing); y MSD (positive).
 * @param options.threshold (default 1); options.standardError of each local slope (e.g.
 *   {@link bootstrapLocalSlope}'s, with the same localSlope options); options.confidence (default
 *   0.95); and the {@link localSlope} options.
 * @returns a {@link DiffusionCrossover}; peakSlope is the largest local slope before the crossing (the
 *   largest overall when not found) and lateSlope the smallest after it.
 * @throws RangeError as localSlope, for a non-finite threshold, a confidence outside (0, 1), or
 *   standard errors that do not match the local slope curve.
 * @example
 * const t = Float64Array.from({ length: 4000 }, (_, i) => 0.01 * 1.003 ** i);
 * // ballistic (slope 2) then sub-diffusive (slope 0.5); the local slope is 1 at t = 2
 * const c = diffusionCrossover(t, t.map((s) => s ** 2 / (1 + s) ** 1.5));
 * Math.round(c.found ? c.time * 10 : 0) / 10; // 2
 * // The same curve with a standard error of 0.5 on every local slope: not significant.
 * diffusionCrossover(t, t.map((s) => s ** 2 / (1 + s) ** 1.5), { standardError: c.localSlope.slope.map(() => 0.5) }).found; // false
 */
export function diffusionCrossover(x: ArrayLike<number>, y: ArrayLike<number>, options: CrossoverOptions = {}): DiffusionCrossover {
  const fn = "diffusionCrossover";
  const threshold = options.threshold ?? 1;
  if (!Number.isFinite(threshold)) throw new RangeError(`${fn}: threshold must be finite, got ${threshold}`);
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`${fn}: confidence must be in (0, 1), got ${confidence}`);
  const curve = localSlope(x, y, options);
  const s = curve.slope;
  const m = s.length;
  const se = options.standardError;
  if (se !== undefined && se.length !== m) {
    throw new RangeError(`${fn}: standardError must have one value per local slope centre (${m}), got ${se.length}; compute it with the same localSlope options`);
  }
  if (se !== undefined) {
    for (let i = 0; i < m; i++) {
      if (!(se[i]! >= 0) || !Number.isFinite(se[i]!)) throw new RangeError(`${fn}: standardError[${i}] must be a finite number ≥ 0, got ${se[i]}`);
    }
  }
  // simple-statistics' probit is within ~0.01 of the exact quantile here, ample for a critical value.
  const z = se === undefined ? 0 : probit(1 - (1 - confidence) / m);
  const halfWidth = options.halfWidth ?? 0.25;
  const band = new Float64Array(m);
  if (se !== undefined) {
    for (let i = 0; i < m; i++) {
      const centre = Math.log10(curve.lags[i]!);
      for (let k = 0; k < m; k++) {
        if (Math.abs(Math.log10(curve.lags[k]!) - centre) <= halfWidth + 1e-9) band[i] = Math.max(band[i]!, z * se[k]!);
      }
    }
  }
  const lowerBand = (i: number): number => s[i]! - band[i]!;
  const upperBand = (i: number): number => s[i]! + band[i]!;
  let peak = 0;
  for (let i = 1; i < m; i++) if (lowerBand(i) > lowerBand(peak)) peak = i;
  const notFound = (): DiffusionCrossover => {
    let top = 0;
    for (let i = 1; i < m; i++) if (s[i]! > s[top]!) top = i;
    let late = Infinity;
    for (let i = top; i < m; i++) late = Math.min(late, s[i]!);
    return { found: false, peakSlope: s[top]!, lateSlope: late, criticalValue: z, localSlope: curve };
  };
  if (!(lowerBand(peak) > threshold)) return notFound();
  let sub = -1;
  for (let j = peak + 1; j < m; j++) {
    if (upperBand(j) < threshold) {
      sub = j;
      break;
    }
  }
  if (sub < 0) return notFound();
  let i = peak + 1;
  while (!(s[i]! < threshold)) i++; // s[sub] < threshold, so this stops at or before sub
  let top = 0;
  for (let k = 1; k < i; k++) if (s[k]! > s[top]!) top = k;
  let late = Infinity;
  for (let k = i; k < m; k++) late = Math.min(late, s[k]!);
  const a = Math.log(curve.lags[i - 1]!);
  const b = Math.log(curve.lags[i]!);
  const f = (s[i - 1]! - threshold) / (s[i - 1]! - s[i]!);
  return { found: true, time: Math.exp(a + f * (b - a)), peakSlope: s[top]!, peakTime: curve.lags[top]!, lateSlope: late, criticalValue: z, localSlope: curve };
}
