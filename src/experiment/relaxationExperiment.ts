/**
 * The relaxation test of the fractional Fokker–Planck picture: perturb trained weights, continue SGD,
 * and record how the excess loss decays, against an unperturbed twin that sees the same minibatches.
 * Run on the paper's MNIST network and on a quadratic control whose answer (a sum of exponentials) is
 * known; both are cached.
 */
import * as tf from "@tensorflow/tfjs-core";
import { loadMnist } from "../data/mnist";
import { denseNetwork, type DenseNetwork } from "../model/denseNetwork";
import { denseModel } from "../model/networkLoss";
import { classificationData, supervisedData, type SupervisedData } from "../model/supervisedData";
import { hessianSpectralQuadrature, quadraticDescentExcess } from "../slt/hessianSpectralQuadrature";
import { train } from "../train/train";
import { stepList } from "../trajectory/captureSchedule";
import { schema, type PlainDataSchema } from "../util/plainDataSchema";
import { startProgress, type ProgressOptions } from "../util/progress";
import { createRandom, deriveSeed } from "../util/random";
import { createRunCache, type RunCache } from "./runCache";

/** Version of the computation in this module, hashed into its cache keys. */
export const RELAXATION_EXPERIMENT_VERSION = "relaxation/3";

/**
 * The default cache of the relaxation runs: `.cache/experiments`, version
 * "relaxation/3 on <backend>" (backends differ in the last bits of float32 arithmetic).
 */
export function relaxationCache(): RunCache {
  return createRunCache({ version: `${RELAXATION_EXPERIMENT_VERSION} on ${tf.getBackend()}` });
}

/** The perturb-and-continue protocol (plain data, part of the cache keys). */
export interface RelaxationProtocol {
  /** Replicate perturbations (random directions, each with its own minibatch sequence and twin); ≥ 2. */
  numReplicates: number;
  /** SGD steps after the perturbation (≥ 10). */
  numSteps: number;
  /** About this many log-spaced evaluation steps in [1, numSteps] (duplicates removed; ≥ 4). */
  numTimes: number;
  /** Initial excess loss L(w + δ) − L(w), in nats per sample on the evaluation subset: the radius |δ| is tuned to it per direction. */
  initialExcess: number;
  /** The evaluation subset: the first this many training samples. */
  evaluationSamples: number;
  learningRate: number;
  batchSize: number;
  seed: number;
  /**
   * Lanczos steps of the spectral quadrature of the Hessian (on the evaluation subset) from each
   * perturbation direction, for the memoryless prediction (default 60; 0: none).
   */
  spectrumIterations?: number;
}

/** What {@link perturbationRelaxation} records (plain data; replicate × time arrays). */
export interface PerturbationRelaxation {
  /** Evaluation steps after the perturbation, ascending, ≥ 1. */
  steps: number[];
  /** Excess loss L(w_pert(t)) − L(w_twin(t)) on the evaluation subset, per replicate and step. */
  excess: number[][];
  /** |w_pert(t) − w_twin(t)|, per replicate and step. */
  distance: number[][];
  /** L(w_twin(t)) on the evaluation subset: the unperturbed run's own (stationary) fluctuation. */
  twinLoss: number[][];
  /** |δ| of each replicate and the initial excess it gave. */
  radius: number[];
  initialExcess: number[];
  /**
   * Per replicate: the Gauss quadrature (nodes θ_k, weights w_k) of the Hessian of the evaluation loss at
   * the weights perturbed, seen from the direction δ / |δ| ({@link hessianSpectralQuadrature}); empty
   * lists when protocol.spectrumIterations is 0.
   */
  spectrumNodes: number[][];
  spectrumWeights: number[][];
  /** L(w) at the weights perturbed, on the evaluation subset. */
  baseLoss: number;
  /** |w| of those weights. */
  baseNorm: number;
}

/** Options of {@link perturbationRelaxation}. */
export interface PerturbationRelaxationOptions extends ProgressOptions {
  network: DenseNetwork;
  data: SupervisedData;
  /** The weights to perturb (e.g. after training); not modified. */
  params: Float32Array;
  protocol: RelaxationProtocol;
}

/** The log-spaced evaluation steps of a protocol. */
export function relaxationSteps(protocol: Pick<RelaxationProtocol, "numSteps" | "numTimes">): number[] {
  const { numSteps, numTimes } = protocol;
  const steps = Array.from({ length: numTimes }, (_, i) => Math.round(numSteps ** (i / (numTimes - 1))));
  return [...new Set(steps)].sort((a, b) => a - b);
}

function checkProtocol(fn: string, p: RelaxationProtocol, numSamples: number): void {
  const int = (name: keyof RelaxationProtocol, min: number) => {
    const v = p[name];
    if (!(v !== undefined && Number.isInteger(v) && v >= min)) throw new RangeError(`${fn}: protocol.${name} must be an integer ≥ ${min}, got ${v}`);
  };
  int("numReplicates", 2); int("numSteps", 10); int("numTimes", 4); int("evaluationSamples", 1); int("batchSize", 1); int("seed", 0);
  if (p.spectrumIterations !== undefined) int("spectrumIterations", 0);
  if (p.evaluationSamples > numSamples) throw new RangeError(`${fn}: protocol.evaluationSamples must be at most the ${numSamples} training samples, got ${p.evaluationSamples}`);
  if (!(p.initialExcess > 0 && Number.isFinite(p.initialExcess))) throw new RangeError(`${fn}: protocol.initialExcess must be a positive number of nats, got ${p.initialExcess}`);
  if (!(p.learningRate > 0 && Number.isFinite(p.learningRate))) throw new RangeError(`${fn}: protocol.learningRate must be positive, got ${p.learningRate}`);
}

/**
 * Perturbs weights by random directions and follows the decay of the excess loss under continued
 * SGD, in a coupled design: each perturbed run has an unperturbed twin started from the same weights
 * with the same minibatch sequence (the same training seed), and the excess is L(perturbed_t) −
 * L(twin_t) on a fixed evaluation subset, which removes the stationary SGD fluctuation that both runs
 * share.
 *
 * Paper (arXiv 2503.22478): under the fractional Fokker–Planck picture, relaxation towards the
 * stationary state is Mittag-Leffler, E_a(−(t/τ)^a) with a < 1 (a power-law tail: memory), where
 * ordinary diffusion in a basin relaxes exponentially per mode. Variant: replicate r draws a Gaussian
 * direction (seed deriveSeed(deriveSeed(seed, 1), r)), scales it so that the initial excess equals
 * `initialExcess` (bisection on the radius, relative precision 1e-3), and runs both twins with
 * `train` at training seed deriveSeed(deriveSeed(seed, 2), r) (distinct streams), plain SGD at the
 * protocol's learning rate and batch size, recording the weights at log-spaced steps. It also records
 * the spectral quadrature of the Hessian from each direction, from which {@link memorylessRelaxation}
 * predicts the relaxation without memory. Fit the result with {@link fitRelaxation}.
 *
 * @param options network, data, params (the weights perturbed), protocol, progress options.
 * @returns a {@link PerturbationRelaxation}.
 * @throws RangeError for a protocol out of range or params of the wrong length; Error when no radius
 *   reaches the initial excess (the loss is flat along the direction), when a loss is not finite, or as
 *   `train` (divergence).
 * @example
 * relaxationSteps({ numSteps: 1000, numTimes: 4 }); // [1, 10, 100, 1000]
 * @complexity 2 numReplicates numSteps SGD steps plus 2 numReplicates numTimes evaluations, plus
 *   2 numReplicates spectrumIterations gradients over the evaluation subset.
 */
export async function perturbationRelaxation(options: PerturbationRelaxationOptions): Promise<PerturbationRelaxation> {
  const fn = "perturbationRelaxation";
  const { network, data, params, protocol: p } = options;
  checkProtocol(fn, p, data.numSamples);
  if (!(params instanceof Float32Array) || params.length !== network.numParams) {
    throw new RangeError(`${fn}: params must be a Float32Array of the network's ${network.numParams} parameters, got ${params?.length}`);
  }
  const loss = denseModel(network).createLoss(data);
  const indices = Int32Array.from({ length: p.evaluationSamples }, (_, i) => i);
  const lossAt = (w: Float32Array): number => loss.evaluate(w, { indices }).loss;
  const baseLoss = lossAt(params);
  const steps = relaxationSteps(p);
  const P = params.length;
  const out: PerturbationRelaxation = { steps, excess: [], distance: [], twinLoss: [], radius: [], initialExcess: [], spectrumNodes: [], spectrumWeights: [], baseLoss, baseNorm: norm(params) };
  if (!Number.isFinite(baseLoss)) throw new Error(`${fn}: the loss at the weights perturbed is not finite (${baseLoss})`);
  const directionSeeds = deriveSeed(p.seed, 1), trainingSeeds = deriveSeed(p.seed, 2);
  const spectrumIterations = p.spectrumIterations ?? 60;
  const reporter = startProgress(options, { total: p.numReplicates, title: "perturbation relaxation" });
  for (let r = 0; r < p.numReplicates; r++) {
    const direction = createRandom(deriveSeed(directionSeeds, r)).fillNormal(new Float64Array(P));
    const length = norm(direction);
    const perturbed = (radius: number): Float32Array => params.map((w, i) => w + (radius * direction[i]!) / length);
    const excessAt = (radius: number) => {
      const e = lossAt(perturbed(radius)) - baseLoss;
      // A NaN would compare false below and silently shrink the bracket.
      if (!Number.isFinite(e)) throw new Error(`${fn}: the excess loss at radius ${radius.toExponential(3)} along direction ${r} is not finite (${e}); lower initialExcess or check the weights`);
      return e;
    };
    // Bracket the radius, then bisect in log radius to 1e-3 relative.
    let lo = 0, hi = 1e-3 * Math.max(1, out.baseNorm);
    for (let k = 0; excessAt(hi) < p.initialExcess; k++) {
      lo = hi; hi *= 2;
      if (k > 60) throw new Error(`${fn}: no radius up to ${hi.toExponential(2)} gives an excess of ${p.initialExcess} nats along direction ${r}`);
    }
    if (lo === 0) lo = hi / 2 ** 40;
    while (hi / lo > 1.001) {
      const mid = Math.sqrt(lo * hi);
      if (excessAt(mid) < p.initialExcess) lo = mid; else hi = mid;
    }
    const radius = Math.sqrt(lo * hi);
    const start = perturbed(radius);
    const run = (initialParams: Float32Array) => train({
      network, data, initialParams, numSteps: steps[steps.length - 1]!, batchSize: p.batchSize,
      optimizer: { kind: "sgd", learningRate: p.learningRate }, seed: deriveSeed(trainingSeeds, r),
      capture: { schedule: stepList(steps) }, evaluateEvery: 0, evaluationSamples: Math.min(64, data.numSamples), progress: false,
    });
    const twin = (await run(params)).trajectory!;
    const pert = (await run(start)).trajectory!;
    const excess: number[] = [], distance: number[] = [], twinLoss: number[] = [];
    steps.forEach((s, i) => {
      if (twin.steps[i] !== s || pert.steps[i] !== s) throw new Error(`${fn}: capture ${i} is at step ${twin.steps[i]}, expected ${s}`);
      const a = twin.snapshots.subarray(i * P, (i + 1) * P), b = pert.snapshots.subarray(i * P, (i + 1) * P);
      const la = lossAt(a), lb = lossAt(b);
      if (!Number.isFinite(la) || !Number.isFinite(lb)) throw new Error(`${fn}: a loss is not finite at step ${s} of replicate ${r} (twin ${la}, perturbed ${lb})`);
      twinLoss.push(la);
      excess.push(lb - la);
      let d2 = 0;
      for (let j = 0; j < P; j++) d2 += (b[j]! - a[j]!) ** 2;
      distance.push(Math.sqrt(d2));
    });
    out.excess.push(excess); out.distance.push(distance); out.twinLoss.push(twinLoss);
    out.radius.push(radius); out.initialExcess.push(excessAt(radius));
    if (spectrumIterations > 0) {
      const quadrature = hessianSpectralQuadrature(loss, params, direction, { indices, iterations: spectrumIterations });
      out.spectrumNodes.push(quadrature.nodes); out.spectrumWeights.push(quadrature.weights);
    } else {
      out.spectrumNodes.push([]); out.spectrumWeights.push([]);
    }
    reporter?.update(r, excess[excess.length - 1]!);
  }
  reporter?.finish();
  return out;
}

const { finite, integer, array, object } = schema;
const RELAXATION_FIELDS: Record<string, PlainDataSchema> = {
  steps: array(integer), excess: array(array(finite)), distance: array(array(finite)), twinLoss: array(array(finite)),
  radius: array(finite), initialExcess: array(finite), spectrumNodes: array(array(finite)), spectrumWeights: array(array(finite)), baseLoss: finite, baseNorm: finite, config: schema.unknown, seconds: finite,
};

/** The MNIST relaxation: the network trained as notebook 03's runs, then the protocol. */
export interface MnistRelaxationConfig {
  /** Training before the perturbation (the architecture, data and optimizer of an MNIST run; SGD only). */
  training: { widths: number[]; trainLimit: number; learningRate: number; batchSize: number; numSteps: number; seed: number };
  protocol: RelaxationProtocol;
}

/** A cached MNIST relaxation: the protocol's record, with the training it started from. */
export interface MnistRelaxationRecord extends PerturbationRelaxation {
  config: MnistRelaxationConfig;
  /** Wall-clock seconds of the whole computation. */
  seconds: number;
}

/** The quadratic control: linear regression whose input covariance has log-uniform eigenvalues (the Hessian). */
export interface QuadraticRelaxationConfig {
  /** Dimension d (the number of curvatures). */
  dimension: number;
  /** Largest and smallest curvature h (Hessian eigenvalues); equal values give a single exponential. */
  maxCurvature: number;
  minCurvature: number;
  /**
   * s: the number of curvatures per unit of ln h is ∝ h^(−s) between the two (0: log-uniform). The
   * excess of an isotropic perturbation is then a sum of exponentials with rates spread over those
   * decades; the order a a Mittag-Leffler fit returns for it over a finite window is not 1 − s (it
   * depends on the window and the offset), which is why each control is compared with its own
   * spectral prediction ({@link memorylessRelaxation}), not with a formula.
   */
  spectrumTilt: number;
  numSamples: number;
  /** Standard deviation of the target noise (what makes SGD noisy at the minimum). */
  noise: number;
  /** SGD steps from the initial weights before the perturbation (to the stationary state). */
  burnInSteps: number;
  seed: number;
  protocol: RelaxationProtocol;
}

/** A cached control run: the protocol's record, with the curvatures. */
export interface QuadraticRelaxationRecord extends PerturbationRelaxation {
  config: QuadraticRelaxationConfig;
  curvatures: number[];
  seconds: number;
}

function validator(extra: Record<string, PlainDataSchema>): (record: unknown) => string | null {
  const full = object({ ...RELAXATION_FIELDS, ...extra });
  return (record) => schema.mismatch(record, full, "record");
}

function norm(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! * values[i]!;
  return Math.sqrt(s);
}

/**
 * The relaxation test on the paper's MNIST MLP: trains it as an MNIST run does (SGD from seeded
 * He-initialised weights on the first trainLimit images), then runs {@link perturbationRelaxation}
 * from the final weights. Cached (version {@link RELAXATION_EXPERIMENT_VERSION}), so a reopened notebook
 * reads it back.
 *
 * @param config training and protocol.
 * @param options cache (default {@link relaxationCache}), progress options.
 * @returns a {@link MnistRelaxationRecord}.
 * @throws RangeError for widths not 784 … 10 or a protocol out of range; as {@link perturbationRelaxation}.
 */
export async function mnistRelaxation(config: MnistRelaxationConfig, options: ProgressOptions & { cache?: RunCache } = {}): Promise<MnistRelaxationRecord> {
  const { widths } = config.training;
  if (widths[0] !== 784 || widths[widths.length - 1] !== 10) throw new RangeError(`mnistRelaxation: widths must start with 784 and end with 10, got ${JSON.stringify(widths)}`);
  const cache = options.cache ?? relaxationCache();
  const key = { kind: "mnist", ...config };
  const validate = validator({});
  const stored = cache.get<MnistRelaxationRecord>(key, { validate });
  if (stored) return stored;
  const t0 = performance.now();
  const network = denseNetwork({ widths });
  const data = classificationData(loadMnist({ limit: config.training.trainLimit }));
  const trained = await train({
    network, data, numSteps: config.training.numSteps, batchSize: config.training.batchSize,
    optimizer: { kind: "sgd", learningRate: config.training.learningRate }, seed: config.training.seed, evaluateEvery: 0, progress: false,
  });
  const result = await perturbationRelaxation({ ...options, network, data, params: trained.params, protocol: config.protocol });
  const record: MnistRelaxationRecord = { ...result, config, seconds: (performance.now() - t0) / 1000 };
  cache.put(key, record, { validate });
  return record;
}

/**
 * The control of the relaxation test, where the answer is known: linear regression y = x·w* + noise
 * with Gaussian inputs whitened and scaled so that their sample covariance is exactly diag(h), so the
 * loss ½ mean (y − x·w)² over the data is exactly quadratic with Hessian diag(h) (the protocol must
 * evaluate it on all numSamples);
 * h_j in [minCurvature, maxCurvature] with density ∝ h^(−spectrumTilt) per unit of ln h. Under SGD the coupled difference decays (in
 * expectation) as a sum of exponentials (1 − η h_j)^t per mode, so the excess loss is a sum of
 * exponentials with rates spread as the curvatures are — no memory, by construction. Trained from
 * zero for burnInSteps, then the same {@link perturbationRelaxation} protocol. Cached.
 *
 * @param config dimension, curvatures, spectrumTilt, samples, noise, burn-in, seed, protocol.
 * @param options cache, progress options.
 * @returns a {@link QuadraticRelaxationRecord}.
 * @throws RangeError for curvatures not in 0 < min ≤ max, numSamples ≤ dimension, evaluationSamples
 *   other than numSamples, or as {@link perturbationRelaxation}.
 */
export async function quadraticRelaxation(config: QuadraticRelaxationConfig, options: ProgressOptions & { cache?: RunCache } = {}): Promise<QuadraticRelaxationRecord> {
  const fn = "quadraticRelaxation";
  const { dimension: d, maxCurvature, minCurvature, numSamples: n } = config;
  if (!(minCurvature > 0 && maxCurvature >= minCurvature && Number.isFinite(maxCurvature))) {
    throw new RangeError(`${fn}: curvatures must satisfy 0 < minCurvature ≤ maxCurvature, got ${minCurvature} and ${maxCurvature}`);
  }
  if (!(Number.isInteger(d) && d >= 1 && Number.isInteger(n) && n >= 1)) throw new RangeError(`${fn}: dimension and numSamples must be positive integers, got ${d} and ${n}`);
  const cache = options.cache ?? relaxationCache();
  const key = { kind: "quadratic", ...config };
  const validate = validator({ curvatures: array(finite) });
  const stored = cache.get<QuadraticRelaxationRecord>(key, { validate });
  if (stored) return stored;
  const t0 = performance.now();
  const tilt = config.spectrumTilt;
  if (!Number.isFinite(tilt)) throw new RangeError(`${fn}: spectrumTilt must be finite, got ${tilt}`);
  // Quantiles (j + 1/2) / d of the density ∝ e^(−s x) of x = ln h on [ln min, ln max].
  const x0 = Math.log(minCurvature), x1 = Math.log(maxCurvature);
  const curvatures = Array.from({ length: d }, (_, j) => {
    const u = (j + 0.5) / d;
    if (x1 === x0) return maxCurvature;
    if (Math.abs(tilt) < 1e-12) return Math.exp(x0 + u * (x1 - x0));
    return Math.exp(-Math.log(Math.exp(-tilt * x0) - u * (Math.exp(-tilt * x0) - Math.exp(-tilt * x1))) / tilt);
  });
  if (n < d + 1) throw new RangeError(`${fn}: numSamples must exceed the dimension (${d}) for an exact Hessian, got ${n}`);
  if (config.protocol.evaluationSamples !== n) {
    throw new RangeError(`${fn}: protocol.evaluationSamples must be numSamples (${n}), so that the evaluated loss has Hessian exactly diag(h), got ${config.protocol.evaluationSamples}`);
  }
  const random = createRandom(config.seed);
  const truth = Float64Array.from({ length: d }, () => random.normal());
  // Gaussian inputs whitened so that their sample covariance is exactly the identity (z ← L⁻¹ z with
  // Z^T Z / n = L L^T), then scaled by √h_j: the Hessian of the loss on the data is exactly diag(h),
  // without the Marchenko–Pastur spread (a factor of about 2.4 at d / n = 0.05) that raw samples have.
  const z = Float64Array.from({ length: n * d }, () => random.normal());
  const gram = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const row = z.subarray(i * d, (i + 1) * d);
    for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) gram[a * d + b] += (row[a]! * row[b]!) / n;
  }
  const chol = new Float64Array(d * d); // lower triangle of L
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      let v = gram[a * d + b]!;
      for (let k = 0; k < b; k++) v -= chol[a * d + k]! * chol[b * d + k]!;
      chol[a * d + b] = a === b ? Math.sqrt(v) : v / chol[b * d + b]!;
    }
  }
  const inputs = new Float32Array(n * d), targets = new Float32Array(n);
  const x = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = z.subarray(i * d, (i + 1) * d);
    for (let a = 0; a < d; a++) { // forward substitution L x = z
      let v = row[a]!;
      for (let k = 0; k < a; k++) v -= chol[a * d + k]! * x[k]!;
      x[a] = v / chol[a * d + a]!;
    }
    let y = 0;
    for (let j = 0; j < d; j++) {
      const v = Math.sqrt(curvatures[j]!) * x[j]!;
      inputs[i * d + j] = v;
      y += v * truth[j]!;
    }
    targets[i] = y + config.noise * random.normal();
  }
  const data = supervisedData({ inputs, inputSize: d, targets });
  const network = denseNetwork({ widths: [d, 1], activation: "linear", bias: false });
  const burnIn = await train({
    network, data, initialParams: new Float32Array(d), numSteps: config.burnInSteps, batchSize: config.protocol.batchSize,
    optimizer: { kind: "sgd", learningRate: config.protocol.learningRate }, seed: deriveSeed(config.seed, 1), evaluateEvery: 0, progress: false,
  });
  const result = await perturbationRelaxation({ ...options, network, data, params: burnIn.params, protocol: config.protocol });
  const record: QuadraticRelaxationRecord = { ...result, config, curvatures, seconds: (performance.now() - t0) / 1000 };
  cache.put(key, record, { validate });
  return record;
}

/** What {@link memorylessRelaxation} returns. */
export interface MemorylessRelaxation {
  /** Predicted excess per replicate and step (the record's steps). */
  excess: number[][];
  /** Per replicate: weight of Hessian nodes θ ≤ 0 (clipped to no decay), and their share of the quadratic model's initial excess (≤ 0). */
  nonPositiveWeight: number[];
  nonPositiveExcess: number[];
  /** Per replicate: weight of nodes with ηθ ≥ 2 (left out). */
  unstableWeight: number[];
  /** Per replicate: the quadratic model's initial excess ½ |δ|² Σ_{θ>0} w_k θ_k, against the measured initial excess. */
  predictedInitialExcess: number[];
}

/**
 * The memoryless prediction of a relaxation record: for each replicate, the excess loss the quadratic
 * model of the evaluation loss at the perturbed weights gives under full-batch gradient descent at
 * the protocol's learning rate, δ_(t+1) = (I − ηH) δ_t, excess(t) = ½ δ_tᵀ H δ_t = ½ |δ|² Σ_k w_k θ_k
 * (1 − ηθ_k)^(2t), from the recorded spectral quadrature of H seen from δ ({@link quadraticDescentExcess}:
 * θ ≤ 0 clipped to no decay and no contribution, their weight reported). A sum of exponentials with
 * the network's own curvatures: what the relaxation would be without memory (and without SGD noise,
 * which the coupled twins remove to first order).
 *
 * @param record a relaxation record with its spectra (protocol.spectrumIterations > 0).
 * @param learningRate η of the protocol.
 * @returns a {@link MemorylessRelaxation}.
 * @throws RangeError for a record without spectra.
 * @example
 * memorylessRelaxation({ steps: [0, 1], radius: [2], spectrumNodes: [[1]], spectrumWeights: [[1]] }, 0.25).excess; // [[2, 1.125]]
 * @complexity O(numReplicates × m × numTimes).
 */
export function memorylessRelaxation(record: Pick<PerturbationRelaxation, "steps" | "radius" | "spectrumNodes" | "spectrumWeights">, learningRate: number): MemorylessRelaxation {
  const out: MemorylessRelaxation = { excess: [], nonPositiveWeight: [], nonPositiveExcess: [], unstableWeight: [], predictedInitialExcess: [] };
  record.radius.forEach((radius, r) => {
    const nodes = record.spectrumNodes[r], weights = record.spectrumWeights[r];
    if (!nodes || !weights || nodes.length === 0) throw new RangeError(`memorylessRelaxation: replicate ${r} has no spectral quadrature; record it with protocol.spectrumIterations > 0`);
    const prediction = quadraticDescentExcess({ nodes, weights }, radius, learningRate, record.steps);
    out.excess.push(prediction.excess);
    out.nonPositiveWeight.push(prediction.nonPositiveWeight);
    out.nonPositiveExcess.push(prediction.nonPositiveExcess);
    out.unstableWeight.push(prediction.unstableWeight);
    out.predictedInitialExcess.push(quadraticDescentExcess({ nodes, weights }, radius, learningRate, [0]).excess[0]!);
  });
  return out;
}

/**
 * Largest share of the measured initial excess that the curvature a memoryless prediction leaves out
 * (nodes θ ≤ 0) may carry for the prediction to apply: beyond it the left-out part, relaxing on any time
 * scale, could change the curve by more than a quarter of its amplitude.
 */
export const MEMORYLESS_LEFT_OUT_SHARE = 0.25;

/** A bootstrap interval of an order a. */
interface OrderInterval {
  lower: number;
  upper: number;
}

/** The outcome of {@link relaxationMemoryVerdict} and why. */
export interface RelaxationMemoryVerdict {
  verdict: "holds" | "does not hold" | "inconclusive";
  /** Per y∞ treatment (fitted, fixed at 0): whether the network's interval of a lies entirely below that of its memoryless prediction. */
  belowPrediction: { fittedOffset: boolean; zeroOffset: boolean };
  /** Per y∞ treatment: whether the network's interval contains 1. */
  containsOne: { fittedOffset: boolean; zeroOffset: boolean };
  reason: string;
}

/**
 * The decision rule of the relaxation test, decidable both ways: memory beyond the network's own
 * spectrum "holds" when the interval of a of the measured relaxation lies entirely below the interval
 * of a of its memoryless prediction ({@link memorylessRelaxation}, fitted the same way) both with y∞
 * fitted and with y∞ fixed at 0; it "does not hold" when, under both, the measured interval contains 1
 * or reaches the prediction's (the network's own curvatures explain the shape); otherwise (the two
 * treatments of y∞ disagree, the protocol checks failed, or the prediction does not apply) "inconclusive".
 * The prediction applies when the curvature it leaves out (nodes θ ≤ 0, clipped to no decay) carries
 * a small share of the initial excess: otherwise the measured curve is the difference of the relaxations
 * of a positive and a negative part, whose shape the clipped prediction does not describe.
 *
 * @param intervals a of the measured and the predicted relaxation, each with y∞ fitted and fixed at 0.
 * @param checks protocolOk: whether the protocol's own checks passed; predictionApplies: whether the
 *   memoryless prediction describes the perturbation (both default true).
 * @returns a {@link RelaxationMemoryVerdict}.
 * @example
 * const iv = (lower: number, upper: number) => ({ lower, upper });
 * relaxationMemoryVerdict({ measured: iv(0.2, 0.4), predicted: iv(0.5, 0.6), measuredZeroOffset: iv(0.3, 0.45), predictedZeroOffset: iv(0.55, 0.7) }).verdict; // "holds"
 * @complexity O(1).
 */
export function relaxationMemoryVerdict(
  intervals: { measured: OrderInterval; predicted: OrderInterval; measuredZeroOffset: OrderInterval; predictedZeroOffset: OrderInterval },
  checks: { protocolOk?: boolean; predictionApplies?: boolean } = {},
): RelaxationMemoryVerdict {
  for (const [name, v] of Object.entries(intervals)) {
    if (!(Number.isFinite(v.lower) && Number.isFinite(v.upper) && v.lower <= v.upper)) {
      throw new RangeError(`relaxationMemoryVerdict: ${name} must be an interval with finite lower ≤ upper, got [${v.lower}, ${v.upper}]`);
    }
  }
  const below = (m: OrderInterval, p: OrderInterval) => m.upper < p.lower;
  const belowPrediction = { fittedOffset: below(intervals.measured, intervals.predicted), zeroOffset: below(intervals.measuredZeroOffset, intervals.predictedZeroOffset) };
  const containsOne = { fittedOffset: intervals.measured.upper >= 1, zeroOffset: intervals.measuredZeroOffset.upper >= 1 };
  const memoryF = belowPrediction.fittedOffset && !containsOne.fittedOffset, memoryZ = belowPrediction.zeroOffset && !containsOne.zeroOffset;
  if (checks.protocolOk === false) return { verdict: "inconclusive", belowPrediction, containsOne, reason: "the protocol's own checks failed (see the controls)" };
  if (checks.predictionApplies === false) {
    return { verdict: "inconclusive", belowPrediction, containsOne, reason: `the memoryless prediction does not describe the perturbation (it leaves out too much non-positive curvature); the rule alone would say "${memoryF && memoryZ ? "holds" : !memoryF && !memoryZ ? "does not hold" : "inconclusive"}"` };
  }
  if (memoryF && memoryZ) return { verdict: "holds", belowPrediction, containsOne, reason: "the measured a lies below the memoryless prediction's with y∞ fitted and with y∞ = 0" };
  if (!memoryF && !memoryZ) return { verdict: "does not hold", belowPrediction, containsOne, reason: "with y∞ fitted and with y∞ = 0 the measured a reaches the memoryless prediction's (or 1): the own-spectrum relaxation explains the shape" };
  return { verdict: "inconclusive", belowPrediction, containsOne, reason: `the measured a lies below the prediction's only with y∞ ${memoryF ? "fitted" : "= 0"}: the conclusion depends on the offset` };
}
