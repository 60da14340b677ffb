/**
 * Moves between clusters along trajectories: the evidence that a steady state is global (SGD visits
 * every basin) or only local (each run stays where it landed).
 */

/** Transition counts between clusters along a set of labelled trajectories. */
export interface TransitionCounts {
  /** counts[k * K + l]: consecutive snapshot pairs labelled k then l (diagonal: stays), row-major K x K. */
  counts: Float64Array;
  numClusters: number;
  /** Consecutive pairs with different labels. */
  transitions: number;
  /** Consecutive pairs in all. */
  pairs: number;
  /** Trajectories with at least one transition. */
  movingRuns: number;
}

/**
 * Counts how often consecutive snapshots of each run change cluster.
 *
 * @param labels cluster of every snapshot, run-major (run r's snapshots at r * numSnapshots ...), integers in [0, numClusters - 1].
 * @param numSnapshots snapshots per run, an integer ≥ 2 dividing labels.length.
 * @param numClusters K ≥ 1.
 * @returns {@link TransitionCounts}.
 * @throws RangeError for sizes that do not fit or labels out of range.
 * @example
 * const t = transitionCounts([0, 0, 1, 1, 1, 1], 3, 2);
 * [t.transitions, t.pairs, t.movingRuns]; // [1, 4, 1]
 * @complexity O(labels.length).
 */
export function transitionCounts(labels: ArrayLike<number>, numSnapshots: number, numClusters: number): TransitionCounts {
  const fn = "transitionCounts";
  if (!Number.isInteger(numSnapshots) || numSnapshots < 2 || labels.length % numSnapshots !== 0 || labels.length === 0) {
    throw new RangeError(`${fn}: numSnapshots must be an integer ≥ 2 dividing labels.length = ${labels.length}, got ${numSnapshots}`);
  }
  if (!Number.isInteger(numClusters) || numClusters < 1) throw new RangeError(`${fn}: numClusters must be an integer ≥ 1, got ${numClusters}`);
  const K = numClusters;
  const counts = new Float64Array(K * K);
  let transitions = 0, pairs = 0, movingRuns = 0;
  for (let r = 0; r < labels.length / numSnapshots; r++) {
    let moved = false;
    for (let c = 1; c < numSnapshots; c++) {
      const a = labels[r * numSnapshots + c - 1]!, b = labels[r * numSnapshots + c]!;
      if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= K || b >= K) throw new RangeError(`${fn}: labels must be integers in [0, ${K - 1}], got ${a}, ${b} in run ${r}`);
      counts[a * K + b]!++;
      pairs++;
      if (a !== b) [transitions, moved] = [transitions + 1, true];
    }
    if (moved) movingRuns++;
  }
  return { counts, numClusters: K, transitions, pairs, movingRuns };
}
