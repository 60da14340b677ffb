/**
 * The queue runner: a sweep's missing runs become jobs on a Redis-backed BullMQ queue, computed by
 * workers on any machine with the repository (`npm run worker -- --redis redis://host:6379`), and
 * each returned record is checked (key, version, digest, schema) before the sweep stores it.
 */
import type { Job, Queue, QueueEvents } from "bullmq";
import { checkJobResult, connectOrExplain, loadBullmq, parseRedisUrl, QUEUE_PREFIX, queueName, redisOptions, type QueueJobData, type QueueJobResult, type RedisAddress } from "./queueProtocol";
import { RunFailedError, WorkerVersionError, type RunFailure } from "./runnerErrors";
import type { RunnerWorker, SweepRunner, SweepWork } from "./sweepRunner";
import { listWorkers } from "./workerRegistry";

/** Options of {@link queueRunner}. */
export interface QueueRunnerOptions {
  /** The Redis server, `redis://[user:password@]host[:port][/db]` (port 6379 by default). */
  redis: string;
  /**
   * Attempts per run before it fails for good (default 3; integer in [1, 100]). Bad input and
   * divergence (RangeError, TypeError, DivergenceError) fail at the first attempt: retrying cannot
   * change a deterministic computation.
   */
  attempts?: number;
  /** Delay before the first retry, doubled for each next one, in ms (default 5000; ≥ 0). */
  backoffMs?: number;
  /** How long to try to reach Redis before giving up, in ms (default 5000; ≥ 1). */
  connectTimeoutMs?: number;
  /** How often the status (counts and workers) is read and reported, in ms (default 1000; ≥ 10). */
  statusIntervalMs?: number;
  /**
   * How long a finished job (and its record) stays in Redis for a coordinator to collect, in seconds
   * (default 7 days; ≥ 1). A coordinator interrupted before it stored a record collects it when run
   * again within this time; later, the run is computed again.
   */
  keepSeconds?: number;
}

interface Settings {
  address: RedisAddress;
  attempts: number;
  backoffMs: number;
  connectTimeoutMs: number;
  statusIntervalMs: number;
  keepSeconds: number;
}

function numberOption(value: unknown, fallback: number, min: number, max: number, name: string, integer: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value)) throw new TypeError(`queueRunner: ${name} must be a number, got ${typeof value === "number" ? value : typeof value}`);
  if (value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new RangeError(`queueRunner: ${name} must be ${integer ? "an integer" : "a number"} in [${min}, ${max}], got ${value}`);
  }
  return value;
}

/**
 * A runner that has queue workers compute the runs. The coordinator (the sweep calling it) enqueues
 * each run the cache lacks as a job whose id is the run's cache key, so a run is queued once however
 * many sweeps ask for it, and a sweep run again after an interruption finds the jobs it queued
 * (waiting, running or finished) instead of queueing them again. Workers take the jobs of their own
 * code version only (one queue per kind of run and version), compute them with their own checkout,
 * and return the record; the coordinator stores it once it has checked the kind, the version, the key
 * recomputed from its own configuration, the record's sha256 digest and its schema. A worker killed
 * mid-run loses its lock, and another worker (or the same one restarted) takes the job again after
 * the lock expires (BullMQ's stalled-job check; 30 s by default). A run failing with bad input or
 * divergence fails at once; other errors are retried `attempts` times with exponential backoff. When
 * runs failed for good, the sweep throws {@link RunFailedError} after storing every other run; running
 * the sweep again retries the failed runs once more.
 *
 * Only configurations and records cross the network, never code: workers must run the same code
 * version (checked: the kind's version string, e.g. "mnist-run/3 on wasm", which also names the
 * cache), else {@link WorkerVersionError}.
 *
 * @param options.redis the Redis URL; options.attempts (default 3), backoffMs (5000), connectTimeoutMs
 *   (5000), statusIntervalMs (1000), keepSeconds (7 days).
 * @returns a {@link SweepRunner} (description "queue at redis://host:port").
 * @throws TypeError or RangeError for bad options (at once); from a sweep: Error naming the URL when
 *   Redis cannot be reached; TypeError when the sweep names no kind of run; WorkerVersionError;
 *   RunFailedError.
 * @example
 * queueRunner({ redis: "redis://10.0.0.5:6379" }).description; // "queue at redis://10.0.0.5:6379"
 */
export function queueRunner(options: QueueRunnerOptions): SweepRunner {
  if (typeof options !== "object" || options === null) throw new TypeError(`queueRunner: options must be an object such as { redis: "redis://host:6379" }, got ${options === null ? "null" : typeof options}`);
  const settings: Settings = {
    address: parseRedisUrl(options.redis, "queueRunner"),
    attempts: numberOption(options.attempts, 3, 1, 100, "attempts", true),
    backoffMs: numberOption(options.backoffMs, 5000, 0, 86_400_000, "backoffMs", false),
    connectTimeoutMs: numberOption(options.connectTimeoutMs, 5000, 1, 600_000, "connectTimeoutMs", false),
    statusIntervalMs: numberOption(options.statusIntervalMs, 1000, 10, 600_000, "statusIntervalMs", false),
    keepSeconds: numberOption(options.keepSeconds, 7 * 86_400, 1, 365 * 86_400, "keepSeconds", true),
  };
  return {
    description: `queue at ${settings.address.display}`,
    run: (work) => runOnQueue(work, settings),
  };
}

async function runOnQueue<C, R>(work: SweepWork<C, R>, s: Settings): Promise<void> {
  if (work.kind === undefined) {
    throw new TypeError(`queueRunner: this sweep names no kind of run, so no worker can compute it (its runGroup is a function of this process); give runSweep a kind (e.g. "mnist-run", see RunKind) or use localRunner()`);
  }
  const kind = work.kind;
  const name = queueName(kind, work.version);
  const configs = work.groups.flat();
  const total = configs.length;
  if (total === 0) return;
  const { Queue, QueueEvents, Job } = loadBullmq();
  const { options: connection, connected } = redisOptions(s.address, s.connectTimeoutMs);
  let lastError: Error | null = null;
  const queue: Queue = new Queue(name, { connection, prefix: QUEUE_PREFIX, streams: { events: { maxLen: 1000 } } });
  queue.on("error", (error) => {
    lastError = error;
  });
  let events: QueueEvents | null = null;
  try {
    await connectOrExplain(queue, s.address, s.connectTimeoutMs, "queueRunner", () => lastError);
    connected();
    const client = await queue.client;

    const pending = new Map<string, C>();
    for (const config of configs) pending.set(work.key(config), config);
    const failures: RunFailure[] = [];
    let done = 0;

    const status = async (): Promise<void> => {
      const all = await listWorkers(client);
      const serving = all.filter((w) => w.kinds.some((k) => k.name === kind));
      const versionOf = (w: (typeof all)[number]): string => w.kinds.find((k) => k.name === kind && k.version === work.version)?.version ?? w.kinds.find((k) => k.name === kind)!.version;
      const compatible = serving.filter((w) => versionOf(w) === work.version);
      if (serving.length > 0 && compatible.length === 0 && pending.size > 0) {
        throw new WorkerVersionError({ redis: s.address.display, kind, version: work.version, workers: serving.map((w) => ({ host: w.host, pid: w.pid, version: versionOf(w) })) });
      }
      const workers: RunnerWorker[] = serving.map((w) => ({
        host: w.host,
        pid: w.pid,
        running: versionOf(w) === work.version ? w.running.filter((k) => pending.has(k)).length : 0,
        version: versionOf(w),
        compatible: versionOf(w) === work.version,
      }));
      const running = workers.reduce((n, w) => n + w.running, 0);
      work.onStatus?.({
        total,
        queued: pending.size - running,
        running,
        done,
        failed: failures.length,
        workers,
        note: compatible.length === 0 && pending.size > 0 ? `no worker serves ${kind} on ${s.address.display} yet (start one: npm run worker -- --redis ${s.address.display})` : "",
      });
    };
    // A version mismatch is reported before anything is queued.
    await status();

    const wakeups = new Set<string>();
    let wake: (() => void) | null = null;
    const poke = (jobId: string): void => {
      if (!pending.has(jobId)) return;
      wakeups.add(jobId);
      wake?.();
    };
    events = new QueueEvents(name, { connection, prefix: QUEUE_PREFIX });
    events.on("error", (error) => {
      lastError = error;
    });
    events.on("completed", ({ jobId }) => poke(jobId));
    events.on("failed", ({ jobId }) => poke(jobId));
    await connectOrExplain(events, s.address, s.connectTimeoutMs, "queueRunner", () => lastError);

    const jobOptions = {
      attempts: s.attempts,
      backoff: { type: "exponential", delay: s.backoffMs },
      removeOnComplete: { age: s.keepSeconds },
      removeOnFail: { age: s.keepSeconds },
    };
    const add = async (keys: string[]): Promise<void> => {
      for (let i = 0; i < keys.length; i += 500) {
        await queue.addBulk(
          keys.slice(i, i + 500).map((key) => ({
            name: kind,
            data: { kind, version: work.version, key, config: pending.get(key) } satisfies QueueJobData,
            opts: { ...jobOptions, jobId: key },
          })),
        );
      }
    };

    const retried = new Set<string>();
    const fail = (key: string, message: string, job: Job): void => {
      failures.push({ key, config: pending.get(key), message, attempts: job.attemptsMade, worker: job.processedBy ?? null });
      pending.delete(key);
    };
    const check = async (key: string, first: boolean): Promise<void> => {
      const config = pending.get(key);
      if (config === undefined) return;
      const job = (await Job.fromId(queue, key)) as Job | undefined;
      if (!job) {
        // Removed before it was collected (kept keepSeconds), or the queue was cleared: queue it again.
        await add([key]);
        return;
      }
      if (!job.finishedOn) return; // waiting, running, or waiting to be retried
      const state = await job.getState();
      if (state === "completed") {
        const result = job.returnvalue as unknown;
        const problem = checkJobResult(result, { kind, version: work.version, key, validate: work.validate });
        if (problem) {
          fail(key, `the record returned by ${job.processedBy ?? "a worker"} was refused: ${problem}`, job);
          // Not left to be collected again: asking for the run again computes it again.
          await job.remove().catch(() => undefined);
          return;
        }
        pending.delete(key);
        work.store([config], [(result as QueueJobResult).record as R]);
        done++;
      } else if (state === "failed") {
        if (first && !retried.has(key)) {
          // Failed in an earlier sweep: asking again is the one retry a user gets by re-running.
          retried.add(key);
          try {
            await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
            return;
          } catch {
            // taken or changed meanwhile: look again
            wakeups.add(key);
            return;
          }
        }
        fail(key, job.failedReason || "failed without a reason", job);
      }
    };
    const checkAll = async (keys: string[], first: boolean): Promise<void> => {
      for (let i = 0; i < keys.length; i += 200) await Promise.all(keys.slice(i, i + 200).map((k) => check(k, first)));
    };

    await add([...pending.keys()]);
    // Jobs that finished before this call (an interrupted sweep, another notebook) are collected now.
    await checkAll([...pending.keys()], true);
    let lastStatus = 0;
    let lastSweep = Date.now();
    while (pending.size > 0) {
      if (wakeups.size > 0) {
        const keys = [...wakeups];
        wakeups.clear();
        await checkAll(keys, false);
        continue;
      }
      const now = Date.now();
      if (now - lastStatus >= s.statusIntervalMs) {
        await status();
        lastStatus = now;
      }
      // Events are the fast path; every few seconds every pending job is looked at too, so a missed
      // event (a dropped connection) delays a record but never loses it.
      if (now - lastSweep >= Math.max(5000, pending.size * 5)) {
        await checkAll([...pending.keys()], false);
        lastSweep = Date.now();
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, s.statusIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
    await status();
    if (failures.length > 0) throw new RunFailedError(failures, done);
  } finally {
    await events?.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
  }
}
