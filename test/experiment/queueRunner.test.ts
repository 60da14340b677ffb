/**
 * The queue runner against a real redis-server (started by the test on a loopback port) and queue
 * workers in child processes, with a stub kind of run whose records are cheap but travel the same
 * path as MNIST runs: a worker killed mid-run, deterministic and repeated failures, an interrupted
 * coordinator, two coordinators asking for the same runs, a version mismatch, an unreachable Redis.
 */
import { after, before, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { createRunCache, type RunCache } from "../../src/experiment/runCache";
import { runSweep } from "../../src/experiment/sweep";
import { localRunner, type RunnerStatus } from "../../src/experiment/sweepRunner";
import { queueRunner } from "../../src/experiment/queueRunner";
import { loadBullmq, QUEUE_PREFIX, queueName } from "../../src/experiment/queueProtocol";
import { RunFailedError, WorkerVersionError } from "../../src/experiment/runnerErrors";
import { startRedisServer, startWorker, stopChild, type RedisServer, type WorkerProcess } from "./queueHelpers";
import { stubRecord, stubRunKind, type StubConfig, type StubRecord } from "./stubRunKind";
import { childNodeArgs } from "../childNode";

let redis: RedisServer;
before(async () => {
  redis = await startRedisServer();
});
after(async () => {
  await redis?.stop();
});

const tempDir = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const stubCache = (): RunCache => createRunCache({ directory: tempDir("ab-queue-cache-"), version: "stub/1" });
const notLocal = (): Promise<StubRecord[]> => Promise.reject(new Error("this sweep must not compute locally"));

/** A sweep of stub runs through the queue (fast status, quick retries). */
function queueSweep(configs: StubConfig[], cache: RunCache, options: { attempts?: number; onStatus?: (s: RunnerStatus) => void } = {}) {
  return runSweep<StubConfig, StubRecord>({
    configs,
    cache,
    kind: "stub",
    runner: queueRunner({ redis: redis.url, statusIntervalMs: 100, backoffMs: 50, ...(options.attempts ? { attempts: options.attempts } : {}) }),
    runGroup: notLocal,
    validate: stubRunKind.validate,
    ...(options.onStatus ? { onStatus: options.onStatus } : {}),
  });
}

/** Lines "pid start|end <config>" of the stub's computation log, counted per event and configuration. */
function computations(log: string): Map<string, number> {
  const counts = new Map<string, number>();
  if (!fs.existsSync(log)) return counts;
  for (const line of fs.readFileSync(log, "utf8").split("\n").filter(Boolean)) {
    const [, event, config] = /^\d+ (start|end) (.*)$/.exec(line)!;
    const k = `${event} ${config}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** The cache folder holds exactly one complete entry per configuration and nothing else. */
function assertCacheComplete(cache: RunCache, configs: StubConfig[]): void {
  const names = fs.readdirSync(cache.directory).sort();
  assert.deepEqual(names, configs.map((c) => `${cache.key(c)}.json`).sort(), "no temporary or extra files");
  for (const c of configs) assert.deepEqual(cache.get(c, { validate: stubRunKind.validate }), stubRecord(c));
}

async function stopAll(workers: WorkerProcess[]): Promise<void> {
  await Promise.all(workers.map((w) => stopChild(w.child)));
}

test("a sweep across two workers, one killed mid-run, stores every record once, equal to the local sweep", { timeout: 60_000 }, async (t) => {
  const log = path.join(tempDir("ab-queue-log-"), "log");
  const env = { AB_STUB_LOG: log };
  const workers = [await startWorker(redis.url, { env }), await startWorker(redis.url, { env })];
  try {
    const configs: StubConfig[] = Array.from({ length: 8 }, (_, i) => ({ x: 100 + i, ms: 700 }));
    const cache = stubCache();
    const statuses: RunnerStatus[] = [];
    const sweep = queueSweep(configs, cache, { onStatus: (s) => statuses.push(s) });
    // Kill the first worker (SIGKILL) while it computes a run.
    const victim = workers[0]!;
    await victim.waitFor(/started, attempt 1/);
    const killedKey = /run ([0-9a-f]{20}) \(stub\) started/.exec(victim.output())![1]!;
    victim.child.kill("SIGKILL");
    const result = await sweep;
    assert.equal(result.computed, 8);
    assertCacheComplete(cache, configs);
    // Bit for bit what the local runner stores.
    const local = stubCache();
    await runSweep({ configs, cache: local, runner: localRunner(), runGroup: stubRunKind.open().runGroup, validate: stubRunKind.validate });
    for (const c of configs) assert.equal(fs.readFileSync(cache.file(c), "utf8").replace(/"storedAt":"[^"]*"/, ""), fs.readFileSync(local.file(c), "utf8").replace(/"storedAt":"[^"]*"/, ""));
    // Every run finished exactly once; the killed one was started again by the other worker.
    const counts = computations(log);
    for (const c of configs) assert.equal(counts.get(`end ${JSON.stringify(c)}`), 1, `run ${JSON.stringify(c)} finished once`);
    assert.match(workers[1]!.output(), new RegExp(`run ${killedKey} \\(stub\\) done`), "the survivor computed the killed worker's run");
    assert.ok(statuses.some((s) => s.workers.length === 2 && s.running > 0), "the status showed both workers");
    t.diagnostic(`killed run ${killedKey}; ${statuses.length} status reports, last: ${JSON.stringify(statuses.at(-1))}`);
  } finally {
    await stopAll(workers);
  }
});

test("a run that fails deterministically fails once, with its error, and the other runs are stored", { timeout: 30_000 }, async () => {
  const log = path.join(tempDir("ab-queue-log-"), "log");
  const worker = await startWorker(redis.url, { env: { AB_STUB_LOG: log } });
  try {
    const bad: StubConfig = { x: 201, ms: 10, fail: "range" };
    const configs: StubConfig[] = [{ x: 200, ms: 10 }, bad, { x: 202, ms: 10 }];
    const cache = stubCache();
    const error = await queueSweep(configs, cache).then(
      () => assert.fail("the sweep should fail"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RunFailedError, String(error));
    assert.equal(error.failures.length, 1);
    assert.equal(error.stored, 2);
    assert.match(error.message, /RangeError: stub: x must be finite and small, got 201/);
    assert.equal(error.failures[0]!.attempts, 1);
    assert.equal(computations(log).get(`start ${JSON.stringify(bad)}`), 1, "no retry of a deterministic failure");
    assert.equal(cache.has(bad), false);
    assert.deepEqual(cache.get(configs[0]), stubRecord(configs[0]!));
    assert.deepEqual(cache.get(configs[2]), stubRecord(configs[2]!));
  } finally {
    await stopChild(worker.child);
  }
});

test("a run that keeps failing stops after its attempts, and asking again retries it once more", { timeout: 30_000 }, async () => {
  const log = path.join(tempDir("ab-queue-log-"), "log");
  const worker = await startWorker(redis.url, { env: { AB_STUB_LOG: log } });
  try {
    const flaky: StubConfig = { x: 300, ms: 10, fail: "always" };
    await assert.rejects(queueSweep([flaky], stubCache(), { attempts: 3 }), (e: unknown) => e instanceof RunFailedError && /Error: stub: the machine is having a bad day \(x 300\)/.test(e.message) && e.failures[0]!.attempts === 3);
    assert.equal(computations(log).get(`start ${JSON.stringify(flaky)}`), 3, "three attempts, then no more");
    await assert.rejects(queueSweep([flaky], stubCache(), { attempts: 3 }), RunFailedError);
    assert.equal(computations(log).get(`start ${JSON.stringify(flaky)}`), 6, "a new sweep gives it its attempts once more");
  } finally {
    await stopChild(worker.child);
  }
});

test("a coordinator killed mid-sweep and run again collects every record and computes nothing twice", { timeout: 60_000 }, async () => {
  const log = path.join(tempDir("ab-queue-log-"), "log");
  const worker = await startWorker(redis.url, { env: { AB_STUB_LOG: log } });
  try {
    const configs: StubConfig[] = Array.from({ length: 6 }, (_, i) => ({ x: 400 + i, ms: 300 }));
    const cache = stubCache();
    const child = spawn(process.execPath, childNodeArgs(path.join(__dirname, "queueCoordinatorChild.js"), redis.url, cache.directory, JSON.stringify(configs)), { stdio: ["ignore", "ignore", "pipe"] });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    // Kill it once it has stored two records.
    const started = Date.now();
    while (fs.readdirSync(cache.directory).filter((n) => n.endsWith(".json")).length < 2 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGKILL");
    await exited;
    const storedBefore = fs.readdirSync(cache.directory).filter((n) => n.endsWith(".json")).length;
    assert.ok(storedBefore >= 2 && storedBefore < 6, `killed after ${storedBefore} records`);
    const again = await queueSweep(configs, cache);
    assert.equal(again.cached + again.computed, 6);
    assertCacheComplete(cache, configs);
    const counts = computations(log);
    for (const c of configs) assert.equal(counts.get(`start ${JSON.stringify(c)}`), 1, `run ${JSON.stringify(c)} computed once`);
  } finally {
    await stopChild(worker.child);
  }
});

test("two sweeps asking for the same runs at once share one computation of each", { timeout: 30_000 }, async () => {
  const log = path.join(tempDir("ab-queue-log-"), "log");
  const worker = await startWorker(redis.url, { env: { AB_STUB_LOG: log } });
  try {
    const configs: StubConfig[] = Array.from({ length: 4 }, (_, i) => ({ x: 500 + i, ms: 100 }));
    const [a, b] = await Promise.all([queueSweep(configs, stubCache()), queueSweep(configs, stubCache())]);
    assert.deepEqual(a.records, b.records);
    for (const c of configs) assert.equal(computations(log).get(`start ${JSON.stringify(c)}`), 1);
  } finally {
    await stopChild(worker.child);
  }
});

test("a record that fails the coordinator's checks is not stored, and asking again computes it again", { timeout: 30_000 }, async () => {
  const log = path.join(tempDir("ab-queue-log-"), "log");
  const worker = await startWorker(redis.url, { env: { AB_STUB_LOG: log } });
  try {
    const configs: StubConfig[] = [{ x: 700, ms: 10 }];
    const cache = stubCache();
    const strict = runSweep<StubConfig, StubRecord>({
      configs,
      cache,
      kind: "stub",
      runner: queueRunner({ redis: redis.url, statusIntervalMs: 100 }),
      runGroup: notLocal,
      validate: () => "record.value is not what this coordinator expects",
    });
    await assert.rejects(strict, (e: unknown) => e instanceof RunFailedError && /was refused: its record does not match the schema: record.value is not what this coordinator expects/.test(e.message));
    assert.deepEqual(fs.readdirSync(cache.directory), [], "nothing stored");
    const again = await queueSweep(configs, cache);
    assert.equal(again.computed, 1);
    assert.equal(computations(log).get(`start ${JSON.stringify(configs[0])}`), 2);
  } finally {
    await stopChild(worker.child);
  }
});

test("workers of another code version are a clear error, and no run is queued for them", { timeout: 30_000 }, async () => {
  const worker = await startWorker(redis.url, { env: { AB_STUB_VERSION: "stub/2" } });
  try {
    const configs: StubConfig[] = [{ x: 600, ms: 10 }];
    await assert.rejects(
      queueSweep(configs, stubCache()),
      (e: unknown) => e instanceof WorkerVersionError && e.message.includes('at this code version ("stub/1")') && e.message.includes(`${os.hostname()} (pid ${worker.child.pid}) runs "stub/2"`) && e.message.includes("npm run worker"),
    );
    const { Queue } = loadBullmq();
    const queue = new Queue(queueName("stub", "stub/1"), { connection: { host: "127.0.0.1", port: redis.port }, prefix: QUEUE_PREFIX });
    try {
      assert.equal(await queue.getJob(createRunCache({ directory: tempDir("ab-queue-cache-"), version: "stub/1" }).key(configs[0])), undefined, "nothing was queued");
    } finally {
      await queue.close();
    }
  } finally {
    await stopChild(worker.child);
  }
});

test("an unreachable Redis is a clear error naming its URL, for the coordinator and for a worker", { timeout: 30_000 }, async () => {
  const closed = `redis://127.0.0.1:${redis.port === 1 ? 2 : 1}`;
  const t0 = Date.now();
  await assert.rejects(
    runSweep({ configs: [{ x: 1, ms: 1 }], cache: stubCache(), kind: "stub", runner: queueRunner({ redis: closed, connectTimeoutMs: 300 }), runGroup: notLocal }),
    (e: unknown) => e instanceof Error && e.message.startsWith(`queueRunner: cannot reach Redis at ${closed} (`) && /redis-server --port/.test(e.message),
  );
  assert.ok(Date.now() - t0 < 10_000);
  const worker = await startWorker(closed, { ready: false, args: ["--connect-timeout-ms", "300"] });
  const { code } = await worker.exited;
  assert.equal(code, 1);
  assert.match(worker.output(), new RegExp(`worker: startQueueWorker: cannot reach Redis at ${closed.replace(/\./g, "\\.")}`));
});

test("a sweep without a kind cannot go to the queue", async () => {
  await assert.rejects(
    runSweep({ configs: [{ x: 1 }], cache: stubCache(), runner: queueRunner({ redis: redis.url }), runGroup: async (c) => c }),
    (e: unknown) => e instanceof TypeError && /names no kind of run/.test(e.message),
  );
});
