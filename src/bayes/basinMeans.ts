/**
 * Basin-conditional means of a sampled quantity, with batch-means standard errors: what a posterior
 * sampler that moves between basins says about each basin (e.g. its mean excess loss, hence its
 * local learning coefficient without a localizer).
 */

/** The mean of one basin. */
export interface BasinMean {
  /** Draws labelled with this basin. */
  count: number;
  /** Mean of the values over those draws (NaN when there are none). */
  mean: number;
  /** Batch-means standard error of the ratio estimator (NaN with fewer than 2 blocks visited: then flagged fewBlocks). */
  stdError: number;
  /** Blocks holding at least one draw of the basin. */
  blocksVisited: number;
  /** "noDraws", "fewDraws" (fewer than minCount), "fewBlocks" (fewer than minBlocks blocks visited): the mean is not settled. */
  flags: ("noDraws" | "fewDraws" | "fewBlocks")[];
  /** True when there are no flags. */
  ok: boolean;
}

/** Options of {@link basinMeans}. */
export interface BasinMeansOptions {
  /** Consecutive draws per block, an integer >= 1: longer than the chain's correlation time. */
  blockSize: number;
  /** Draws per independent run when the draws are several runs laid end to end (default: one run); blocks never straddle runs. */
  runLength?: number;
  /** Fewest draws for a settled mean (default 30), an integer >= 1. */
  minCount?: number;
  /** Fewest visited blocks for a settled standard error (default 5), an integer >= 2. */
  minBlocks?: number;
}

/**
 * The mean of `values` over the draws of each basin, m_k = sum_i [label_i = k] v_i / N_k, with a
 * batch-means standard error for correlated draws: the draws are cut into blocks of `blockSize`
 * consecutive draws (within each run; a run's last block may be shorter), and with S_b and N_b the
 * basin's sum and count in block b, the ratio estimator's variance is
 * B / (B - 1) sum_b (S_b - m_k N_b)^2 / N_k^2 over the B blocks (the delta method for a ratio of
 * block totals: the spread of the basin's count per block, how often the sampler visits it, enters
 * through N_b; a block that misses the basin has a zero residual and enters only through B). Valid when
 * blocks are much longer than the correlation time of the draws, and the basin visited in many blocks:
 * hence the flags. A run shorter than a block is one (short) block.
 *
 * @param labels basin of each draw, integers in [0, numBasins - 1].
 * @param values the quantity at each draw, finite, as many as labels.
 * @param numBasins K >= 1.
 * @param options see {@link BasinMeansOptions}.
 * @returns one {@link BasinMean} per basin.
 * @throws RangeError for no draws, mismatched lengths, a label out of range, a non-finite value, or options out of range.
 * @example
 * const m = basinMeans([0, 1, 0, 1], [1, 10, 3, 20], 2, { blockSize: 1, minCount: 1, minBlocks: 2 });
 * m[0].mean; // 2
 * m[1].mean; // 15
 * @complexity O(N + K B).
 */
export function basinMeans(labels: ArrayLike<number>, values: ArrayLike<number>, numBasins: number, options: BasinMeansOptions): BasinMean[] {
  const fn = "basinMeans";
  const N = labels.length;
  if (N === 0) throw new RangeError(`${fn}: labels must hold at least one draw, got none`);
  if (values.length !== N) throw new RangeError(`${fn}: values must have one entry per label (${N}), got ${values.length}`);
  if (!Number.isInteger(numBasins) || numBasins < 1) throw new RangeError(`${fn}: numBasins must be an integer ≥ 1, got ${numBasins}`);
  const { blockSize } = options;
  if (!Number.isSafeInteger(blockSize) || blockSize < 1) throw new RangeError(`${fn}: blockSize must be an integer ≥ 1, got ${blockSize}`);
  const runLength = options.runLength ?? N;
  if (!Number.isSafeInteger(runLength) || runLength < 1 || N % runLength !== 0) {
    throw new RangeError(`${fn}: runLength must be an integer ≥ 1 that divides the ${N} draws (runs of equal length laid end to end), got ${runLength}`);
  }
  const minCount = options.minCount ?? 30, minBlocks = options.minBlocks ?? 5;
  if (!Number.isSafeInteger(minCount) || minCount < 1 || !Number.isSafeInteger(minBlocks) || minBlocks < 2) {
    throw new RangeError(`${fn}: minCount must be an integer ≥ 1 and minBlocks an integer ≥ 2 (a standard error needs two blocks), got ${minCount} and ${minBlocks}`);
  }
  const blocksPerRun = Math.ceil(runLength / blockSize);
  const B = (N / runLength) * blocksPerRun;
  const sums = new Float64Array(B * numBasins), counts = new Float64Array(B * numBasins);
  for (let i = 0; i < N; i++) {
    const k = labels[i]!, v = values[i]!;
    if (!Number.isInteger(k) || k < 0 || k >= numBasins) throw new RangeError(`${fn}: labels must be integers in [0, ${numBasins - 1}], got ${k} at draw ${i}`);
    if (!Number.isFinite(v)) throw new RangeError(`${fn}: values must be finite, got ${v} at draw ${i}`);
    const b = Math.floor(i / runLength) * blocksPerRun + Math.floor((i % runLength) / blockSize);
    sums[b * numBasins + k]! += v;
    counts[b * numBasins + k]!++;
  }
  return Array.from({ length: numBasins }, (_, k) => {
    let total = 0, count = 0, visited = 0;
    for (let b = 0; b < B; b++) {
      total += sums[b * numBasins + k]!;
      count += counts[b * numBasins + k]!;
      if (counts[b * numBasins + k]! > 0) visited++;
    }
    const mean = count > 0 ? total / count : Number.NaN;
    let ss = 0;
    for (let b = 0; b < B; b++) ss += (sums[b * numBasins + k]! - mean * counts[b * numBasins + k]!) ** 2;
    const stdError = count > 0 && visited >= 2 && B >= 2 ? Math.sqrt((B / (B - 1)) * ss) / count : Number.NaN;
    const flags: BasinMean["flags"] = [];
    if (count === 0) flags.push("noDraws");
    else if (count < minCount) flags.push("fewDraws");
    if (count > 0 && visited < minBlocks) flags.push("fewBlocks");
    return { count, mean, stdError, blocksVisited: visited, flags, ok: flags.length === 0 };
  });
}
