import { test } from "node:test";
import * as assert from "node:assert/strict";
import { aoyagiLearningCoefficient } from "../../src/slt";

/**
 * Aoyagi & Watanabe (2005), reduced-rank regression y = B A x with input M, hidden H, output N and
 * true rank r, written out case by case independently of the general deep formula.
 */
function reducedRankRegression(m: number, h: number, n: number, r: number): number {
  if (n + r <= m + h && m + r <= n + h && h + r <= m + n) {
    const base = (2 * (h + r) * (m + n) - (m - n) ** 2 - (h + r) ** 2) / 8;
    return (m + h + n + r) % 2 === 0 ? base : base + 1 / 8;
  }
  if (m + h < n + r) return (h * m - h * r + n * r) / 2;
  if (n + h < m + r) return (h * n - h * r + m * r) / 2;
  return (m * n) / 2; // m + n < h + r
}

test("aoyagiLearningCoefficient of two layers equals the four-case reduced-rank regression formula", () => {
  let checked = 0;
  for (let m = 1; m <= 9; m++) {
    for (let h = 1; h <= 9; h++) {
      for (let n = 1; n <= 9; n++) {
        for (let r = 0; r <= Math.min(m, h, n); r++) {
          // Exact rational arithmetic on both sides (denominators 8 and 4l): equality is exact.
          assert.equal(aoyagiLearningCoefficient([m, h, n], r).lambda, reducedRankRegression(m, h, n, r), `M=${m} H=${h} N=${n} r=${r}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 1500);
});

test("aoyagiLearningCoefficient reproduces the paper's two-layer special cases at rank 0", () => {
  // m + h < n: lambda = m h / 2.
  assert.equal(aoyagiLearningCoefficient([2, 3, 7], 0).lambda, 3);
  // Triangle case, m + h + n even: (2mn + 2hn + 2mh - m^2 - n^2 - h^2) / 8 = (30 + 40 + 24 - 50) / 8.
  assert.equal(aoyagiLearningCoefficient([3, 4, 5], 0).lambda, 5.5);
  // Odd sum: plus 1/8, and the pole has multiplicity 2.
  const odd = aoyagiLearningCoefficient([3, 4, 6], 0);
  assert.equal(odd.lambda, (36 + 48 + 24 - 9 - 36 - 16) / 8 + 1 / 8);
  assert.equal(odd.multiplicity, 2);
});

test("aoyagiLearningCoefficient of one layer is d/2, the regular value", () => {
  for (const [m, n] of [[1, 1], [3, 7], [10, 4]] as const) {
    for (let r = 0; r <= Math.min(m, n); r++) assert.equal(aoyagiLearningCoefficient([m, n], r).lambda, (m * n) / 2);
  }
});

test("aoyagiLearningCoefficient is unchanged when the network is reversed (transposed map)", () => {
  for (const [widths, r] of [[[8, 12, 10, 6], 2], [[5, 2, 10, 5, 7], 1], [[12, 16, 16, 12, 9], 0]] as const) {
    assert.equal(aoyagiLearningCoefficient([...widths].reverse(), r).lambda, aoyagiLearningCoefficient([...widths], r).lambda);
  }
});

test("aoyagiLearningCoefficient never exceeds d/2 and does not decrease as the rank of the true map grows", () => {
  for (const widths of [[4, 6, 5, 3], [6, 3, 8, 8, 5], [10, 10, 10, 10]]) {
    let d = 0;
    for (let l = 1; l < widths.length; l++) d += widths[l]! * widths[l - 1]!;
    let previous = -1;
    for (let r = 0; r <= Math.min(...widths); r++) {
      const { lambda } = aoyagiLearningCoefficient(widths, r);
      assert.ok(lambda <= d / 2 && lambda >= previous, `${widths} r=${r}: ${lambda}`);
      previous = lambda;
    }
    // At r = min width every point of the true set is a smooth point of the manifold of rank-r
    // H_L x H_0 matrices, of dimension r (H_0 + H_L - r): lambda is half of it.
    const r = Math.min(...widths), h0 = widths[0]!, hL = widths[widths.length - 1]!;
    assert.equal(aoyagiLearningCoefficient(widths, r).lambda, (r * (h0 + hL - r)) / 2);
  }
});

test("aoyagiLearningCoefficient gives hand-computed deep values", () => {
  // M = (6, 10, 8, 4): S = {3, 0, 2}, l = 2, s = 18, a = 2: 12 - 40.5 + 52 = 23.5.
  assert.deepEqual(aoyagiLearningCoefficient([8, 12, 10, 6], 2), { lambda: 23.5, multiplicity: 1, subset: [0, 2, 3], l: 2 });
  // Rank 0, M = (12, 16, 16, 12): only the full set works (l = 3, s = 56, a = 2):
  // (2 - 2 * 56^2 + 6 * 1088) / 12 = 61.5, multiplicity 3.
  assert.deepEqual(aoyagiLearningCoefficient([12, 16, 16, 12], 0), { lambda: 61.5, multiplicity: 3, subset: [0, 1, 2, 3], l: 3 });
});

test("aoyagiLearningCoefficient rejects bad widths and ranks with RangeError", () => {
  assert.throws(() => aoyagiLearningCoefficient([3], 0), /widths must be an array of at least 2/);
  assert.throws(() => aoyagiLearningCoefficient([3, 0, 2], 0), RangeError);
  assert.throws(() => aoyagiLearningCoefficient([3, 4, 2], 3), /rank must be an integer in \[0, 2\], got 3/);
});
