/**
 * Everything the steady-state comparison needs per cluster: the LLC near it, the diffusion exponent
 * of the SGD runs that end in it, the paper's spectral dimension, and the comparison itself.
 */
import type { MinibatchLoss } from "../model/minibatchLoss";
import { estimateLlc } from "../slt/estimateLlc";
import type { SgldOptions } from "../slt/sgldSettings";
import { createRandom } from "../util/random";
import { clusterDisplacementExponents, type ClusterDisplacementExponent } from "./clusterDisplacementExponents";
import { compareSteadyState, type SteadyStateComparison, type SteadyStateInput } from "./compareSteadyState";

/** Inputs of {@link clusterSteadyState}. */
export interface ClusterSteadyStateInput {
  /** The loss of one network on the training data (for the LLC), e.g. createTinyNetworkLoss. */
  loss: MinibatchLoss;
  /** Final weights of the SGD runs. */
  sgdParams: Float32Array[];
  /** Recorded SGD weights, member-major (trainTinyEnsemble's snapshots) and their steps. */
  sgdSnapshots: Float32Array;
  captureSteps: ArrayLike<number>;
  /** Cluster of each SGD run and of each posterior draw (chain-major), and the number of chains. */
  sgdLabels: Int32Array;
  posteriorLabels: Int32Array;
  numChains: number;
  numClusters: number;
  /** Row index (SGD run) of each cluster's representative. */
  representatives: ArrayLike<number>;
  /** Ground metric between clusters, K x K. */
  groundMetric: ArrayLike<number>;
  /** LLC runs per cluster: the representative plus randomly chosen members (default 3). */
  llcRunsPerCluster?: number;
  /** SGLD settings of the LLC (see SgldOptions; workers default false). */
  sgld?: SgldOptions;
  /** Options passed to compareSteadyState (scales, baseline powers, pseudo-count, bootstrap). */
  comparison?: Pick<SteadyStateInput, "scales" | "baselinePowers" | "pseudoCount" | "bootstrap">;
  /** Seed of the choice of LLC runs (default 0). */
  seed?: number;
}

/** Per-cluster geometry and the comparison. */
export interface ClusterSteadyState {
  /** lambda_k: mean LLC over the cluster's LLC runs, and its standard deviation over runs. */
  learningCoefficients: Float64Array;
  learningCoefficientStd: Float64Array;
  /** Late-training displacement exponent alpha_k of each cluster's SGD runs. */
  exponents: ClusterDisplacementExponent[];
  /** d_s,k = 2 lambda_k alpha_k (the paper's relation) and d_w,k = 1 / alpha_k. */
  spectralDimensions: Float64Array;
  walkDimensions: Float64Array;
  /** Clusters whose alpha was outside (0, 1] or whose LLC was ≤ 0 and was clamped (see the method). */
  clamped: number[];
  comparison: SteadyStateComparison;
}

/**
 * Estimates each cluster's learning coefficient and diffusion exponent and compares SGD's cluster
 * probabilities, raw and tempered by D_xi, with the posterior's.
 *
 * Per cluster k: lambda_k = mean of estimateLlc over `llcRunsPerCluster` SGD runs of the cluster
 * (its representative first, then members drawn without replacement); alpha_k from
 * clusterDisplacementExponents (reference capture 0, so the captures should start late in training);
 * d_s,k = 2 lambda_k alpha_k (arXiv 2503.22478, via R ~ t^(d_s / (2 lambda))). Variant: D_xi needs
 * d_w = 1/alpha ≥ 1, so an alpha above 1 (ballistic or faster) is clamped to 1 (D_xi = xi) and an
 * lambda ≤ 0 (a failed estimate) to 0.01; such clusters are listed in `clamped`. With d_s from this
 * relation lambda cancels in D_xi = xi^(2 - 1/alpha), so the tempering depends on the clusters' alphas
 * only; the LLCs are reported for the record.
 *
 * @param input see {@link ClusterSteadyStateInput}.
 * @returns a {@link ClusterSteadyState}.
 * @throws as estimateLlc, clusterDisplacementExponents and compareSteadyState.
 * @example
 * // Four SGD runs on 40 moons points, put by hand into two clusters of two; four posterior draws
 * // (two chains of two) fall one into cluster 0 and three into cluster 1.
 * const data = classificationData(makeMoons({ count: 40, noise: 0.2, seed: 1 }));
 * const network = denseNetwork({ widths: [2, 4, 2] });
 * const captureSteps = [100, 125, 150, 200];
 * const sgd = await trainTinyEnsemble({ network, data, seeds: [1, 2, 3, 4], numSteps: 200, captureSteps, progress: false });
 * const r = await clusterSteadyState({
 *   loss: createTinyNetworkLoss({ network, data }), sgdParams: sgd.params, sgdSnapshots: sgd.snapshots, captureSteps,
 *   sgdLabels: Int32Array.from([0, 0, 1, 1]), posteriorLabels: Int32Array.from([0, 1, 1, 1]), numChains: 2, numClusters: 2,
 *   representatives: [0, 2], groundMetric: [0, 1, 1, 0], llcRunsPerCluster: 1, sgld: { numChains: 1, numDraws: 50, numBurnin: 0 },
 *   comparison: { bootstrap: { numResamples: 20 } },
 * });
 * r.exponents.map((e) => e.numMembers); // [2, 2]
 * r.spectralDimensions[0] === 2 * r.learningCoefficients[0] * r.exponents[0].alpha; // true
 * // Cluster 1's LLC from 50 draws of one chain came out ≤ 0: it is clamped and listed.
 * r.clamped; // [1]
 * // Cluster probabilities with the Krichevsky–Trofimov pseudo-count 1/2: (2 + 1/2) / 5 and (1 + 1/2) / 5.
 * r.comparison.sgd; // Float64Array [0.5, 0.5]
 * r.comparison.posterior; // Float64Array [0.3, 0.7]
 * @complexity K x llcRunsPerCluster SGLD runs plus compareSteadyState.
 */
export async function clusterSteadyState(input: ClusterSteadyStateInput): Promise<ClusterSteadyState> {
  const K = input.numClusters;
  const runs = input.llcRunsPerCluster ?? 3;
  const rng = createRandom(input.seed ?? 0);
  const lambda = new Float64Array(K), lambdaStd = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const rep = input.representatives[k]!;
    const others: number[] = [];
    input.sgdLabels.forEach((l, i) => {
      if (l === k && i !== rep) others.push(i);
    });
    const order = rng.permutation(others.length);
    const chosen = [rep, ...Array.from(order.subarray(0, Math.max(0, runs - 1)), (j) => others[j]!)];
    const values: number[] = [];
    for (const [i, run] of chosen.entries()) {
      const est = await estimateLlc(input.loss, input.sgdParams[run]!, { workers: false, ...input.sgld, seed: (input.sgld?.seed ?? 0) + 1000 * k + i });
      values.push(est.mean);
    }
    lambda[k] = values.reduce((a, b) => a + b, 0) / values.length;
    lambdaStd[k] = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - lambda[k]!) ** 2, 0) / (values.length - 1)) : 0;
  }
  const exponents = clusterDisplacementExponents(input.sgdSnapshots, input.captureSteps, input.sgdParams[0]!.length, input.sgdLabels, K);
  const clamped: number[] = [];
  const lambdaUsed = new Float64Array(K), spectral = new Float64Array(K), walk = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let alpha = exponents[k]!.alpha;
    let l = lambda[k]!;
    if (!(alpha > 0 && alpha <= 1) || !(l > 0)) clamped.push(k);
    alpha = Math.min(1, Math.max(1e-3, alpha));
    l = l > 0 ? l : 0.01;
    lambdaUsed[k] = l;
    spectral[k] = 2 * l * alpha;
    walk[k] = 1 / alpha;
  }
  const comparison = compareSteadyState({
    sgdLabels: input.sgdLabels,
    posteriorLabels: input.posteriorLabels,
    numChains: input.numChains,
    numClusters: K,
    learningCoefficients: lambdaUsed,
    spectralDimensions: spectral,
    groundMetric: input.groundMetric,
    ...input.comparison,
  });
  return { learningCoefficients: lambda, learningCoefficientStd: lambdaStd, exponents, spectralDimensions: spectral, walkDimensions: walk, clamped, comparison };
}
