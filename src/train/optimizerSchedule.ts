/**
 * Switching optimizer or learning rate at given steps (the paper's "Adam, then low-learning-rate SGD").
 */
import type { OptimizerOptions } from "./optimizer";

/** From step `fromStep` on (until the next phase), train with `optimizer`. */
export interface OptimizerPhase {
  /** First step of the phase: 0 for the first phase, strictly increasing after. */
  fromStep: number;
  optimizer: OptimizerOptions;
}

/**
 * Checks a list of phases and returns a function giving the phase index in force at a step.
 *
 * Each phase starts a fresh optimizer (new momentum / moments), as creating a new PyTorch optimizer
 * does; a phase that only lowers the learning rate of SGD without momentum is therefore exact.
 *
 * @param phases at least one; `phases[0].fromStep` must be 0 and the starts strictly increasing integers.
 * @returns `phaseAt(step)`: index into `phases` of the phase containing `step` (≥ 0).
 * @throws RangeError naming the phase whose start is out of order.
 * @example
 * const phaseAt = optimizerSchedule([
 *   { fromStep: 0, optimizer: { kind: "adam" } },
 *   { fromStep: 100, optimizer: { kind: "sgd", learningRate: 1e-3 } },
 * ]);
 * phaseAt(99); // 0
 * phaseAt(100); // 1
 */
export function optimizerSchedule(phases: OptimizerPhase[]): (step: number) => number {
  if (!Array.isArray(phases) || phases.length === 0) {
    throw new RangeError(`optimizerSchedule: phases must hold at least one phase, got ${JSON.stringify(phases)}`);
  }
  phases.forEach((phase, i) => {
    const previous = i === 0 ? -1 : phases[i - 1]!.fromStep;
    if (!Number.isInteger(phase.fromStep) || (i === 0 ? phase.fromStep !== 0 : phase.fromStep <= previous)) {
      throw new RangeError(
        `optimizerSchedule: phases[${i}].fromStep must be ${i === 0 ? "0" : `an integer > ${previous} (the previous phase's start)`}, got ${phase.fromStep}`,
      );
    }
  });
  const starts = phases.map((p) => p.fromStep);
  return (step: number): number => {
    let k = 0;
    while (k + 1 < starts.length && starts[k + 1]! <= step) k++;
    return k;
  };
}
