import { test } from "node:test";
import * as assert from "node:assert/strict";
import { runRows, runsFrame, summariesFrame } from "../../src/experiment/runsFrame";
import { summarizeSettings } from "../../src/experiment/settingSummaries";
import type { MnistRunRecord } from "../../src/experiment/mnistRun";

/** A run record with the fields the tables read (the rest of a record does not matter here). */
function record(optimizer: "sgd" | "adam", learningRate: number, seed: number, alpha: number, returnsOk: boolean): MnistRunRecord {
  return {
    config: { optimizer, learningRate, batchSize: 64, seed, widths: [784, 32, 10], numSteps: 100 },
    fit: { alpha, rSquared: 0.99, standardError: 0.01, start: 10, end: 100, numPoints: 20 },
    llc: [{ warnings: ["noPlateau"] }, { warnings: [] }],
    lambdaBar: 10 * alpha, lambdaSpread: 0.1, finalLambda: 11 * alpha, spectralDimension: 20 * alpha * alpha, walkDimension: 1 / alpha,
    withinBound: alpha <= 0.5,
    returns: returnsOk ? { ok: true, spectralDimension: 1.5, standardError: 0.1, rSquared: 0.9, radius: 1 } : { ok: false, reason: "too few returns" },
    finalDisplacement: 3, testAccuracy: 0.9, testLoss: 0.3, trainLoss: 0.2, trainSeconds: 1, llcSeconds: 1,
  } as unknown as MnistRunRecord;
}

const records = [record("sgd", 0.1, 0, 0.3, true), record("sgd", 0.1, 1, 0.4, false), record("adam", 0.01, 0, 0.6, true), record("sgd", 0.05, 0, 0.2, true)];

test("runRows flattens a run record: setting, exponents, LLC, and the LLC-free d_s as NaN where it failed", () => {
  const rows = runRows(records);
  assert.deepEqual(
    rows.map((r) => [r.optimizer, r.learningRate, r.widths, r.alpha, r.returnsOk, Number.isNaN(r.returnsDimension), r.llcWarnings]),
    [["sgd", 0.1, "784-32-10", 0.3, true, false, 1], ["sgd", 0.1, "784-32-10", 0.4, false, true, 1], ["adam", 0.01, "784-32-10", 0.6, true, false, 1], ["sgd", 0.05, "784-32-10", 0.2, true, false, 1]],
  );
});

test("runsFrame can be filtered and grouped like any danfojs DataFrame", () => {
  const frame = runsFrame(records);
  assert.equal(frame.shape[0], 4);
  const sgd = frame.query(frame["optimizer"].eq("sgd"));
  assert.equal(sgd.shape[0], 3);
  const byRate = sgd.groupby(["learningRate"]).col(["alpha"]).mean();
  const means = Object.fromEntries((byRate.values as number[][]).map(([lr, a]) => [lr, a]));
  assert.ok(Math.abs(means[0.1]! - 0.35) < 1e-12 && Math.abs(means[0.05]! - 0.2) < 1e-12, JSON.stringify(byRate.values));
  assert.throws(() => runsFrame([]), RangeError);
});

test("summariesFrame holds one row per setting with mean and std columns", () => {
  const frame = summariesFrame(summarizeSettings(records, (r) => r.config.optimizer));
  assert.equal(frame.shape[0], 2);
  assert.ok(frame.columns.includes("alpha_mean") && frame.columns.includes("returnsDimension_std"));
});
