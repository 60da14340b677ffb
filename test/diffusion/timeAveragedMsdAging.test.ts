import { test } from "node:test";
import * as assert from "node:assert/strict";
import { createWalk, timeAveragedMsdAging } from "../../src/diffusion";
import { continuousTimeRandomWalk, fractionalBrownianMotion } from "../../src/fractal";

test("timeAveragedMsdAging: no aging for Brownian motion, slope a - 1 for a CTRW", () => {
  // Theory: stationary increments give a time average independent of the measurement time (slope 0); a
  // CTRW with waiting exponent a observed from its start gives <delta^2(tau; T)> ∝ tau T^(a - 1).
  // Measured over 40 seeds (T = 4096, lag 4, T_m = T/8..T): Brownian 0.0006 ± 0.0066 (50 walks);
  // CTRW a = 0.5: -0.480 ± 0.030, a = 0.7: -0.313 ± 0.027 (200 walks; the finite-T corrections of the
  // renewal count move the means by ≤ 0.02). Tolerances 4 sd around the theory plus that 0.02.
  const bm = fractionalBrownianMotion({ hurst: 0.5, numSnapshots: 4096, numWalkers: 50, seed: 117 });
  const flat = timeAveragedMsdAging(bm, { lag: 4 });
  assert.ok(Math.abs(flat.exponent) < 0.027, `Brownian ${flat.exponent}`);
  assert.deepEqual(Array.from(flat.measurementTimes), [511, 1023, 2047, 4095]);
  for (const [a, sd] of [[0.5, 0.03], [0.7, 0.027]] as const) {
    const walks = continuousTimeRandomWalk({ waitingExponent: a, numSnapshots: 4096, numWalkers: 200, seed: 217 });
    const aged = timeAveragedMsdAging(walks, { lag: 4 });
    assert.ok(Math.abs(aged.exponent - (a - 1)) < 4 * sd + 0.02, `CTRW a = ${a}: ${aged.exponent}`);
  }
});

test("timeAveragedMsdAging rejects lags and measurement times out of range", () => {
  const w = createWalk(Float64Array.from({ length: 64 }, (_, t) => t), 1);
  assert.equal(timeAveragedMsdAging([w], { lag: 2, measurementTimes: [8, 16, 64] }).msd[0], 4);
  assert.throws(() => timeAveragedMsdAging([w], { lag: 32 }), /lag must be an integer in \[1, 31\]/);
  assert.throws(() => timeAveragedMsdAging([w], { lag: 2, measurementTimes: [8, 64] }), /at least 3 measurement times, got 2/);
  assert.throws(() => timeAveragedMsdAging([w], { lag: 2, measurementTimes: [16, 8, 64] }), /increasing integers in \(4, 64\]/);
  assert.throws(() => timeAveragedMsdAging([createWalk(new Float64Array(64), 1)]), /must be positive and finite/);
  assert.throws(() => timeAveragedMsdAging([w, createWalk(new Float64Array(32), 1)]), /members\[1\] has 32 snapshots/);
});
