import { test } from "node:test";
import * as assert from "node:assert/strict";
import { createRandomProjection, createWalk, timeAveragedMsd } from "../../src/diffusion";
import { fractionalBrownianMotion } from "../../src/fractal";

test("createRandomProjection preserves the time-averaged MSD of a high-dimensional walk", () => {
  // Count sketch to m = 256: one squared distance has relative error ≈ sqrt(2/256) ≈ 9 %, averaged
  // over ~1000 start times the MSD error drops well below; 5 % is a safe bound (measured ≈ 1 %).
  const p = 2000;
  const walk = fractionalBrownianMotion({ hurst: 0.5, numSnapshots: 1024, dimension: p, seed: 3 })[0]!;
  const exact = timeAveragedMsd(walk, { maxLag: 100 });
  const projected = timeAveragedMsd(createRandomProjection({ inputDimension: p, outputDimension: 256, seed: 9 }).projectWalk(walk), { maxLag: 100 });
  for (const k of [0, 9, 99]) assert.ok(Math.abs(projected.msd[k]! / exact.msd[k]! - 1) < 0.05, `lag ${k + 1}`);
});

test("createRandomProjection is linear and deterministic for a seed", () => {
  const a = createRandomProjection({ inputDimension: 5, outputDimension: 2, seed: 4 });
  const b = createRandomProjection({ inputDimension: 5, outputDimension: 2, seed: 4 });
  assert.deepEqual(Array.from(a.bucket), Array.from(b.bucket));
  const x = [1, 2, 3, 4, 5];
  const y = a.projectSnapshot(x);
  const y2 = a.projectSnapshot(x.map((v) => 2 * v));
  assert.deepEqual(Array.from(y2), Array.from(y, (v) => 2 * v));
  assert.throws(() => a.projectSnapshot([1]), /snapshot must have length 5, got 1/);
  assert.throws(() => a.projectWalk(createWalk(new Float64Array(4), 2)), /walk.dimension must be 5, got 2/);
});
