/**
 * The progress-reporter interface: long loops (training, ensembles, sweeps, SGLD) report through a
 * reporter they are given and never draw anything themselves. The notebook layer supplies a live bar
 * (`progressBar` in `notebook/`), a command line may supply a one-line reporter, tests supply nothing.
 *
 * A loop takes `onProgress` (a {@link ProgressFactory}) and `progress` (false turns reporting off);
 * without either it uses the default factory, which `startNotebook()` sets to the notebook's bar and
 * which is otherwise none. The default is kept on `globalThis` under a registered symbol, so it
 * survives the kernel reloading these modules after an edit.
 */

/** Receives the progress of one long task. */
export interface ProgressReporter {
  /** Step `step` (0-based; step + 1 steps are done) finished with this loss or other scalar. */
  update(step: number, value: number): void;
  /** The task finished; an optional one-line summary. */
  finish(summary?: string): void;
  /** The task failed (e.g. diverged); the message says how. */
  fail(message: string): void;
  /**
   * Optional: replaces a line of detail shown with the progress (e.g. a sweep's queued, running, done
   * and failed counts and its workers' hosts). A reporter without it shows counts of steps only.
   */
  note?(text: string): void;
}

/** What a loop says about the task it is starting. */
export interface ProgressTask {
  /** Number of steps, an integer ≥ 1. */
  total: number;
  /** A label: "training seed 3", "ensemble of 8". */
  title: string;
}

/** Starts a reporter for a task. */
export type ProgressFactory = (task: ProgressTask) => ProgressReporter;

/** How a loop's caller chooses reporting: off (false), the default (true, "auto", undefined), or its own factory. */
export interface ProgressOptions {
  /** false: no reporting; true or "auto" (default): the default factory, if one is set. */
  progress?: boolean | "auto";
  /** Reporter factory for this call (overrides the default). */
  onProgress?: ProgressFactory;
}

const DEFAULT_KEY = Symbol.for("almost-bayesian.defaultProgress");
type Holder = { [DEFAULT_KEY]?: ProgressFactory | null };

/**
 * Sets the factory that loops use when their caller gives none (null: none).
 *
 * @returns the previous default, so a caller can restore it.
 */
export function setDefaultProgress(factory: ProgressFactory | null): ProgressFactory | null {
  const holder = globalThis as Holder;
  const previous = holder[DEFAULT_KEY] ?? null;
  holder[DEFAULT_KEY] = factory;
  return previous;
}

/** The current default factory, or null. */
export function defaultProgress(): ProgressFactory | null {
  return (globalThis as Holder)[DEFAULT_KEY] ?? null;
}

/**
 * The reporter a loop should use for a task, or null for none.
 *
 * @example
 * startProgress({ progress: false }, { total: 10, title: "x" }); // null
 */
export function startProgress(options: ProgressOptions, task: ProgressTask): ProgressReporter | null {
  if (options.progress === false) return null;
  const factory = options.onProgress ?? defaultProgress();
  return factory ? factory(task) : null;
}
