/**
 * MNIST runs computed by a queue worker (another process, its own thread) are the records the local
 * runner computes, bit for bit apart from the wall-clock seconds.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setupBackend } from "../../src/env/backend";
import { createRunCache, runKey } from "../../src/experiment/runCache";
import { checkJobResult, recordDigest } from "../../src/experiment/queueProtocol";
import { mnistRunKind, runMnistSweep, sweepConfigs, type MnistRunRecord } from "../../src/experiment/mnistRun";
import { localRunner } from "../../src/experiment/sweepRunner";
import { queueRunner } from "../../src/experiment/queueRunner";
import { startRedisServer, startWorker, stopChild } from "./queueHelpers";

const tiny = {
  widths: [784, 8, 10],
  trainLimit: 512,
  testLimit: 256,
  numSteps: 200,
  batchSize: 32,
  learningRate: 0.1,
  logCaptures: 20,
  lateEvery: 2,
  llc: { checkpoints: [0.5, 1], sampler: { stepSize: 1e-5, localization: 100, numChains: 2, numBurnin: 0, numDraws: 20, batchSize: 32, nBetaRule: "numSamples" as const, preconditioner: "none" as const, rmspropEpsilon: 1e-3 }, short: null, initLossBatches: 16, descentSteps: 2, descentStepSize: 0.1 },
};

const withoutTimes = (r: MnistRunRecord): string => JSON.stringify({ ...r, trainSeconds: 0, llcSeconds: 0 });

test("MNIST runs computed by a queue worker equal the local runner's records apart from wall-clock seconds", { timeout: 120_000 }, async () => {
  await setupBackend({ backend: "cpu" });
  const version = mnistRunKind.version();
  assert.equal(version, "mnist-run/4 on cpu");
  // Seeds 1 and 2 train together locally (one ensemble) and one by one on the worker.
  const configs = sweepConfigs({ base: tiny, learningRates: [0.1], batchSizes: [32], seeds: [1, 2] });
  const local = await runMnistSweep(configs, { cache: createRunCache({ directory: fs.mkdtempSync(path.join(os.tmpdir(), "ab-mnist-local-")), version }), progress: false, runner: localRunner() });
  // The coordinator checks a worker's record against the current schema: a record of the mnist-run/1
  // shape (LLC-free d_s as { failed }) is refused even with a matching digest.
  const stale = { ...(JSON.parse(JSON.stringify(local.records[0])) as Record<string, unknown>), returns: { failed: "too few returns" } };
  const expected = { kind: mnistRunKind.name, version, key: runKey(version, configs[0]), validate: mnistRunKind.validate };
  const result = (record: unknown) => ({ kind: expected.kind, version, key: expected.key, digest: recordDigest(record), record, worker: "h:1", seconds: 1 });
  assert.equal(checkJobResult(result(JSON.parse(JSON.stringify(local.records[0]))), expected), null);
  assert.match(checkJobResult(result(stale), expected) ?? "", /does not match the schema: record\.returns matches none/);
  const redis = await startRedisServer();
  const worker = await startWorker(redis.url);
  try {
    const cache = createRunCache({ directory: fs.mkdtempSync(path.join(os.tmpdir(), "ab-mnist-queue-")), version });
    const queued = await runMnistSweep(configs, { cache, progress: false, runner: queueRunner({ redis: redis.url, statusIntervalMs: 200 }) });
    assert.equal(queued.computed, 2);
    assert.deepEqual(queued.records.map(withoutTimes), local.records.map((r) => withoutTimes(JSON.parse(JSON.stringify(r)) as MnistRunRecord)));
    assert.match(worker.output(), /\(mnist-run\) done/);
    // Read back from the cache, as a notebook does the next time.
    const again = await runMnistSweep(configs, { cache, progress: false, runner: localRunner() });
    assert.equal(again.cached, 2);
  } finally {
    await stopChild(worker.child);
    await redis.stop();
  }
});
