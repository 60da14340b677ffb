import { CompensatedSum } from "../util/compensatedSum";
import { checkWalk, type Walk } from "./walk";

/** Options of {@link displacementFromReference}. */
export interface DisplacementOptions {
  /** Index of the reference snapshot t0, an integer in [0, T-1] (default 0). */
  reference?: number;
}

/** Displacement R(t) = |w(t) - w(t0)| of every snapshot. */
export interface Displacement {
  /** Elapsed time t - t0 for the snapshots after the reference. */
  elapsed: Float64Array;
  /** R(t) = |w(t) - w(t0)| (Euclidean norm, position units), same length as elapsed. */
  distance: Float64Array;
}

/**
 * The Euclidean distance of each later snapshot from a reference snapshot.
 *
 * Paper: R(t) = |w(t) - w(t0)|, the displacement whose growth R ~ t^(1/d_w) defines the walk
 * dimension (arXiv 2503.22478). Squared norms are accumulated in float64 with Neumaier summation.
 *
 * @param walk trajectory (T snapshots x P coordinates).
 * @param options.reference index of t0 (default 0).
 * @returns elapsed times t - t0 > 0 and distances, both of length T - 1 - reference.
 * @throws RangeError when reference is not an integer in [0, T-2].
 * @example
 * const walk = createWalk(new Float64Array([0, 0, 3, 4, 6, 8]), 2);
 * displacementFromReference(walk).distance; // Float64Array [5, 10]
 * @complexity O(T P).
 */
export function displacementFromReference(walk: Walk, options: DisplacementOptions = {}): Displacement {
  const t = checkWalk("displacementFromReference", walk);
  const ref = options.reference ?? 0;
  if (!Number.isInteger(ref) || ref < 0 || ref > t - 2) {
    throw new RangeError(`displacementFromReference: reference must be an integer in [0, ${t - 2}], got ${ref}`);
  }
  const p = walk.dimension;
  const x = walk.positions;
  const n = t - 1 - ref;
  const elapsed = new Float64Array(n);
  const distance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = (ref + 1 + i) * p;
    const s = new CompensatedSum();
    for (let j = 0; j < p; j++) {
      const d = x[row + j]! - x[ref * p + j]!;
      s.add(d * d);
    }
    elapsed[i] = walk.times[ref + 1 + i]! - walk.times[ref]!;
    distance[i] = Math.sqrt(s.value());
  }
  return { elapsed, distance };
}
