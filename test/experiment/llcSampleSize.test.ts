import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setupBackend } from "../../src/env/backend";
import { llcSampleSize, sampleSizeOutcome, validateLlcSampleSize, type LlcSampleSizeRow } from "../../src/experiment/llcSampleSize";
import { runModelExperiment, type ModelRunConfig } from "../../src/experiment/modelRun";
import { createRunCache } from "../../src/experiment/runCache";
import { denseModel } from "../../src/model/networkLoss";
import { denseNetwork } from "../../src/model/denseNetwork";

const row = (samples: number, mean: number, options: { error?: number; settled?: boolean } = {}): LlcSampleSizeRow => {
  const nBeta = samples / Math.log(samples);
  return {
    samples, nBeta, mean, monteCarloStdError: options.error ?? 1, excessPerSample: mean / nBeta, initLoss: 2, stepSize: 1e-6,
    flags: options.settled === false ? ["unconverged"] : [], settled: options.settled ?? true, maxSteps: 800, seconds: 1,
  };
};

test("sampleSizeOutcome tells an LLC (slope 0) from an estimate the temperature sets (slope 1)", () => {
  // An LLC: the same lambda on every n, within the errors.
  const flat = sampleSizeOutcome([row(4096, 100), row(16384, 101), row(28909, 99)], 0.05);
  assert.equal(flat.outcome, "independent of n");
  assert.ok(Math.abs(flat.slope) < 0.01, `slope ${flat.slope}`);
  // lambda_hat = n beta x 1 nat: the excess per sample is fixed, so the slope is exactly 1.
  const tracking = sampleSizeOutcome([4096, 28909].map((n) => row(n, n / Math.log(n))), 0.05);
  assert.equal(tracking.outcome, "depends on n");
  assert.ok(Math.abs(tracking.slope - 1) < 1e-12, `slope ${tracking.slope}`);
  assert.match(tracking.why, /on n = 4096 against .* on n = 28909/);
});

test("sampleSizeOutcome decides only on settled estimates and counts the errors", () => {
  // 10 % apart with errors of 1: outside 5 % + 2 sqrt(2); with errors of 5 inside.
  assert.equal(sampleSizeOutcome([row(1000, 100), row(4000, 110)], 0.05).outcome, "depends on n");
  assert.equal(sampleSizeOutcome([row(1000, 100, { error: 5 }), row(4000, 110, { error: 5 })], 0.05).outcome, "independent of n");
  // An unsettled estimate decides nothing, however far off, and carries no slope; the descriptive slope runs through it.
  const one = sampleSizeOutcome([row(1000, 100), row(4000, 300, { settled: false })], 0.05);
  assert.equal(one.outcome, "undecided");
  assert.match(one.why, /1 of 2 estimates settled \(n = 4000: unconverged\)/);
  assert.ok(Number.isNaN(one.slope));
  assert.ok(one.slopeAllRows > 0.5, `slope through the flagged row ${one.slopeAllRows}`);
  // The slope runs between the settled ends, skipping a flagged last row.
  const skip = sampleSizeOutcome([row(1000, 100), row(4000, 100), row(16000, 900, { settled: false })], 0.05);
  assert.equal(skip.outcome, "independent of n");
  assert.ok(Math.abs(skip.slope) < 1e-12);
  assert.match(sampleSizeOutcome([row(1000, 100)], 0.05).why, /only one distinct n \(1000\)/);
  // A settled row must carry a finite error: NaN would make every comparison "agree".
  assert.throws(() => sampleSizeOutcome([row(1000, 100, { error: NaN }), row(4000, 300)], 0.05), /settled row at n = 1000 .* needs both finite/);
  // Any settled pair that disagrees decides, not only the ends.
  assert.equal(sampleSizeOutcome([row(1000, 100), row(2000, 140), row(4000, 100)], 0.05).outcome, "depends on n");
  assert.ok(Number.isNaN(sampleSizeOutcome([row(1000, -1), row(4000, 10)], 0.05).slope), "no slope through a negative estimate");
  assert.throws(() => sampleSizeOutcome([], 0.05), /rows must not be empty/);
});

test("validateLlcSampleSize accepts a record and names what is wrong with a damaged one", () => {
  const good = { label: "LM", step: 100, rows: [row(4096, 100)], slope: NaN, slopeAllRows: 0, outcome: "undecided", why: "…" };
  assert.equal(validateLlcSampleSize(JSON.parse(JSON.stringify(good))), null);
  assert.match(validateLlcSampleSize({ ...good, rows: [] })!, /non-empty/);
  assert.match(validateLlcSampleSize({ ...good, rows: [{ ...row(4096, 100), nBeta: "x" }] })!, /rows\[0\]\.nBeta/);
  assert.match(validateLlcSampleSize({ ...good, outcome: "maybe" })!, /not one of the three/);
  assert.match(validateLlcSampleSize({ ...good, rows: [{ ...row(4096, 100), settled: 1 }] })!, /settled must be a boolean/);
  assert.match(validateLlcSampleSize({ ...good, slope: "x" })!, /slope must be a number or null/);
  assert.match(validateLlcSampleSize(JSON.parse(JSON.stringify({ ...good, rows: [{ ...row(4096, NaN), settled: true }] })))!, /settled without an estimate/);
});

test("llcSampleSize calibrates a run's final weights on each n, stops at the whole training set and caches the result", async () => {
  await setupBackend({ backend: "wasm" });
  const config: ModelRunConfig = {
    label: "tiny MLP",
    model: denseModel(denseNetwork({ widths: [784, 4, 10] })).description,
    data: { kind: "mnist", trainLimit: 256, testLimit: 64 },
    pretrain: null, adamSteps: 10, adamLearningRate: 1e-3, sgdSteps: 30, sgdLearningRate: 0.05, batchSize: 16, seeds: [3, 4],
    captures: 6, fitStartFraction: 0.1, evaluationSamples: 64,
    llc: { checkpoints: [1], samples: 64, rule: { batchSize: 16, initialSteps: 400, minSteps: 400, maxSteps: 400, maxHalvings: 1, hessianSamples: 64, descentSamples: 64, descentSteps: 2, seed: 0 } },
  };
  await assert.rejects(() => llcSampleSize(config, { sampleCounts: [64] }), /at least 2 counts/);
  await assert.rejects(() => llcSampleSize(config, { sampleCounts: [128, 64] }), /ascending/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ab-llc-n-"));
  try {
    const cache = createRunCache({ version: "test", directory: dir });
    const result = await llcSampleSize(config, { sampleCounts: [64, 256, 1024], cache });
    assert.equal(result.step, 40, "the end of the SGD phase");
    // 1024 ≥ the 256 training images: the whole set, and no row beyond it.
    assert.deepEqual(result.rows.map((r) => r.samples), [64, 256]);
    for (const r of result.rows) assert.ok(Math.abs(r.nBeta - r.samples / Math.log(r.samples)) < 1e-9 * r.nBeta, "n beta = n / log n");
    // The cap on chain steps grows with n beta (15.4 -> 46.2: x 3, so the next power of 2, x 4); the first n keeps the rule's.
    assert.deepEqual(result.rows.map((r) => r.maxSteps), [400, 1600]);
    // The first count is the run's own n: the same weights, subset and rule give the run's end-of-phase estimate, bit for bit.
    const run = await runModelExperiment({ ...config, seeds: [3] }, { cache, progress: false });
    const end = run.llc[run.llc.length - 1]!;
    assert.ok(end.ok);
    if (end.ok) assert.equal(result.rows[0]!.mean, end.mean);
    // Read back from the cache with its NaN numbers (JSON stores them as null).
    assert.deepEqual(await llcSampleSize(config, { sampleCounts: [64, 256, 1024], cache }), result, "read back from the cache");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
