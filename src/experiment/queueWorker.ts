/**
 * A queue worker: takes the jobs of the kinds of run it computes (at its own code version) from a
 * Redis-backed BullMQ queue, computes each in a worker thread, and returns the record. Started by
 * `npm run worker -- --redis redis://host:6379` on any machine with the repository.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import * as tf from "@tensorflow/tfjs-core";
import type { Queue, Worker } from "bullmq";
import { BACKEND_NAMES, type BackendName } from "../env/backend";
import { projectRoot } from "../util/projectRoot";
import type { ProcessorInit } from "./queueJobProcessor";
import { connectOrExplain, loadBullmq, parseRedisUrl, QUEUE_PREFIX, queueName, redisOptions } from "./queueProtocol";
import { loadRunKinds } from "./runKinds";
import { publishWorker, removeWorker, type WorkerInfo } from "./workerRegistry";


/** What a worker reports as it works (the command line prints one line for each). */
export type QueueWorkerEvent =
  | { type: "started"; key: string; kind: string; attempt: number }
  | { type: "completed"; key: string; kind: string; seconds: number }
  | { type: "failed"; key: string; kind: string; attempt: number; final: boolean; message: string }
  | { type: "error"; message: string };

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  /** The Redis server, `redis://[user:password@]host[:port][/db]`. */
  redis: string;
  /** Compiled modules exporting more kinds of run (`runKinds`), beside the built-in ones. */
  kindModules?: string[];
  /** Runs computed at once, per kind, each in its own thread (default 1; integer in [1, 64]). */
  concurrency?: number;
  /**
   * How long a job stays locked to this worker without renewal, in ms (default 30000; ≥ 100). A
   * worker killed mid-run leaves its job to others after about this long plus `stalledIntervalMs`.
   */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died, in ms (default 30000; ≥ 100). */
  stalledIntervalMs?: number;
  /** Times a job may lose its worker before it fails for good (default 2; integer ≥ 0). */
  maxStalledCount?: number;
  /** How long to try to reach Redis before giving up, in ms (default 5000). */
  connectTimeoutMs?: number;
  /** How often the worker refreshes its entry in the registry, in ms (default 2000; ≥ 10). */
  heartbeatMs?: number;
  onEvent?: (event: QueueWorkerEvent) => void;
}

/** A running worker. */
export interface QueueWorker {
  /** "host:pid:random", its id in the registry. */
  id: string;
  host: string;
  pid: number;
  /** The kinds of run it takes, each with its version and queue. */
  kinds: { name: string; version: string; queue: string }[];
  /**
   * Stops taking jobs, waits for the runs in progress (or abandons them when `force`, leaving them to
   * other workers once their locks expire), and leaves the registry.
   */
  close(force?: boolean): Promise<void>;
}

/** The compiled processor: beside this module when it runs from build/, else in the project's build/. */
function processorScript(): string {
  const here = path.join(__dirname, "queueJobProcessor.js");
  if (fs.existsSync(here)) return here;
  const built = path.join(projectRoot(), "build", "src", "experiment", "queueJobProcessor.js");
  if (fs.existsSync(built)) return built;
  throw new Error(`startQueueWorker: the compiled job processor is missing (looked for ${here} and ${built}); run npm run build`);
}

function integer(value: number | undefined, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`startQueueWorker: ${name} must be an integer in [${min}, ${max}], got ${value}`);
  return value;
}

/**
 * Starts a queue worker in this process. The tfjs backend must be set up first (setupBackend): it
 * decides the version of every kind of run, and the worker's threads use the same one. For each kind
 * (the built-in {@link runKinds} and those of `kindModules`) the worker listens to the queue of that
 * kind at its own version, so it never takes a run it would compute differently from the coordinator
 * that asked. Each job is computed in a worker thread (BullMQ's sandboxed processor), so this thread
 * keeps the job's lock renewed; the thread lives on between jobs and keeps its data loaded. Every
 * `heartbeatMs` the worker publishes its host, versions and current runs in the registry.
 *
 * @param options.redis the Redis URL; options.kindModules, concurrency (1), lockDurationMs (30000),
 *   stalledIntervalMs (30000), maxStalledCount (2), connectTimeoutMs (5000), heartbeatMs (2000), onEvent.
 * @returns a {@link QueueWorker}, once connected.
 * @throws TypeError or RangeError for bad options; Error when no backend is set up, when a kind module
 *   cannot be loaded, or (naming the URL) when Redis cannot be reached.
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const address = parseRedisUrl(options.redis, "startQueueWorker");
  const concurrency = integer(options.concurrency, 1, 1, 64, "concurrency");
  const lockDuration = integer(options.lockDurationMs, 30_000, 100, 3_600_000, "lockDurationMs");
  const stalledInterval = integer(options.stalledIntervalMs, 30_000, 100, 3_600_000, "stalledIntervalMs");
  const maxStalledCount = integer(options.maxStalledCount, 2, 0, 100, "maxStalledCount");
  const connectTimeoutMs = integer(options.connectTimeoutMs, 5000, 1, 600_000, "connectTimeoutMs");
  const heartbeatMs = integer(options.heartbeatMs, 2000, 10, 600_000, "heartbeatMs");
  const backend = tf.engine().backendName as BackendName | null;
  if (!backend || !(BACKEND_NAMES as readonly string[]).includes(backend)) {
    throw new Error(`startQueueWorker: no tfjs backend is set up (got ${JSON.stringify(backend)}); call setupBackend() first, it decides the version of every kind of run`);
  }
  const kindModules = (options.kindModules ?? []).map((m) => path.resolve(m));
  const registry = loadRunKinds(kindModules);
  const host = os.hostname();
  const workerName = `${host}:${process.pid}`;
  const id = `${workerName}:${randomBytes(4).toString("hex")}`;
  const kinds = [...registry.values()].map((k) => ({ name: k.name, version: k.version(), queue: queueName(k.name, k.version()) }));
  const onEvent = options.onEvent ?? (() => undefined);

  const { Queue, Worker } = loadBullmq();
  const { options: connection, connected } = redisOptions(address, connectTimeoutMs);
  let lastError: Error | null = null;
  // One plain connection for the registry.
  const registryQueue: Queue = new Queue(kinds[0]!.queue, { connection, prefix: QUEUE_PREFIX });
  registryQueue.on("error", (error) => {
    lastError = error;
  });
  await connectOrExplain(registryQueue, address, connectTimeoutMs, "startQueueWorker", () => lastError).catch(async (error: unknown) => {
    await registryQueue.close().catch(() => undefined);
    throw error;
  });
  connected();
  const client = await registryQueue.client;

  const startedAt = new Date().toISOString();
  const running = new Set<string>();
  let done = 0;
  let failed = 0;
  const info = (): WorkerInfo => ({
    id,
    host,
    pid: process.pid,
    kinds: kinds.map(({ name, version }) => ({ name, version })),
    concurrency,
    running: [...running],
    done,
    failed,
    startedAt,
  });
  const publish = (): void => {
    publishWorker(client, info(), (5 * heartbeatMs) / 1000).catch((error: Error) => onEvent({ type: "error", message: `registry: ${error.message}` }));
  };
  publish();
  const heartbeat = setInterval(publish, heartbeatMs);

  const processor = processorScript();
  const init: ProcessorInit = { backend, kindModules, worker: workerName };
  const workers: Worker[] = kinds.map((kind) => {
    const worker: Worker = new Worker(kind.queue, processor, {
      connection,
      prefix: QUEUE_PREFIX,
      concurrency,
      useWorkerThreads: true,
      // BullMQ hands the process's execArgv to each job thread explicitly, and a thread refuses V8 flags
      // such as --no-concurrent-recompilation (npm run worker sets it; environment.md) given that way;
      // left unset, the thread inherits the process's options, as every other worker thread here does.
      workerThreadsOptions: { workerData: init, execArgv: undefined },
      lockDuration,
      stalledInterval,
      maxStalledCount,
      name: workerName,
    });
    worker.on("error", (error) => {
      lastError = error;
      onEvent({ type: "error", message: error.message });
    });
    worker.on("active", (job) => {
      running.add(job.id!);
      publish();
      onEvent({ type: "started", key: job.id!, kind: kind.name, attempt: job.attemptsMade + 1 });
    });
    worker.on("completed", (job, result: { seconds?: number }) => {
      running.delete(job.id!);
      done++;
      publish();
      onEvent({ type: "completed", key: job.id!, kind: kind.name, seconds: typeof result?.seconds === "number" ? result.seconds : NaN });
    });
    worker.on("failed", (job, error) => {
      if (!job) return;
      running.delete(job.id!);
      const final = job.finishedOn !== undefined || error.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (final) failed++;
      publish();
      onEvent({ type: "failed", key: job.id!, kind: kind.name, attempt: job.attemptsMade, final, message: error.message });
    });
    return worker;
  });
  try {
    for (const worker of workers) await connectOrExplain(worker, address, connectTimeoutMs, "startQueueWorker", () => lastError);
  } catch (error) {
    clearInterval(heartbeat);
    await Promise.all(workers.map((w) => w.close(true).catch(() => undefined)));
    await registryQueue.close().catch(() => undefined);
    throw error;
  }

  let closing: Promise<void> | null = null;
  return {
    id,
    host,
    pid: process.pid,
    kinds,
    close(force = false): Promise<void> {
      if (closing && !force) return closing;
      closing = (async () => {
        await Promise.all(workers.map((w) => w.close(force).catch(() => undefined)));
        clearInterval(heartbeat);
        await removeWorker(client, id).catch(() => undefined);
        await registryQueue.close().catch(() => undefined);
      })();
      return closing;
    },
  };
}
