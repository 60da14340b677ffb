/**
 * A kind of run: a computation that queue workers can be asked for by name. It ties the name a job
 * carries to the code that computes it, the code version its records are stored under, and the
 * schema they must match.
 */
import type { RecordValidator } from "./runCache";

/** What computing runs of one kind needs in one thread (data, thread pools), opened once and reused. */
export interface RunKindSession<C, R> {
  /** Computes a group of configurations (records in the same order), as a local sweep's runGroup. */
  runGroup(configs: C[]): Promise<R[]>;
  /** Releases what the session holds (thread pools). */
  close(): Promise<void>;
}

/**
 * A computation that a worker can run for a coordinator. `mnistRunKind` is one; a module listing
 * more (`export const runKinds: RunKind[] = [...]`) can be given to a worker with `--kinds`.
 */
export interface RunKind<C = unknown, R = unknown> {
  /** The name jobs carry, e.g. "mnist-run" (letters, digits, ".", "_", "-"). */
  readonly name: string;
  /**
   * The version of the records this process computes, as the kind's default cache names it (e.g.
   * "mnist-run/3 on wasm": the code version and the tfjs backend). A worker takes only jobs of its
   * own version, so its records are the ones the coordinator would have computed itself.
   */
  version(): string;
  /** The records' schema check, as JSON stores them (null when valid, else what is wrong). */
  validate: RecordValidator;
  /** Opens a session; a worker thread opens one per kind and keeps it for every job it computes. */
  open(): RunKindSession<C, R>;
}
