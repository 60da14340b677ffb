import { test } from "node:test";
import * as assert from "node:assert/strict";
import { standardNormal, standardNormalFill } from "../../src/slt";
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

test("standardNormalFill equals standardNormal called once per value, and leaves the generator where the calls would", () => {
  // The fill draws its words in blocks; this pins the stream to the one-value-at-a-time definition.
  // Fills of one value make every slow-path value (about 1 in 36) and every tail value (beyond R,
  // about 1 in 1,700) read words beyond the block; the longer fills cross block boundaries mid-stream.
  const check = (seed: number, n: number, fills: number): number => {
    let tails = 0;
    const fill = createRandom(seed), calls = createRandom(seed);
    for (let rep = 0; rep < fills; rep++) {
      const a = standardNormalFill(fill, new Float64Array(n));
      for (let i = 0; i < n; i++) {
        const b = standardNormal(calls);
        if (!Object.is(a[i], b)) assert.fail(`seed ${seed}, n ${n}, fill ${rep}, value ${i}: ${a[i]} against ${b}`);
        if (Math.abs(b) > 3.442619855899) tails++;
      }
    }
    assert.deepEqual(fill.state(), calls.state(), `seed ${seed}, n ${n}: generator states differ after the fills`);
    return tails;
  };
  let tails = 0;
  for (let seed = 0; seed < 40; seed++) for (const n of [2, 3, 129, 5000, 9000]) tails += check(seed, n, 2);
  let singleTails = 0;
  for (let seed = 0; seed < 20; seed++) singleTails += check(seed, 1, 2000);
  assert.ok(tails > 100 && singleTails > 10, `only ${tails} tail values in long fills and ${singleTails} in fills of one: the tail path was hardly exercised`);
});

test("Random.fillUint32 gives the words of nextUint32 calls and checks its range", () => {
  const a = createRandom(11), b = createRandom(11);
  const words = a.fillUint32(new Uint32Array(10), 3, 6);
  assert.deepEqual(Array.from(words.subarray(3, 9)), Array.from({ length: 6 }, () => b.nextUint32()));
  assert.equal(words[0], 0);
  assert.equal(a.nextUint32(), b.nextUint32());
  assert.throws(() => a.fillUint32(new Uint32Array(4), 2, 3), /\[start, start \+ count\) must lie in \[0, 4\], got start 2, count 3/);
});

test("standardNormalFill keeps the stream every committed result was computed with (golden values of seed 7)", () => {
  // Values and state recorded from the one-value-at-a-time implementation, before blocks: a change to
  // the shared slow path would move the tail values and the final state.
  const random = createRandom(7);
  const x = standardNormalFill(random, new Float64Array(20000));
  assert.deepEqual([x[0], x[1], x[2178], x[2635], x[4299], x[19999]], [0.51078207794332, -2.307990833219493, 4.166767993758366, 3.486923907378065, 3.4616987755269064, -1.5855488719099269]);
  assert.deepEqual(random.state(), [3421165298, 965657240, 1692538098, 694000234, 0, 0]);
});
