/**
 * The whole cluster-level comparison for one choice of feature space: cluster the SGD runs, assign the
 * posterior draws to the same clusters, and compare raw and tempered SGD with the posterior.
 */
import type { MinibatchLoss } from "../model/minibatchLoss";
import type { SgldOptions } from "../slt/sgldSettings";
import { clusterNetworks, type ClusterNetworksOptions, type NetworkClusters } from "./clusterNetworks";
import { clusterSteadyState, type ClusterSteadyState } from "./clusterSteadyState";
import type { SteadyStateInput } from "./compareSteadyState";
import { nearestCluster } from "./nearestCluster";
import { pairwiseDistances } from "./pairwiseDistances";

/** Inputs of {@link analyseSteadyState}. */
export interface AnalyseSteadyStateInput {
  /** Maps parameter vectors to feature rows (function space or canonical parameters). */
  features: (paramsList: Float32Array[]) => Float64Array;
  /** Function-space features of the SGD runs (rows as `sgdParams`), for the Wasserstein ground metric. */
  functionSpaceFeatures: Float64Array;
  loss: MinibatchLoss;
  sgdParams: Float32Array[];
  sgdSnapshots: Float32Array;
  captureSteps: ArrayLike<number>;
  /** Posterior draws, chain-major, `numChains` chains of equal length. */
  posteriorDraws: Float32Array[];
  numChains: number;
  clustering?: ClusterNetworksOptions;
  llcRunsPerCluster?: number;
  sgld?: SgldOptions;
  comparison?: Pick<SteadyStateInput, "scales" | "baselinePowers" | "pseudoCount" | "bootstrap">;
  seed?: number;
}

/** The clusters, the posterior's assignment to them, and the comparison. */
export interface SteadyStateAnalysis {
  clusters: NetworkClusters;
  posteriorLabels: Int32Array;
  /** Mean distance of the posterior draws to their nearest representative (feature-space units). */
  posteriorMeanDistance: number;
  /** Function-space RMS distances between cluster representatives, K x K (the ground metric). */
  groundMetric: Float64Array;
  result: ClusterSteadyState;
  elapsedMs: number;
}

/**
 * Clusters SGD runs in a feature space, assigns posterior draws, and runs clusterSteadyState.
 *
 * Steps: clusterNetworks on `features(sgdParams)`; nearestCluster of `features(posteriorDraws)` to the
 * representatives (the same Voronoi partition for both); the ground metric of the Wasserstein distance
 * is always the function-space distance between the representatives (rows of
 * `functionSpaceFeatures`), whatever space the clustering used, so that W compares like with like;
 * then clusterSteadyState.
 *
 * @param input see {@link AnalyseSteadyStateInput}.
 * @returns a {@link SteadyStateAnalysis}.
 * @throws as clusterNetworks, nearestCluster and clusterSteadyState; RangeError when the function-space
 *   features do not have one row per SGD run.
 * @example
 * // Four SGD runs and four Langevin chains (two draws each) on 40 moons points, clustered by their
 * // decisions on an 8 x 8 probe grid (notebooks/08_moons_posterior.ipynb does this at full size).
 * const data = classificationData(makeMoons({ count: 40, noise: 0.2, seed: 1 }));
 * const network = denseNetwork({ widths: [2, 4, 2] });
 * const captureSteps = [100, 125, 150, 200];
 * const sgd = await trainTinyEnsemble({ network, data, seeds: [1, 2, 3, 4], numSteps: 200, captureSteps, progress: false });
 * const chains = await trainTinyEnsemble({ network, data, seeds: [5, 6, 7, 8], numSteps: 200, learningRate: 0.05, langevin: { nBeta: 40, priorStd: 1 }, captureSteps: [150, 200], progress: false });
 * const grid = probeGrid({ size: 8 });
 * const a = await analyseSteadyState({
 *   features: (list) => functionFeatures(network, list, grid.inputs, { decisions: true }),
 *   functionSpaceFeatures: functionFeatures(network, sgd.params, grid.inputs), loss: createTinyNetworkLoss({ network, data }),
 *   sgdParams: sgd.params, sgdSnapshots: sgd.snapshots, captureSteps, posteriorDraws: ensembleSnapshots(chains), numChains: 4,
 *   clustering: { numClusters: 2, minClusterSize: 1 }, llcRunsPerCluster: 1, sgld: { numChains: 1, numDraws: 50, numBurnin: 0 },
 *   comparison: { bootstrap: { numResamples: 20 } },
 * });
 * a.clusters.sizes; // Int32Array [3, 1]
 * a.posteriorLabels; // Int32Array [0, 0, 1, 0, 0, 0, 1, 0]
 * // The ground metric is the function-space distance between the two representatives, symmetric.
 * a.groundMetric[0] === 0 && a.groundMetric[1] === a.groundMetric[2] && a.groundMetric[1] > 0; // true
 */
export async function analyseSteadyState(input: AnalyseSteadyStateInput): Promise<SteadyStateAnalysis> {
  const t0 = performance.now();
  const n = input.sgdParams.length;
  if (input.functionSpaceFeatures.length % n !== 0) {
    throw new RangeError(`analyseSteadyState: functionSpaceFeatures must have one row per SGD run (${n}), got ${input.functionSpaceFeatures.length} numbers`);
  }
  const clusters = clusterNetworks(input.features(input.sgdParams), n, input.clustering);
  const assigned = nearestCluster(input.features(input.posteriorDraws), clusters.representativeFeatures, clusters.numClusters);
  const m = input.functionSpaceFeatures.length / n;
  const K = clusters.numClusters;
  const reps = new Float64Array(K * m);
  clusters.representatives.forEach((r, k) => reps.set(input.functionSpaceFeatures.subarray(r * m, (r + 1) * m), k * m));
  const groundMetric = pairwiseDistances(reps, K);
  const result = await clusterSteadyState({
    loss: input.loss,
    sgdParams: input.sgdParams,
    sgdSnapshots: input.sgdSnapshots,
    captureSteps: input.captureSteps,
    sgdLabels: clusters.labels,
    posteriorLabels: assigned.labels,
    numChains: input.numChains,
    numClusters: K,
    representatives: clusters.representatives,
    groundMetric,
    llcRunsPerCluster: input.llcRunsPerCluster,
    sgld: input.sgld,
    comparison: input.comparison,
    seed: input.seed,
  });
  const meanDistance = assigned.distances.reduce((a, b) => a + b, 0) / assigned.distances.length;
  return { clusters, posteriorLabels: assigned.labels, posteriorMeanDistance: meanDistance, groundMetric, result, elapsedMs: performance.now() - t0 };
}
