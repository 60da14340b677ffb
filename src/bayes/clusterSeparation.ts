/**
 * Whether clusters are real: separation between clusters against spread within them.
 */

/** Separation of a partition, from its pairwise distances. */
export interface ClusterSeparation {
  /** Mean silhouette over all points, in [-1, 1] (near 1: tight, well separated clusters; near 0: a continuum cut into cells). */
  silhouette: number;
  /** Mean silhouette of each cluster's members, length K. */
  clusterSilhouette: Float64Array;
  /** Mean distance between two members of cluster k (0 for a singleton), length K. */
  within: Float64Array;
  /** Mean distance between a member of k and a member of l, row-major K x K (diagonal: `within`). */
  between: Float64Array;
  /** Smallest distance between a member of k and a member of l, row-major K x K (diagonal 0). */
  gap: Float64Array;
  /** Median over points of the distance to the nearest other member of the same cluster (the sampling spacing). */
  spacing: number;
  /**
   * The smallest gap between two clusters over the spacing: ≈ 1 or below when clusters are cells cut
   * out of one continuum (neighbours across a cell border are as close as neighbours within), well
   * above 1 when empty space separates them (Infinity for K = 1).
   */
  gapRatio: number;
}

/**
 * Silhouette, mean distances and the gap ratio of a partition. Silhouette (Rousseeuw 1987): for point
 * i in cluster k, a_i = mean distance to the other members of k, b_i = min over l != k of the mean
 * distance to the members of l, s_i = (b_i - a_i) / max(a_i, b_i) (0 for singletons). The silhouette
 * alone cannot tell a continuum from distinct types (a uniform segment cut in two has silhouette 0.62);
 * the gap ratio can: the smallest distance between members of two different clusters over the median
 * nearest-neighbour distance within clusters is about 1 for cells of a continuum and large for
 * clusters with empty space between them.
 *
 * @param distances symmetric n x n distances, row-major.
 * @param labels cluster of each point, integers in [0, K - 1], every cluster non-empty.
 * @returns a {@link ClusterSeparation}.
 * @throws RangeError when the sizes disagree or a label is out of range or a cluster is empty.
 * @example
 * const x = [0, 0.1, 5, 5.2];
 * const d = Float64Array.from({ length: 16 }, (_, k) => Math.abs(x[Math.floor(k / 4)] - x[k % 4]));
 * const s = clusterSeparation(d, [0, 0, 1, 1]);
 * s.silhouette > 0.9; // true
 * s.gapRatio > 20; // true
 * @complexity O(n^2).
 */
export function clusterSeparation(distances: Float64Array, labels: ArrayLike<number>): ClusterSeparation {
  const fn = "clusterSeparation";
  const n = labels.length;
  if (n < 1 || distances.length !== n * n) throw new RangeError(`${fn}: distances must be ${n} x ${n} = ${n * n} long for ${n} labels, got ${distances.length}`);
  let K = 0;
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0) throw new RangeError(`${fn}: labels must be non-negative integers, got ${l} at ${i}`);
    K = Math.max(K, l + 1);
  }
  const sizes = new Float64Array(K);
  for (let i = 0; i < n; i++) sizes[labels[i]!]!++;
  if (sizes.some((s) => s === 0)) throw new RangeError(`${fn}: every cluster in [0, ${K - 1}] must have a member; renumber the labels`);
  // sums[i * K + l]: total distance from point i to the members of cluster l.
  const sums = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sums[i * K + labels[j]!]! += distances[i * n + j]!;
  const between = new Float64Array(K * K), clusterSilhouette = new Float64Array(K);
  let silhouette = 0;
  for (let i = 0; i < n; i++) {
    const k = labels[i]!;
    for (let l = 0; l < K; l++) between[k * K + l]! += sums[i * K + l]!;
    if (sizes[k] === 1) continue;
    const a = sums[i * K + k]! / (sizes[k]! - 1);
    let b = Infinity;
    for (let l = 0; l < K; l++) if (l !== k) b = Math.min(b, sums[i * K + l]! / sizes[l]!);
    const s = K === 1 ? 0 : (b - a) / Math.max(a, b) || 0;
    silhouette += s / n;
    clusterSilhouette[k]! += s / sizes[k]!;
  }
  const within = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) between[k * K + l] = between[k * K + l]! / (sizes[k]! * (l === k ? Math.max(1, sizes[k]! - 1) : sizes[l]!));
    within[k] = between[k * K + k]!;
  }
  const gap = new Float64Array(K * K).fill(Infinity);
  const nearest = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const k = labels[i]!;
    gap[k * K + k] = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const l = labels[j]!, v = distances[i * n + j]!;
      if (l === k) nearest[i] = Math.min(nearest[i]!, v);
      else if (v < gap[k * K + l]!) gap[k * K + l] = v;
    }
  }
  const finite = Float64Array.from(nearest.filter(Number.isFinite)).sort();
  const spacing = finite.length ? finite[Math.floor((finite.length - 1) / 2)]! : Number.NaN;
  let gapRatio = Infinity;
  for (let k = 0; k < K; k++) for (let l = k + 1; l < K; l++) gapRatio = Math.min(gapRatio, gap[k * K + l]! / spacing);
  return { silhouette, clusterSilhouette, within, between, gap, spacing, gapRatio };
}
