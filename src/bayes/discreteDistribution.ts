/**
 * Checking discrete probability distributions (vectors of cluster probabilities) before a distance
 * is computed from them.
 */

/** Largest |sum - 1| accepted for a probability vector: float64 rounding of sums of ~10^6 terms. */
export const PROBABILITY_SUM_TOLERANCE = 1e-9;

/**
 * Checks that `p` is a probability vector: finite, non-negative entries summing to 1.
 *
 * @param fn name of the calling function (for the message).
 * @param name name of the argument (for the message).
 * @param p the entries, length ≥ 1.
 * @param length the required length, or -1 for any.
 * @returns `p` as a Float64Array copy.
 * @throws RangeError naming the function, the argument, the bad entry or sum and the valid range.
 * @example
 * checkDistribution("f", "p", [0.25, 0.75]); // Float64Array [0.25, 0.75]
 */
export function checkDistribution(fn: string, name: string, p: ArrayLike<number>, length = -1): Float64Array {
  if (p === null || typeof p !== "object" || typeof p.length !== "number") {
    throw new TypeError(`${fn}: ${name} must be an array of probabilities, got ${String(p)}`);
  }
  if (p.length < 1) throw new RangeError(`${fn}: ${name} must have at least 1 entry, got 0`);
  if (length >= 0 && p.length !== length) throw new RangeError(`${fn}: ${name} must have length ${length} (as the other distribution), got ${p.length}`);
  const out = new Float64Array(p.length);
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (!(v >= 0 && v <= 1 + PROBABILITY_SUM_TOLERANCE)) throw new RangeError(`${fn}: ${name}[${i}] must be a finite number in [0, 1], got ${v}`);
    out[i] = v;
    sum += v;
  }
  if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
    throw new RangeError(`${fn}: ${name} must sum to 1 (within ${PROBABILITY_SUM_TOLERANCE}), got ${sum}`);
  }
  return out;
}
