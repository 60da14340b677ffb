/**
 * Argument and state checks shared by the optimizers. A module of its own so that sgd.ts and adam.ts
 * need not import optimizer.ts, which imports them (an import cycle the tslab kernel cannot load).
 */
import type { OptimizerState } from "./optimizer";

/** @internal shared option checks. */
export function checkOptimizerArgs(fn: string, numParams: number, checks: [string, number | undefined, number, number, boolean?][]): void {
  if (!Number.isInteger(numParams) || numParams < 1) {
    throw new RangeError(`${fn}: numParams must be an integer ≥ 1, got ${numParams}`);
  }
  for (const [name, value, low, high, openLow] of checks) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || (openLow ? value <= low : value < low) || value > high) {
      throw new RangeError(`${fn}: ${name} must be a finite number in ${openLow ? "(" : "["}${low}, ${high}], got ${value}`);
    }
  }
}

/** @internal checks a state before restoring it. */
export function checkState(fn: string, state: OptimizerState, kind: string, numBuffers: number, numParams: number): void {
  if (state.kind !== kind || state.buffers.length !== numBuffers || state.buffers.some((b) => b.length !== numParams)) {
    throw new RangeError(
      `${fn}: state must be a ${kind} state with ${numBuffers} buffers of length ${numParams}, got ${state.kind} with ${state.buffers.length} buffers`,
    );
  }
}
