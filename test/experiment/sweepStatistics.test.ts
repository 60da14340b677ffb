import { test } from "node:test";
import * as assert from "node:assert/strict";
import { bootstrapCorrelation, bootstrapMean, plateauTest, slidingExponents, summarize } from "../../src/experiment/index";
import { createRandom } from "../../src/util/random";

test("summarize gives the mean and the n - 1 standard deviation", () => {
  assert.deepEqual(summarize([2, 4, 4, 4, 5, 5, 7, 9]), { mean: 5, std: Math.sqrt(32 / 7), n: 8 });
});

test("bootstrapCorrelation of a perfect monotone relation is 1 for Spearman; its interval covers the truth for noisy data", () => {
  const x = Array.from({ length: 50 }, (_, i) => i);
  assert.equal(bootstrapCorrelation(x, x.map((v) => v ** 3), { method: "spearman" }).estimate, 1);
  // y = x + noise with correlation 1/sqrt(2) ≈ 0.707 for unit variances: a 95 % interval from 400 pairs
  // has half-width ≈ 0.05, so the truth lies inside it (checked for this seed, and ~95 % of seeds).
  const rng = createRandom(3);
  const a = Array.from({ length: 400 }, () => rng.normal());
  const b = a.map((v) => v + rng.normal());
  const ci = bootstrapCorrelation(a, b, { numResamples: 500 });
  assert.ok(ci.lower < Math.SQRT1_2 && Math.SQRT1_2 < ci.upper, `${ci.lower} < 0.707 < ${ci.upper}`);
  assert.ok(ci.upper - ci.lower < 0.2);
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
