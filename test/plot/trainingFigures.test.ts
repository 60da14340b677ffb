import { test } from "node:test";
import * as assert from "node:assert/strict";
import { displacementFromReference, createWalk, fitPowerLaw } from "../../src/diffusion";
import { binnedMeans, displacementFigure, trainingCurvesFigure } from "../../src/plot";

test("binnedMeans averages equal index ranges and keeps every value when bins exceed them", () => {
  // Exact arithmetic on small integers: equality, no tolerance.
  assert.deepEqual(binnedMeans([1, 2, 3, 4, 5, 6], 3), { centres: [0.5, 2.5, 4.5], means: [1.5, 3.5, 5.5] });
  assert.deepEqual(binnedMeans([4, 8], 10), { centres: [0, 1], means: [4, 8] });
  // The mean of the bin means equals the mean of the values when the bins are equal.
  const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i));
  const { means } = binnedMeans(values, 200);
  assert.ok(Math.abs(means.reduce((s, v) => s + v, 0) / 200 - values.reduce((s, v) => s + v, 0) / 1000) < 1e-12);
  assert.throws(() => binnedMeans([], 3), /binnedMeans: values must hold at least one value/);
  assert.throws(() => binnedMeans([1], 0), /binnedMeans: bins must be an integer ≥ 1, got 0/);
});

test("trainingCurvesFigure puts losses left and accuracies in per cent right, downsampled, with markers on both panels", () => {
  const evaluations = {
    steps: new Float64Array([0, 50, 100]),
    trainLoss: new Float64Array([2.3, 0.6, 0.4]),
    trainAccuracy: new Float64Array([0.1, 0.8, 0.9]),
    testLoss: new Float64Array([2.3, 0.7, 0.5]),
    testAccuracy: new Float64Array([0.1, 0.75, 0.85]),
  };
  const losses = Float64Array.from({ length: 1000 }, (_, i) => 2 / (1 + i));
  const fig = trainingCurvesFigure(evaluations, { minibatchLosses: losses, maxPoints: 50, markers: [{ step: 50, label: "switch" }] });
  assert.equal(fig.data.length, 5);
  assert.equal((fig.data[0] as { x: number[] }).x.length, 50);
  const testAccuracy = fig.data[4] as { y: number[]; yaxis: string; name: string };
  assert.equal(testAccuracy.name, "test accuracy");
  assert.equal(testAccuracy.yaxis, "y2");
  assert.deepEqual(testAccuracy.y, [10, 75, 85]);
  assert.equal(fig.layout?.yaxis?.type, "log");
  assert.equal((fig.layout?.shapes as unknown[]).length, 2);
  // Regression without test data: one loss trace, one panel.
  const single = trainingCurvesFigure({ steps: [0, 1], trainLoss: [1, 0.5], trainAccuracy: null, testLoss: null, testAccuracy: null });
  assert.equal(single.data.length, 1);
  assert.equal((single.layout as { xaxis2?: unknown }).xaxis2, undefined);
  assert.throws(() => trainingCurvesFigure({ ...evaluations, steps: [] }), /trainingCurvesFigure: evaluations must hold at least one step/);
});

test("displacementFigure draws members, the summary, fits over their windows and guides on log axes", () => {
  const times = Float64Array.from({ length: 50 }, (_, i) => i);
  // Positions 2 t^0.7 in one coordinate: R(t) = 2 t^0.7 exactly.
  const walk = createWalk(Float64Array.from(times, (t) => 2 * t ** 0.7), 1, times);
  const d = displacementFromReference(walk);
  const fit = fitPowerLaw(d.elapsed, d.distance, { start: 5 });
  const fig = displacementFigure([d, d], { summary: { name: "rms", displacement: d }, fits: [{ name: "late", fit }], referenceSlopes: [0.5, 1] });
  assert.equal(fig.data.length, 6);
  assert.equal(fig.layout?.xaxis?.type, "log");
  assert.equal(fig.layout?.yaxis?.type, "log");
  const line = fig.data[3] as { x: number[]; y: number[]; name: string };
  assert.match(line.name, /late: slope 0\.700/);
  // The fit is exact, so its end point lies on the data (relative 1e-12).
  assert.ok(Math.abs(line.y[1]! / (2 * line.x[1]! ** 0.7) - 1) < 1e-12);
  assert.throws(() => displacementFigure([]), /displacementFigure: members must hold at least one displacement/);
});
