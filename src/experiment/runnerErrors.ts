/**
 * The failures a sweep runner reports: runs that failed for good on the workers, and workers that run
 * another version of the code than the coordinator.
 */

/** One run that failed for good. */
export interface RunFailure {
  /** Its cache key (also its job id). */
  key: string;
  config: unknown;
  /** The error, as the worker reported it ("RangeError: mnistRun: widths must …"), or why its record was refused. */
  message: string;
  /** Attempts made. */
  attempts: number;
  /** The worker that made the last attempt ("host:pid"), when known. */
  worker: string | null;
}

/**
 * Thrown by a queue runner when runs failed after their retries (or returned records that failed their
 * checks). Every other run of the sweep was stored before it was thrown, so running the sweep again
 * computes only the failed runs (and retries them once more).
 *
 * @example
 * new RunFailedError([{ key: "k", config: {}, message: "RangeError: bad", attempts: 1, worker: null }], 3).failures.length; // 1
 */
export class RunFailedError extends Error {
  readonly failures: RunFailure[];
  /** Runs of the sweep call that were computed and stored. */
  readonly stored: number;

  constructor(failures: RunFailure[], stored: number) {
    const lines = failures
      .slice(0, 5)
      .map((f) => `- run ${f.key} ${JSON.stringify(f.config).slice(0, 120)}: ${f.message} (${f.attempts} attempt${f.attempts === 1 ? "" : "s"}${f.worker ? `, last on ${f.worker}` : ""})`);
    if (failures.length > 5) lines.push(`- and ${failures.length - 5} more (see error.failures)`);
    super(`queueRunner: ${failures.length} run${failures.length === 1 ? "" : "s"} failed on the workers; the ${stored} other${stored === 1 ? "" : "s"} computed in this call ${stored === 1 ? "is" : "are"} stored in the cache:\n${lines.join("\n")}`);
    this.name = "RunFailedError";
    this.failures = failures;
    this.stored = stored;
  }
}

/** A worker as the version check names it. */
export interface WorkerVersion {
  host: string;
  pid: number;
  version: string;
}

/**
 * Thrown by a queue runner when the workers on its Redis compute the sweep's kind of run only at other
 * code versions (another commit, or another tfjs backend), so none would take its runs.
 *
 * @example
 * new WorkerVersionError({ redis: "redis://h:6379", kind: "mnist-run", version: "mnist-run/3 on wasm", workers: [{ host: "b", pid: 7, version: "mnist-run/1 on wasm" }] }).name; // "WorkerVersionError"
 */
export class WorkerVersionError extends Error {
  readonly kind: string;
  readonly version: string;
  readonly workers: WorkerVersion[];

  constructor(info: { redis: string; kind: string; version: string; workers: WorkerVersion[] }) {
    const list = info.workers.map((w) => `${w.host} (pid ${w.pid}) runs ${JSON.stringify(w.version)}`).join("; ");
    super(
      `queueRunner: no worker on ${info.redis} computes ${info.kind} at this code version (${JSON.stringify(info.version)}): ${list}. ` +
        `Check out the same commit on every machine, use the same tfjs backend (AB_BACKEND), rebuild (npm run build) and restart the workers (npm run worker -- --redis ${info.redis}).`,
    );
    this.name = "WorkerVersionError";
    this.kind = info.kind;
    this.version = info.version;
    this.workers = info.workers;
  }
}
