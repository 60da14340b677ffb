/**
 * Assigning new points (e.g. posterior samples) to existing clusters.
 */

/**
 * The nearest reference row (e.g. a cluster medoid) of each feature row, by root-mean-square distance.
 *
 * @param features row-major `n x m` features of the points to assign.
 * @param references row-major `K x m` features of the cluster representatives.
 * @param numReferences K ≥ 1.
 * @returns for each point, the index in [0, K - 1] of its nearest representative (ties: the lowest),
 *   and the distance to it.
 * @throws RangeError when the widths disagree or K does not divide references.length.
 * @example
 * nearestCluster(new Float64Array([0.9, 0.1]), new Float64Array([0, 1]), 2).labels; // Int32Array [1, 0]
 * @complexity O(n K m).
 */
export function nearestCluster(features: Float64Array, references: Float64Array, numReferences: number): { labels: Int32Array; distances: Float64Array } {
  if (!Number.isInteger(numReferences) || numReferences < 1 || references.length % numReferences !== 0 || references.length === 0) {
    throw new RangeError(`nearestCluster: numReferences must be a positive integer dividing references.length = ${references.length}, got ${numReferences}`);
  }
  const m = references.length / numReferences;
  if (features.length % m !== 0) throw new RangeError(`nearestCluster: features.length must be a multiple of the feature width ${m}, got ${features.length}`);
  const n = features.length / m;
  const labels = new Int32Array(n), distances = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity, arg = 0;
    for (let k = 0; k < numReferences; k++) {
      let s = 0;
      for (let j = 0; j < m; j++) {
        const diff = features[i * m + j]! - references[k * m + j]!;
        s += diff * diff;
      }
      if (s < best) {
        best = s;
        arg = k;
      }
    }
    labels[i] = arg;
    distances[i] = Math.sqrt(best / m);
  }
  return { labels, distances };
}
