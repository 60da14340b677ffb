/**
 * The paper's experiment-3 comparison: SGD cluster probabilities, raw and tempered by D_xi, against
 * Bayesian cluster probabilities, as a function of xi, with bootstrap intervals.
 */
import { bootstrapIntervals } from "./bootstrapIntervals";
import { clusterProbabilities } from "./clusterProbabilities";
import { jensenShannonDivergence } from "./jensenShannonDivergence";
import { klDivergence } from "./klDivergence";
import { temperClusterProbabilities } from "./temperClusterProbabilities";
import { wassersteinDistance } from "./wassersteinDistance";

/** Inputs of {@link compareSteadyState}. */
export interface SteadyStateInput {
  /** Cluster of each SGD run (one label per trained network). */
  sgdLabels: ArrayLike<number>;
  /** Cluster of each posterior draw, chain-major: chain c holds draws [c D, (c + 1) D). */
  posteriorLabels: ArrayLike<number>;
  /** Number of posterior chains (divides posteriorLabels.length). */
  numChains: number;
  numClusters: number;
  /** lambda_k and d_s,k of each cluster (see temperClusterProbabilities). */
  learningCoefficients: ArrayLike<number>;
  spectralDimensions: ArrayLike<number>;
  /** Ground metric between clusters for the Wasserstein distance, row-major K x K. */
  groundMetric: ArrayLike<number>;
  /** Coarse-graining scales xi to try (default 0.01 ... 10, 25 log-spaced values, with 0.5 and 1). */
  scales?: number[];
  /** Common powers c of the baseline q ∝ p^c that ignores the clusters' geometry (default 2^(-5 ... 5) in steps of 2^0.25). */
  baselinePowers?: number[];
  /** Pseudo-count of clusterProbabilities (default 0.5). */
  pseudoCount?: number;
  /** Bootstrap resamples (default 1000), level (default 0.95), seed (default 0). */
  bootstrap?: { numResamples?: number; level?: number; seed?: number };
}

/** A point estimate with its bootstrap interval. */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/** KL(Bayes ‖ SGD), JS and W_1 between the Bayesian and one SGD distribution. */
export interface DistanceIntervals {
  kl: Interval;
  js: Interval;
  wasserstein: Interval;
}

/** The result of {@link compareSteadyState}. */
export interface SteadyStateComparison {
  /** Bayesian, raw SGD cluster probabilities. */
  posterior: Float64Array;
  sgd: Float64Array;
  scales: Float64Array;
  /** Distances between the posterior and raw SGD. */
  raw: DistanceIntervals;
  /** Distances between the posterior and tempered SGD, one per scale. */
  tempered: DistanceIntervals[];
  /** Tempered probabilities at each scale, row-major scales x K. */
  temperedProbabilities: Float64Array;
  /** The scale with the smallest tempered KL, and the distances there. */
  bestScale: number;
  best: DistanceIntervals;
  /** Tempered probabilities at the best scale. */
  bestProbabilities: Float64Array;
  /**
   * raw KL - min over xi of tempered KL, with xi re-chosen in every bootstrap resample (so the interval
   * includes the selection of xi), and the fraction of resamples in which tempering helps.
   */
  klImprovement: Interval;
  improvementProbability: number;
  /**
   * Held-out check: xi chosen on the even-indexed runs and chains, KL evaluated on the odd ones, and
   * the reverse; the mean of the two held-out tempered KLs and of the two held-out raw KLs.
   */
  heldOut: { temperedKl: number; rawKl: number; scales: [number, number] };
  /** Best KL of the geometry-blind baseline q ∝ p^c over the baseline powers, and its power. */
  baseline: { kl: Interval; power: number };
  /** KL from the posterior to the uniform distribution over clusters: what "ignore SGD" achieves (the xi -> 0 or c -> 0 limit). */
  uniform: { kl: Interval };
  /**
   * Paired bootstrap differences, xi and c re-chosen in every resample: baseline KL - best tempered KL
   * (> 0: the clusters' own D_xi beat one common power) and uniform KL - best tempered KL (> 0: the
   * tempered SGD probabilities carry information about the posterior that the uniform distribution lacks).
   */
  gainOverBaseline: Interval;
  gainOverUniform: Interval;
}

function logSpaced(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => a * (b / a) ** (i / (n - 1)));
}

/**
 * Compares SGD's cluster probabilities, raw and tempered by D_xi, with the Bayesian ones.
 *
 * Paper (arXiv 2503.22478, experiment 3): SGD cluster probabilities tempered by D_xi match the
 * Bayesian ones (KL 0.009, W 0.002, JS 0.003 at the best xi = 0.5). Variant: p_SGD and p_Bayes from
 * cluster counts (clusterProbabilities, pseudo-count 1/2; posterior chains weigh equally); tempering
 * q_xi ∝ p_SGD^(D_xi,k) (temperClusterProbabilities); KL(p_Bayes ‖ q) (the divergence of the
 * approximation from the target), JS in nats, W_1 under the given ground metric (optimal transport).
 * Uncertainty: a two-sample percentile bootstrap that resamples SGD runs and posterior chains (whole
 * chains, keeping within-chain correlation); lambda_k and d_s,k are held fixed (their own error is not
 * propagated). Because xi is fitted to the same data, the improvement's interval re-selects xi in every
 * resample, a held-out split reports an honest out-of-sample KL, a baseline q ∝ p^c with one common
 * power (no cluster geometry) shows how much a one-parameter sharpening or flattening alone achieves,
 * and the uniform distribution shows what ignoring SGD altogether achieves.
 *
 * @param input see {@link SteadyStateInput}.
 * @returns a {@link SteadyStateComparison}.
 * @throws RangeError for inconsistent lengths or labels out of range (from the functions it calls).
 * @example
 * const c = compareSteadyState({ sgdLabels: [0, 0, 0, 1], posteriorLabels: [0, 0, 0, 1, 0, 0], numChains: 3, numClusters: 2,
 *   learningCoefficients: [1, 1], spectralDimensions: [1, 1], groundMetric: [0, 1, 1, 0], bootstrap: { numResamples: 20 } });
 * c.raw.kl.estimate < 0.02; // true
 * @complexity O(B S K^3) for B resamples, S scales and K clusters (dominated by optimal transport).
 */
export function compareSteadyState(input: SteadyStateInput): SteadyStateComparison {
  const fn = "compareSteadyState";
  const K = input.numClusters;
  const nRuns = input.sgdLabels.length;
  const chains = input.numChains;
  if (!Number.isInteger(chains) || chains < 1 || input.posteriorLabels.length % chains !== 0) {
    throw new RangeError(`${fn}: numChains must be a positive integer dividing posteriorLabels.length = ${input.posteriorLabels.length}, got ${chains}`);
  }
  if (input.groundMetric.length !== K * K) throw new RangeError(`${fn}: groundMetric must have K x K = ${K * K} entries, got ${input.groundMetric.length}`);
  const draws = input.posteriorLabels.length / chains;
  const scales = input.scales ?? [...new Set([...logSpaced(0.01, 10, 25), 0.5, 1].map((v) => +v.toPrecision(6)))].sort((a, b) => a - b);
  const powers = input.baselinePowers ?? Array.from({ length: 41 }, (_, i) => 2 ** (-5 + 0.25 * i));
  const uniform = new Float64Array(K).fill(1 / K);
  const a = input.pseudoCount ?? 0.5;
  const temper = (p: Float64Array, scale: number): Float64Array =>
    temperClusterProbabilities(p, { scale, learningCoefficients: input.learningCoefficients, spectralDimensions: input.spectralDimensions }).probabilities;
  const power = (p: Float64Array, c: number): Float64Array => {
    const q = p.map((v) => v ** c);
    const s = q.reduce((x, y) => x + y, 0);
    return q.map((v) => v / s);
  };
  const distances = (target: Float64Array, q: Float64Array): number[] => [
    klDivergence(target, q),
    jensenShannonDivergence(target, q),
    wassersteinDistance(target, q, input.groundMetric),
  ];
  const sgdFrom = (runs: ArrayLike<number>): Float64Array => clusterProbabilities(input.sgdLabels, K, { pseudoCount: a, indices: runs });
  const posteriorFrom = (chainIdx: ArrayLike<number>): Float64Array => {
    const idx = new Int32Array(chainIdx.length * draws);
    for (let i = 0; i < chainIdx.length; i++) for (let t = 0; t < draws; t++) idx[i * draws + t] = chainIdx[i]! * draws + t;
    return clusterProbabilities(input.posteriorLabels, K, { pseudoCount: a, indices: idx });
  };
  // Statistic layout: [raw kl, js, w] [per scale: kl, js, w] [best kl, js, w] [improvement] [baseline kl] [uniform kl]
  // [baseline kl - best kl] [uniform kl - best kl]
  const S = scales.length;
  const statistic = ([runs, chainIdx]: Int32Array[]): number[] => {
    const p = sgdFrom(runs!), target = posteriorFrom(chainIdx!);
    const out = distances(target, p);
    let bestKl = Infinity, bestAt: number[] = [];
    for (const xi of scales) {
      const d = distances(target, temper(p, xi));
      out.push(...d);
      if (d[0]! < bestKl) {
        bestKl = d[0]!;
        bestAt = d;
      }
    }
    out.push(...bestAt, out[0]! - bestKl);
    let baseKl = Infinity;
    for (const c of powers) baseKl = Math.min(baseKl, klDivergence(target, power(p, c)));
    const uniformKl = klDivergence(target, uniform);
    out.push(baseKl, uniformKl, baseKl - bestKl, uniformKl - bestKl);
    return out;
  };
  const boot = bootstrapIntervals({
    sampleSizes: [nRuns, chains],
    statistic,
    numResamples: input.bootstrap?.numResamples ?? 1000,
    level: input.bootstrap?.level ?? 0.95,
    seed: input.bootstrap?.seed ?? 0,
  });
  const at = (j: number): Interval => ({ estimate: boot.estimate[j]!, lower: boot.lower[j]!, upper: boot.upper[j]! });
  const triple = (j: number): DistanceIntervals => ({ kl: at(j), js: at(j + 1), wasserstein: at(j + 2) });
  const tempered = scales.map((_, s) => triple(3 + 3 * s));
  let bestIndex = 0;
  tempered.forEach((t, s) => {
    if (t.kl.estimate < tempered[bestIndex]!.kl.estimate) bestIndex = s;
  });
  const improvementColumn = 3 + 3 * S + 3;
  const m = boot.estimate.length;
  let helps = 0;
  for (let b = 0; b < boot.numResamples; b++) if (boot.replicates[b * m + improvementColumn]! > 0) helps++;
  const sgd = sgdFrom(Int32Array.from({ length: nRuns }, (_, i) => i));
  const posterior = posteriorFrom(Int32Array.from({ length: chains }, (_, i) => i));
  const temperedProbabilities = new Float64Array(S * K);
  scales.forEach((xi, s) => temperedProbabilities.set(temper(sgd, xi), s * K));
  // Held-out split.
  const half = (n: number, parity: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === parity);
  const heldOutScales: number[] = [];
  let heldTempered = 0, heldRaw = 0;
  for (const parity of [0, 1]) {
    const pFit = sgdFrom(half(nRuns, parity)), tFit = posteriorFrom(half(chains, parity));
    let best = scales[0]!, bestKl = Infinity;
    for (const xi of scales) {
      const kl = klDivergence(tFit, temper(pFit, xi));
      if (kl < bestKl) {
        bestKl = kl;
        best = xi;
      }
    }
    heldOutScales.push(best);
    const pTest = sgdFrom(half(nRuns, 1 - parity)), tTest = posteriorFrom(half(chains, 1 - parity));
    heldTempered += klDivergence(tTest, temper(pTest, best)) / 2;
    heldRaw += klDivergence(tTest, pTest) / 2;
  }
  let basePower = powers[0]!, baseBest = Infinity;
  for (const c of powers) {
    const kl = klDivergence(posterior, power(sgd, c));
    if (kl < baseBest) {
      baseBest = kl;
      basePower = c;
    }
  }
  return {
    posterior,
    sgd,
    scales: Float64Array.from(scales),
    raw: triple(0),
    tempered,
    temperedProbabilities,
    bestScale: scales[bestIndex]!,
    best: tempered[bestIndex]!,
    bestProbabilities: temperedProbabilities.slice(bestIndex * K, (bestIndex + 1) * K),
    klImprovement: at(improvementColumn),
    improvementProbability: helps / boot.numResamples,
    heldOut: { temperedKl: heldTempered, rawKl: heldRaw, scales: [heldOutScales[0]!, heldOutScales[1]!] },
    baseline: { kl: at(improvementColumn + 1), power: basePower },
    uniform: { kl: at(improvementColumn + 2) },
    gainOverBaseline: at(improvementColumn + 3),
    gainOverUniform: at(improvementColumn + 4),
  };
}
