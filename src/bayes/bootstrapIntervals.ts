import { createRandom, type Seed } from "../util/random";

/** Options of {@link bootstrapIntervals}. */
export interface BootstrapOptions {
  /**
   * Sizes of the independent samples the statistic reads (e.g. [500, 200]: SGD members and SGLD
   * chains). Each is resampled with replacement on its own; integers ≥ 1.
   */
  sampleSizes: number[];
  /**
   * The statistics, computed from one index vector per sample (length sampleSizes[s], entries in
   * [0, sampleSizes[s] - 1]); returns m numbers, the same m every call.
   */
  statistic: (indices: Int32Array[]) => ArrayLike<number>;
  /** Number of bootstrap resamples B (default 1000; integer in [10, 10^6]). */
  numResamples?: number;
  /** Two-sided confidence level (default 0.95; in (0, 1)). */
  level?: number;
  /** Seed of the resampling (default 0). */
  seed?: Seed;
}

/** Percentile bootstrap intervals of m statistics. */
export interface BootstrapIntervals {
  /** The statistics on the original samples (identity index vectors), length m. */
  estimate: Float64Array;
  /** Lower and upper percentile bounds, length m. */
  lower: Float64Array;
  upper: Float64Array;
  /** Bootstrap standard deviation of each statistic, length m. */
  standardError: Float64Array;
  /** Replicates, row-major B x m (non-finite replicates are kept; they sort last). */
  replicates: Float64Array;
  numResamples: number;
  level: number;
}

/**
 * Percentile bootstrap confidence intervals for statistics of one or more independent samples.
 *
 * Efron's percentile interval: resample each sample with replacement B times, recompute the
 * statistics, and take the (1 - level)/2 and (1 + level)/2 quantiles of the replicates (linear
 * interpolation between order statistics). Variant: a multi-sample, vector-valued bootstrap, so that
 * every distance at every xi is computed from the same resamples and their intervals are comparable;
 * resampling whole units (a trained network, an SGLD chain) keeps within-unit correlation intact.
 * Resample s of sample k draws from a generator derived from `seed` only, so results are reproducible.
 *
 * @param options see {@link BootstrapOptions}: sample sizes, the statistic, B (default 1000),
 *   level (default 0.95), seed (default 0).
 * @returns {@link BootstrapIntervals} with the original estimate, bounds, standard errors, replicates.
 * @throws RangeError for sample sizes, B or level out of range, or a statistic whose length changes.
 * @example
 * const data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
 * const ci = bootstrapIntervals({ sampleSizes: [10], statistic: ([i]) => [i.reduce((s, k) => s + data[k], 0) / 10], seed: 1 });
 * ci.estimate; // Float64Array [5.5]
 * ci.lower[0] < 5.5 && 5.5 < ci.upper[0]; // true
 * @complexity B times the statistic's cost, plus O(B m log B) for the quantiles.
 */
export function bootstrapIntervals(options: BootstrapOptions): BootstrapIntervals {
  const fn = "bootstrapIntervals";
  const sizes = options.sampleSizes;
  if (!Array.isArray(sizes) || sizes.length < 1) throw new RangeError(`${fn}: sampleSizes must list at least one sample size, got ${JSON.stringify(sizes)}`);
  sizes.forEach((n, k) => {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${fn}: sampleSizes[${k}] must be an integer ≥ 1, got ${n}`);
  });
  const B = options.numResamples ?? 1000;
  if (!Number.isInteger(B) || B < 10 || B > 1e6) throw new RangeError(`${fn}: numResamples must be an integer in [10, 10^6], got ${B}`);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`${fn}: level must be in (0, 1), got ${level}`);
  const identity = sizes.map((n) => Int32Array.from({ length: n }, (_, i) => i));
  const estimate = Float64Array.from(options.statistic(identity));
  const m = estimate.length;
  const replicates = new Float64Array(B * m);
  const rng = createRandom(options.seed ?? 0);
  const indices = sizes.map((n) => new Int32Array(n));
  for (let b = 0; b < B; b++) {
    for (let k = 0; k < sizes.length; k++) {
      const idx = indices[k]!;
      for (let i = 0; i < idx.length; i++) idx[i] = rng.integer(sizes[k]!);
    }
    const values = options.statistic(indices);
    if (values.length !== m) throw new RangeError(`${fn}: the statistic must return ${m} values every call, got ${values.length} at resample ${b}`);
    for (let j = 0; j < m; j++) replicates[b * m + j] = values[j]!;
  }
  const lower = new Float64Array(m), upper = new Float64Array(m), standardError = new Float64Array(m);
  const column = new Float64Array(B);
  for (let j = 0; j < m; j++) {
    let mean = 0;
    for (let b = 0; b < B; b++) {
      column[b] = replicates[b * m + j]!;
      mean += column[b]!;
    }
    mean /= B;
    let ss = 0;
    for (let b = 0; b < B; b++) ss += (column[b]! - mean) ** 2;
    standardError[j] = Math.sqrt(ss / (B - 1));
    const sorted = Float64Array.from(column).sort(); // NaN sorts last in typed-array sort
    lower[j] = quantile(sorted, (1 - level) / 2);
    upper[j] = quantile(sorted, (1 + level) / 2);
  }
  return { estimate, lower, upper, standardError, replicates, numResamples: B, level };
}

/**
 * The q-quantile of sorted values by linear interpolation between order statistics (R's type 7,
 * NumPy's default). Kept rather than simple-statistics' `quantileSorted`, which takes a nearest rank
 * (the 2.5 % quantile of 1..5 is 1 there, 1.1 here) and does not read typed arrays with NaN sorted last.
 */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h), hi = Math.ceil(h);
  if (lo === hi) return sorted[lo]!;
  const a = sorted[lo]!, b = sorted[hi]!;
  if (a === b) return a; // also handles equal infinities
  return a + (h - lo) * (b - a);
}
