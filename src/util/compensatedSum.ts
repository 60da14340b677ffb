/**
 * Neumaier's compensated summation (an improved Kahan sum), the project's one home for long sums over
 * trajectories, chains and series. The project keeps its own rather than simple-statistics' `sum`
 * (also Kahan-compensated) because the hot loops sum slices of typed arrays and per-index running
 * sums in place, which `sum(array)` does not offer without copying.
 */

/** A running compensated sum. */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  /** Adds one term. */
  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  /** The sum so far. */
  value(): number {
    return this.sum + this.compensation;
  }
}

/**
 * Compensated sum of an array slice [start, end).
 *
 * @example
 * compensatedSum([1e16, 1, -1e16]); // 1
 */
export function compensatedSum(values: ArrayLike<number>, start = 0, end = values.length): number {
  let sum = 0;
  let c = 0;
  for (let i = start; i < end; i++) {
    const x = values[i]!;
    const t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) c += sum - t + x;
    else c += x - t + sum;
    sum = t;
  }
  return sum + c;
}

/** Compensated mean of the slice [from, to) (NaN for an empty slice). @internal */
export function compensatedMean(values: ArrayLike<number>, from = 0, to = values.length): number {
  return compensatedSum(values, from, to) / (to - from);
}

/**
 * One compensated step on running sums kept per index: sums[i] += x, with the rounding error
 * collected in compensations[i] (the value is sums[i] + compensations[i]).
 * @internal
 */
export function addCompensated(sums: Float64Array, compensations: Float64Array, i: number, x: number): void {
  const s = sums[i]!;
  const t = s + x;
  compensations[i]! += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
  sums[i] = t;
}
