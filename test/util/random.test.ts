import { test } from "node:test";
import * as assert from "node:assert/strict";
import { createRandom, deriveSeed } from "../../src/util/random";
import { testSeed } from "../seeds";

test("the same seed gives the same stream and different seeds differ", () => {
  const a = createRandom(123);
  const b = createRandom(123);
  const c = createRandom(124);
  const xa = Array.from({ length: 100 }, () => a.uniform());
  assert.deepEqual(xa, Array.from({ length: 100 }, () => b.uniform()));
  assert.notDeepEqual(xa, Array.from({ length: 100 }, () => c.uniform()));
});

test("uniform deviates have mean 1/2 and variance 1/12", () => {
  // n = 200k: the standard error of the mean is sqrt(1/12/n) ≈ 6.5e-4, of the variance ≈ 1.9e-4;
  // tolerances are 4 standard errors.
  const r = createRandom(testSeed(7));
  const n = 200_000;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    s += u;
    s2 += u * u;
  }
  const mean = s / n;
  assert.ok(Math.abs(mean - 0.5) < 4 * 6.5e-4, `mean ${mean}`);
  assert.ok(Math.abs(s2 / n - mean * mean - 1 / 12) < 4 * 1.9e-4);
});

test("normal deviates have mean 0, variance 1 and kurtosis 3", () => {
  // n = 200k: standard errors are 1/sqrt(n) ≈ 2.2e-3 (mean), sqrt(2/n) ≈ 3.2e-3 (variance) and
  // sqrt(96/n) ≈ 0.022 (fourth moment); tolerances are 4 standard errors.
  const r = createRandom(testSeed(11));
  const n = 200_000;
  let s = 0, s2 = 0, s4 = 0;
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    s += z;
    s2 += z * z;
    s4 += z ** 4;
  }
  assert.ok(Math.abs(s / n) < 4 * 2.2e-3);
  assert.ok(Math.abs(s2 / n - 1) < 4 * 3.2e-3);
  assert.ok(Math.abs(s4 / n - 3) < 4 * 0.022);
});

test("integer is unbiased over a range that does not divide 2^32", () => {
  // 3 classes, n = 300k: each count has standard deviation sqrt(n p (1-p)) ≈ 258; tolerance 4 sd.
  const r = createRandom(testSeed(5));
  const counts = [0, 0, 0];
  for (let i = 0; i < 300_000; i++) counts[r.integer(3)]!++;
  for (const c of counts) assert.ok(Math.abs(c - 100_000) < 4 * 258, `count ${c}`);
});

test("permutation contains every index exactly once", () => {
  const p = createRandom(3).permutation(1000);
  assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
});

test("split children are reproducible and uncorrelated with the parent", () => {
  const parent1 = createRandom(9);
  const parent2 = createRandom(9);
  const c1 = parent1.split();
  const c2 = parent2.split();
  assert.equal(c1.uniform(), c2.uniform());
  // Correlation of 10k pairs: standard error 0.01; tolerance 4 standard errors.
  const n = 10_000;
  let sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const x = parent1.uniform();
    const y = c1.uniform();
    sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
  }
  const cov = sxy / n - (sx / n) * (sy / n);
  const corr = cov / Math.sqrt((sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2));
  assert.ok(Math.abs(corr) < 0.04, `correlation ${corr}`);
});

test("deriveSeed gives distinct reproducible member seeds", () => {
  const seeds = Array.from({ length: 1000 }, (_, i) => deriveSeed(42, i));
  assert.equal(new Set(seeds).size, 1000);
  assert.equal(deriveSeed(42, 17), seeds[17]);
  for (const s of seeds) assert.ok(Number.isSafeInteger(s) && s >= 0);
});

test("bad seeds and ranges throw errors naming the value", () => {
  assert.throws(() => createRandom(-1), /seed must be a non-negative safe integer, got -1/);
  assert.throws(() => createRandom(1.5), RangeError);
  assert.throws(() => createRandom(1).integer(0), /n must be an integer in \[1, 2\^32\], got 0/);
  assert.throws(() => deriveSeed(1, -2), /index must be a non-negative integer, got -2/);
});
