/** Options of {@link llcTrend}. */
export interface LlcTrendOptions {
  /** Fraction of the checkpoints, at the end, that form the late window (default 1/3; at least 2 points). */
  tailFraction?: number;
  /** Relative spread of the late window still counted as a plateau (default 0.15), in (0, 1). */
  relTol?: number;
}

/** How an LLC estimate moves along training. */
export interface LlcTrend {
  /** Estimate at the first checkpoint. */
  first: number;
  /** Mean of the estimates in the late window. */
  tailMean: number;
  /** max - min of the estimates in the late window. */
  tailSpread: number;
  /** Number of checkpoints in the late window. */
  tailCount: number;
  /** tailMean exceeds the first estimate by more than 3 combined standard errors. */
  rises: boolean;
  /** The late window's spread is within relTol of its mean, or within 3 sqrt(2) of its largest standard error. */
  plateaus: boolean;
}

/**
 * Whether an LLC estimate rises along training and then plateaus (the paper's near-stability
 * hypothesis: late in training SGD stays where the local geometry, lambda, is roughly stable;
 * paper.md, "Theory in one page").
 *
 * @param means LLC estimates at successive checkpoints (at least 3), finite.
 * @param stdErrors their standard errors (>= 0), same length.
 * @param options tailFraction, relTol.
 * @returns the {@link LlcTrend}.
 * @throws RangeError for fewer than 3 checkpoints, mismatched lengths, non-finite values or options out of range.
 * @example
 * llcTrend([5, 20, 29, 30, 31], [1, 1, 1, 1, 1]).rises; // true
 * llcTrend([5, 20, 29, 30, 31], [1, 1, 1, 1, 1]).plateaus; // true
 * llcTrend([5, 10, 20, 40, 80], [1, 1, 1, 1, 1]).plateaus; // false
 */
export function llcTrend(means: ArrayLike<number>, stdErrors: ArrayLike<number>, options: LlcTrendOptions = {}): LlcTrend {
  const fn = "llcTrend";
  const n = means.length;
  if (n < 3) throw new RangeError(`${fn}: means must hold at least 3 checkpoints, got ${n}`);
  if (stdErrors.length !== n) throw new RangeError(`${fn}: stdErrors must have the length of means (${n}), got ${stdErrors.length}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(means[i]!)) throw new RangeError(`${fn}: means[${i}] must be finite, got ${means[i]}`);
    if (!(stdErrors[i]! >= 0 && Number.isFinite(stdErrors[i]!))) throw new RangeError(`${fn}: stdErrors[${i}] must be finite and >= 0, got ${stdErrors[i]}`);
  }
  const tailFraction = options.tailFraction ?? 1 / 3;
  if (!(tailFraction > 0 && tailFraction <= 1)) throw new RangeError(`${fn}: tailFraction must be in (0, 1], got ${options.tailFraction}`);
  const relTol = options.relTol ?? 0.15;
  if (!(relTol > 0 && relTol < 1)) throw new RangeError(`${fn}: relTol must be in (0, 1), got ${options.relTol}`);
  const tailCount = Math.min(n, Math.max(2, Math.ceil(n * tailFraction)));
  let sum = 0, lo = Infinity, hi = -Infinity, maxSe = 0;
  for (let i = n - tailCount; i < n; i++) {
    sum += means[i]!;
    lo = Math.min(lo, means[i]!);
    hi = Math.max(hi, means[i]!);
    maxSe = Math.max(maxSe, stdErrors[i]!);
  }
  const tailMean = sum / tailCount;
  const tailSpread = hi - lo;
  const first = means[0]!;
  return {
    first,
    tailMean,
    tailSpread,
    tailCount,
    rises: tailMean - first > 3 * Math.hypot(stdErrors[0]!, maxSe),
    plateaus: tailSpread <= Math.max(relTol * Math.abs(tailMean), 3 * Math.SQRT2 * maxSe),
  };
}
