import { test } from "node:test";
import * as assert from "node:assert/strict";
import { calibrateLlc, createDeepLinearNetworkLoss, createNormalCrossingLoss, estimateLlc, sampleSgld } from "../../src/slt";
import { llcCalibrationFigure, llcTraceFigure, llcVersusTruthFigure, posteriorSamplesFigure } from "../../src/plot";

type Line = { name?: string; x: ArrayLike<number>; y: ArrayLike<number>; error_y?: { array: number[] } };

test("llcTraceFigure draws each chain on the LLC scale against the SGLD step, with the estimate and the truth", async () => {
  const dln = createDeepLinearNetworkLoss({ widths: [3, 4, 2], rank: 1, numSamples: 200, seed: 1 });
  const est = await estimateLlc(dln, dln.trueParams, { stepSize: 1e-4, localization: 1, numChains: 2, numDraws: 5, numBurnin: 3, thinning: 2, workers: false });
  const fig = llcTraceFigure(est, { truth: dln.learningCoefficient });
  const lines = fig.data as Line[];
  assert.equal(lines.length, 4); // 2 chains, estimate, truth
  // Burn-in steps 0..2, then draws every `thinning` steps from step 3.
  assert.deepEqual(Array.from(lines[0]!.x), [0, 1, 2, 3, 5, 7, 9, 11]);
  const y0 = Array.from(lines[0]!.y);
  assert.equal(y0[3], est.nBeta * (est.trace.losses[0]![0]! - est.initLoss));
  assert.equal(y0[0], est.nBeta * (est.trace.burnInLosses[0]![0]! - est.initLoss));
  assert.deepEqual(Array.from(lines[2]!.y), [est.mean, est.mean]);
  assert.deepEqual(Array.from(lines[3]!.y), [3, 3]);
  assert.equal(fig.layout?.shapes?.length, 1);
  assert.equal((llcTraceFigure(est, { showBurnIn: false }).data[0] as Line).x.length, 5);
});

test("calibrateLlc records divergence in the grid instead of throwing, and the figure marks it", async () => {
  const dln = createDeepLinearNetworkLoss({ widths: [3, 4, 2], rank: 1, numSamples: 200, seed: 1 });
  const grid = await calibrateLlc(dln, dln.trueParams, {
    stepSizes: [1e-5, 1e-4, 2], nBetas: [20, 40], localizations: [1], numChains: 2, numDraws: 30, workers: false,
  });
  assert.equal(grid.cells.length, 6);
  assert.deepEqual(grid.cells.map((c) => [c.nBeta, c.stepSize]), [[20, 1e-5], [20, 1e-4], [20, 2], [40, 1e-5], [40, 1e-4], [40, 2]]);
  const bad = grid.cells.filter((c) => !c.ok);
  assert.deepEqual(bad.map((c) => c.stepSize), [2, 2]);
  assert.ok(bad.every((c) => !c.ok && /diverged at step \d+ with step size 2\b/.test(c.reason)));
  assert.ok(grid.cells.every((c) => !c.ok || (Number.isFinite(c.mean) && c.llcTrace.length === 30)));
  const fig = llcCalibrationFigure(grid, { truth: 3 });
  const names = (fig.data as Line[]).map((d) => d.name);
  assert.deepEqual(names, ["γ = 1, nβ = 20.00", "γ = 1, nβ = 40.00", "diverged", "truth 3"]);
  assert.equal((fig.data[0] as Line).x.length, 2);
  assert.equal(fig.layout?.xaxis?.type, "log");
  await assert.rejects(calibrateLlc(dln, dln.trueParams, { stepSizes: [] }), /calibrateLlc: stepSizes must be a non-empty array/);
});

test("llcVersusTruthFigure puts estimates against truths with the diagonal and the tolerance band", () => {
  const fig = llcVersusTruthFigure(
    [{ truth: 4.5, estimate: 4.4, error: 0.1, label: "3-8-3" }, { truth: 61.5, estimate: 58, error: 0.7 }],
    { relTol: 0.15 },
  );
  const [points, diagonal, upper, lower] = fig.data as Line[];
  assert.deepEqual(Array.from(points!.x), [4.5, 61.5]);
  assert.deepEqual(points!.error_y!.array, [0.1, 0.7]);
  assert.deepEqual(Array.from(diagonal!.x), Array.from(diagonal!.y));
  assert.ok(Math.abs(upper!.y[1]! - 1.15 * upper!.x[1]!) < 1e-12 && Math.abs(lower!.y[0]! - 0.85 * lower!.x[0]!) < 1e-12);
  assert.equal(fig.layout?.xaxis?.type, "log"); // truths span more than a factor 10
  assert.throws(() => llcVersusTruthFigure([]), /llcVersusTruthFigure: points must be a non-empty array, got 0/);
  // Flagged estimates are open, truths known only from below are triangles pointing right.
  const marked = llcVersusTruthFigure([{ truth: 4, estimate: 4, flagged: true }, { truth: 47, estimate: 49, truthIsLowerBound: true }, { truth: 9, estimate: 9 }], { truthTitle: "λ(w*)" });
  const first = marked.data[0] as unknown as { name: string; marker: { symbol: string[] } };
  assert.deepEqual(first.marker.symbol, ["circle-open", "triangle-right", "circle"]);
  assert.equal(first.name, "estimates (open: flagged, ▷: truth ≥ x)");
  assert.equal(marked.layout?.xaxis?.title?.text, "λ(w*)");
});

test("posteriorSamplesFigure draws recorded SGLD samples over the excess-loss contours of a 2-D model", async () => {
  const nc = createNormalCrossingLoss({ a: 1, b: 1, numSamples: 500, seed: 1 });
  const trace = await sampleSgld(nc, nc.trueParams, { stepSize: 1e-4, localization: 1, numChains: 2, numDraws: 40, recordParams: true, workers: 2 });
  const sequential = await sampleSgld(nc, nc.trueParams, { stepSize: 1e-4, localization: 1, numChains: 2, numDraws: 40, recordParams: true, workers: false });
  assert.deepEqual(trace.params, sequential.params);
  assert.equal(trace.params[0]!.length, 80);
  // The recorded distances are |w - w*|^2 of the recorded parameters (float32 vs float64 state: 1e-6).
  const p = trace.params[1]!;
  assert.ok(Math.abs(p[10]! ** 2 + p[11]! ** 2 - trace.distances[1]![5]!) < 1e-6 * (1 + trace.distances[1]![5]!));
  const fig = posteriorSamplesFigure(nc, trace, nc.trueParams, { gridSize: 11, radius: 1 });
  const [contour, chain0] = fig.data as unknown as [{ z: number[][]; x: number[] }, Line];
  assert.equal(fig.data.length, 3);
  assert.equal(contour.z.length, 11);
  // At the centre the excess loss is 0 (clamped to 1e-6), on the axes too: K = w1^2 w2^2 / 2.
  assert.equal(contour.z[5]![5], -6);
  assert.equal(contour.z[5]![0], -6);
  assert.ok(contour.z[0]![0]! > 1);
  assert.deepEqual(Array.from(chain0.x).slice(0, 2), [trace.params[0]![0], trace.params[0]![2]]);
  assert.throws(() => posteriorSamplesFigure(nc, sequential, nc.trueParams, { gridSize: 5 }), /gridSize must be an integer >= 10, got 5/);
  const bare = await sampleSgld(nc, nc.trueParams, { numChains: 1, numDraws: 2, workers: false });
  assert.throws(() => posteriorSamplesFigure(nc, bare, nc.trueParams), /sample with recordParams: true/);
});
