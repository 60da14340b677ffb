import { test } from "node:test";
import * as assert from "node:assert/strict";
import { caputoDerivative, gammaFunction } from "../../src/theory";

test("caputoDerivative is exact for linear functions", () => {
  // L1 interpolates linearly, so D^a t = t^(1-a) / Gamma(2-a) is reproduced to rounding (1e-12).
  const dt = 0.01;
  const f = Float64Array.from({ length: 101 }, (_, i) => 3 * i * dt + 1);
  const d = caputoDerivative(f, dt, 0.4);
  for (const n of [1, 50, 100]) {
    const exact = (3 * (n * dt) ** 0.6) / gammaFunction(1.6);
    assert.ok(Math.abs(d[n]! / exact - 1) < 1e-12);
  }
});

test("caputoDerivative converges with order 2 - a for smooth functions", () => {
  // D^a t^2 = 2 t^(2-a) / Gamma(3-a); halving dt must divide the error at t = 1 by 2^(2-a):
  // observed order within 0.05 of 2 - a.
  for (const a of [0.3, 0.5, 0.8]) {
    const errors = [100, 200, 400].map((n) => {
      const dt = 1 / n;
      const f = Float64Array.from({ length: n + 1 }, (_, i) => (i * dt) ** 2);
      return Math.abs(caputoDerivative(f, dt, a)[n]! - 2 / gammaFunction(3 - a));
    });
    const order = Math.log2(errors[1]! / errors[2]!);
    assert.ok(Math.abs(order - (2 - a)) < 0.05, `a ${a}: order ${order}`);
  }
  assert.throws(() => caputoDerivative([1], 0, 0.5), /timeStep must be a finite number > 0, got 0/);
});

test("caputoDerivative of order 1 is the backward difference", () => {
  // a = 1: weights b_0 = 1, b_k = 0, so D f(t_n) = (f_n - f_{n-1}) / dt exactly (relative 1e-14).
  const d = caputoDerivative([1, 4, 9, 16], 0.5, 1);
  assert.deepEqual(Array.from(d, (v) => Math.round(v * 1e12) / 1e12), [0, 6, 10, 14]);
});
