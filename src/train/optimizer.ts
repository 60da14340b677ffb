/**
 * Optimizers as pure functions of typed arrays: they move a flat Float32Array of parameters given its
 * gradient, keep their state in Float32Arrays, and never touch tfjs.
 */
import { createAdam, type AdamOptions } from "./adam";
import { createSgd, type SgdOptions } from "./sgd";

/** Options of any optimizer, told apart by `kind` (plain data: storable in a trajectory header). */
export type OptimizerOptions = ({ kind: "sgd" } & SgdOptions) | ({ kind: "adam" } & AdamOptions);

/** The complete state of an optimizer, enough to continue bit-identically. */
export interface OptimizerState {
  kind: "sgd" | "adam";
  /** Updates applied so far. */
  stepCount: number;
  /** Per-parameter buffers (momentum; Adam's first and second moments), each of length numParams. */
  buffers: Float32Array[];
}

/** A stateful optimizer over a flat parameter vector. */
export interface Optimizer {
  readonly kind: "sgd" | "adam";
  readonly learningRate: number;
  /**
   * Applies one update in place. Returns the sum of the updated parameters, which is finite exactly
   * when every parameter is (a free divergence check).
   */
  step(params: Float32Array, gradient: Float32Array): number;
  /** A copy of the state. */
  state(): OptimizerState;
  /** Replaces the state with a copy of `state` (from {@link Optimizer.state} of the same kind and size). */
  restore(state: OptimizerState): void;
}

/**
 * Creates an optimizer from its options.
 *
 * @param options `{ kind: "sgd", learningRate, momentum?, weightDecay?, nesterov? }` or
 *   `{ kind: "adam", learningRate?, beta1?, beta2?, epsilon?, weightDecay?, decoupledWeightDecay? }`.
 * @param numParams length of the parameter vectors it will update (integer ≥ 1).
 * @throws RangeError for an unknown kind or an option outside its range (see {@link createSgd},
 *   {@link createAdam}).
 * @example
 * const opt = createOptimizer({ kind: "sgd", learningRate: 0.5 }, 1);
 * const w = new Float32Array([1]);
 * opt.step(w, new Float32Array([2])); // 0
 */
export function createOptimizer(options: OptimizerOptions, numParams: number): Optimizer {
  if (options.kind === "sgd") return createSgd(options, numParams);
  if (options.kind === "adam") return createAdam(options, numParams);
  throw new RangeError(`createOptimizer: options.kind must be "sgd" or "adam", got ${JSON.stringify((options as { kind: unknown }).kind)}`);
}

export { checkOptimizerArgs, checkState } from "./optimizerChecks";
