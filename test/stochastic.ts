/**
 * Stochastic ground-truth checks as data: what is estimated, its exact value, the tolerance, and how
 * to compute the estimate at a seed offset. The tests run each check at the run's seed offset
 * (`checkCase`); `test/measureSpread.ts` runs them at many offsets and writes the measured bias and
 * spread of every estimate to `test/fixtures/seedSpread/`, which is where the tolerances come from:
 * each is at least |bias| + 3.5 sd of the measured errors.
 *
 * Run without arguments (as the test runner does for every file under test/) this module does nothing.
 */
import * as assert from "node:assert/strict";
import { seedNote, seedOffset } from "./seeds";

/** One estimated quantity of a check. */
export interface Quantity {
  /** The exact value. */
  truth: number;
  /**
   * Accepted error: a number t accepts |error| ≤ t, a pair [below, above] accepts -below ≤ error ≤ above.
   * The error is estimate - truth, or estimate / truth - 1 when `relative`.
   */
  tolerance: number | readonly [number, number];
  relative?: boolean;
  /**
   * For a count of rare events out of this many trials (e.g. false crossovers in 12 ensembles): the
   * spread table then judges the tolerance by the binomial tail at the measured rate, not by 3.5 sd.
   */
  trials?: number;
}

/** A stochastic check: named quantities and the function that estimates them at a seed offset. */
export interface StochasticCase {
  /** Short identifier, the row name in the spread table. */
  name: string;
  /** The test that runs it (file: test name), for the table. */
  test: string;
  quantities: Record<string, Quantity>;
  /** Estimates of every quantity with the test's seeds shifted by 1000 x offset. */
  run(offset: number): Record<string, number> | Promise<Record<string, number>>;
}

/** The error of an estimate of a quantity (relative or absolute, as the quantity says). */
export function quantityError(q: Quantity, estimate: number): number {
  return q.relative ? estimate / q.truth - 1 : estimate - q.truth;
}

/** The accepted error interval [lo, hi] of a quantity. */
export function toleranceInterval(q: Quantity): [number, number] {
  return typeof q.tolerance === "number" ? [-q.tolerance, q.tolerance] : [-q.tolerance[0], q.tolerance[1]];
}

/**
 * Runs a case at the run's seed offset (or the given one) and asserts every quantity inside its
 * tolerance; the failure message names the estimate, the truth, the tolerance and the seed offset.
 * @returns the estimates, for further assertions.
 */
export async function checkCase(c: StochasticCase, offset = seedOffset()): Promise<Record<string, number>> {
  const values = await c.run(offset);
  checkValues(c, values, offset);
  return values;
}

/** Asserts estimates computed elsewhere (as `c.run(offset)` would) inside the case's tolerances. */
export function checkValues(c: StochasticCase, values: Record<string, number>, offset = seedOffset()): void {
  for (const [key, q] of Object.entries(c.quantities)) {
    const estimate = values[key];
    assert.ok(typeof estimate === "number", `${c.name}: the run returned no ${key}`);
    const error = quantityError(q, estimate);
    const [lo, hi] = toleranceInterval(q);
    assert.ok(
      error >= lo && error <= hi,
      `${c.name}: ${key} = ${estimate} against ${q.truth}, error ${error.toPrecision(3)}${q.relative ? " (relative)" : ""} outside [${lo}, ${hi}]; ${seedNote(offset)}`,
    );
  }
}
