import type { MinibatchLoss } from "../model/minibatchLoss";
import { hessianVectorProduct, lanczos, type HessianVectorProductOptions } from "./hessianTopEigenvalue";

/** Options of {@link hessianSpectralQuadrature}. */
export interface HessianSpectralQuadratureOptions extends HessianVectorProductOptions {
  /** Lanczos steps m (Hessian-vector products; default 60, at most d): the quadrature has m nodes. */
  iterations?: number;
}

/**
 * The spectral measure of the Hessian seen from one direction, as a Gauss quadrature: nodes θ_k and
 * weights w_k (Σ w_k = 1) with v̂ᵀ f(H) v̂ ≈ Σ_k w_k f(θ_k) for v̂ = v / |v|.
 */
export interface HessianSpectralQuadrature {
  /** Ritz values θ_k of the Lanczos tridiagonal, ascending (per-sample loss units per squared parameter unit); may be negative. */
  nodes: number[];
  /** Squared first components of their eigenvectors: the weight of the direction on each node; they sum to 1. */
  weights: number[];
  /** Lanczos steps taken (fewer than asked when the Krylov space was exhausted: then the quadrature is exact). */
  iterations: number;
  /** Samples the Hessian averaged over, the finite-difference step, and calls of lossAndGradient. */
  numSamples: number;
  step: number;
  gradientEvaluations: number;
}

/**
 * Stochastic Lanczos quadrature of the Hessian from a given direction: m Lanczos steps on
 * Hessian-vector products started at v̂ = v / |v| give the tridiagonal T_m, whose eigenvalues θ_k and
 * squared first eigenvector components w_k form the m-point Gauss quadrature of the spectral measure
 * μ_v̂ = Σ_i (v̂·u_i)² δ(θ − λ_i) of H (eigenpairs λ_i, u_i): v̂ᵀ f(H) v̂ ≈ Σ_k w_k f(θ_k), exact for
 * polynomials f of degree ≤ 2m − 1.
 *
 * Used for the memoryless prediction of a relaxation: under full-batch gradient descent on the
 * quadratic model at w*, δ_t = (I − ηH)^t δ and the excess loss ½ δ_tᵀ H δ_t = ½ |δ|² Σ w_k θ_k (1 − ηθ_k)^(2t)
 * (see {@link quadraticDescentExcess}).
 * Variant: the project's one {@link lanczos} (full reorthogonalisation) on {@link hessianVectorProduct}
 * (central differences of gradients over a fixed subset of samples, e.g. an evaluation subset).
 *
 * @param loss any MinibatchLoss.
 * @param center w*, length loss.numParams.
 * @param direction v, length loss.numParams, non-zero.
 * @param options iterations (default 60), indices (the samples; default all up to maxSamples), chunkSize, relativeStep.
 * @returns a {@link HessianSpectralQuadrature}.
 * @throws RangeError for vectors of the wrong length, a zero direction or options out of range; Error
 *   when a gradient is not finite.
 * @example
 * const lr = createLinearRegressionLoss({ inputDim: 3, numSamples: 200, seed: 1 });
 * hessianSpectralQuadrature(lr, lr.leastSquaresParams, Float32Array.of(1, 0, 0), { iterations: 3 }).weights.length; // 3
 * @complexity 2 m gradient evaluations over the subset, plus O(m² d) for the reorthogonalisation (memory m d doubles).
 * References: Golub & Meurant, Matrices, Moments and Quadrature (2010), ch. 6; Ghorbani, Krishnan &
 * Xiao (2019), "An investigation into neural net optimization via Hessian eigenvalue density" (SLQ).
 */
export function hessianSpectralQuadrature(loss: MinibatchLoss, center: Float32Array, direction: ArrayLike<number>, options: HessianSpectralQuadratureOptions = {}): HessianSpectralQuadrature {
  const fn = "hessianSpectralQuadrature";
  const d = loss.numParams;
  if (direction == null || direction.length !== d) throw new RangeError(`${fn}: direction must have the ${d} entries of the parameters, got ${direction?.length}`);
  const iterations = options.iterations ?? 60;
  if (!(Number.isInteger(iterations) && iterations >= 1)) throw new RangeError(`${fn}: iterations must be an integer >= 1, got ${iterations}`);
  const start = Float64Array.from(direction);
  if (!start.some((v) => v !== 0) || start.some((v) => !Number.isFinite(v))) throw new RangeError(`${fn}: direction must be finite and non-zero`);
  const product = hessianVectorProduct(fn, loss, center, options);
  const run = lanczos(product.times, start, Math.min(iterations, d));
  const order = Array.from(run.values.keys()).sort((a, b) => run.values[a]! - run.values[b]!);
  const weights = order.map((i) => run.firstComponents[i]! ** 2);
  const total = weights.reduce((s, w) => s + w, 0);
  return {
    nodes: order.map((i) => run.values[i]!),
    weights: weights.map((w) => w / total),
    iterations: run.values.length,
    numSamples: product.numSamples,
    step: product.step,
    gradientEvaluations: product.evaluations(),
  };
}

/** What {@link quadraticDescentExcess} returns. */
export interface QuadraticDescentExcess {
  /** ½ |δ|² Σ_{θ_k > 0} w_k θ_k (1 − ηθ_k)^(2t) at each step t. */
  excess: number[];
  /** Total weight of nodes θ_k ≤ 0 (directions that do not decay under descent), in [0, 1]. */
  nonPositiveWeight: number;
  /** Their share of the quadratic model's initial excess, ½ |δ|² Σ_{θ_k ≤ 0} w_k θ_k (≤ 0), which the prediction leaves out. */
  nonPositiveExcess: number;
  /** Total weight of nodes with ηθ_k ≥ 2 (unstable under descent), which the prediction leaves out as well. */
  unstableWeight: number;
}

/**
 * The memoryless relaxation of a quadratic model: the excess loss ½ δ_tᵀ H δ_t after t steps of
 * full-batch gradient descent at learning rate η, δ_(t+1) = (I − ηH) δ_t, from the spectral measure of
 * H seen from δ_0 (a {@link hessianSpectralQuadrature}): ½ |δ_0|² Σ_k w_k θ_k (1 − ηθ_k)^(2t), a sum
 * of exponentials with no memory.
 * Variant: nodes θ_k ≤ 0 (negative curvature at a trained network's saddle-like directions, where the
 * quadratic model would grow without bound) are clipped to θ = 0, "no decay" and no contribution; nodes
 * with ηθ ≥ 2 are left out too. Both weights are reported, so that a prediction resting on them can be seen.
 *
 * @param quadrature nodes and weights.
 * @param radius |δ_0| (> 0).
 * @param learningRate η (> 0).
 * @param steps t ≥ 0.
 * @returns a {@link QuadraticDescentExcess}.
 * @throws RangeError for mismatched or non-finite nodes and weights, or radius or learning rate not positive.
 * @example
 * quadraticDescentExcess({ nodes: [1], weights: [1] }, 2, 0.25, [0, 1]).excess; // [2, 1.125]
 * @complexity O(m × steps).
 */
export function quadraticDescentExcess(quadrature: { nodes: readonly number[]; weights: readonly number[] }, radius: number, learningRate: number, steps: readonly number[]): QuadraticDescentExcess {
  const fn = "quadraticDescentExcess";
  const { nodes, weights } = quadrature;
  if (nodes.length !== weights.length || nodes.length === 0) throw new RangeError(`${fn}: nodes and weights must be non-empty and of one length, got ${nodes.length} and ${weights.length}`);
  if (nodes.some((v) => !Number.isFinite(v)) || weights.some((v) => !(Number.isFinite(v) && v >= 0))) throw new RangeError(`${fn}: nodes must be finite and weights finite and ≥ 0`);
  if (!(radius > 0 && Number.isFinite(radius))) throw new RangeError(`${fn}: radius must be positive, got ${radius}`);
  if (!(learningRate > 0 && Number.isFinite(learningRate))) throw new RangeError(`${fn}: learningRate must be positive, got ${learningRate}`);
  const half = 0.5 * radius * radius;
  let nonPositiveWeight = 0, nonPositiveExcess = 0, unstableWeight = 0;
  nodes.forEach((theta, k) => {
    if (theta <= 0) { nonPositiveWeight += weights[k]!; nonPositiveExcess += half * weights[k]! * theta; }
    else if (learningRate * theta >= 2) unstableWeight += weights[k]!;
  });
  const excess = steps.map((t) => {
    let sum = 0;
    nodes.forEach((theta, k) => {
      if (theta > 0 && learningRate * theta < 2) sum += weights[k]! * theta * (1 - learningRate * theta) ** (2 * t);
    });
    return half * sum;
  });
  return { excess, nonPositiveWeight, nonPositiveExcess, unstableWeight };
}
