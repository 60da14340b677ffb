import { test } from "node:test";
import * as assert from "node:assert/strict";
import {
  bootstrapCorrelation,
  bootstrapMean,
  bootstrapMeanDifference,
  compareCorrelations,
  correlationGap,
  gridMeans,
  plateauTest,
  slidingExponents,
  summarize,
} from "../../src/experiment/index";
import { createRandom } from "../../src/util/random";
import { testSeed } from "../seeds";

/** Pearson correlation by the textbook formula, the reference of the estimates below. */
function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n, my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

test("summarize gives the mean and the n - 1 standard deviation", () => {
  assert.deepEqual(summarize([2, 4, 4, 4, 5, 5, 7, 9]), { mean: 5, std: Math.sqrt(32 / 7), n: 8 });
});

test("bootstrapCorrelation of a perfect monotone relation is 1 for Spearman; for noisy data its interval brackets the estimate", () => {
  const x = Array.from({ length: 50 }, (_, i) => i);
  assert.equal(bootstrapCorrelation(x, x.map((v) => v ** 3), { method: "spearman" }).estimate, 1);
  // y = x + noise, correlation 1/sqrt(2): the estimate is the plain Pearson r, inside its interval,
  // whose half-width for 400 pairs is ≈ 1.96 (1 - r^2) / sqrt(n) ≈ 0.05 (coverage of the truth is
  // tested over replicates in intervalCoverage.test.ts).
  const rng = createRandom(testSeed(3));
  const a = Array.from({ length: 400 }, () => rng.normal());
  const b = a.map((v) => v + rng.normal());
  const ci = bootstrapCorrelation(a, b, { numResamples: 500 });
  assert.ok(Math.abs(ci.estimate - pearson(a, b)) < 1e-12);
  assert.ok(ci.lower < ci.estimate && ci.estimate < ci.upper, `${ci.lower} < ${ci.estimate} < ${ci.upper}`);
  assert.ok(ci.upper - ci.lower < 0.15 && ci.upper - ci.lower > 0.05, `width ${ci.upper - ci.lower}`);
});

test("compareCorrelations, correlationGap and bootstrapMeanDifference report the plain-sample statistics as estimates", () => {
  // Estimates are the statistics of the original samples (exact up to rounding).
  const x = [1, 2, 3, 4, 5, 6, 7, 8];
  const y1 = [2, 1, 4, 3, 6, 5, 8, 7], y2 = [8, 1, 6, 3, 4, 5, 2, 7];
  const c = compareCorrelations(x, y1, y2, { numResamples: 200 });
  // Spearman of x with y1: d = ±1 at every rank, so 1 - 6 x 8 / (8 x 63) = 0.90476...
  assert.ok(Math.abs(c.first.estimate - (1 - 48 / 504)) < 1e-12, `${c.first.estimate}`);
  assert.ok(Math.abs(c.difference.estimate - (Math.abs(c.first.estimate) - Math.abs(c.second.estimate))) < 1e-12);
  assert.ok(c.difference.lower <= c.difference.upper); // a percentile interval of 8 points need not hold the estimate
  // correlationGap: |r| of a perfect line minus |r| of a perfect anti-line is 0; of a line minus noise > 0.
  assert.ok(Math.abs(correlationGap(x, x, x, x.map((v) => -v)).estimate) < 1e-12);
  const gap = correlationGap(x, x, x, y2, { numResamples: 200 });
  assert.ok(Math.abs(gap.estimate - (1 - Math.abs(pearson(x, y2)))) < 1e-12);
  const d = bootstrapMeanDifference([1, 2, 3, 6], [0, 1], { numResamples: 200 });
  assert.equal(d.estimate, 3 - 0.5);
  assert.ok(d.lower <= 2.5 && 2.5 <= d.upper && d.lower >= 1 - 1 && d.upper <= 6);
  assert.throws(() => bootstrapMeanDifference([], [1]), /both samples need ≥ 1 value, got 0 and 1/);
});

test("gridMeans averages each cell of a two-way grid, skipping non-finite values, with sorted keys", () => {
  const items = [
    { lr: 0.1, b: 64, v: 1 }, { lr: 0.1, b: 64, v: 3 }, { lr: 0.01, b: 64, v: 10 },
    { lr: 0.1, b: 32, v: NaN }, { lr: 0.1, b: 32, v: 5 }, { lr: 0.01, b: 32, v: Infinity },
  ];
  const g = gridMeans(items, (r) => r.lr, (r) => r.b, (r) => r.v);
  assert.deepEqual(g.rows, [0.01, 0.1]);
  assert.deepEqual(g.columns, [32, 64]);
  assert.deepEqual(g.mean, [[NaN, 10], [5, 2]]);
  assert.deepEqual(g.count, [[0, 1], [1, 2]]);
});

test("bootstrapMean of constants is a point interval", () => {
  assert.deepEqual(bootstrapMean([3, 3, 3]), { mean: 3, lower: 3, upper: 3, n: 3 });
});

test("slidingExponents recovers a change of exponent from 1 to 0.25", () => {
  const t = Array.from({ length: 60 }, (_, i) => 10 ** (i / 15));
  const y = t.map((v) => (v <= 100 ? v : 100 * (v / 100) ** 0.25));
  const windows = slidingExponents(t, y, { decades: 0.5, step: 0.5 });
  // Deterministic power laws: exact up to rounding (1e-9).
  assert.ok(Math.abs(windows[0]!.exponent - 1) < 1e-9);
  assert.ok(Math.abs(windows[windows.length - 1]!.exponent - 0.25) < 1e-9);
});

test("plateauTest separates a flat quantity from one that doubles", () => {
  const t = [1, 2, 4, 8];
  assert.equal(plateauTest([{ t, values: [10, 10.1, 9.9, 10] }, { t, values: [12, 12, 12.2, 11.9] }, { t, values: [9, 9.1, 9, 9] }]).verdict, "plateau");
  assert.equal(plateauTest([{ t, values: [5, 7, 9, 11] }, { t, values: [4, 6, 8, 10] }, { t, values: [6, 8, 9, 12] }]).verdict, "drifting");
});
