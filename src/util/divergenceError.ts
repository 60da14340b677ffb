/**
 * The one error type of a loop whose numbers stopped being finite or ran away: training (SGD, Adam),
 * the tiny-network ensembles and the SGLD chains all throw it, and callers that expect divergence
 * (a step-size calibration, an oversized-learning-rate check) catch it with `instanceof`, never by
 * matching message text.
 */

/** What a {@link DivergenceError} carries; plain data, so it crosses worker threads. */
export interface DivergenceInfo {
  /** The loop that diverged, as the message should name it: "train", "sampleSgld chain 3". */
  where: string;
  /** Number of updates applied before the failure (so step 0 is at the starting point). */
  step: number;
  /** The step size in force: a learning rate for training, epsilon for SGLD. */
  stepSize: number;
  /** What the message calls the step size (default "step size"; training says "learning rate"). */
  stepSizeName?: string;
  /** What went wrong: the loss, the weights, or a loss that ran past a threshold. */
  quantity: "loss" | "weights" | "threshold";
  /** The offending value (the loss, the weights' sum, or the quantity compared with the threshold). */
  value: number;
  /** Seed of the run or chain, when known. */
  seed?: number | null;
  /** The threshold that `value` crossed (quantity "threshold"). */
  threshold?: number;
  /** What `value` measures (quantity "threshold"), e.g. "n beta (L - L_n(w*))". */
  measure?: string;
  /** How to avoid it, one sentence (default: lower the step size). */
  hint?: string;
}

function describe(info: DivergenceInfo): string {
  if (info.quantity === "loss") return `the minibatch loss is ${info.value}`;
  if (info.quantity === "weights") return `a weight became ${Number.isNaN(info.value) ? "NaN" : "infinite"} after the update`;
  return `${info.measure ?? "the monitored value"} = ${info.value} is above the threshold ${info.threshold}`;
}

/**
 * Thrown when a loop's loss or weights become NaN or infinite, or its loss runs past a stated
 * threshold. Carries where, the step, the step size, the value and the seed.
 *
 * @example
 * new DivergenceError({ where: "train", step: 3, stepSize: 10, quantity: "loss", value: Infinity }).message; // "train: diverged at step 3 with step size 10: the minibatch loss is Infinity. Lower the step size."
 */
export class DivergenceError extends Error {
  readonly where: string;
  readonly step: number;
  readonly stepSize: number;
  readonly quantity: DivergenceInfo["quantity"];
  readonly value: number;
  readonly seed: number | null;
  readonly threshold: number | null;
  private readonly measure: string | undefined;
  private readonly stepSizeName: string | undefined;
  private readonly hint: string | undefined;

  constructor(info: DivergenceInfo) {
    super(
      `${info.where}: diverged at step ${info.step} with ${info.stepSizeName ?? "step size"} ${info.stepSize}` +
        `${info.seed !== undefined && info.seed !== null ? ` (seed ${info.seed})` : ""}: ${describe(info)}. ${info.hint ?? "Lower the step size."}`,
    );
    this.name = "DivergenceError";
    this.where = info.where;
    this.step = info.step;
    this.stepSize = info.stepSize;
    this.quantity = info.quantity;
    this.value = info.value;
    this.seed = info.seed ?? null;
    this.threshold = info.threshold ?? null;
    this.measure = info.measure;
    this.stepSizeName = info.stepSizeName;
    this.hint = info.hint;
  }

  /** The plain data of this error, to rebuild it on the other side of a worker thread. */
  info(): DivergenceInfo {
    return {
      where: this.where, step: this.step, stepSize: this.stepSize, quantity: this.quantity, value: this.value, seed: this.seed,
      ...(this.threshold !== null ? { threshold: this.threshold } : {}), ...(this.stepSizeName !== undefined ? { stepSizeName: this.stepSizeName } : {}), ...(this.measure !== undefined ? { measure: this.measure } : {}), ...(this.hint !== undefined ? { hint: this.hint } : {}),
    };
  }
}
