import { test } from "node:test";
import * as assert from "node:assert/strict";
import { autocorrelation, createFftPlan, nextPowerOfTwo } from "../../src/util/fft";
import { createRandom } from "../../src/util/random";

function naiveDft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n;
      outRe[k]! += re[j]! * Math.cos(a) - im[j]! * Math.sin(a);
      outIm[k]! += re[j]! * Math.sin(a) + im[j]! * Math.cos(a);
    }
  }
  return [outRe, outIm];
}

test("createFftPlan matches the naive DFT for power-of-two and Bluestein lengths", () => {
  const random = createRandom(1);
  for (const n of [1, 2, 3, 7, 8, 12, 64, 100, 127]) {
    const re = random.fillNormal(new Float64Array(n));
    const im = random.fillNormal(new Float64Array(n));
    const [er, ei] = naiveDft(re, im);
    const r = re.slice();
    const i = im.slice();
    createFftPlan(n).transform(r, i);
    // Float64 rounding of an O(n log n) transform of unit-variance data: errors ~1e-15 sqrt(n) log n.
    for (let k = 0; k < n; k++) {
      assert.ok(Math.abs(r[k]! - er[k]!) < 1e-11 && Math.abs(i[k]! - ei[k]!) < 1e-11, `n = ${n}, k = ${k}`);
    }
    createFftPlan(n).transform(r, i, true);
    for (let k = 0; k < n; k++) assert.ok(Math.abs(r[k]! - re[k]!) < 1e-12 && Math.abs(i[k]! - im[k]!) < 1e-12, `inverse n = ${n}`);
  }
});

test("autocorrelation equals the direct lagged sum without wrap-around", () => {
  const x = createRandom(2).fillNormal(new Float64Array(257));
  const c = autocorrelation(x, 256);
  for (let k = 0; k <= 256; k++) {
    let s = 0;
    for (let t = 0; t + k < x.length; t++) s += x[t]! * x[t + k]!;
    // Relative to the zero-lag energy (~257), float64 FFT error is ~1e-13.
    assert.ok(Math.abs(c[k]! - s) < 1e-10 * c[0]!, `lag ${k}: ${c[k]} vs ${s}`);
  }
});

test("fft helpers reject invalid sizes with RangeError naming the argument", () => {
  assert.throws(() => createFftPlan(0), /createFftPlan: n must be an integer/);
  assert.throws(() => nextPowerOfTwo(1.5), RangeError);
  assert.throws(() => autocorrelation(new Float64Array(3), 3), /maxLag must be an integer in \[0, 2\], got 3/);
});
