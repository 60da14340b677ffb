/**
 * The error a training run throws when its loss or weights stop being finite.
 */

/**
 * Thrown when the minibatch loss or a weight becomes NaN or infinite. Carries the step (number of
 * updates applied before it, so the loss at step 0 is at the initial weights), the learning rate in
 * force, and what went non-finite.
 *
 * @example
 * new DivergenceError({ step: 3, learningRate: 10, quantity: "loss", value: Infinity }).message; // "train: diverged at step 3 with learning rate 10: the minibatch loss is Infinity. Lower the learning rate or add weight decay."
 */
export class DivergenceError extends Error {
  readonly step: number;
  readonly learningRate: number;
  readonly quantity: "loss" | "weights";
  readonly value: number;
  /** Seed of the run (set when known). */
  readonly seed: number | null;

  constructor(info: { step: number; learningRate: number; quantity: "loss" | "weights"; value: number; seed?: number | null }) {
    const what = info.quantity === "loss" ? `the minibatch loss is ${info.value}` : `a weight became ${Number.isNaN(info.value) ? "NaN" : "infinite"} after the update`;
    super(
      `train: diverged at step ${info.step} with learning rate ${info.learningRate}${info.seed !== undefined && info.seed !== null ? ` (seed ${info.seed})` : ""}: ${what}. Lower the learning rate or add weight decay.`,
    );
    this.name = "DivergenceError";
    this.step = info.step;
    this.learningRate = info.learningRate;
    this.quantity = info.quantity;
    this.value = info.value;
    this.seed = info.seed ?? null;
  }
}
