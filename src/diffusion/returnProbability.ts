import { median } from "simple-statistics";
import { checkWalk, type Walk } from "./walk";

/** Options of {@link returnProbability}. */
export interface ReturnProbabilityOptions {
  /**
   * Radius r of the return ball (position units, > 0). Default: half the median one-snapshot step
   * length of the first member, which on a lattice or graph with unit edges counts exact returns.
   */
  radius?: number;
  /** Smallest lag in snapshots (default 1). */
  minLag?: number;
  /** Largest lag in snapshots (default floor((T - 1) / 4)). */
  maxLag?: number;
  /** Number of log-spaced lags (default 24; duplicates after rounding are dropped). */
  numLags?: number;
  /**
   * Average each lag k with k + 1 (default true). On bipartite graphs (lattices) returns happen only at
   * even lags; the average removes the parity oscillation without changing the power law.
   */
  parityAverage?: boolean;
}

/** The empirical return probability P(|w(t + tau) - w(t)| < r) as a function of the lag tau. */
export interface ReturnProbabilityCurve {
  /** Lags in snapshots. */
  lagSteps: Int32Array;
  /** Lags in time units (lag x time step of the first member). */
  lags: Float64Array;
  /** Fraction of pairs (member, t) whose displacement over the lag is shorter than the radius. */
  probability: Float64Array;
  /** Number of such pairs (after parity averaging: summed over k and k + 1). */
  counts: Float64Array;
  /** Number of pairs examined. */
  pairs: Float64Array;
  /** Counts and pairs per member, row-major `members x lags` (for resampling over members). */
  memberCounts: Float64Array;
  memberPairs: Float64Array;
  radius: number;
}


/**
 * Log-spaced distinct integer lags in [minLag, maxLag] (rounded; duplicates dropped).
 *
 * @example
 * logSpacedLags(1, 100, 5); // Int32Array [1, 3, 10, 32, 100]
 */
export function logSpacedLags(minLag: number, maxLag: number, numLags: number): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < numLags; i++) {
    const v = Math.round(minLag * (maxLag / minLag) ** (numLags === 1 ? 0 : i / (numLags - 1)));
    if (out.length === 0 || v > out[out.length - 1]!) out.push(v);
  }
  return Int32Array.from(out);
}

/**
 * Return probability of a walk (or an ensemble) to a ball around its earlier position, averaged over
 * start times and members: P(tau) = Pr(|w(t + tau) - w(t)| < r).
 *
 * On a structure of spectral dimension d_s and fractal dimension d_f, for r ≪ tau^(1/d_w),
 * P(tau) ~ r^(d_f) tau^(-d_s/2) (heat-kernel scaling; Alexander & Orbach 1982). This is the raw
 * curve behind {@link spectralDimensionFromReturns}, an estimate of d_s that does not use the LLC.
 * Variant: all start times of every member (overlapping pairs); distance sums stop early once r^2 is
 * exceeded, which makes high dimensions cheap.
 *
 * @param members one walk or an array of walks (same dimension; each needs T > maxLag + 1).
 * @param options radius, minLag, maxLag, numLags, parityAverage (see {@link ReturnProbabilityOptions}).
 * @returns a {@link ReturnProbabilityCurve}.
 * @throws RangeError for an empty ensemble, a non-positive radius, or lags out of range.
 * @example
 * const walk = createWalk(new Float64Array([0, 1, 0, 1, 0, 1, 0, 1, 0]), 1);
 * returnProbability(walk, { radius: 0.5, minLag: 1, maxLag: 2, parityAverage: false }).probability; // Float64Array [0, 1]
 * @complexity O(members T numLags P), usually far less thanks to the early stop.
 */
export function returnProbability(members: Walk | readonly Walk[], options: ReturnProbabilityOptions = {}): ReturnProbabilityCurve {
  const fn = "returnProbability";
  const list = Array.isArray(members) ? (members as readonly Walk[]) : [members as Walk];
  if (list.length < 1) throw new RangeError(`${fn}: members must hold at least 1 walk, got 0`);
  const p = list[0]!.dimension;
  let tMin = Infinity;
  list.forEach((w, m) => {
    const t = checkWalk(fn, w, `members[${m}]`);
    if (w.dimension !== p) throw new RangeError(`${fn}: members[${m}].dimension must be ${p}, got ${w.dimension}`);
    tMin = Math.min(tMin, t);
  });
  if (tMin < 3) throw new RangeError(`${fn}: each walk needs at least 3 snapshots, got ${tMin}`);
  const parity = options.parityAverage ?? true;
  const minLag = options.minLag ?? 1;
  const maxLag = options.maxLag ?? Math.max(minLag, Math.floor((tMin - 1) / 4));
  const top = tMin - 1 - (parity ? 1 : 0);
  if (!Number.isInteger(minLag) || minLag < 1 || minLag > top) throw new RangeError(`${fn}: minLag must be an integer in [1, ${top}], got ${minLag}`);
  if (!Number.isInteger(maxLag) || maxLag < minLag || maxLag > top) throw new RangeError(`${fn}: maxLag must be an integer in [${minLag}, ${top}], got ${maxLag}`);
  const numLags = options.numLags ?? 24;
  if (!Number.isInteger(numLags) || numLags < 1) throw new RangeError(`${fn}: numLags must be an integer ≥ 1, got ${numLags}`);
  let radius = options.radius;
  if (radius === undefined) {
    const w = list[0]!;
    const t = w.times.length;
    const steps = new Float64Array(t - 1);
    for (let i = 0; i + 1 < t; i++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += (w.positions[(i + 1) * p + j]! - w.positions[i * p + j]!) ** 2;
      steps[i] = Math.sqrt(s);
    }
    radius = 0.5 * median(Array.from(steps));
    if (!(radius > 0)) throw new RangeError(`${fn}: the default radius (half the median step) is 0; give options.radius > 0`);
  }
  if (!(radius > 0) || !Number.isFinite(radius)) throw new RangeError(`${fn}: radius must be a finite number > 0, got ${radius}`);
  const r2 = radius * radius;
  const lagSteps = logSpacedLags(minLag, maxLag, numLags);
  const n = lagSteps.length;
  const counts = new Float64Array(n);
  const pairs = new Float64Array(n);
  const memberCounts = new Float64Array(list.length * n);
  const memberPairs = new Float64Array(list.length * n);
  const countAt = (k: number, l: number): [number, number] => {
    let c = 0;
    let total = 0;
    for (let m = 0; m < list.length; m++) {
      const w = list[m]!;
      const c0 = c;
      const x = w.positions;
      const t = w.times.length;
      for (let i = 0; i + k < t; i++) {
        const a = i * p;
        const b = (i + k) * p;
        let s = 0;
        let j = 0;
        for (; j < p; j++) {
          const d = x[b + j]! - x[a + j]!;
          s += d * d;
          if (s >= r2) break;
        }
        if (j === p) c++;
      }
      total += t - k;
      memberCounts[m * n + l]! += c - c0;
      memberPairs[m * n + l]! += t - k;
    }
    return [c, total];
  };
  for (let l = 0; l < n; l++) {
    const k = lagSteps[l]!;
    const [c, total] = countAt(k, l);
    counts[l] = c;
    pairs[l] = total;
    if (parity) {
      const [c1, total1] = countAt(k + 1, l);
      counts[l]! += c1;
      pairs[l]! += total1;
    }
  }
  const dt = list[0]!.times.length > 1 ? (list[0]!.times[list[0]!.times.length - 1]! - list[0]!.times[0]!) / (list[0]!.times.length - 1) : 1;
  const lags = new Float64Array(n);
  const probability = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    lags[l] = (parity ? lagSteps[l]! + 0.5 : lagSteps[l]!) * dt;
    probability[l] = counts[l]! / pairs[l]!;
  }
  return { lagSteps, lags, probability, counts, pairs, memberCounts, memberPairs, radius };
}
