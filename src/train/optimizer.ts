/**
 * Optimizers as pure functions of typed arrays: they move a flat Float32Array of parameters given its
 * gradient, keep their state in Float32Arrays, and never touch tfjs. They sit in one registry,
 * {@link OPTIMIZERS}: a new optimizer is one file exporting `createX(options, numParams): Optimizer`
 * and one entry there.
 */
import { createAdam } from "./adam";
import { createLangevin } from "./langevin";
import { createSgd } from "./sgd";

/** The optimizers by kind. */
export const OPTIMIZERS = { sgd: createSgd, adam: createAdam, langevin: createLangevin } as const;

/** Names of the registered optimizers. */
export type OptimizerKind = keyof typeof OPTIMIZERS;

/** Options of any optimizer, told apart by `kind` (plain data: storable in a trajectory header). */
export type OptimizerOptions = { [K in OptimizerKind]: { kind: K } & Parameters<(typeof OPTIMIZERS)[K]>[0] }[OptimizerKind];

/** The complete state of an optimizer, enough to continue bit-identically. */
export interface OptimizerState {
  kind: string;
  /** Updates applied so far. */
  stepCount: number;
  /** Per-parameter buffers (momentum; Adam's first and second moments), each of length numParams. */
  buffers: Float32Array[];
  /** Small scalar state as plain numbers (a noise generator's), when the optimizer has any. */
  extra?: number[];
}

/** A stateful optimizer over a flat parameter vector. */
export interface Optimizer {
  readonly kind: string;
  /** The base learning rate (a schedule scales it per step). */
  readonly learningRate: number;
  /**
   * Applies one update in place, with `learningRate` for this step when given (a schedule's value;
   * default the base rate). Returns the sum of the updated parameters, which is finite exactly when
   * every parameter is (a free divergence check).
   */
  step(params: Float32Array, gradient: Float32Array, learningRate?: number): number;
  /** A copy of the state. */
  state(): OptimizerState;
  /** Replaces the state with a copy of `state` (from {@link Optimizer.state} of the same kind and size). */
  restore(state: OptimizerState): void;
}

/**
 * Creates an optimizer from its options, through the registry {@link OPTIMIZERS}.
 *
 * @param options `{ kind: "sgd", learningRate, momentum?, weightDecay?, nesterov? }` or
 *   `{ kind: "adam", learningRate?, beta1?, beta2?, epsilon?, weightDecay?, decoupledWeightDecay? }`.
 * @param numParams length of the parameter vectors it will update (integer ≥ 1).
 * @throws RangeError for an unknown kind (naming the registered ones) or an option outside its range
 *   (see {@link createSgd}, {@link createAdam}).
 * @example
 * const opt = createOptimizer({ kind: "sgd", learningRate: 0.5 }, 1);
 * const w = new Float32Array([1]);
 * opt.step(w, new Float32Array([2])); // 0
 */
export function createOptimizer(options: OptimizerOptions, numParams: number): Optimizer {
  const kind = (options as { kind?: unknown } | null)?.kind;
  const factory = typeof kind === "string" && Object.prototype.hasOwnProperty.call(OPTIMIZERS, kind) ? OPTIMIZERS[kind as OptimizerKind] : undefined;
  if (!factory) {
    throw new RangeError(`createOptimizer: options.kind must be one of ${Object.keys(OPTIMIZERS).map((k) => JSON.stringify(k)).join(", ")}, got ${JSON.stringify(kind)}`);
  }
  return (factory as (o: unknown, n: number) => Optimizer)(options, numParams);
}

export { checkOptimizerArgs, checkState } from "./optimizerChecks";
