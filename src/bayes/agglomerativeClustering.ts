/**
 * Hierarchical clustering of trained networks from their pairwise distances.
 */

/** A flat clustering of n items. */
export interface Clustering {
  /** Cluster of each item, in [0, numClusters - 1]; clusters are numbered by decreasing size (ties: by smallest member index). */
  labels: Int32Array;
  numClusters: number;
  /** Number of items in each cluster. */
  sizes: Int32Array;
  /** Index of each cluster's medoid: the member with the smallest summed distance to its cluster. */
  medoids: Int32Array;
  /** Linkage distance of each of the n - K merges made, in merge order (non-decreasing for average linkage). */
  mergeHeights: Float64Array;
}

/** Options of {@link agglomerativeClustering}. */
export interface AgglomerativeOptions {
  /** Number of clusters to cut the tree into, an integer in [1, n] (default 6). */
  numClusters?: number;
}

/**
 * Average-linkage (UPGMA) agglomerative clustering, cut into a given number of clusters.
 *
 * Start with every item its own cluster; repeatedly merge the two clusters with the smallest average
 * pairwise distance, updating distances by the Lance–Williams rule
 * d(k, i ∪ j) = (|i| d(k, i) + |j| d(k, j)) / (|i| + |j|); stop at `numClusters` clusters. Variant:
 * the naive O(n^3) algorithm (fine for the ~10^3 networks of an ensemble); ties broken by the lowest
 * cluster indices, so the result is deterministic. Average linkage is used because it neither chains
 * like single linkage nor forces equal-variance clusters like Ward's method.
 *
 * @param distances symmetric `n x n` matrix, row-major, finite and ≥ 0 (e.g. from pairwiseDistances).
 * @param options.numClusters K in [1, n] (default 6).
 * @returns a {@link Clustering}: labels by decreasing cluster size, sizes, medoids, merge heights.
 * @throws RangeError when the matrix is not square or K is out of range.
 * @example
 * const d = pairwiseDistances(new Float64Array([0, 0.1, 5, 5.2, 5.1]), 5);
 * agglomerativeClustering(d, { numClusters: 2 }).labels; // Int32Array [1, 1, 0, 0, 0]
 * @complexity O(n^3) time, O(n^2) memory.
 */
export function agglomerativeClustering(distances: Float64Array, options: AgglomerativeOptions = {}): Clustering {
  const fn = "agglomerativeClustering";
  const n = Math.round(Math.sqrt(distances.length));
  if (n < 1 || n * n !== distances.length) throw new RangeError(`${fn}: distances must be a square n x n matrix, got ${distances.length} entries`);
  const K = options.numClusters ?? 6;
  if (!Number.isInteger(K) || K < 1 || K > n) throw new RangeError(`${fn}: numClusters must be an integer in [1, ${n}], got ${K}`);
  const d = Float64Array.from(distances);
  const size = new Int32Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const parent = Int32Array.from({ length: n }, (_, i) => i); // union-find into the surviving index
  const mergeHeights = new Float64Array(n - K);
  for (let merge = 0; merge < n - K; merge++) {
    let best = Infinity, bi = -1, bj = -1;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (!active[j]) continue;
        const v = d[i * n + j]!;
        if (v < best) {
          best = v;
          bi = i;
          bj = j;
        }
      }
    }
    mergeHeights[merge] = best;
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === bi || k === bj) continue;
      const v = (size[bi]! * d[k * n + bi]! + size[bj]! * d[k * n + bj]!) / (size[bi]! + size[bj]!);
      d[k * n + bi] = d[bi * n + k] = v;
    }
    size[bi]! += size[bj]!;
    active[bj] = 0;
    parent[bj] = bi;
  }
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i]!;
    return i;
  };
  const roots = Array.from({ length: n }, (_, i) => root(i));
  const groups = new Map<number, number[]>();
  roots.forEach((r, i) => {
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(i);
  });
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  const labels = new Int32Array(n);
  const sizes = new Int32Array(ordered.length);
  const medoids = new Int32Array(ordered.length);
  ordered.forEach((members, c) => {
    sizes[c] = members.length;
    let bestSum = Infinity;
    for (const i of members) {
      labels[i] = c;
      let s = 0;
      for (const j of members) s += distances[i * n + j]!;
      if (s < bestSum) {
        bestSum = s;
        medoids[c] = i;
      }
    }
  });
  return { labels, numClusters: ordered.length, sizes, medoids, mergeHeights };
}
