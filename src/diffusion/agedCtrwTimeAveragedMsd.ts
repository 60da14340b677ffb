import { fitPowerLaw } from "./fitPowerLaw";

/** Options of {@link agedCtrwTimeAveragedMsd}. */
export interface AgedCtrwTimeAveragedMsdOptions {
  /** The CTRW's waiting exponent a in (0, 1], which is its ensemble MSD exponent: <x^2(t)> ∝ t^a from its start. */
  exponent: number;
  /** Lag Δ in time units, > 0. */
  lag: number;
  /** Aging time t_a ≥ 0 in time units: how long the walk ran before the measurement began (0: observed from its start). */
  agingTime: number;
  /** Measurement times T_m in time units, increasing, each > lag; at least 3 (for the slope). */
  measurementTimes: readonly number[];
}

/** The expected time-averaged MSD of an aged CTRW at one lag, against the measurement time. */
export interface AgedCtrwTimeAveragedMsd {
  measurementTimes: Float64Array;
  /** <delta^2(Δ; t_a, T_m)> in units where <x^2(t)> = t^a (multiply by the walk's prefactor). */
  msd: Float64Array;
  /** Least-squares slope of log <delta^2> against log T_m (the aging slope to compare with timeAveragedMsdAging). */
  exponent: number;
}

/** (s + lag)^(1 + a) - s^(1 + a), without cancellation when s ≫ lag. */
function forwardDifference(s: number, lag: number, a: number): number {
  return s === 0 ? lag ** (1 + a) : s ** (1 + a) * Math.expm1((1 + a) * Math.log1p(lag / s));
}

/**
 * The expected time-averaged MSD of a subdiffusive continuous-time random walk observed from an aging
 * time t_a on: delta^2(Δ; t_a, T) = (1 / (T - Δ)) ∫_0^(T-Δ) |x(t_a + t + Δ) - x(t_a + t)|^2 dt, averaged
 * over walks, for several measurement times T, and the slope of its log against log T.
 *
 * Theory: jumps after independent waits are uncorrelated, so <|x(t2) - x(t1)|^2> is proportional to the
 * mean number of jumps in (t1, t2], ∝ t2^a - t1^a. Integrating over start times,
 * <delta^2> = [(t_a + T)^(1+a) - (t_a + T - Δ)^(1+a) - (t_a + Δ)^(1+a) + t_a^(1+a)] / ((1 + a)(T - Δ)),
 * which is exact when the renewal count is exactly ∝ t^a (Mittag-Leffler waiting times) and the long-time
 * limit otherwise. For Δ ≪ T it is Δ [(t_a + T)^a - t_a^a] / T = Δ T^(a-1) Λ_a(t_a / T), with the aging
 * function Λ_a(z) = (1 + z)^a - z^a (Schulz, Barkai & Metzler 2013, arXiv 1204.0878): slope a - 1 for
 * t_a = 0 (the unaged formula of {@link timeAveragedMsdAging}), flattening towards 0 once t_a ≫ T.
 * The time-averaged MSD of a CTRW is linear in Δ whatever a, so a is the ensemble MSD exponent, not the
 * slope of delta^2 against the lag. a = 1 is Brownian motion: <delta^2> = Δ.
 *
 * @param options.exponent a in (0, 1]; options.lag Δ > 0; options.agingTime t_a ≥ 0; options.measurementTimes increasing, > Δ (time units).
 * @returns an {@link AgedCtrwTimeAveragedMsd}.
 * @throws RangeError for a out of (0, 1], Δ ≤ 0, t_a < 0 or not finite, or fewer than 3 measurement times, not increasing or not above Δ.
 * @example
 * // Brownian motion (a = 1): delta^2 = Δ whatever the age, so no aging.
 * agedCtrwTimeAveragedMsd({ exponent: 1, lag: 2, agingTime: 100, measurementTimes: [10, 20, 40] }).msd[1]; // ≈ 2
 * @complexity O(number of measurement times).
 */
export function agedCtrwTimeAveragedMsd(options: AgedCtrwTimeAveragedMsdOptions): AgedCtrwTimeAveragedMsd {
  const fn = "agedCtrwTimeAveragedMsd";
  const { exponent: a, lag, agingTime } = options;
  if (!(a > 0 && a <= 1)) throw new RangeError(`${fn}: exponent must be in (0, 1], got ${a}`);
  if (!(lag > 0) || !Number.isFinite(lag)) throw new RangeError(`${fn}: lag must be a finite number > 0, got ${lag}`);
  if (!(agingTime >= 0) || !Number.isFinite(agingTime)) throw new RangeError(`${fn}: agingTime must be a finite number ≥ 0, got ${agingTime}`);
  const times = options.measurementTimes;
  if (!Array.isArray(times) || times.length < 3) throw new RangeError(`${fn}: measurementTimes must hold at least 3 times, got ${Array.isArray(times) ? times.length : typeof times}`);
  times.forEach((m, i) => {
    if (!(m > lag) || !Number.isFinite(m) || (i > 0 && m <= times[i - 1]!)) throw new RangeError(`${fn}: measurementTimes must be increasing finite times above the lag ${lag}, got ${JSON.stringify(times)}`);
  });
  const msd = Float64Array.from(times, (T) =>
    (forwardDifference(agingTime + T - lag, lag, a) - forwardDifference(agingTime, lag, a)) / ((1 + a) * (T - lag)));
  const measurementTimes = Float64Array.from(times);
  const fit = fitPowerLaw(measurementTimes, msd, { pointsPerDecade: 0 });
  return { measurementTimes, msd, exponent: fit.exponent };
}
