/**
 * Cluster probabilities estimated from cluster memberships.
 */

/**
 * The probability of each cluster estimated from the cluster labels of a sample, with additive
 * smoothing.
 *
 * p_k = (n_k + a) / (N + K a) for counts n_k of N labels and pseudo-count a. Variant: a = 1/2 by
 * default (the Jeffreys prior's posterior mean, Krichevsky–Trofimov), so that a cluster unseen in one
 * sample (or one bootstrap resample) has a small positive probability and KL divergences stay finite.
 * Optional weights count labels fractionally (e.g. 1 / draws per chain).
 *
 * @param labels cluster labels, integers in [0, numClusters - 1].
 * @param numClusters K ≥ 1.
 * @param options.pseudoCount a ≥ 0 (default 0.5); options.indices: count only labels[indices[i]]
 *   (repeats count again: a bootstrap resample).
 * @returns K probabilities summing to 1.
 * @throws RangeError for a label out of range, K < 1, a < 0, or no labels with a = 0.
 * @example
 * clusterProbabilities([0, 0, 1], 2, { pseudoCount: 0 }); // Float64Array [0.6666666666666666, 0.3333333333333333]
 * clusterProbabilities([0, 0, 0], 2); // Float64Array [0.875, 0.125]
 * @complexity O(N + K).
 */
export function clusterProbabilities(labels: ArrayLike<number>, numClusters: number, options: { pseudoCount?: number; indices?: ArrayLike<number> } = {}): Float64Array {
  const fn = "clusterProbabilities";
  if (!Number.isInteger(numClusters) || numClusters < 1) throw new RangeError(`${fn}: numClusters must be an integer ≥ 1, got ${numClusters}`);
  const a = options.pseudoCount ?? 0.5;
  if (!(a >= 0) || !Number.isFinite(a)) throw new RangeError(`${fn}: pseudoCount must be a finite number ≥ 0, got ${a}`);
  const counts = new Float64Array(numClusters);
  const idx = options.indices;
  const N = idx ? idx.length : labels.length;
  for (let i = 0; i < N; i++) {
    const label = labels[idx ? idx[i]! : i]!;
    if (!Number.isInteger(label) || label < 0 || label >= numClusters) throw new RangeError(`${fn}: labels must be integers in [0, ${numClusters - 1}], got ${label}`);
    counts[label]!++;
  }
  const total = N + numClusters * a;
  if (total === 0) throw new RangeError(`${fn}: no labels and pseudoCount 0 leave the probabilities undefined`);
  return counts.map((c) => (c + a) / total);
}
