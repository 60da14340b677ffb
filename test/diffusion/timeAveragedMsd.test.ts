import { test } from "node:test";
import * as assert from "node:assert/strict";
import { createWalk, timeAveragedMsd, timeAveragedMsdDirect, timeAveragedMsdStreamed } from "../../src/diffusion";
import { createRandom } from "../../src/util/random";
import { checkCase } from "../stochastic";
import { BROWNIAN_TIME_AVERAGED_MSD } from "./diffusionCases";

function randomWalk(t: number, p: number, seed: number, offset = 0): Float32Array {
  const random = createRandom(seed);
  const x = new Float32Array(t * p);
  for (let j = 0; j < p; j++) x[j] = offset + random.normal();
  for (let i = 1; i < t; i++) for (let j = 0; j < p; j++) x[i * p + j] = x[(i - 1) * p + j]! + random.normal();
  return x;
}

test("timeAveragedMsd by FFT equals the direct double sum within 1e-9 relative", () => {
  // The issue asks for 1e-6; float64 FFTs of centred series reach ~1e-12, so 1e-9 still leaves margin.
  for (const [t, p] of [[300, 7], [257, 3], [64, 1]] as const) {
    const walk = createWalk(randomWalk(t, p, t, 1000), p, 0.5);
    const fast = timeAveragedMsd(walk, { blockSize: 4 });
    const slow = timeAveragedMsdDirect(walk);
    for (let k = 0; k < t - 1; k++) {
      assert.ok(Math.abs(fast.msd[k]! - slow.msd[k]!) <= 1e-9 * slow.msd[k]!, `T ${t} P ${p} lag ${k + 1}: ${fast.msd[k]} vs ${slow.msd[k]}`);
    }
    assert.equal(fast.lags[0], 0.5);
    assert.equal(fast.kind, "time-averaged");
  }
});

test("timeAveragedMsdStreamed gives the same curve whatever the block size", () => {
  const t = 200;
  const p = 11;
  const x = randomWalk(t, p, 3);
  const source = (blockCalls: number[]) => ({
    numSnapshots: t,
    numParameters: p,
    readBlock(start: number, count: number) {
      blockCalls.push(count);
      const out = new Float32Array(t * count);
      for (let i = 0; i < t; i++) for (let j = 0; j < count; j++) out[i * count + j] = x[i * p + start + j]!;
      return out;
    },
  });
  const calls: number[] = [];
  const a = timeAveragedMsdStreamed(source(calls), { blockSize: 3, maxLag: 50 });
  const b = timeAveragedMsdStreamed(source([]), { blockSize: 64, maxLag: 50 });
  assert.deepEqual(calls, [3, 3, 3, 2]);
  for (let k = 0; k < 50; k++) assert.ok(Math.abs(a.msd[k]! - b.msd[k]!) <= 1e-12 * b.msd[k]!);
});

test("timeAveragedMsd of Brownian motion grows linearly with slope equal to the dimension", async () => {
  // fBm with H = 1/2 is Brownian motion: E[delta^2(tau)] = dimension tau. Averaged over 40 walks of
  // T = 2048 in 4 dimensions, the relative standard deviation at tau = 16 is sqrt(4 tau / (3 T) / (40 x 4))
  // ≈ 0.8 % (measured 0.75 %, spread.md); 4 % is about 5 standard deviations.
  await checkCase(BROWNIAN_TIME_AVERAGED_MSD);
});

test("time-averaged MSD estimators reject bad input with RangeError naming the value", () => {
  const walk = createWalk(new Float64Array([0, 1, 2]), 1);
  assert.throws(() => timeAveragedMsd(walk, { maxLag: 3 }), /timeAveragedMsd(Streamed)?: maxLag must be an integer in \[1, 2\], got 3/);
  assert.throws(() => timeAveragedMsd(createWalk(new Float64Array([0, 1, 2]), 1, new Float64Array([0, 1, 3]))), /uniformly spaced/);
  assert.throws(() => timeAveragedMsdDirect(walk, { maxLag: 0 }), RangeError);
  assert.throws(() => timeAveragedMsdStreamed({ numSnapshots: 3, numParameters: 1, readBlock: () => new Float32Array(2) }), /must return 3 values/);
});

test("timeAveragedMsdParallel on worker threads equals the single-threaded estimator", async () => {
  // Same sums in a different order: relative 1e-10 (float64 rounding of ~1e3 additions per lag).
  const { timeAveragedMsdParallel } = await import("../../src/diffusion");
  const t = 300;
  const p = 70;
  const x = randomWalk(t, p, 21);
  const source = {
    numSnapshots: t,
    numParameters: p,
    readBlock(start: number, count: number) {
      const out = new Float32Array(t * count);
      for (let i = 0; i < t; i++) for (let j = 0; j < count; j++) out[i * count + j] = x[i * p + start + j]!;
      return out;
    },
  };
  const single = timeAveragedMsdStreamed(source, { blockSize: 16 });
  const parallel = await timeAveragedMsdParallel(source, { blockSize: 16, numWorkers: 2 });
  for (let k = 0; k < t - 1; k++) assert.ok(Math.abs(parallel.msd[k]! / single.msd[k]! - 1) < 1e-10, `lag ${k + 1}`);
  await assert.rejects(timeAveragedMsdParallel(source, { numWorkers: 0 }), /numWorkers must be an integer in \[1, 64\], got 0/);
});
