import type { MsdCurve } from "./msdCurve";

/**
 * An MSD curve reduced to at most `maxPoints` lags spaced evenly in log lag, for figures: a curve with
 * one point per step (10^4–10^6 lags) would make a notebook output megabytes large, while a log-log
 * plot only resolves a few hundred points.
 *
 * Variant: divides [log first lag, log last lag] into maxPoints - 1 equal bins and keeps the first lag
 * of each bin plus the last lag (bins without a lag are skipped, so sparse early lags give fewer
 * points); values and standard errors are copied, not averaged. Fits should use the full curve; this is for display only.
 *
 * @param curve an {@link MsdCurve} (lags > 0, increasing).
 * @param maxPoints upper bound on the number of kept lags, an integer ≥ 2 (default 300).
 * @returns a new {@link MsdCurve} with the same kind, members and duration; the input when it is short enough.
 * @throws RangeError for maxPoints < 2 or non-positive lags.
 * @example
 * const lags = Float64Array.from({ length: 10000 }, (_, i) => i + 1);
 * thinMsdCurve({ lags, msd: lags, numMembers: 1, kind: "ensemble", duration: 10000 }, 5).lags; // Float64Array [1, 10, 100, 1000, 10000]
 * @complexity O(lags).
 */
export function thinMsdCurve(curve: MsdCurve, maxPoints = 300): MsdCurve {
  const fn = "thinMsdCurve";
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`${fn}: maxPoints must be an integer ≥ 2, got ${maxPoints}`);
  const { lags } = curve;
  const n = lags.length;
  if (n <= maxPoints) return curve;
  const first = lags[0]!;
  const last = lags[n - 1]!;
  if (!(first > 0)) throw new RangeError(`${fn}: lags must be positive, got lags[0] = ${first}`);
  const step = Math.log(last / first) / (maxPoints - 1);
  const keep: number[] = [0];
  let lastBin = 0;
  for (let i = 1; i < n - 1; i++) {
    const bin = Math.floor(Math.log(lags[i]! / first) / step + 1e-9);
    if (bin > lastBin && bin < maxPoints - 1) {
      keep.push(i);
      lastBin = bin;
    }
  }
  keep.push(n - 1);
  const pick = (values: Float64Array) => Float64Array.from(keep, (i) => values[i]!);
  const thinned: MsdCurve = { lags: pick(lags), msd: pick(curve.msd), numMembers: curve.numMembers, kind: curve.kind, duration: curve.duration };
  if (curve.standardError) thinned.standardError = pick(curve.standardError);
  return thinned;
}
