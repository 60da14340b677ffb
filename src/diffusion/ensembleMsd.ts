import type { MsdCurve } from "./msdCurve";
import { checkFiniteResult, checkWalk, type Walk } from "./walk";

/** Options of {@link ensembleMsd}. */
export interface EnsembleMsdOptions {
  /** Index of the reference snapshot t0, an integer in [0, T-2] (default 0). */
  reference?: number;
}

/**
 * Squared displacements |w_m(t) - w_m(t0)|^2 of each member: a `members x (T-1-reference)` row-major
 * matrix, the raw material of {@link ensembleMsd} and of bootstrap resampling over members.
 *
 * @throws RangeError when members is empty, members differ in length, dimension or times, or the
 * reference is out of range.
 * @example
 * const a = createWalk(new Float64Array([0, 1, 3]), 1), b = createWalk(new Float64Array([0, -1, 1]), 1);
 * squaredDisplacements([a, b]).values; // Float64Array [1, 9, 1, 1]
 */
export function squaredDisplacements(
  members: readonly Walk[],
  options: EnsembleMsdOptions = {},
  fn = "squaredDisplacements",
): { elapsed: Float64Array; values: Float64Array; numMembers: number } {
  if (!Array.isArray(members) || members.length < 1) {
    throw new RangeError(`${fn}: members must be a non-empty array of walks, got ${Array.isArray(members) ? "length 0" : typeof members}`);
  }
  const t = checkWalk(fn, members[0]!, "members[0]");
  const p = members[0]!.dimension;
  const times = members[0]!.times;
  for (let m = 1; m < members.length; m++) {
    const tm = checkWalk(fn, members[m]!, `members[${m}]`);
    if (tm !== t || members[m]!.dimension !== p) {
      throw new RangeError(`${fn}: members[${m}] must have ${t} snapshots of dimension ${p}, got ${tm} of dimension ${members[m]!.dimension}`);
    }
    for (let i = 0; i < t; i++) {
      if (members[m]!.times[i] !== times[i]) {
        throw new RangeError(`${fn}: members[${m}].times must equal members[0].times, differs at index ${i} (${members[m]!.times[i]} vs ${times[i]})`);
      }
    }
  }
  const ref = options.reference ?? 0;
  if (!Number.isInteger(ref) || ref < 0 || ref > t - 2) {
    throw new RangeError(`${fn}: reference must be an integer in [0, ${t - 2}], got ${ref}`);
  }
  const n = t - 1 - ref;
  const elapsed = new Float64Array(n);
  for (let i = 0; i < n; i++) elapsed[i] = times[ref + 1 + i]! - times[ref]!;
  const values = new Float64Array(members.length * n);
  for (let m = 0; m < members.length; m++) {
    const x = members[m]!.positions;
    const base = ref * p;
    for (let i = 0; i < n; i++) {
      const row = (ref + 1 + i) * p;
      let s = 0;
      for (let j = 0; j < p; j++) {
        const d = x[row + j]! - x[base + j]!;
        s += d * d;
      }
      values[m * n + i] = s;
    }
  }
  return { elapsed, values, numMembers: members.length };
}

/** @internal Mean and standard error over (selected) rows of a `rows x n` matrix, by Welford's update. */
export function meanOverRows(values: Float64Array, rows: number, n: number, rowIndices?: ArrayLike<number>): { mean: Float64Array; standardError: Float64Array } {
  const mean = new Float64Array(n);
  const standardError = new Float64Array(n);
  const count = rowIndices ? rowIndices.length : rows;
  for (let i = 0; i < n; i++) {
    // Welford's update: stable mean and variance in one pass.
    let mu = 0;
    let m2 = 0;
    for (let r = 0; r < count; r++) {
      const row = rowIndices ? rowIndices[r]! : r;
      const v = values[row * n + i]!;
      const delta = v - mu;
      mu += delta / (r + 1);
      m2 += delta * (v - mu);
    }
    mean[i] = mu;
    standardError[i] = count > 1 ? Math.sqrt(m2 / (count - 1) / count) : 0;
  }
  return { mean, standardError };
}

/**
 * Ensemble-averaged mean squared displacement over members, MSD(t) = <|w(t) - w(t0)|^2>.
 *
 * Paper: MSD ~ t^(2/d_w) (arXiv 2503.22478, after Chen et al. 2020). Members are independent runs
 * (walkers, seeds) sharing snapshot times; times may be non-uniform. Averages use Welford's update.
 *
 * @param members ≥ 1 walks with identical times and dimension.
 * @param options.reference index of t0 (default 0).
 * @returns an {@link MsdCurve} over the T-1-reference later snapshots, with standard errors when ≥ 2 members.
 * @throws RangeError as {@link squaredDisplacements}.
 * @example
 * const a = createWalk(new Float64Array([0, 1, 3]), 1), b = createWalk(new Float64Array([0, -1, 1]), 1);
 * ensembleMsd([a, b]).msd; // Float64Array [1, 5]
 * @complexity O(members T P).
 */
export function ensembleMsd(members: readonly Walk[], options: EnsembleMsdOptions = {}): MsdCurve {
  const sq = squaredDisplacements(members, options, "ensembleMsd");
  const n = sq.elapsed.length;
  const { mean, standardError } = meanOverRows(sq.values, sq.numMembers, n);
  checkFiniteResult("ensembleMsd", members, mean, "members");
  if (sq.numMembers > 1) checkFiniteResult("ensembleMsd", members, standardError, "members");
  const times = members[0]!.times;
  const curve: MsdCurve = {
    lags: sq.elapsed,
    msd: mean,
    numMembers: sq.numMembers,
    kind: "ensemble",
    duration: times[times.length - 1]! - times[0]!,
  };
  if (sq.numMembers > 1) curve.standardError = standardError;
  return curve;
}
