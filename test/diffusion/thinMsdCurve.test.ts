import { test } from "node:test";
import * as assert from "node:assert/strict";
import { ensembleMsd, fitMsdExponent, thinMsdCurve, type MsdCurve } from "../../src/diffusion";
import { latticeWalk } from "../../src/fractal";

test("thinMsdCurve keeps at most maxPoints log-spaced lags, the first and the last", () => {
  const lags = Float64Array.from({ length: 100000 }, (_, i) => i + 1);
  const standardError = lags.map((t) => 0.1 * t);
  const curve: MsdCurve = { lags, msd: lags.map((t) => 2 * t ** 0.7), standardError, numMembers: 5, kind: "ensemble", duration: 100000 };
  const thin = thinMsdCurve(curve, 200);
  assert.ok(thin.lags.length <= 200 && thin.lags.length > 150, `${thin.lags.length} lags`);
  assert.equal(thin.lags[0], 1);
  assert.equal(thin.lags[thin.lags.length - 1], 100000);
  // Values are copied from the kept lags (exact), and spacing never falls below one bin in log lag
  // once the integer lags are dense enough to fill every bin.
  for (let i = 0; i < thin.lags.length; i++) {
    assert.equal(thin.msd[i], 2 * thin.lags[i]! ** 0.7);
    assert.equal(thin.standardError![i], 0.1 * thin.lags[i]!);
  }
  const bin = Math.log(100000) / 199;
  for (let i = 30; i + 1 < thin.lags.length - 1; i++) assert.ok(Math.log(thin.lags[i + 1]! / thin.lags[i]!) > bin * 0.5);
  assert.deepEqual({ ...thin, lags: 0, msd: 0, standardError: 0 }, { ...curve, lags: 0, msd: 0, standardError: 0 });
});

test("thinMsdCurve returns short curves unchanged and keeps the exponent of an exact power law", () => {
  const curve = ensembleMsd(latticeWalk({ dimension: 2, numSteps: 2000, numWalkers: 4, seed: 4 }));
  assert.equal(thinMsdCurve(curve, 3000), curve);
  // The thinned points lie on the curve, so a pure power law keeps its exponent (float64 rounding, 1e-12).
  const lags = Float64Array.from({ length: 50000 }, (_, i) => i + 1);
  const exact: MsdCurve = { lags, msd: lags.map((t) => 3 * t ** 0.43), numMembers: 1, kind: "ensemble", duration: 50000 };
  assert.ok(Math.abs(fitMsdExponent(thinMsdCurve(exact)).exponent - 0.43) < 1e-12);
  assert.throws(() => thinMsdCurve(curve, 1), /thinMsdCurve: maxPoints must be an integer ≥ 2, got 1/);
});
