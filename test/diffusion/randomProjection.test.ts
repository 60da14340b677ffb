import { test } from "node:test";
import * as assert from "node:assert/strict";
import { createRandomProjection, createWalk } from "../../src/diffusion";
import { checkCase } from "../stochastic";
import { PROJECTED_MSD } from "./diffusionCases";

test("createRandomProjection preserves the time-averaged MSD of a high-dimensional walk", async () => {
  // Count sketch to m = 256: one squared distance has relative error ≈ sqrt(2/256) ≈ 9 %; averaged over
  // the T - tau start times the MSD error drops to sd 0.3 %, 0.7 % and 2.2 % at lags 1, 10, 100 (spread.md),
  // hence tolerances of 2, 4 and 8 % at lags 1, 10 and 100.
  await checkCase(PROJECTED_MSD);
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
