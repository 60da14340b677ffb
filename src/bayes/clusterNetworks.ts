/**
 * Clustering an ensemble of trained networks into regions of a feature space (function space or
 * canonical parameter space) that other samples can be assigned to.
 */
import { agglomerativeClustering } from "./agglomerativeClustering";
import { kMedoids } from "./kMedoids";
import { nearestCluster } from "./nearestCluster";
import { pairwiseDistances } from "./pairwiseDistances";

/** Options of {@link clusterNetworks}. */
export interface ClusterNetworksOptions {
  /** "kMedoids" (default) or "averageLinkage" (see the method below). */
  method?: "kMedoids" | "averageLinkage";
  /** Clusters before small ones are dropped (default 6; integer in [1, n]). */
  numClusters?: number;
  /** Clusters with fewer members than this are dropped and their members reassigned (default max(2, 2% of n)). */
  minClusterSize?: number;
}

/** Clusters as Voronoi cells of representative networks. */
export interface NetworkClusters {
  /** Cluster of each row (its nearest representative), in [0, numClusters - 1], numbered by decreasing size. */
  labels: Int32Array;
  numClusters: number;
  sizes: Int32Array;
  /** Row index of each cluster's representative (a medoid of the average-linkage cluster). */
  representatives: Int32Array;
  /** The representatives' features, row-major numClusters x m (for assigning new samples with nearestCluster). */
  representativeFeatures: Float64Array;
  /** RMS distances between representatives, row-major K x K (a ground metric for wassersteinDistance). */
  representativeDistances: Float64Array;
  /** Number of tree clusters dropped as too small. */
  droppedClusters: number;
}

/**
 * Clusters networks by their features and turns the clusters into Voronoi cells of representatives.
 *
 * Method: RMS pairwise distances (pairwiseDistances); K-medoids (kMedoids, default) or an
 * average-linkage tree cut into `numClusters` (agglomerativeClustering); clusters smaller than
 * `minClusterSize` dropped (a handful of outlying runs cannot carry a probability estimate); each
 * remaining cluster represented by its medoid; every row then labelled by its nearest representative.
 * K-medoids is the default because trained networks often form one continuum with a few outliers,
 * which average linkage turns into one giant cluster plus outlier clusters that are then dropped. The same rule assigns any later sample (e.g. a
 * posterior draw, with nearestCluster and `representativeFeatures`), so SGD runs and posterior
 * samples are partitioned by one and the same partition of feature space.
 *
 * @param features row-major `n x m` features (function-space probabilities or canonical parameters).
 * @param numRows n ≥ 2.
 * @param options method (default "kMedoids"), numClusters (default 6), minClusterSize (default max(2, ceil(0.02 n))).
 * @returns {@link NetworkClusters}.
 * @throws RangeError for bad sizes, or when every cluster is smaller than minClusterSize.
 * @example
 * const c = clusterNetworks(new Float64Array([0, 0.1, 0.2, 5, 5.1, 9]), 6, { method: "averageLinkage", numClusters: 3, minClusterSize: 2 });
 * c.labels; // Int32Array [0, 0, 0, 1, 1, 1]
 * c.droppedClusters; // 1
 * @complexity O(n^3) for the tree, O(n^2 m) for the distances.
 */
export function clusterNetworks(features: Float64Array, numRows: number, options: ClusterNetworksOptions = {}): NetworkClusters {
  const fn = "clusterNetworks";
  const n = numRows;
  const distances = pairwiseDistances(features, n);
  const m = features.length / n;
  const method = options.method ?? "kMedoids";
  if (method !== "kMedoids" && method !== "averageLinkage") throw new RangeError(`${fn}: method must be "kMedoids" or "averageLinkage", got ${JSON.stringify(method)}`);
  const numClusters = Math.min(options.numClusters ?? 6, n);
  const tree = method === "kMedoids" ? kMedoids(distances, { numClusters }) : agglomerativeClustering(distances, { numClusters });
  const minSize = options.minClusterSize ?? Math.max(2, Math.ceil(0.02 * n));
  if (!Number.isInteger(minSize) || minSize < 1) throw new RangeError(`${fn}: minClusterSize must be an integer ≥ 1, got ${minSize}`);
  const kept: number[] = [];
  for (let c = 0; c < tree.numClusters; c++) if (tree.sizes[c]! >= minSize) kept.push(tree.medoids[c]!);
  if (kept.length === 0) throw new RangeError(`${fn}: every cluster is smaller than minClusterSize = ${minSize} (largest ${tree.sizes[0]})`);
  const refs = new Float64Array(kept.length * m);
  kept.forEach((row, k) => refs.set(features.subarray(row * m, (row + 1) * m), k * m));
  const first = nearestCluster(features, refs, kept.length).labels;
  // Renumber by decreasing Voronoi-cell size (ties: by tree order).
  const counts = new Int32Array(kept.length);
  for (const l of first) counts[l]!++;
  const order = Array.from({ length: kept.length }, (_, k) => k).sort((a, b) => counts[b]! - counts[a]! || a - b);
  const rank = new Int32Array(kept.length);
  order.forEach((k, r) => (rank[k] = r));
  const labels = first.map((l) => rank[l]!);
  const K = kept.length;
  const representatives = Int32Array.from(order, (k) => kept[k]!);
  const representativeFeatures = new Float64Array(K * m);
  order.forEach((k, r) => representativeFeatures.set(refs.subarray(k * m, (k + 1) * m), r * m));
  const representativeDistances = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) representativeDistances[i * K + j] = distances[representatives[i]! * n + representatives[j]!]!;
  return {
    labels,
    numClusters: K,
    sizes: Int32Array.from(order, (k) => counts[k]!),
    representatives,
    representativeFeatures,
    representativeDistances,
    droppedClusters: tree.numClusters - K,
  };
}
