/**
 * Partitioning an ensemble into K regions around representative members.
 */
import type { Clustering } from "./agglomerativeClustering";

/** Options of {@link kMedoids}. */
export interface KMedoidsOptions {
  /** Number of clusters K, an integer in [1, n] (default 6). */
  numClusters?: number;
  /** Maximum number of assign/update rounds (default 100). */
  maxIterations?: number;
}

/**
 * K-medoids clustering from a distance matrix: PAM's greedy BUILD start, then alternating assignment
 * and medoid update (the "Voronoi iteration" of Park & Jun 2009) until the medoids stop changing.
 *
 * Minimises sum_i d(i, medoid(i)) over K members used as centres. BUILD adds, one at a time, the item
 * that most lowers this cost, so the start is deterministic and, unlike farthest-first starts, is not
 * drawn to outliers. Each round assigns every item to its nearest medoid (ties: the lowest index) and
 * moves each medoid to the member with the smallest summed distance to its cluster. Unlike average
 * linkage, which isolates outlying runs and leaves one giant cluster when the solutions form a single
 * continuum, K-medoids cuts such a continuum into K comparable regions. Clusters are numbered by
 * decreasing size; clusters left empty (possible only with duplicate items) are removed.
 *
 * @param distances symmetric `n x n` matrix, row-major, finite and ≥ 0.
 * @param options.numClusters K (default 6); options.maxIterations (default 100).
 * @returns a {@link Clustering} (mergeHeights empty: there is no tree).
 * @throws RangeError when the matrix is not square or K is out of range.
 * @example
 * const d = pairwiseDistances(new Float64Array([0, 0.1, 5, 5.2, 5.1]), 5);
 * kMedoids(d, { numClusters: 2 }).labels; // Int32Array [1, 1, 0, 0, 0]
 * @complexity O(K n^2) for the start, O(n K + sum of squared cluster sizes) per round.
 */
export function kMedoids(distances: Float64Array, options: KMedoidsOptions = {}): Clustering {
  const fn = "kMedoids";
  const n = Math.round(Math.sqrt(distances.length));
  if (n < 1 || n * n !== distances.length) throw new RangeError(`${fn}: distances must be a square n x n matrix, got ${distances.length} entries`);
  const K = options.numClusters ?? 6;
  if (!Number.isInteger(K) || K < 1 || K > n) throw new RangeError(`${fn}: numClusters must be an integer in [1, ${n}], got ${K}`);
  const maxIterations = options.maxIterations ?? 100;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new RangeError(`${fn}: maxIterations must be an integer ≥ 1, got ${maxIterations}`);
  // BUILD.
  const medoids: number[] = [];
  const nearest = new Float64Array(n).fill(Infinity);
  for (let k = 0; k < K; k++) {
    let best = -1, bestCost = Infinity;
    for (let c = 0; c < n; c++) {
      if (medoids.includes(c)) continue;
      let cost = 0;
      for (let i = 0; i < n; i++) cost += Math.min(nearest[i]!, distances[i * n + c]!);
      if (cost < bestCost) {
        bestCost = cost;
        best = c;
      }
    }
    medoids.push(best);
    for (let i = 0; i < n; i++) nearest[i] = Math.min(nearest[i]!, distances[i * n + best]!);
  }
  const labels = new Int32Array(n);
  const assign = (): void => {
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < medoids.length; k++) if (distances[i * n + medoids[k]!]! < distances[i * n + medoids[best]!]!) best = k;
      labels[i] = best;
    }
  };
  for (let iter = 0; iter < maxIterations; iter++) {
    assign();
    let changed = false;
    for (let k = 0; k < medoids.length; k++) {
      const members: number[] = [];
      for (let i = 0; i < n; i++) if (labels[i] === k) members.push(i);
      if (members.length === 0) continue;
      let best = medoids[k]!, bestSum = Infinity;
      for (const c of members) {
        let s = 0;
        for (const j of members) s += distances[c * n + j]!;
        if (s < bestSum - 1e-12 * Math.max(1, bestSum) || (s <= bestSum && c === medoids[k])) {
          bestSum = s;
          best = c;
        }
      }
      if (best !== medoids[k]) {
        medoids[k] = best;
        changed = true;
      }
    }
    if (!changed) break;
  }
  assign();
  const counts = new Int32Array(medoids.length);
  for (const l of labels) counts[l]!++;
  const order = Array.from({ length: medoids.length }, (_, k) => k).filter((k) => counts[k]! > 0).sort((a, b) => counts[b]! - counts[a]! || medoids[a]! - medoids[b]!);
  const rank = new Int32Array(medoids.length).fill(-1);
  order.forEach((k, r) => (rank[k] = r));
  return {
    labels: labels.map((l) => rank[l]!),
    numClusters: order.length,
    sizes: Int32Array.from(order, (k) => counts[k]!),
    medoids: Int32Array.from(order, (k) => medoids[k]!),
    mergeHeights: new Float64Array(0),
  };
}
