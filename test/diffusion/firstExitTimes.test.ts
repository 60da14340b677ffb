import { test } from "node:test";
import * as assert from "node:assert/strict";
import { createWalk, firstExitTimes } from "../../src/diffusion";
import { fractionalBrownianMotion, sierpinskiGasketWalk } from "../../src/fractal";

test("firstExitTimes of a straight line are the first snapshot beyond each radius", () => {
  const t = Float64Array.from({ length: 100 }, (_, i) => i);
  const r = firstExitTimes([createWalk(Float64Array.from(t), 1, t)], { radii: [9.5, 19.5, 39.5] });
  assert.deepEqual(Array.from(r.meanExitTime), [10, 20, 40]);
  // Centres up to s = 59 leave the largest ball (s + 40 ≤ 99); s = 60 is censored and stops that radius.
  assert.deepEqual(Array.from(r.numCentres), [90, 80, 60]);
  // A ballistic walk has d_w = 1; the half-step overshoot at these radii gives ≈ log 4 / log(39.5 / 9.5) = 0.973
  // (the OLS slope through the three points: 0.9728).
  assert.ok(Math.abs(r.walkDimension - 0.9728) < 1e-3, `d_w ${r.walkDimension}`);
});

test("firstExitTimes of 2-D Brownian motion: mean exit time xi^2 / 2 and d_w near 2", () => {
  // Ground truth: E|x(t)|^2 = 2 t in 2-D (unit variance per coordinate and step), so the mean exit time from
  // a ball of radius xi is xi^2 / (2 D d) = xi^2 / 2. Measured over 40 seeds (4 walks of 20,000 steps,
  // centres every 50 snapshots): tau(32) / 32^2 = 0.511 ± 0.028 and d_w = 1.912 ± 0.038 over radii
  // 8..32 (exits are seen at snapshots, so the overshoot lengthens small-radius exits and flattens the
  // slope: -4.4 %). Tolerances 4 sd: 0.5 ± 0.12 and d_w in [1.75, 2.1].
  const walks = fractionalBrownianMotion({ hurst: 0.5, numSnapshots: 20000, dimension: 2, numWalkers: 4, seed: 301 });
  const r = firstExitTimes(walks, { radii: [8, 12, 16, 24, 32], startStride: 50 });
  assert.ok(Math.abs(r.meanExitTime[4]! / 1024 - 0.5) < 0.12, `tau(32) / 32^2 = ${r.meanExitTime[4]! / 1024}`);
  assert.ok(r.walkDimension > 1.75 && r.walkDimension < 2.1, `d_w ${r.walkDimension}`);
  assert.ok(r.rSquared > 0.99, `r^2 ${r.rSquared}`);
});

test("firstExitTimes on the Sierpinski gasket gives d_w near log 5 / log 2, above Brownian motion", () => {
  // d_w = log 5 / log 2 = 2.32. Over 40 seeds (4 walks of 40,000 steps from random vertices, radii 4..32):
  // 2.213 ± 0.070 (the same snapshot overshoot as Brownian motion, -4.7 %). Tolerance 4 sd around the
  // measured mean, [1.93, 2.49], which excludes the Brownian 1.91 measured the same way.
  const walks = sierpinskiGasketWalk({ generation: 9, numSteps: 40000, numWalkers: 4, start: "random", seed: 402 });
  const r = firstExitTimes(walks, { radii: [4, 8, 16, 32], startStride: 100 });
  assert.ok(r.walkDimension > 1.93 && r.walkDimension < 2.49, `d_w ${r.walkDimension}`);
});

test("firstExitTimes rejects bad radii and strides, naming the function", () => {
  const w = createWalk(new Float64Array([0, 1, 2, 3]), 1);
  assert.throws(() => firstExitTimes([w], { radii: [1, 2] }), /firstExitTimes: radii must be at least 3/);
  assert.throws(() => firstExitTimes([w], { radii: [1, 3, 2] }), /increasing/);
  assert.throws(() => firstExitTimes([w], { radii: [1, 2, 3], startStride: 0 }), /startStride must be an integer ≥ 1, got 0/);
  assert.throws(() => firstExitTimes([], { radii: [1, 2, 3] }), /at least 1 walk/);
  // Radii never left: no centre, NaN means, and no d_w.
  const r = firstExitTimes([w], { radii: [10, 20, 30] });
  assert.ok(Number.isNaN(r.walkDimension) && r.numCentres.every((c) => c === 0));
});
