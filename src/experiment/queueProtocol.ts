/**
 * What crosses the network between a sweep's coordinator and its queue workers, and the checks on both
 * ends: a job carries a run's kind, code version, cache key and configuration; a worker returns the
 * record with the same kind, version and key and the sha256 digest of the record. No code crosses the
 * network: a worker computes with the code of its own checkout.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../util/canonicalJson";
import { schema } from "../util/plainDataSchema";
import { runKey, type RecordValidator } from "./runCache";

/** Prefix of every Redis key the queue uses (BullMQ's `prefix`, and the worker registry). */
export const QUEUE_PREFIX = "almost-bayesian";

/** A job: one run, named by its cache key (the job id). @internal worker message */
export interface QueueJobData {
  kind: string;
  version: string;
  key: string;
  config: unknown;
}

/** What a worker returns for a job. @internal worker message */
export interface QueueJobResult {
  kind: string;
  version: string;
  key: string;
  /** sha256 (hex) of the canonical JSON of `record`. */
  digest: string;
  /** The record as JSON stores it. */
  record: unknown;
  /** The worker ("host:pid") and the seconds it computed for. */
  worker: string;
  seconds: number;
}

const JOB_DATA = schema.object({ kind: schema.string, version: schema.string, key: schema.matching(/^[0-9a-f]{20}$/), config: schema.unknown });
const JOB_RESULT = schema.object({
  kind: schema.string,
  version: schema.string,
  key: schema.matching(/^[0-9a-f]{20}$/),
  digest: schema.matching(/^[0-9a-f]{64}$/),
  record: schema.unknown,
  worker: schema.string,
  seconds: schema.finite,
});

/**
 * The queue of one kind of run at one code version: workers listen only to the queues of their own
 * versions, so a job never reaches a worker that would compute it differently. ("mnist-run",
 * "mnist-run/3 on wasm") gives "runs.mnist-run.mnist-run/3_on_wasm".
 *
 * @throws RangeError for a kind with other characters than letters, digits, ".", "_", "-", or an
 *   empty version.
 */
export function queueName(kind: string, version: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(kind)) throw new RangeError(`queueName: a kind of run is letters, digits, ".", "_" and "-", got ${JSON.stringify(kind)}`);
  if (version.length === 0) throw new RangeError("queueName: version must be a non-empty string");
  return `runs.${kind}.${version.replace(/[^A-Za-z0-9._/-]/g, "_")}`;
}

/** sha256 (hex) of a record's canonical JSON. */
export function recordDigest(record: unknown): string {
  return createHash("sha256").update(canonicalJson(record)).digest("hex");
}

/**
 * A job's data read back from Redis, checked (shape, and key against configuration and version).
 *
 * @returns the data, or a string saying what is wrong.
 * @internal the worker's check.
 */
export function checkJobData(data: unknown): QueueJobData | string {
  const shape = schema.mismatch(data, JOB_DATA, "job");
  if (shape) return shape;
  const job = data as QueueJobData;
  let key = "";
  try {
    key = runKey(job.version, job.config);
  } catch (error) {
    return `job.config is not plain data (${(error as Error).message})`;
  }
  return key === job.key ? job : `job.key ${job.key} is not the key of its configuration at version ${JSON.stringify(job.version)} (${key})`;
}

/**
 * Checks a worker's result before the coordinator trusts it: the shape of the result, the kind, the
 * code version and the key it was computed for (the key recomputed from the coordinator's own
 * configuration), the digest of the record, and the record's schema.
 *
 * @param result the returned value as read from Redis.
 * @param expected what the coordinator asked for, and its schema check.
 * @returns null when the result can be stored, else what is wrong.
 * @internal the coordinator's check.
 */
export function checkJobResult(result: unknown, expected: { kind: string; version: string; key: string; validate: RecordValidator | undefined }): string | null {
  const shape = schema.mismatch(result, JOB_RESULT, "result");
  if (shape) return shape;
  const r = result as QueueJobResult;
  if (r.kind !== expected.kind) return `it is a ${JSON.stringify(r.kind)} record, not ${JSON.stringify(expected.kind)}`;
  if (r.version !== expected.version) return `it was computed at version ${JSON.stringify(r.version)}, not ${JSON.stringify(expected.version)}`;
  if (r.key !== expected.key) return `it was computed for configuration ${r.key}, not ${expected.key}`;
  let digest = "";
  try {
    digest = recordDigest(r.record);
  } catch (error) {
    return `its record is not plain data (${(error as Error).message})`;
  }
  if (digest !== r.digest) return "its digest does not match the record";
  const invalid = expected.validate?.(r.record);
  return invalid ? `its record does not match the schema: ${invalid}` : null;
}

/** Connection settings of a Redis URL (ioredis options). */
export interface RedisAddress {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: Record<string, never>;
  /** The URL without its password, for messages. */
  display: string;
}

/**
 * Parses `redis://[user[:password]@]host[:port][/db]` (or `rediss://` for TLS).
 *
 * @param url the URL; port 6379 and database 0 by default.
 * @param fn the calling function, named in errors.
 * @throws TypeError when url is not a string; RangeError when it is not a Redis URL.
 */
export function parseRedisUrl(url: unknown, fn: string): RedisAddress {
  if (typeof url !== "string") throw new TypeError(`${fn}: redis must be a URL string such as "redis://host:6379", got ${typeof url}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError(`${fn}: redis must be a URL such as "redis://host:6379", got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") throw new RangeError(`${fn}: redis must start with redis:// or rediss://, got ${JSON.stringify(url)}`);
  if (!parsed.hostname) throw new RangeError(`${fn}: the Redis URL ${JSON.stringify(url)} names no host`);
  const port = parsed.port ? Number(parsed.port) : 6379;
  const dbText = parsed.pathname.replace(/^\//, "");
  const db = dbText === "" ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new RangeError(`${fn}: the database of ${JSON.stringify(url)} must be an integer ≥ 0, got ${JSON.stringify(dbText)}`);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  const display = `${parsed.protocol}//${parsed.host}${db ? `/${db}` : ""}`;
  return {
    host,
    port,
    db,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === "rediss:" ? { tls: {} } : {}),
    display,
  };
}

/**
 * ioredis options for an address that give up after `connectTimeoutMs` while the first connection is
 * being made (so an unreachable server is a prompt error, not an endless wait), and retry for good
 * once it has been reached (a network blip later is waited out).
 *
 * @returns the options and `connected()`, to be called once the first connection is up.
 */
export function redisOptions(address: RedisAddress, connectTimeoutMs: number): { options: Record<string, unknown>; connected: () => void } {
  const started = Date.now();
  let up = false;
  const { display: _display, ...connection } = address;
  return {
    options: {
      ...connection,
      connectTimeout: connectTimeoutMs,
      maxRetriesPerRequest: null,
      retryStrategy: (times: number) => (up ? Math.min(250 * times, 5000) : Date.now() - started > connectTimeoutMs ? null : 250),
    },
    connected: () => {
      up = true;
    },
  };
}

/** The error for a Redis server that cannot be reached. */
function unreachable(address: RedisAddress, error: unknown, timeoutMs: number, fn: string): Error {
  const cause = error instanceof Error ? error.message : String(error);
  return new Error(
    `${fn}: cannot reach Redis at ${address.display} (${cause}; gave up after ${(timeoutMs / 1000).toFixed(1)} s). ` +
      `Start a Redis server there (e.g. redis-server --port ${address.port}), or pass the URL of one that runs.`,
  );
}

/** Connects a BullMQ object, turning a failure to reach Redis into a clear error. */
export async function connectOrExplain(target: { waitUntilReady(): Promise<unknown> }, address: RedisAddress, timeoutMs: number, fn: string, lastError: () => Error | null): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      target.waitUntilReady(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(lastError() ?? new Error("no answer")), timeoutMs + 1000);
      }),
    ]);
  } catch (error) {
    throw unreachable(address, lastError() ?? error, timeoutMs, fn);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether an error of a run is deterministic, so that retrying cannot help: bad input (RangeError,
 * TypeError) and divergence. Anything else (a worker running out of memory, a lost thread) is retried.
 */
export function isDeterministicError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === "RangeError" || name === "TypeError" || name === "DivergenceError";
}

/** Loads BullMQ when a queue is first used (notebooks that run locally never load it). */
export function loadBullmq(): typeof import("bullmq") {
  return require("bullmq") as typeof import("bullmq");
}
