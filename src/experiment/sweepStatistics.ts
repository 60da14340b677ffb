/**
 * Statistics of a sweep of runs: summaries, correlations with bootstrap intervals, exponents over
 * sliding windows and a plateau test. Pure functions over plain numbers.
 */
import { mean as sampleMean, sampleStandardDeviation } from "simple-statistics";
import { bootstrapIntervals } from "../bayes/bootstrapIntervals";
import { fitPowerLaw } from "../diffusion/fitPowerLaw";

/** Mean, sample standard deviation (n - 1) and count. */
export interface Summary {
  mean: number;
  std: number;
  n: number;
}

/**
 * Mean and sample standard deviation of finite values (non-finite ones are skipped).
 * @throws RangeError when no value is finite.
 * @example
 * summarize([1, 2, 3]); // {"mean":2,"std":1,"n":3}
 */
export function summarize(values: ArrayLike<number>): Summary {
  const v = Array.from(values).filter(Number.isFinite);
  if (v.length === 0) throw new RangeError(`summarize: values must hold at least one finite number, got none`);
  return { mean: sampleMean(v), std: v.length > 1 ? sampleStandardDeviation(v) : 0, n: v.length };
}

function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/**
 * Pearson's r from centred sums. Kept rather than simple-statistics' `sampleCorrelation`, which
 * divides the covariance by two standard deviations and gives 0.9999999999999999 on exactly collinear
 * data; this gives ±1 there and NaN for a constant variable (a degenerate bootstrap resample).
 */
function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n, my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** A correlation coefficient with its percentile bootstrap interval. */
export interface CorrelationInterval {
  method: "pearson" | "spearman";
  estimate: number;
  lower: number;
  upper: number;
  n: number;
}

/**
 * Pearson or Spearman correlation of paired values with a percentile bootstrap interval (pairs
 * resampled with replacement; resamples where a variable is constant give NaN and sort last).
 *
 * @param x, y paired values (same length ≥ 3).
 * @param options.method "pearson" (default) or "spearman"; numResamples (default 2000); level (0.95); seed (0).
 * @returns a {@link CorrelationInterval}.
 * @throws RangeError for lengths that differ or are below 3.
 * @example
 * bootstrapCorrelation([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]).estimate; // 1
 */
export function bootstrapCorrelation(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { method?: "pearson" | "spearman"; numResamples?: number; level?: number; seed?: number } = {},
): CorrelationInterval {
  if (x.length !== y.length || x.length < 3) throw new RangeError(`bootstrapCorrelation: x and y must have the same length ≥ 3, got ${x.length} and ${y.length}`);
  const method = options.method ?? "pearson";
  const xs = Array.from(x), ys = Array.from(y);
  const statistic = ([idx]: Int32Array[]): number[] => {
    const a = Array.from(idx!, (i) => xs[i]!), b = Array.from(idx!, (i) => ys[i]!);
    return [method === "spearman" ? pearson(ranks(a), ranks(b)) : pearson(a, b)];
  };
  const ci = bootstrapIntervals({ sampleSizes: [xs.length], statistic, numResamples: options.numResamples ?? 2000, level: options.level ?? 0.95, seed: options.seed ?? 0 });
  return { method, estimate: ci.estimate[0]!, lower: ci.lower[0]!, upper: ci.upper[0]!, n: xs.length };
}

/** A mean with its percentile bootstrap interval. */
export interface MeanInterval {
  mean: number;
  lower: number;
  upper: number;
  n: number;
}

/**
 * Mean of values with a percentile bootstrap interval over the values.
 * @example
 * bootstrapMean([1, 1, 1]).upper; // 1
 */
export function bootstrapMean(values: ArrayLike<number>, options: { numResamples?: number; level?: number; seed?: number } = {}): MeanInterval {
  const v = Array.from(values);
  if (v.length < 1) throw new RangeError(`bootstrapMean: values must hold at least one number, got none`);
  const ci = bootstrapIntervals({
    sampleSizes: [v.length],
    statistic: ([idx]) => [Array.from(idx!, (i) => v[i]!).reduce((s, a) => s + a, 0) / v.length],
    numResamples: options.numResamples ?? 2000,
    level: options.level ?? 0.95,
    seed: options.seed ?? 0,
  });
  return { mean: ci.estimate[0]!, lower: ci.lower[0]!, upper: ci.upper[0]!, n: v.length };
}

/** The exponent of a power law fitted over one window. */
export interface WindowExponent {
  start: number;
  end: number;
  /** Geometric centre of the window. */
  centre: number;
  exponent: number;
  rSquared: number;
  standardError: number;
}

/**
 * The slope of log y against log t over sliding windows of fixed width in decades: for the paper's
 * alpha (y = R), a stable late phase gives the same exponent in every late window.
 *
 * @param t increasing positive times; y positive values (points with t ≤ 0 are skipped).
 * @param options.decades window width (default 0.5); options.step shift between windows in decades (default 0.1);
 *   options.from first window start (default the first positive t).
 * @returns the windows with at least 4 points.
 * @throws RangeError for lengths that differ.
 * @example
 * const t = Array.from({ length: 100 }, (_, i) => i + 1);
 * slidingExponents(t, t.map((v) => v ** 0.3), { decades: 1 })[0].exponent; // ≈ 0.3
 */
export function slidingExponents(t: ArrayLike<number>, y: ArrayLike<number>, options: { decades?: number; step?: number; from?: number } = {}): WindowExponent[] {
  if (t.length !== y.length) throw new RangeError(`slidingExponents: t and y must have the same length, got ${t.length} and ${y.length}`);
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i]! > 0 && y[i]! > 0) {
      xs.push(t[i]!);
      ys.push(y[i]!);
    }
  }
  const decades = options.decades ?? 0.5, step = options.step ?? 0.1;
  const out: WindowExponent[] = [];
  if (xs.length < 4) return out;
  const last = xs[xs.length - 1]!;
  for (let lo = Math.log10(options.from ?? xs[0]!); lo + decades <= Math.log10(last) + 1e-9; lo += step) {
    const start = 10 ** lo, end = 10 ** (lo + decades);
    const inside = xs.filter((v) => v >= start * (1 - 1e-9) && v <= end * (1 + 1e-9)).length;
    if (inside < 4) continue;
    const f = fitPowerLaw(xs, ys, { start: start * (1 - 1e-9), end: end * (1 + 1e-9) });
    out.push({ start, end, centre: Math.sqrt(start * end), exponent: f.exponent, rSquared: f.rSquared, standardError: f.standardError });
  }
  return out;
}

/** A test of whether a quantity measured along training has stopped changing. */
export interface PlateauTest {
  /** Per run: relative change of the fitted line between the first and last time, (fit(t_last) - fit(t_first)) / mean. */
  perRun: number[];
  /** Mean relative change over runs with its bootstrap interval. */
  change: MeanInterval;
  /** Tolerance on |relative change|. */
  tolerance: number;
  /** "plateau": the interval lies inside ±tolerance; "drifting": outside; "inconclusive": it straddles. */
  verdict: "plateau" | "drifting" | "inconclusive";
}

/**
 * Tests a plateau of a quantity along training (e.g. the LLC at late checkpoints, the paper's
 * near-stability hypothesis): per run, the least-squares line of the values against log t gives the
 * relative change over the measured span; the mean over runs gets a bootstrap interval, compared with
 * ±tolerance.
 *
 * @param runs per run the times (> 0) and values (same length ≥ 2).
 * @param options.tolerance relative change accepted as flat (default 0.1); bootstrap numResamples, seed.
 * @returns a {@link PlateauTest}.
 * @throws RangeError for runs with fewer than 2 points or mismatched lengths.
 * @example
 * plateauTest([{ t: [1, 10], values: [5, 5] }, { t: [1, 10], values: [4, 4] }]).verdict; // "plateau"
 */
export function plateauTest(runs: { t: ArrayLike<number>; values: ArrayLike<number> }[], options: { tolerance?: number; numResamples?: number; seed?: number } = {}): PlateauTest {
  const tolerance = options.tolerance ?? 0.1;
  const perRun = runs.map((r, k) => {
    if (r.t.length !== r.values.length || r.t.length < 2) throw new RangeError(`plateauTest: run ${k} needs ≥ 2 times and as many values, got ${r.t.length} and ${r.values.length}`);
    const x = Array.from(r.t, (v) => Math.log(v)), y = Array.from(r.values);
    const mx = x.reduce((s, v) => s + v, 0) / x.length, my = y.reduce((s, v) => s + v, 0) / y.length;
    let sxy = 0, sxx = 0;
    for (let i = 0; i < x.length; i++) {
      sxy += (x[i]! - mx) * (y[i]! - my);
      sxx += (x[i]! - mx) ** 2;
    }
    const slope = sxx > 0 ? sxy / sxx : 0;
    return (slope * (x[x.length - 1]! - x[0]!)) / my;
  });
  const change = bootstrapMean(perRun, { numResamples: options.numResamples ?? 2000, seed: options.seed ?? 0 });
  const verdict = change.lower >= -tolerance && change.upper <= tolerance ? "plateau" : change.upper < -tolerance || change.lower > tolerance ? "drifting" : "inconclusive";
  return { perRun, change, tolerance, verdict };
}

/** Two correlations with the same x and their difference, all from the same bootstrap resamples. */
export interface CorrelationComparison {
  first: CorrelationInterval;
  second: CorrelationInterval;
  /** |r(x, y1)| - |r(x, y2)| with its percentile interval (pairs resampled jointly). */
  difference: { estimate: number; lower: number; upper: number };
}

/**
 * Compares how strongly x correlates with y1 and with y2 (e.g. the learning rate with d_s and with
 * lambda): both correlations and the difference of their absolute values, from joint resamples of
 * the triples, so the interval of the difference accounts for their dependence.
 *
 * @param x, y1, y2 paired values (same length ≥ 3).
 * @param options.method "spearman" (default) or "pearson"; numResamples (2000); level (0.95); seed (0).
 * @returns a {@link CorrelationComparison}.
 * @throws RangeError for lengths that differ or are below 3.
 * @example
 * compareCorrelations([1, 2, 3, 4], [1, 2, 3, 4], [1, 3, 2, 4]).difference.estimate; // ≈ 0.2
 */
export function compareCorrelations(
  x: ArrayLike<number>,
  y1: ArrayLike<number>,
  y2: ArrayLike<number>,
  options: { method?: "pearson" | "spearman"; numResamples?: number; level?: number; seed?: number } = {},
): CorrelationComparison {
  const n = x.length;
  if (y1.length !== n || y2.length !== n || n < 3) throw new RangeError(`compareCorrelations: x, y1 and y2 must have the same length ≥ 3, got ${n}, ${y1.length}, ${y2.length}`);
  const method = options.method ?? "spearman";
  const xs = Array.from(x), a = Array.from(y1), b = Array.from(y2);
  const corr = (u: number[], v: number[]): number => (method === "spearman" ? pearson(ranks(u), ranks(v)) : pearson(u, v));
  const ci = bootstrapIntervals({
    sampleSizes: [n],
    statistic: ([idx]) => {
      const xi = Array.from(idx!, (i) => xs[i]!);
      const r1 = corr(xi, Array.from(idx!, (i) => a[i]!)), r2 = corr(xi, Array.from(idx!, (i) => b[i]!));
      return [r1, r2, Math.abs(r1) - Math.abs(r2)];
    },
    numResamples: options.numResamples ?? 2000,
    level: options.level ?? 0.95,
    seed: options.seed ?? 0,
  });
  const at = (j: number): CorrelationInterval => ({ method, estimate: ci.estimate[j]!, lower: ci.lower[j]!, upper: ci.upper[j]!, n });
  return { first: at(0), second: at(1), difference: { estimate: ci.estimate[2]!, lower: ci.lower[2]!, upper: ci.upper[2]! } };
}

/**
 * Difference of the means of two independent samples (a - b) with a percentile bootstrap interval
 * (each sample resampled on its own).
 * @example
 * bootstrapMeanDifference([3, 3], [1, 1]).estimate; // 2
 */
export function bootstrapMeanDifference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: { numResamples?: number; level?: number; seed?: number } = {},
): { estimate: number; lower: number; upper: number } {
  const xa = Array.from(a), xb = Array.from(b);
  if (xa.length < 1 || xb.length < 1) throw new RangeError(`bootstrapMeanDifference: both samples need ≥ 1 value, got ${xa.length} and ${xb.length}`);
  const mean = (v: number[], idx: Int32Array): number => Array.from(idx, (i) => v[i]!).reduce((s, x) => s + x, 0) / idx.length;
  const ci = bootstrapIntervals({
    sampleSizes: [xa.length, xb.length],
    statistic: ([i, j]) => [mean(xa, i!) - mean(xb, j!)],
    numResamples: options.numResamples ?? 2000,
    level: options.level ?? 0.95,
    seed: options.seed ?? 0,
  });
  return { estimate: ci.estimate[0]!, lower: ci.lower[0]!, upper: ci.upper[0]! };
}

/** Means of a value over the cells of a two-way grid (rows x columns), for heatmaps. */
export interface GridMeans {
  rows: number[];
  columns: number[];
  /** mean[i][j] over the items of row value i and column value j (NaN for an empty cell). */
  mean: number[][];
  count: number[][];
}

/**
 * Groups items by two numeric keys and averages a value in each cell (rows and columns sorted
 * ascending; non-finite values skipped).
 * @example
 * gridMeans([{ a: 1, b: 2, v: 3 }, { a: 1, b: 2, v: 5 }], (r) => r.a, (r) => r.b, (r) => r.v).mean; // [[4]]
 */
export function gridMeans<T>(items: T[], row: (item: T) => number, column: (item: T) => number, value: (item: T) => number): GridMeans {
  const rows = [...new Set(items.map(row))].sort((p, q) => p - q);
  const columns = [...new Set(items.map(column))].sort((p, q) => p - q);
  const sum = rows.map(() => columns.map(() => 0));
  const count = rows.map(() => columns.map(() => 0));
  for (const item of items) {
    const v = value(item);
    if (!Number.isFinite(v)) continue;
    const i = rows.indexOf(row(item)), j = columns.indexOf(column(item));
    sum[i]![j]! += v;
    count[i]![j]!++;
  }
  return { rows, columns, mean: sum.map((r, i) => r.map((s, j) => (count[i]![j]! > 0 ? s / count[i]![j]! : NaN))), count };
}

/**
 * Keeps at most `perDecade` points per decade of t (t ≤ 0 kept), for light figures of long curves.
 * @example
 * logThin([0, 1, 2, 3, 10, 100], [0, 1, 2, 3, 4, 5], 1).t; // [0, 1, 10, 100]
 */
export function logThin(t: ArrayLike<number>, y: ArrayLike<number>, perDecade = 30): { t: number[]; y: number[] } {
  const out = { t: [] as number[], y: [] as number[] };
  let lastBin = -Infinity;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i]!;
    const bin = ti > 0 ? Math.floor(Math.log10(ti) * perDecade + 1e-9) : -Infinity;
    if (ti <= 0 || bin > lastBin) {
      out.t.push(ti);
      out.y.push(y[i]!);
      if (ti > 0) lastBin = bin;
    }
  }
  return out;
}

/**
 * Difference of the absolute correlations of two independent groups, |r(x1, y1)| - |r(x2, y2)|
 * (e.g. displacement against LLC for SGD and for Adam), with a percentile bootstrap interval in which
 * each group's pairs are resampled on their own.
 * @example
 * correlationGap([1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4], [1, 3, 2, 4]).estimate; // ≈ 0.2
 */
export function correlationGap(
  x1: ArrayLike<number>,
  y1: ArrayLike<number>,
  x2: ArrayLike<number>,
  y2: ArrayLike<number>,
  options: { method?: "pearson" | "spearman"; numResamples?: number; level?: number; seed?: number } = {},
): { estimate: number; lower: number; upper: number } {
  if (x1.length !== y1.length || x2.length !== y2.length || x1.length < 3 || x2.length < 3) {
    throw new RangeError(`correlationGap: each group needs paired values of the same length ≥ 3, got ${x1.length}/${y1.length} and ${x2.length}/${y2.length}`);
  }
  const method = options.method ?? "pearson";
  const a = [Array.from(x1), Array.from(y1)], b = [Array.from(x2), Array.from(y2)];
  const corr = (g: number[][], idx: Int32Array): number => {
    const u = Array.from(idx, (i) => g[0]![i]!), v = Array.from(idx, (i) => g[1]![i]!);
    return method === "spearman" ? pearson(ranks(u), ranks(v)) : pearson(u, v);
  };
  const ci = bootstrapIntervals({
    sampleSizes: [x1.length, x2.length],
    statistic: ([i, j]) => [Math.abs(corr(a, i!)) - Math.abs(corr(b, j!))],
    numResamples: options.numResamples ?? 2000,
    level: options.level ?? 0.95,
    seed: options.seed ?? 0,
  });
  return { estimate: ci.estimate[0]!, lower: ci.lower[0]!, upper: ci.upper[0]! };
}
