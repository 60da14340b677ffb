import { test } from "node:test";
import * as assert from "node:assert/strict";
import { standardNormalFill } from "../../src/slt";
import { createRandom } from "../../src/util/random";

/** Standard normal CDF via erfc (Abramowitz & Stegun 7.1.26, absolute error < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

test("standardNormalFill draws N(0, 1): moments and tail probabilities within 3.5 standard errors", () => {
  const n = 1_000_000;
  const a = standardNormalFill(createRandom(2024), new Float64Array(n));
  let m = 0, v = 0, tail = 0, farTail = 0;
  for (const x of a) {
    m += x;
    v += x * x;
    if (Math.abs(x) > 2) tail++;
    if (Math.abs(x) > 3.6) farTail++; // beyond the ziggurat's base-layer edge R = 3.44: the tail branch
  }
  m /= n;
  v /= n;
  assert.ok(Math.abs(m) < 3.5 / Math.sqrt(n), `mean ${m}`);
  assert.ok(Math.abs(v - 1) < 3.5 * Math.sqrt(2 / n), `variance ${v}`);
  for (const [count, p] of [[tail, 2 * (1 - normalCdf(2))], [farTail, 2 * (1 - normalCdf(3.6))]] as const) {
    assert.ok(Math.abs(count / n - p) < 3.5 * Math.sqrt((p * (1 - p)) / n), `P = ${count / n}, expected ${p}`);
  }
});

test("standardNormalFill passes a Kolmogorov-Smirnov test against the normal CDF", () => {
  const n = 100_000;
  const a = Array.from(standardNormalFill(createRandom(7), new Float64Array(n))).sort((x, y) => x - y);
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = normalCdf(a[i]!);
    d = Math.max(d, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
  }
  // Critical value of D at level 0.001: 1.95 / sqrt(n).
  assert.ok(d < 1.95 / Math.sqrt(n), `D = ${d}`);
});

test("standardNormalFill is reproducible from the seed", () => {
  assert.deepEqual(standardNormalFill(createRandom(3), new Float32Array(5)), standardNormalFill(createRandom(3), new Float32Array(5)));
});
