import { test } from "node:test";
import * as assert from "node:assert/strict";
import { exponentDrift } from "../../src/experiment/index";
import { createRandom } from "../../src/util/random";

/** Runs of `windows` sliding windows over one decade (centres 300..3000), alpha = 0.3 + drift log10(c / 300) + noise. */
function runs(numRuns: number, windows: number, drift: number, noise: number, seed: number) {
  const rng = createRandom(seed);
  return Array.from({ length: numRuns }, () => {
    const centres = Array.from({ length: windows }, (_, i) => 300 * 10 ** (i / (windows - 1)));
    return { centres, exponents: centres.map((c) => 0.3 + drift * Math.log10(c / 300) + noise * rng.normal()) };
  });
}

test("exponentDrift recovers an exact drift per decade", () => {
  const r = exponentDrift([{ centres: [100, 1000, 10000], exponents: [0.5, 0.4, 0.3] }, { centres: [10, 100], exponents: [0.2, 0.1] }]);
  assert.deepEqual(r.perRun.map((v) => +v.toFixed(12)), [-0.1, -0.1]);
  assert.equal(r.verdict, "drifting");
});

test("exponentDrift does not grow with noise or the number of windows, unlike max - min", () => {
  // 10 runs of 20 windows, noise sd 0.02 per window and no drift: max - min of each run is ≈ 3.7 sd =
  // 0.075 (above the 0.05 tolerance, and larger with more windows), while the mean slope has standard
  // error 0.02 / (0.31 sqrt(20)) / sqrt(10) ≈ 0.005, so its interval lies well inside ±0.05.
  const data = runs(10, 20, 0, 0.02, 7);
  const range = data.map((r) => Math.max(...r.exponents) - Math.min(...r.exponents));
  assert.ok(range.reduce((s, v) => s + v, 0) / range.length > 0.05, "the range statistic would call this unstable");
  const r = exponentDrift(data);
  assert.equal(r.verdict, "stable", `drift ${JSON.stringify(r.drift)}`);
  assert.equal(exponentDrift(runs(10, 20, -0.15, 0.02, 8)).verdict, "drifting");
});

test("exponentDrift's 95 % interval covers the true drift in about 95 % of repetitions", () => {
  // 200 repetitions of 8 runs (drift -0.03 per decade, noise 0.03): a percentile bootstrap over 8 runs
  // undercovers slightly; the binomial sd of the coverage is 0.015, so [0.85, 0.99] allows the
  // expected ≈ 0.92 ± 4 sd.
  let covered = 0;
  for (let s = 0; s < 200; s++) {
    const d = exponentDrift(runs(8, 10, -0.03, 0.03, 100 + s), { numResamples: 400, seed: s }).drift;
    if (d.lower <= -0.03 && -0.03 <= d.upper) covered++;
  }
  assert.ok(covered / 200 >= 0.85 && covered / 200 <= 0.99, `coverage ${covered / 200}`);
});

test("exponentDrift rejects runs it cannot fit", () => {
  assert.throws(() => exponentDrift([]), /exponentDrift: runs must hold at least 1 run/);
  assert.throws(() => exponentDrift([{ centres: [1], exponents: [0.3] }]), /run 0 needs ≥ 2 windows/);
  assert.throws(() => exponentDrift([{ centres: [5, 5], exponents: [0.3, 0.4] }]), /all its windows at one centre/);
  assert.throws(() => exponentDrift([{ centres: [0, 5], exponents: [0.3, 0.4] }]), /centre 0; centres must be > 0/);
});
