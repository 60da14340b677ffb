/**
 * Helpers of the LLC notebook: the low-loss volume whose scaling exponent is the learning
 * coefficient, random deep linear architectures, reading a calibration grid, and the trend of the LLC
 * along training.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { fitPowerLaw } from "../../src/diffusion/fitPowerLaw";
import type { LlcWarningKind } from "../../src/slt/llcWarnings";
import {
  aoyagiLearningCoefficient,
  flatStepSizeRegion,
  llcTrend,
  lowLossVolume,
  randomDeepLinearArchitectures,
  type LlcCalibration,
  type LlcCalibrationCell,
} from "../../src/slt";

const THRESHOLDS = Array.from({ length: 13 }, (_, i) => 10 ** (-14 + 0.5 * i));

test("lowLossVolume of a quadratic bowl is the disc area pi eps", () => {
  const v = lowLossVolume((w1, w2) => w1 * w1 + w2 * w2, [1e-6, 1e-2]);
  // Midpoint rule in log coordinates with 800 points per axis: relative error ~ 0.3 % at the circle.
  assert.ok(Math.abs(v[0]! / (Math.PI * 1e-6) - 1) < 0.01);
  assert.ok(Math.abs(v[1]! / (Math.PI * 1e-2) - 1) < 0.01);
  // The whole square [-1, 1]^2 when every point is below eps (midpoint rule in log |w|: du^2 / 24 ~ 5e-5 per axis).
  assert.ok(Math.abs(lowLossVolume(() => 0, [1])[0]! / 4 - 1) < 1e-3);
});

test("lowLossVolume scales like eps^lambda: 1 for a regular model, 1/(2 max(a, b)) for normal crossings", () => {
  for (const [K, lambda, tol] of [
    [(a: number, b: number) => a * a + b * b, 1, 0.002],
    [(a: number, b: number) => 0.5 * a * a * b ** 4, 0.25, 0.01],
    // (2, 3): slower convergence, 5 % at eps ~ 1e-14..1e-8 (the fit reads 0.159 against 1/6).
    [(a: number, b: number) => 0.5 * a ** 4 * b ** 6, 1 / 6, 0.05],
  ] as const) {
    const slope = fitPowerLaw(THRESHOLDS, lowLossVolume(K, THRESHOLDS)).exponent;
    assert.ok(Math.abs(slope / lambda - 1) < tol, `slope ${slope}, lambda ${lambda}`);
  }
});

test("lowLossVolume is unchanged by moving w* with the loss", () => {
  const a = lowLossVolume((w1, w2) => w1 * w1 * w2 ** 4, [1e-6]);
  const b = lowLossVolume((w1, w2) => (w1 - 2) ** 2 * (w2 + 1) ** 4, [1e-6], [2, -1]);
  assert.ok(Math.abs(a[0]! - b[0]!) <= 1e-6 * a[0]!);
  assert.throws(() => lowLossVolume((w) => w, []), RangeError);
  assert.throws(() => lowLossVolume((w) => w, [1], [0, 0], { gridSize: 10 }), /gridSize/);
});

test("randomDeepLinearArchitectures respects its ranges and is reproducible from its seed", () => {
  const archs = randomDeepLinearArchitectures({ count: 50, seed: 4, minLayers: 2, maxLayers: 4, minWidth: 3, maxWidth: 12, maxParams: 300 });
  assert.equal(archs.length, 50);
  for (const a of archs) {
    assert.ok(a.widths.length >= 3 && a.widths.length <= 5);
    assert.ok(a.widths.every((h) => h >= 3 && h <= 12));
    assert.ok(a.rank >= 0 && a.rank <= Math.min(...a.widths));
    assert.equal(a.numParams, a.widths.slice(1).reduce((s, h, l) => s + h * a.widths[l]!, 0));
    assert.ok(a.numParams <= 300);
    assert.equal(a.learningCoefficient, aoyagiLearningCoefficient(a.widths, a.rank).lambda);
  }
  assert.deepEqual(randomDeepLinearArchitectures({ count: 5, seed: 4 }), randomDeepLinearArchitectures({ count: 5, seed: 4 }));
  assert.throws(() => randomDeepLinearArchitectures({ count: 1, seed: 0, minWidth: 10, maxWidth: 10, maxParams: 50 }), /maxParams/);
  assert.throws(() => randomDeepLinearArchitectures({ count: 0, seed: 0 }), RangeError);
});

function cell(stepSize: number, mean: number, extra: { warnings?: LlcWarningKind[] } = {}): LlcCalibrationCell {
  return { ok: true, stepSize, nBeta: 10, localization: 1, mean, std: 0.2, stdError: 0.1, warnings: [], llcTrace: new Float64Array(0), ...extra };
}

function divergedCell(stepSize: number): LlcCalibrationCell {
  return { ok: false, stepSize, nBeta: 10, localization: 1, reason: "diverged" };
}

function grid(cells: LlcCalibrationCell[]): LlcCalibration {
  return { stepSizes: cells.map((c) => c.stepSize), nBetas: [10], localizations: [1], cells };
}

test("flatStepSizeRegion picks the middle of the longest agreeing run and skips diverged or flagged cells", () => {
  const g = grid([
    cell(1e-6, 3), cell(1e-5, 8), cell(3e-5, 10), cell(1e-4, 10.4), cell(3e-4, 10.8), cell(1e-3, 16, { warnings: ["noPlateau"] }),
    divergedCell(3e-3),
  ]);
  const region = flatStepSizeRegion(g);
  assert.deepEqual(region.stepSizes, [3e-5, 1e-4, 3e-4]);
  assert.equal(region.chosen, 1e-4);
  assert.equal(region.chosenMean, 10.4);
  assert.ok(region.flat);
  assert.deepEqual(region.excluded, [{ stepSize: 1e-3, reason: "noPlateau" }, { stepSize: 3e-3, reason: "diverged" }]);
});

test("flatStepSizeRegion does not join cells across an excluded one, and reports a row without a flat part", () => {
  const g = grid([cell(1e-5, 10), cell(1e-4, 10, { warnings: ["belowInitialLoss"] }), cell(1e-3, 10.1)]);
  const region = flatStepSizeRegion(g);
  assert.equal(region.flat, false);
  assert.deepEqual(region.stepSizes, [1e-3]);
  assert.throws(() => flatStepSizeRegion(grid([divergedCell(1e-5)])), /diverged or was flagged/);
  assert.throws(() => flatStepSizeRegion(g, { nBeta: 99 }), RangeError);
});

test("llcTrend tells a rise to a plateau from steady growth and from noise", () => {
  const ones = [1, 1, 1, 1, 1, 1];
  const plateau = llcTrend([2, 20, 35, 40, 41, 40], ones);
  assert.ok(plateau.rises && plateau.plateaus);
  assert.equal(plateau.tailCount, 2);
  assert.equal(plateau.tailMean, 40.5);
  const growth = llcTrend([2, 4, 8, 16, 32, 64], ones);
  assert.ok(growth.rises && !growth.plateaus);
  // Differences within the error bars: neither a rise nor a departure from a plateau.
  const noisy = llcTrend([10, 11, 9, 10.5, 9.5, 10], [2, 2, 2, 2, 2, 2]);
  assert.ok(!noisy.rises && noisy.plateaus);
  assert.throws(() => llcTrend([1, 2], [0, 0]), RangeError);
  assert.throws(() => llcTrend([1, 2, NaN], [0, 0, 0]), /finite/);
});
