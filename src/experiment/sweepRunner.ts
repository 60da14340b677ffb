/**
 * Who computes the runs of a sweep that the cache lacks. Every runner keeps one contract: it is handed
 * the same groups of configurations and hands back, through `store`, the same records, each as soon
 * as it is known, so the sweep stores it in the cache at once. The local runner computes the groups in
 * this process one after another; the queue runner (queueRunner.ts) has workers on other machines
 * compute them.
 */
import * as os from "node:os";
import type { RecordValidator } from "./runCache";

/** One process computing runs, as a runner reports it. */
export interface RunnerWorker {
  /** Host name of its machine. */
  host: string;
  pid: number;
  /** Runs of this sweep it computes now. */
  running: number;
  /** Code version it computes this kind of run at. */
  version: string;
  /** Whether that is the sweep's version (a worker on another version never takes the sweep's runs). */
  compatible: boolean;
}

/** Counts of the runs one sweep call computes, and the processes computing them. */
export interface RunnerStatus {
  /** Runs this call computes (those the cache lacked). */
  total: number;
  /** Waiting for a worker (including runs waiting to be retried). */
  queued: number;
  running: number;
  /** Stored in the cache. */
  done: number;
  /** Failed for good (after their retries). */
  failed: number;
  workers: RunnerWorker[];
  /** A remark on the state ("no worker serves mnist-run yet"), or "". */
  note: string;
}

/** The work {@link runSweep} hands a runner. */
export interface SweepWork<C, R> {
  /**
   * Name of the computation, which a queue worker looks up among its kinds of run (e.g. "mnist-run");
   * undefined when the sweep computes through a closure only this process has.
   */
  kind: string | undefined;
  /** The cache's code version (hashed into every key); a worker must compute this exact version. */
  version: string;
  /** The cache key of a configuration (see runKey). */
  key: (config: C) => string;
  /** Groups of configurations that missed the cache, each configuration once. */
  groups: C[][];
  /** Computes a group in this process, records in the same order. */
  runGroup: (configs: C[]) => Promise<R[]>;
  /** The records' schema check (records from elsewhere are checked before they are stored). */
  validate: RecordValidator | undefined;
  /**
   * Stores finished records (same order as `configs`) in the cache and hands them to the sweep.
   * @throws TypeError when a record fails the schema check (nothing of it is stored).
   */
  store: (configs: C[], records: R[]) => void;
  /** Receives the counts as they change. */
  onStatus: ((status: RunnerStatus) => void) | undefined;
}

/** Computes the runs of a sweep; see {@link localRunner} and queueRunner. */
export interface SweepRunner {
  /** "local", or "queue at redis://host:6379". */
  readonly description: string;
  /**
   * Computes every group of `work`, storing each record through `work.store` as it arrives, and
   * resolves when all are stored.
   */
  run<C, R>(work: SweepWork<C, R>): Promise<void>;
}

/**
 * The local runner: computes the groups in this process, one after another, each by `runGroup`
 * (which may itself use worker threads), and stores each group's records before starting the next,
 * so an interrupted sweep loses at most the group in progress.
 *
 * @returns a {@link SweepRunner} whose description is "local".
 * @throws (from run) whatever runGroup throws, at once; Error when runGroup returns the wrong number
 *   of records.
 * @example
 * localRunner().description; // "local"
 */
export function localRunner(): SweepRunner {
  return {
    description: "local",
    async run<C, R>(work: SweepWork<C, R>): Promise<void> {
      const total = work.groups.reduce((n, g) => n + g.length, 0);
      let done = 0;
      const report = (running: number): void =>
        work.onStatus?.({
          total,
          queued: total - done - running,
          running,
          done,
          failed: 0,
          workers: [{ host: os.hostname(), pid: process.pid, running, version: work.version, compatible: true }],
          note: "",
        });
      for (const group of work.groups) {
        report(group.length);
        const records = await work.runGroup(group);
        if (!Array.isArray(records) || records.length !== group.length) {
          throw new Error(`runSweep: runGroup returned ${Array.isArray(records) ? records.length : typeof records} results for ${group.length} configurations`);
        }
        work.store(group, records);
        done += group.length;
      }
      report(0);
    },
  };
}

const DEFAULT_KEY = Symbol.for("almost-bayesian.defaultSweepRunner");
type Holder = { [DEFAULT_KEY]?: SweepRunner | null };

/**
 * Sets the runner of sweeps that name a kind of run and no runner (e.g. `runMnistSweep` without
 * `runner`); null restores the local runner. Meant to be called once, by the notebook's first cell
 * (`startNotebook` sets the queue runner when `AB_REDIS` is set) or a command-line script, like the
 * choice of backend. Sweeps without a kind always run locally: their computation is a closure that
 * cannot cross the network. Kept on `globalThis` so that it survives the kernel reloading modules.
 *
 * @returns the previous default, so a caller can restore it.
 * @example
 * setDefaultSweepRunner(null); // null
 */
export function setDefaultSweepRunner(runner: SweepRunner | null): SweepRunner | null {
  const holder = globalThis as Holder;
  const previous = holder[DEFAULT_KEY] ?? null;
  holder[DEFAULT_KEY] = runner;
  return previous;
}

/** The runner set by {@link setDefaultSweepRunner}, or null (the local runner). */
export function defaultSweepRunner(): SweepRunner | null {
  return (globalThis as Holder)[DEFAULT_KEY] ?? null;
}

/**
 * One line of a runner's status, for a progress display.
 *
 * @example
 * const workers = [{ host: "a", pid: 1, running: 2, version: "v", compatible: true }, { host: "b", pid: 2, running: 0, version: "w", compatible: false }];
 * formatRunnerStatus({ total: 4, queued: 1, running: 2, done: 1, failed: 0, note: "", workers }); // "1 queued, 2 running, 1 done, 0 failed; workers: a (2 running), b (other version: w)"
 */
export function formatRunnerStatus(status: RunnerStatus): string {
  const counts = `${status.queued} queued, ${status.running} running, ${status.done} done, ${status.failed} failed`;
  const hosts = status.workers.map((w) => w.host);
  const workers = status.workers.map((w) => {
    const name = hosts.indexOf(w.host) === hosts.lastIndexOf(w.host) ? w.host : `${w.host}:${w.pid}`;
    return `${name}${w.compatible ? (w.running > 0 ? ` (${w.running} running)` : "") : ` (other version: ${w.version})`}`;
  });
  return `${counts}${workers.length ? `; workers: ${workers.join(", ")}` : ""}${status.note ? `; ${status.note}` : ""}`;
}
