import { test } from "node:test";
import * as assert from "node:assert/strict";
import { fitPowerLaw, localSlope, spectralDimensionFromReturns, type MsdCurve } from "../../src/diffusion";
import { latticeWalk } from "../../src/fractal";
import { localSlopeFigure, msdFigure, relaxationFigure, returnProbabilityFigure } from "../../src/plot";

const lags = Float64Array.from({ length: 100 }, (_, i) => i + 1);
const curve: MsdCurve = { lags, msd: lags.map((t) => 3 * t ** 0.8), numMembers: 1, kind: "ensemble", duration: 100 };

test("msdFigure draws each curve on log axes with its fitted line over the fit window", () => {
  const fit = fitPowerLaw(curve.lags, curve.msd, { start: 10, end: 100 });
  const fig = msdFigure([{ name: "walk", curve, fit }], { referenceSlopes: [1] });
  assert.equal(fig.data.length, 3);
  assert.equal(fig.layout?.xaxis?.type, "log");
  const line = fig.data[1] as { x: number[]; y: number[]; name: string };
  // The fit is exact, so the line's end points lie on the data (relative 1e-12).
  assert.deepEqual(line.x, [fit.start, fit.end]);
  assert.ok(Math.abs(line.y[1]! / (3 * fit.end ** 0.8) - 1) < 1e-12);
  assert.match(line.name, /slope 0\.800/);
  assert.throws(() => msdFigure([]), /msdFigure: series must be a non-empty array/);
});

test("localSlopeFigure marks guides and the crossover", () => {
  const fig = localSlopeFigure([{ name: "walk", slope: localSlope(curve.lags, curve.msd) }], { guides: [1, 0.8], crossover: 20 });
  assert.equal(fig.data.length, 3);
  assert.equal((fig.layout?.shapes as unknown[]).length, 1);
});

test("returnProbabilityFigure reports d_s in the legend and draws the fitted decay", () => {
  const estimate = spectralDimensionFromReturns(latticeWalk({ dimension: 1, numSteps: 20000, seed: 1 }), { radius: 0.5, maxLag: 400 });
  const fig = returnProbabilityFigure([{ name: "Z", estimate, exact: 1 }]);
  assert.equal(fig.data.length, 2);
  assert.match((fig.data[0] as { name: string }).name, /d_s = [0-9.]+ ± [0-9.]+ \(exact 1\.00\)/);
});

test("relaxationFigure pairs numbers with theory and checks lengths", () => {
  const fig = relaxationFigure({ times: [1, 2], values: [0.5, 0.4] }, { times: [1, 2], values: [0.5, 0.4], label: "E_a(-t^a)" }, { logX: true });
  assert.equal(fig.layout?.xaxis?.type, "log");
  assert.throws(() => relaxationFigure({ times: [1], values: [] }, { times: [], values: [], label: "x" }), /numerical.times and numerical.values must have the same length/);
});

test("fokkerPlanckFigure draws the recorded profiles and the reference density", async () => {
  const { fractionalFokkerPlanck } = await import("../../src/theory");
  const { fokkerPlanckFigure } = await import("../../src/plot");
  const s = fractionalFokkerPlanck({ order: 0.7, domain: { min: -2, max: 2, numCells: 20 }, diffusion: 1, initial: (x) => (Math.abs(x) < 0.5 ? 1 : 0), timeStep: 0.05, numSteps: 20, recordEvery: 5 });
  const fig = fokkerPlanckFigure(s, { reference: { values: new Float64Array(20).fill(0.25), label: "uniform" }, maxCurves: 3 });
  assert.equal(fig.data.length, 4);
  assert.equal((fig.data[0] as { name: string }).name, "t = 0.00");
  assert.throws(() => fokkerPlanckFigure(s, { reference: { values: [1], label: "x" } }), /reference.values must have 20 values/);
});
