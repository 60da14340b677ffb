import { fitPowerLaw } from "./fitPowerLaw";
import { checkWalk, uniformTimeStep, type Walk } from "./walk";

/** Options of {@link timeAveragedMsdAging}. */
export interface TimeAveragedMsdAgingOptions {
  /** Lag in snapshots, an integer ≥ 1 (default 1). */
  lag?: number;
  /**
   * Measurement lengths in snapshots, integers in (2 lag, T], increasing (default T/8, T/4, T/2, T,
   * rounded, those above 2 lag).
   */
  measurementTimes?: number[];
}

/** The time-averaged MSD at one lag as a function of the measurement time (aging). */
export interface TimeAveragedMsdAging {
  /** The lag in time units. */
  lag: number;
  /** Measurement times in time units, (snapshots - 1) x time step. */
  measurementTimes: Float64Array;
  /** Member-averaged delta^2(lag; T_m) over the first T_m snapshots. */
  msd: Float64Array;
  /** Slope of log delta^2 against log T_m: 0 without aging, a - 1 for a CTRW with waiting exponent a. */
  exponent: number;
  /** OLS standard error of the slope. */
  standardError: number;
}

/**
 * Aging of the time-averaged MSD: delta^2(tau; T_m) = (1 / (T_m - tau)) sum_{t < T_m - tau} |x(t + tau) - x(t)|^2
 * over the first T_m snapshots, averaged over members, for several measurement times T_m, and the
 * slope of log delta^2 against log T_m.
 *
 * Theory: for a process with stationary increments (Brownian motion, fBm) delta^2 does not depend on
 * T_m (slope 0); for a subdiffusive continuous-time random walk with waiting exponent a, observed from
 * its start, <delta^2(tau; T_m)> ≈ tau T_m^(a - 1) / Gamma(1 + a) for tau ≪ T_m (Lubelski, Sokolov &
 * Klafter 2008; He, Burov, Metzler & Barkai 2008): slope a - 1. The fractional Fokker–Planck picture
 * the paper draws on (arXiv 2503.22478) is this CTRW limit, so a negative slope is its fingerprint.
 * Variant: one pass of prefix sums of the squared increments at the lag, so all T_m cost O(T P).
 *
 * @param members ≥ 1 uniformly sampled walks with the same number of snapshots and dimension.
 * @param options.lag lag in snapshots (default 1); options.measurementTimes in snapshots (default T/8, T/4, T/2, T).
 * @returns a {@link TimeAveragedMsdAging}.
 * @throws RangeError for no members, members of different shapes, a lag or measurement time out of
 * range, non-uniform times, fewer than 3 measurement times, or a zero MSD (a frozen walk).
 * @example
 * // x(t) = t: every squared increment at lag 1 is 1, whatever the measurement time.
 * const walk = createWalk(Float64Array.from({ length: 64 }, (_, t) => t), 1);
 * timeAveragedMsdAging([walk]).exponent; // 0
 * @complexity O(members T P).
 */
export function timeAveragedMsdAging(members: readonly Walk[], options: TimeAveragedMsdAgingOptions = {}): TimeAveragedMsdAging {
  const fn = "timeAveragedMsdAging";
  if (!Array.isArray(members) || members.length < 1) throw new RangeError(`${fn}: members must hold at least 1 walk, got ${Array.isArray(members) ? 0 : typeof members}`);
  const T = checkWalk(fn, members[0]!, "members[0]");
  const P = members[0]!.dimension;
  const dt = uniformTimeStep(members[0]!.times);
  if (!(dt > 0)) throw new RangeError(`${fn}: members must be sampled uniformly in time (equal steps between times); resample the walk`);
  members.forEach((m, i) => {
    if (checkWalk(fn, m, `members[${i}]`) !== T || m.dimension !== P) throw new RangeError(`${fn}: members[${i}] has ${m.positions.length / m.dimension} snapshots of ${m.dimension}, members[0] ${T} of ${P}; give walks of one shape`);
  });
  const lag = options.lag ?? 1;
  if (!Number.isInteger(lag) || lag < 1 || 2 * lag >= T) throw new RangeError(`${fn}: lag must be an integer in [1, ${Math.ceil(T / 2) - 1}] (below half the ${T} snapshots), got ${lag}`);
  const times = options.measurementTimes ?? [...new Set([T / 8, T / 4, T / 2, T].map(Math.round))].filter((m) => m > 2 * lag);
  if (times.length < 3) throw new RangeError(`${fn}: needs at least 3 measurement times, got ${times.length}; give a shorter lag or a longer walk`);
  times.forEach((m, i) => {
    if (!Number.isInteger(m) || m <= 2 * lag || m > T || (i > 0 && m <= times[i - 1]!)) {
      throw new RangeError(`${fn}: measurementTimes must be increasing integers in (${2 * lag}, ${T}] (snapshots), got ${JSON.stringify(times)}`);
    }
  });
  // cumulative[s] = sum over members and start times < s of |x(t + lag) - x(t)|^2.
  const cumulative = new Float64Array(T - lag + 1);
  for (const m of members) {
    const x = m.positions;
    for (let s = 0; s < T - lag; s++) {
      let sum = 0;
      const a = s * P, b = (s + lag) * P;
      for (let j = 0; j < P; j++) {
        const d = x[b + j]! - x[a + j]!;
        sum += d * d;
      }
      cumulative[s + 1]! += sum;
    }
  }
  for (let s = 1; s < cumulative.length; s++) cumulative[s]! += cumulative[s - 1]!;
  const msd = Float64Array.from(times, (m) => cumulative[m - lag]! / (m - lag) / members.length);
  if (msd.some((v) => !(v > 0) || !Number.isFinite(v))) throw new RangeError(`${fn}: the time-averaged MSD must be positive and finite, got ${Array.from(msd).join(", ")} (a frozen or non-finite walk)`);
  const measurementTimes = Float64Array.from(times, (m) => (m - 1) * dt);
  const fit = fitPowerLaw(measurementTimes, msd, { pointsPerDecade: 0 });
  return { lag: lag * dt, measurementTimes, msd, exponent: fit.exponent, standardError: fit.standardError };
}
