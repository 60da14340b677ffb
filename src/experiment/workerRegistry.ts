/**
 * The registry of queue workers in Redis: each worker publishes, every few seconds, which kinds of run
 * it computes at which code versions, on which host, and which runs it is computing, under a key that
 * expires unless refreshed. Coordinators read it to show who computes what and to tell a version
 * mismatch from a worker that has not started yet.
 */
import type { RedisClient } from "bullmq";
import { schema } from "../util/plainDataSchema";
import { QUEUE_PREFIX } from "./queueProtocol";

/** What a worker publishes about itself. @internal worker message */
export interface WorkerInfo {
  /** Unique per worker process: "host:pid:random". */
  id: string;
  host: string;
  pid: number;
  /** Kinds of run it computes, each at its version. */
  kinds: { name: string; version: string }[];
  /** Runs at once, per kind. */
  concurrency: number;
  /** Keys of the runs it is computing. */
  running: string[];
  /** Runs it has finished and failed since it started. */
  done: number;
  failed: number;
  /** ISO time it started. */
  startedAt: string;
}

const WORKER_INFO = schema.object({
  id: schema.string,
  host: schema.string,
  pid: schema.nonNegativeInteger,
  kinds: schema.array(schema.object({ name: schema.string, version: schema.string })),
  concurrency: schema.nonNegativeInteger,
  running: schema.array(schema.string),
  done: schema.nonNegativeInteger,
  failed: schema.nonNegativeInteger,
  startedAt: schema.string,
}, schema.unknown);

const PATTERN = `${QUEUE_PREFIX}:worker:*`;
const entry = (id: string): string => `${QUEUE_PREFIX}:worker:${id}`;

/** Publishes (or refreshes) a worker's entry, which expires after `ttlSeconds` unless published again. */
export async function publishWorker(client: RedisClient, info: WorkerInfo, ttlSeconds: number): Promise<void> {
  await client.set(entry(info.id), JSON.stringify(info), { EX: Math.max(1, Math.ceil(ttlSeconds)) });
}

/** Removes a worker's entry (when it stops). */
export async function removeWorker(client: RedisClient, id: string): Promise<void> {
  await client.del(entry(id));
}

/**
 * The workers whose entries have not expired, each checked against the entry's schema (an entry that
 * fails it is skipped: it is not ours to trust). Sorted by host, then process id.
 */
export async function listWorkers(client: RedisClient): Promise<WorkerInfo[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, found] = await client.scan(cursor, { MATCH: PATTERN, COUNT: 1000 });
    keys.push(...found);
    cursor = String(next);
  } while (cursor !== "0");
  const texts = await Promise.all([...new Set(keys)].map((k) => client.get(k)));
  const workers: WorkerInfo[] = [];
  for (const text of texts) {
    if (text === null) continue; // expired between the scan and the read
    try {
      const info = JSON.parse(text) as unknown;
      if (schema.mismatch(info, WORKER_INFO, "worker") === null) workers.push(info as WorkerInfo);
    } catch {
      // not JSON: skipped
    }
  }
  return workers.sort((a, b) => a.host.localeCompare(b.host) || a.pid - b.pid);
}
