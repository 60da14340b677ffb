import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spectralDimensionFromVisitedVolume } from "../../src/diffusion";
import { latticeWalk } from "../../src/fractal";
import { visitedVolumeFigure } from "../../src/plot";

test("visitedVolumeFigure draws the data, the fit with d_s in the legend and the exact guide", () => {
  const r = spectralDimensionFromVisitedVolume(latticeWalk({ dimension: 1, numSteps: 5000, numWalkers: 10, seed: 1 }));
  const fig = visitedVolumeFigure([{ name: "Z", curve: r.curve, fit: r.fit, exact: 1 }]);
  assert.equal(fig.data.length, 3);
  assert.equal(fig.layout?.xaxis?.type, "log");
  assert.match((fig.data[0] as { name: string }).name, new RegExp(`d_s = ${r.spectralDimension.toFixed(2)}`));
  // The guide passes through the last data point with slope d_s / 2 = 1/2 (relative 1e-12).
  const guide = fig.data[2] as { x: number[]; y: number[] };
  const n = r.curve.times.length;
  assert.equal(guide.y[1], r.curve.volume[n - 1]);
  assert.ok(Math.abs(Math.log(guide.y[1]! / guide.y[0]!) / Math.log(guide.x[1]! / guide.x[0]!) - 0.5) < 1e-12);
  assert.throws(() => visitedVolumeFigure([]), /visitedVolumeFigure: series must be a non-empty array/);
});
