/**
 * What crosses the network and the checks on both ends, and the runner contract of runSweep, without
 * a Redis server.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkJobData, checkJobResult, isDeterministicError, parseRedisUrl, queueName, recordDigest } from "../../src/experiment/queueProtocol";
import { createRunCache, runKey } from "../../src/experiment/runCache";
import { runSweep } from "../../src/experiment/sweep";
import { formatRunnerStatus, setDefaultSweepRunner, type RunnerStatus, type SweepRunner, type SweepWork } from "../../src/experiment/sweepRunner";
import { runMnistSweep, sweepConfigs } from "../../src/experiment/mnistRun";
import type { ProgressFactory, ProgressReporter } from "../../src/util/progress";
import { queueRunner } from "../../src/experiment/queueRunner";
import { sweepRunnerFromEnvironment } from "../../src/env/sweepRunnerChoice";
import { DivergenceError } from "../../src/util/divergenceError";
import { stubRecord, stubRunKind } from "./stubRunKind";

const config = { x: 1, ms: 0 };
const key = runKey("stub/1", config);
const record = JSON.parse(JSON.stringify(stubRecord(config))) as unknown;
const good = { kind: "stub", version: "stub/1", key, digest: recordDigest(record), record, worker: "h:1", seconds: 0.1 };
const expected = { kind: "stub", version: "stub/1", key, validate: stubRunKind.validate };

test("checkJobResult accepts a worker's result and refuses each kind of mismatch, naming it", () => {
  assert.equal(checkJobResult(good, expected), null);
  assert.match(checkJobResult({ ...good, version: "stub/2" }, expected)!, /computed at version "stub\/2", not "stub\/1"/);
  assert.match(checkJobResult({ ...good, key: runKey("stub/1", { x: 2, ms: 0 }) }, expected)!, /computed for configuration/);
  assert.match(checkJobResult({ ...good, kind: "mnist-run" }, expected)!, /"mnist-run" record/);
  const altered = { ...(record as object), value: 0 };
  assert.match(checkJobResult({ ...good, record: altered }, expected)!, /digest does not match/);
  const bad = { ...(record as object), value: "many" };
  assert.match(checkJobResult({ ...good, record: bad, digest: recordDigest(bad) }, expected)!, /schema: record.value must be a finite number/);
  assert.match(checkJobResult({ ...good, digest: "x" }, expected)!, /result.digest must match/);
  assert.match(checkJobResult(null, expected)!, /result must be an object/);
  assert.match(checkJobResult("{}", expected)!, /result must be an object/);
});

test("checkJobData refuses a job whose key is not the key of its configuration and version", () => {
  assert.deepEqual(checkJobData({ kind: "stub", version: "stub/1", key, config }), { kind: "stub", version: "stub/1", key, config });
  assert.match(checkJobData({ kind: "stub", version: "stub/2", key, config }) as string, /not the key of its configuration at version "stub\/2"/);
  assert.match(checkJobData({ kind: "stub", version: "stub/1", key: "nothex", config }) as string, /job.key must match/);
});

test("parseRedisUrl reads host, port, database and credentials, and never shows the password", () => {
  const a = parseRedisUrl("redis://user:s%40cret@10.0.0.5:6380/2", "t");
  assert.deepEqual(a, { host: "10.0.0.5", port: 6380, db: 2, username: "user", password: "s@cret", display: "redis://10.0.0.5:6380/2" });
  assert.deepEqual(parseRedisUrl("redis://host", "t"), { host: "host", port: 6379, db: 0, display: "redis://host" });
  assert.equal(parseRedisUrl("rediss://[::1]:7000", "t").host, "::1");
  assert.deepEqual(parseRedisUrl("rediss://h", "t").tls, {});
  assert.throws(() => parseRedisUrl("http://host:6379", "t"), (e: unknown) => e instanceof RangeError && /t: redis must start with redis:\/\//.test(e.message));
  assert.throws(() => parseRedisUrl("host:6379", "t"), RangeError);
  assert.throws(() => parseRedisUrl("redis://h/x", "t"), /database .* must be an integer/);
  assert.throws(() => parseRedisUrl(6379, "t"), TypeError);
});

test("queueName keeps one queue per kind and version, and refuses names that would clash", () => {
  assert.equal(queueName("mnist-run", "mnist-run/3 on wasm"), "runs.mnist-run.mnist-run/3_on_wasm");
  assert.notEqual(queueName("mnist-run", "mnist-run/3 on wasm"), queueName("mnist-run", "mnist-run/3 on cpu"));
  assert.ok(!queueName("k", "a:b").includes(":"), "BullMQ queue names cannot hold ':'");
  assert.throws(() => queueName("a:b", "v"), RangeError);
  assert.throws(() => queueName("k", ""), RangeError);
});

test("only bad input and divergence count as deterministic failures", () => {
  assert.equal(isDeterministicError(new RangeError("x")), true);
  assert.equal(isDeterministicError(new TypeError("x")), true);
  assert.equal(isDeterministicError(new DivergenceError({ where: "train", step: 1, stepSize: 1, quantity: "loss", value: Infinity })), true);
  assert.equal(isDeterministicError(new Error("out of memory")), false);
  assert.equal(isDeterministicError("text"), false);
});

test("queueRunner and AB_REDIS refuse bad settings at once, naming them", () => {
  assert.throws(() => queueRunner({ redis: "redis://h", attempts: 0 }), /attempts must be an integer in \[1, 100\], got 0/);
  assert.throws(() => queueRunner({ redis: "redis://h", backoffMs: Number.NaN }), TypeError);
  assert.throws(() => queueRunner(undefined as never), TypeError);
  assert.throws(() => sweepRunnerFromEnvironment({ AB_REDIS: "localhost:6379" }), (e: unknown) => e instanceof RangeError && /^AB_REDIS must be a Redis URL/.test(e.message));
  assert.equal(sweepRunnerFromEnvironment({ AB_REDIS: " " }), null);
});

/** A runner that records the work it is handed and answers with `answer`. */
function fakeRunner(answer: (work: SweepWork<{ x: number }, number>) => void): SweepRunner & { calls: number } {
  const runner = {
    description: "fake",
    calls: 0,
    async run<C, R>(work: SweepWork<C, R>): Promise<void> {
      runner.calls++;
      answer(work as unknown as SweepWork<{ x: number }, number>);
    },
  };
  return runner;
}

test("runSweep hands sweeps that name a kind to the default runner, and keeps the others local", async () => {
  const cache = () => createRunCache({ directory: fs.mkdtempSync(path.join(os.tmpdir(), "ab-runner-")), version: "t/1" });
  const fake = fakeRunner((work) => work.groups.forEach((g) => work.store(g, g.map((c) => c.x * 10))));
  const previous = setDefaultSweepRunner(fake);
  try {
    const configs = [{ x: 1 }, { x: 2 }];
    const local = await runSweep({ configs, cache: cache(), runGroup: async (g) => g.map((c) => c.x) });
    assert.deepEqual(local.records, [1, 2], "no kind: local");
    const remote = await runSweep({ configs, cache: cache(), kind: "t", runGroup: async (g) => g.map((c) => c.x) });
    assert.deepEqual(remote.records, [10, 20], "a kind: the default runner");
    assert.equal(fake.calls, 1);
  } finally {
    setDefaultSweepRunner(previous);
  }
});

test("runSweep refuses a runner that returns records it was not asked for, or leaves runs out", async () => {
  const cache = () => createRunCache({ directory: fs.mkdtempSync(path.join(os.tmpdir(), "ab-runner-")), version: "t/1" });
  const configs = [{ x: 1 }, { x: 2 }];
  const stranger = fakeRunner((work) => work.store([{ x: 3 }], [30]));
  await assert.rejects(runSweep({ configs, cache: cache(), runner: stranger, runGroup: async () => [] }), /fake runner returned a record for a configuration it was not asked for/);
  const lazy = fakeRunner((work) => work.store([work.groups[0]![0]!], [10]));
  await assert.rejects(runSweep({ configs, cache: cache(), runner: lazy, runGroup: async () => [] }), /finished with 1 of 2 runs not computed/);
  const twice = fakeRunner((work) => {
    const c = work.groups[0]![0]!;
    work.store([c], [10]);
    work.store([c], [10]);
  });
  await assert.rejects(runSweep({ configs, cache: cache(), runner: twice, runGroup: async () => [] }), /not asked for/);
});

test("runMnistSweep shows a runner's counts and workers through the reporter's optional note", async () => {
  const tiny = { widths: [784, 4, 10], trainLimit: 256, testLimit: 128, numSteps: 60, batchSize: 32, logCaptures: 10, lateEvery: 2, llc: { checkpoints: [1], sampler: { stepSize: 1e-5, localization: 100, numChains: 1, numBurnin: 0, numDraws: 8, batchSize: 32, nBetaRule: "numSamples" as const, preconditioner: "none" as const, rmspropEpsilon: 1e-3 }, short: null, initLossBatches: 8, descentSteps: 0 } };
  const configs = sweepConfigs({ base: tiny, learningRates: [0.1], batchSizes: [32], seeds: [1, 2] });
  const status: RunnerStatus = { total: 2, queued: 1, running: 1, done: 0, failed: 0, workers: [{ host: "box-a", pid: 7, running: 1, version: "v", compatible: true }], note: "" };
  const handed: SweepWork<unknown, unknown>[] = [];
  const runner: SweepRunner = {
    description: "fake",
    async run<C, R>(work: SweepWork<C, R>): Promise<void> {
      handed.push(work as unknown as SweepWork<unknown, unknown>);
      work.onStatus?.(status);
      throw new Error("the fake runner stops here");
    },
  };
  const cache = () => createRunCache({ directory: fs.mkdtempSync(path.join(os.tmpdir(), "ab-runner-")), version: "mnist-run/3 on test" });
  const notes: string[] = [];
  let finished = 0;
  const withNote: ProgressFactory = (task) => {
    assert.equal(task.total, 2);
    return { update: () => {}, finish: () => void finished++, fail: () => {}, note: (text) => void notes.push(text) };
  };
  await assert.rejects(runMnistSweep(configs, { cache: cache(), runner, onProgress: withNote }), /the fake runner stops here/);
  assert.deepEqual(notes, [formatRunnerStatus(status)]);
  assert.match(notes[0]!, /1 queued, 1 running, 0 done, 0 failed; workers: box-a \(1 running\)/);
  assert.equal(finished, 1, "the display is finished when the sweep fails");
  assert.equal(handed[0]!.kind, "mnist-run");
  assert.equal(handed[0]!.version, "mnist-run/3 on test", "the runner is asked for the cache's version");
  // A reporter without the optional note shows step counts only.
  const plain: ProgressFactory = (): ProgressReporter => ({ update: () => {}, finish: () => {}, fail: () => {} });
  await assert.rejects(runMnistSweep(configs, { cache: cache(), runner, onProgress: plain }), /the fake runner stops here/);
});
