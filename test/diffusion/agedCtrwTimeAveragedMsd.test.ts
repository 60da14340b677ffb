import { test } from "node:test";
import * as assert from "node:assert/strict";
import { agedCtrwTimeAveragedMsd } from "../../src/diffusion";
import { gammaFunction } from "../../src/theory";
import { createRandom } from "../../src/util/random";

const close = (actual: number, expected: number, relative: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual} against ${expected}`);

test("agedCtrwTimeAveragedMsd without aging is the unaged CTRW formula, slope a - 1 for small lags", () => {
  // t_a = 0: <delta^2> = [T^(1+a) - (T-Δ)^(1+a) - Δ^(1+a)] / ((1+a)(T-Δ)), closed form; float64, relative 1e-12.
  const a = 0.6, lag = 3, times = [50, 100, 400];
  const r = agedCtrwTimeAveragedMsd({ exponent: a, lag, agingTime: 0, measurementTimes: times });
  times.forEach((T, i) => close(r.msd[i]!, (T ** (1 + a) - (T - lag) ** (1 + a) - lag ** (1 + a)) / ((1 + a) * (T - lag)), 1e-12, `T = ${T}`));
  // Δ ≪ T: <delta^2> → Δ T^(a-1) (Lubelski, Sokolov & Klafter 2008), slope a - 1; the correction is
  // O((Δ/T)^a) (the wait before the first jump), at most (1e-11)^0.6 = 2.5e-7 here: tolerance 1e-6.
  const tiny = agedCtrwTimeAveragedMsd({ exponent: a, lag: 1e-9, agingTime: 0, measurementTimes: [100, 1000, 10_000] });
  close(tiny.msd[1]!, 1e-9 * 1000 ** (a - 1), 1e-6, "Δ T^(a-1)");
  assert.ok(Math.abs(tiny.exponent - (a - 1)) < 1e-6, `slope ${tiny.exponent}`);
});

test("agedCtrwTimeAveragedMsd of an aged walk follows the aging function and is flat for Brownian motion", () => {
  // Δ ≪ T: aged / unaged = Λ_a(t_a / T) = (1 + z)^a - z^a (Schulz, Barkai & Metzler 2013); the unaged
  // value's correction is O((Δ/T)^a) = (1e-12)^0.7 ≈ 4e-9, the aged one's O(Δ/T): tolerance 1e-6.
  const a = 0.7, lag = 1e-9, T = 1000;
  for (const ta of [100, 1000, 10_000]) {
    const aged = agedCtrwTimeAveragedMsd({ exponent: a, lag, agingTime: ta, measurementTimes: [T, 2 * T, 4 * T] }).msd[0]!;
    const unaged = agedCtrwTimeAveragedMsd({ exponent: a, lag, agingTime: 0, measurementTimes: [T, 2 * T, 4 * T] }).msd[0]!;
    const z = ta / T;
    close(aged / unaged, (1 + z) ** a - z ** a, 1e-6, `t_a = ${ta}`);
  }
  // Strongly aged (t_a ≫ T): the slope tends to 0; at t_a = 10^4 T it is within 1e-3 of it (|slope| ≈ (1 - a) a T / (2 t_a)).
  assert.ok(Math.abs(agedCtrwTimeAveragedMsd({ exponent: a, lag: 1, agingTime: 1e7, measurementTimes: [250, 500, 1000] }).exponent) < 1e-3);
  // a = 1 is Brownian motion: <delta^2> = Δ exactly at every age (an identity; float64, relative 1e-12).
  const bm = agedCtrwTimeAveragedMsd({ exponent: 1, lag: 5, agingTime: 1234, measurementTimes: [20, 80, 320] });
  bm.msd.forEach((v) => close(v, 5, 1e-12, "Brownian"));
  assert.ok(Math.abs(bm.exponent) < 1e-12);
});

/** Mittag-Leffler waiting time with Laplace transform 1 / (1 + s^a) (Kozubowski's formula), whose renewal count has mean t^a / Gamma(1 + a) exactly. */
function mittagLefflerWait(a: number, random: ReturnType<typeof createRandom>): number {
  const u = 1 - random.uniform(), v = random.uniform();
  return -Math.log(u) * (Math.sin(a * Math.PI) / Math.tan(a * Math.PI * v) - Math.cos(a * Math.PI)) ** (1 / a);
}

test("agedCtrwTimeAveragedMsd matches simulated aged CTRWs with Mittag-Leffler waits", () => {
  // 4000 one-dimensional CTRWs (N(0, 1) jumps), observed on the unit grid from t_a = 300 on; delta^2 at lag 4
  // over T_m = 50, 100, 200 against the prediction / Gamma(1 + a) (the renewal count's prefactor). Start times
  // are the grid points, the formula integrates over them: a difference below 1 % here. Tolerance 3.5 standard
  // errors of the mean over walks (the aged CTRW's EB is about 1-4, so one standard error is 2-3 %) plus that 1 %.
  const a = 0.6, ta = 300, lag = 4, times = [50, 100, 200], walkers = 4000, random = createRandom(811);
  const prediction = agedCtrwTimeAveragedMsd({ exponent: a, lag, agingTime: ta, measurementTimes: times });
  const horizon = ta + times[times.length - 1]!;
  const samples = times.map(() => new Float64Array(walkers));
  for (let w = 0; w < walkers; w++) {
    const x = new Float64Array(horizon + 1);
    let t = mittagLefflerWait(a, random), position = 0;
    for (let k = 0; k <= horizon; k++) {
      while (t <= k) { position += random.normal(); t += mittagLefflerWait(a, random); }
      x[k] = position;
    }
    times.forEach((T, i) => {
      let sum = 0;
      for (let s = 0; s < T - lag; s++) sum += (x[ta + s + lag]! - x[ta + s]!) ** 2;
      samples[i]![w] = sum / (T - lag);
    });
  }
  times.forEach((T, i) => {
    const m = samples[i]!.reduce((s, v) => s + v, 0) / walkers;
    const se = Math.sqrt(samples[i]!.reduce((s, v) => s + (v - m) ** 2, 0) / (walkers - 1) / walkers);
    const expected = prediction.msd[i]! / gammaFunction(1 + a);
    assert.ok(Math.abs(m - expected) < 3.5 * se + 0.01 * expected, `T_m = ${T}: simulated ${m} ± ${se}, predicted ${expected}`);
  });
});

test("agedCtrwTimeAveragedMsd rejects exponents, lags, ages and measurement times out of range", () => {
  const ok = { exponent: 0.5, lag: 1, agingTime: 10, measurementTimes: [4, 8, 16] };
  assert.throws(() => agedCtrwTimeAveragedMsd({ ...ok, exponent: 1.2 }), /agedCtrwTimeAveragedMsd: exponent must be in \(0, 1\], got 1.2/);
  assert.throws(() => agedCtrwTimeAveragedMsd({ ...ok, lag: 0 }), /lag must be a finite number > 0, got 0/);
  assert.throws(() => agedCtrwTimeAveragedMsd({ ...ok, agingTime: -1 }), /agingTime must be a finite number ≥ 0, got -1/);
  assert.throws(() => agedCtrwTimeAveragedMsd({ ...ok, measurementTimes: [4, 8] }), /at least 3 times, got 2/);
  assert.throws(() => agedCtrwTimeAveragedMsd({ ...ok, measurementTimes: [1, 8, 16] }), /increasing finite times above the lag 1/);
  assert.throws(() => agedCtrwTimeAveragedMsd({ ...ok, measurementTimes: [8, 4, 16] }), /increasing/);
});
