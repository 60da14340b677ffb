import { test } from "node:test";
import * as assert from "node:assert/strict";
import { bootstrapExponent, diffusionCrossover, fitMsdExponent, fitPowerLaw, lateWindow, localSlope, type MsdCurve } from "../../src/diffusion";
import { fractionalBrownianMotion } from "../../src/fractal";

test("fitPowerLaw recovers an exact power law to rounding with r^2 = 1", () => {
  const x = Float64Array.from({ length: 50 }, (_, i) => 1.3 ** i);
  const fit = fitPowerLaw(x, x.map((v) => 2.5 * v ** -0.7));
  // Deterministic float64 regression on exact data: relative 1e-12.
  assert.ok(Math.abs(fit.exponent + 0.7) < 1e-12);
  assert.ok(Math.abs(fit.prefactor / 2.5 - 1) < 1e-10);
  assert.ok(fit.rSquared > 1 - 1e-12 && fit.standardError < 1e-10);
});

test("fitPowerLaw thins uniformly spaced points so each decade weighs the same", () => {
  const x = Float64Array.from({ length: 10000 }, (_, i) => i + 1);
  const fit = fitPowerLaw(x, x, { pointsPerDecade: 10 });
  assert.ok(fit.numPoints >= 30 && fit.numPoints <= 41, `kept ${fit.numPoints}`); // ≤ 10 per decade over 4 decades
  assert.equal(fitPowerLaw(x, x, { pointsPerDecade: 0, start: 10, end: 19 }).numPoints, 10);
  assert.throws(() => fitPowerLaw(x, x, { start: 5, end: 6 }), /at least 3 points, got 2/);
  assert.throws(() => fitPowerLaw([1, 2, 3], [1, -1, 2]), /positive and finite inside the window/);
});

test("lateWindow applies the documented rule for ensemble and time-averaged curves", () => {
  const lags = Float64Array.from({ length: 10000 }, (_, i) => i + 1);
  const base = { lags, msd: lags, numMembers: 1, duration: 10000 };
  assert.deepEqual(lateWindow({ ...base, kind: "ensemble" }), { start: 1000, end: 10000 });
  assert.deepEqual(lateWindow({ ...base, kind: "time-averaged" }), { start: 100, end: 1000 });
  const short = lateWindow({ ...base, lags: lags.subarray(0, 5), msd: lags.subarray(0, 5), kind: "ensemble" });
  assert.ok(Math.abs(short.start - Math.sqrt(5)) < 1e-12 && short.end === 5);
});

test("localSlope and diffusionCrossover locate the super-to-sub crossover of a known curve", () => {
  // MSD = t^2 / (1 + t/tc)^1.5 has local slope 2 - 1.5 u / (1 + u), u = t / tc: 2 early, 1/2 late, and
  // exactly 1 at t = 2 tc. Smoothing over ±0.25 decade shifts the crossing by < 2 %.
  const tc = 30;
  const t = Float64Array.from({ length: 3000 }, (_, i) => 0.01 * 1.005 ** i);
  const y = t.map((s) => s ** 2 / (1 + s / tc) ** 1.5);
  const slope = localSlope(t, y);
  assert.ok(Math.abs(slope.slope[0]! - 2) < 0.01 && Math.abs(slope.slope[slope.slope.length - 1]! - 0.5) < 0.05);
  const c = diffusionCrossover(t, y);
  assert.ok(c.found);
  if (c.found) assert.ok(Math.abs(c.time / (2 * tc) - 1) < 0.02, `crossover at ${c.time}`);
  const brownian = diffusionCrossover(t, t);
  assert.equal(brownian.found, false);
});

test("bootstrapExponent intervals match the spread of independent ensembles", () => {
  // Calibration check: 12 independent ensembles of 30 Brownian walks give the true sampling spread of the
  // fitted exponent; the bootstrap standard error of one ensemble must agree within a factor 2 (the
  // spread itself is estimated from 12 values, ±20 %), and the 95 % interval of the first covers 1.
  const exponents: number[] = [];
  let first: ReturnType<typeof bootstrapExponent> | undefined;
  for (let e = 0; e < 12; e++) {
    const walks = fractionalBrownianMotion({ hurst: 0.5, numSnapshots: 257, numWalkers: 30, seed: 100 + e });
    const b = bootstrapExponent(walks, { numResamples: 200, seed: e });
    exponents.push(b.exponent);
    first ??= b;
  }
  const mean = exponents.reduce((a, v) => a + v, 0) / exponents.length;
  const spread = Math.sqrt(exponents.reduce((a, v) => a + (v - mean) ** 2, 0) / (exponents.length - 1));
  assert.ok(first!.standardError > spread / 2 && first!.standardError < spread * 2, `bootstrap ${first!.standardError} vs spread ${spread}`);
  assert.ok(first!.lower < 1 && first!.upper > 1, `[${first!.lower}, ${first!.upper}]`);
});

test("fitMsdExponent of fractional Brownian motion is within 0.05 of 2H", () => {
  // Ensemble MSD of 400 exact fBm paths: statistical error of the exponent over one decade ≈ 0.02.
  for (const hurst of [0.3, 0.5, 0.7]) {
    const curve: MsdCurve = (() => {
      const walks = fractionalBrownianMotion({ hurst, numSnapshots: 1025, numWalkers: 400, seed: 7 });
      return require("../../src/diffusion").ensembleMsd(walks);
    })();
    const fit = fitMsdExponent(curve);
    assert.ok(Math.abs(fit.exponent - 2 * hurst) < 0.05, `H ${hurst}: ${fit.exponent}`);
  }
});

test("summarizeDiffusion reports the Sierpinski walk dimension with a bootstrap interval that covers it", () => {
  // Same ground truth as the ensemble test (d_w within 5 %); the 95 % bootstrap interval of alpha_MSD
  // must contain the exponent fitted on the full ensemble and have a positive width.
  const { sierpinskiGasketWalk, SIERPINSKI_GASKET } = require("../../src/fractal");
  const { summarizeDiffusion } = require("../../src/diffusion");
  const s = summarizeDiffusion(sierpinskiGasketWalk({ generation: 9, numSteps: 5000, numWalkers: 100, seed: 3 }), { numResamples: 200 });
  assert.ok(Math.abs(s.walkDimension / SIERPINSKI_GASKET.walkDimension - 1) < 0.05, `d_w ${s.walkDimension}`);
  assert.ok(Math.abs(s.displacementExponent - s.fit.exponent / 2) < 1e-15);
  assert.ok(s.bootstrap.lower < s.fit.exponent && s.bootstrap.upper > s.fit.exponent);
  assert.equal(s.crossover.found, false); // a walk on a graph starts diffusive, never super-diffusive
});
