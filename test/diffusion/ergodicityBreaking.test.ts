import { test } from "node:test";
import * as assert from "node:assert/strict";
import { ergodicityBreaking, fitMsdExponent } from "../../src/diffusion";
import { continuousTimeRandomWalk, fractionalBrownianMotion } from "../../src/fractal";
import { gammaFunction } from "../../src/theory";

test("ergodicityBreaking of Brownian motion matches 4 tau / (3 T)", () => {
  // Theory for 1-D Brownian motion, tau ≪ T: EB = 4 tau / (3 T). With 400 walks the EB estimate has a
  // relative sampling error ≈ sqrt(2 / 400) ≈ 7 %; tolerance 25 % (3.5 standard errors).
  const t = 2048;
  const walks = fractionalBrownianMotion({ hurst: 0.5, numSnapshots: t, numWalkers: 400, seed: 11 });
  const eb = ergodicityBreaking(walks, { maxLag: 64 });
  for (const lag of [16, 64]) {
    const expected = (4 * lag) / (3 * (t - 1));
    assert.ok(Math.abs(eb.parameter[lag - 1]! / expected - 1) < 0.25, `lag ${lag}: ${eb.parameter[lag - 1]} vs ${expected}`);
  }
});

test("ergodicityBreaking of a continuous-time random walk stays finite and the time average is linear", () => {
  // Weak ergodicity breaking (He et al. 2008): for tau ≪ T, EB → 2 Gamma(1+a)^2 / Gamma(1+2a) - 1
  // (= 0.571 for a = 1/2) and the member-averaged delta^2 grows linearly in tau although <x^2> ~ t^a.
  // 300 walkers: sampling error of EB ≈ 15 %; tolerance 30 %; the exponent tolerance 0.1 covers the
  // finite-T correction of the linear law.
  const a = 0.5;
  const walks = continuousTimeRandomWalk({ waitingExponent: a, numSnapshots: 4096, numWalkers: 300, seed: 12 });
  const eb = ergodicityBreaking(walks, { maxLag: 40 });
  const expected = (2 * gammaFunction(1 + a) ** 2) / gammaFunction(1 + 2 * a) - 1;
  assert.ok(Math.abs(eb.parameter[9]! / expected - 1) < 0.3, `EB ${eb.parameter[9]} vs ${expected}`);
  const fit = fitMsdExponent(eb.meanMsd, { window: { start: 2, end: 40 } });
  assert.ok(Math.abs(fit.exponent - 1) < 0.1, `time-averaged exponent ${fit.exponent}`);
  assert.throws(() => ergodicityBreaking([walks[0]!]), /at least 2 walks, got 1/);
});
