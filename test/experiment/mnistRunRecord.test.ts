/**
 * MNIST run records read back from the cache are checked against their schema and digest: an edited
 * or malformed record is recomputed, never returned as real.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setupBackend } from "../../src/env/index";
import { createRunCache, MNIST_RUN_VERSION, runMnistSweep, sweepConfigs, validateMnistRunRecord, type MnistRunRecord } from "../../src/experiment/index";

const tiny = {
  widths: [784, 4, 10],
  trainLimit: 256,
  testLimit: 128,
  numSteps: 60,
  batchSize: 32,
  logCaptures: 10,
  lateEvery: 2,
  llc: {
    checkpoints: [1],
    sampler: { stepSize: 1e-5, localization: 100, numChains: 1, numBurnin: 0, numDraws: 8, batchSize: 32, nBetaRule: "numSamples" as const, preconditioner: "none" as const, rmspropEpsilon: 1e-3 },
    short: null,
    initLossBatches: 8,
    descentSteps: 0,
  },
};

test("an edited or malformed MNIST record in the cache is reported and recomputed", async () => {
  await setupBackend({ backend: "cpu" });
  const reports: string[] = [];
  const cache = createRunCache({ directory: fs.mkdtempSync(path.join(os.tmpdir(), "mnist-record-")), version: MNIST_RUN_VERSION, onInvalid: (_f, reason) => reports.push(reason) });
  const configs = sweepConfigs({ base: tiny, learningRates: [0.1], batchSizes: [32], seeds: [1] });
  const first = await runMnistSweep(configs, { cache, progress: false, llcWorkers: false });
  const real = first.records[0]!;
  assert.equal(validateMnistRunRecord(JSON.parse(JSON.stringify(real))), null, "a computed record matches its schema");
  const file = cache.file(configs[0]);
  const stored = JSON.parse(fs.readFileSync(file, "utf8")) as { record: MnistRunRecord & Record<string, unknown> };
  const tamper = (change: (r: Record<string, unknown>) => void): void => {
    const copy = JSON.parse(JSON.stringify(stored)) as typeof stored;
    change(copy.record);
    fs.writeFileSync(file, JSON.stringify(copy));
  };
  tamper((r) => (r.testAccuracy = 0.99));
  const afterEdit = await runMnistSweep(configs, { cache, progress: false, llcWorkers: false });
  assert.equal(afterEdit.computed, 1);
  assert.equal(afterEdit.records[0]!.testAccuracy, real.testAccuracy);
  assert.match(reports.at(-1)!, /digest does not match/);
  // The schema catches what a recomputed digest would not.
  assert.match(validateMnistRunRecord({ ...JSON.parse(JSON.stringify(real)), fit: { ...real.fit, alpha: "oops" } })!, /record\.fit\.alpha must be a finite number, got "oops"/);
  assert.match(validateMnistRunRecord({})!, /record\.config is missing/);
  assert.match(validateMnistRunRecord({ ...JSON.parse(JSON.stringify(real)), llc: [{}] })!, /record\.llc\[0\]\.step is missing/);
});
