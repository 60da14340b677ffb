/**
 * The thread that computes a queue worker's jobs: BullMQ's sandboxed processor, run in a worker
 * thread so that the worker's main thread keeps renewing the job's lock while a run computes (a
 * training loop holds its thread for seconds at a time). It sets up the worker's tfjs backend once,
 * keeps one session per kind of run (data, thread pools) for every job it computes, checks each job
 * before computing it, and returns the record as JSON stores it with its digest. Loaded as compiled
 * JS by queueWorker.
 */
import * as os from "node:os";
import { workerData } from "node:worker_threads";
import { setupBackend, type BackendName } from "../env/backend";
import { checkJobData, isDeterministicError, recordDigest, type QueueJobResult } from "./queueProtocol";
import type { RunKind, RunKindSession } from "./runKind";
import { loadRunKinds } from "./runKinds";

/** What queueWorker hands each processor thread. @internal worker message */
export interface ProcessorInit {
  backend: BackendName;
  kindModules: string[];
  /** "host:pid" of the worker process. */
  worker: string;
}

let kinds: Promise<Map<string, RunKind>> | null = null;
const sessions = new Map<string, RunKindSession<unknown, unknown>>();

/**
 * An error as the job records it: "Name: message (on host:pid)". Deterministic errors (bad input,
 * divergence) are renamed UnrecoverableError, which BullMQ fails at once instead of retrying.
 */
function jobError(error: unknown, worker: string): Error {
  const e = error instanceof Error ? error : new Error(String(error));
  const wrapped = new Error(`${e.name}: ${e.message} (on ${worker})`);
  wrapped.name = isDeterministicError(e) ? "UnrecoverableError" : e.name;
  if (e.stack) wrapped.stack = e.stack;
  return wrapped;
}

/** Computes one job; BullMQ calls it with the job (data and attempt count). */
export default async function processQueueJob(job: { data: unknown }): Promise<QueueJobResult> {
  const init = workerData as ProcessorInit;
  try {
    kinds ??= setupBackend({ backend: init.backend })
      .then(() => loadRunKinds(init.kindModules))
      .catch((error: unknown) => {
        kinds = null; // the next job tries again
        throw error;
      });
    const registry = await kinds;
    const data = checkJobData(job.data);
    if (typeof data === "string") throw new TypeError(`processQueueJob: the job is malformed: ${data}`);
    const kind = registry.get(data.kind);
    if (!kind) throw new TypeError(`processQueueJob: this worker has no kind of run named ${JSON.stringify(data.kind)} (it has ${[...registry.keys()].join(", ")})`);
    if (kind.version() !== data.version) throw new TypeError(`processQueueJob: the job asks for ${JSON.stringify(data.version)}, this worker computes ${JSON.stringify(kind.version())}`);
    let session = sessions.get(kind.name);
    if (!session) {
      session = kind.open();
      sessions.set(kind.name, session);
    }
    const t0 = performance.now();
    const records = await session.runGroup([data.config]);
    if (!Array.isArray(records) || records.length !== 1) throw new Error(`processQueueJob: ${kind.name} returned ${Array.isArray(records) ? records.length : typeof records} records for one configuration`);
    const record = JSON.parse(JSON.stringify(records[0]) ?? "null") as unknown;
    const invalid = kind.validate(record);
    if (invalid) throw new TypeError(`processQueueJob: the ${kind.name} record computed does not match its schema: ${invalid}`);
    return { kind: data.kind, version: data.version, key: data.key, digest: recordDigest(record), record, worker: init.worker ?? `${os.hostname()}:${process.pid}`, seconds: (performance.now() - t0) / 1000 };
  } catch (error) {
    throw jobError(error, init.worker);
  }
}
