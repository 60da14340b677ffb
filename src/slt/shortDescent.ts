import type { MinibatchLoss } from "../model/minibatchLoss";
import { createRandom } from "../util/random";

/**
 * The "not a minimum" threshold: when n beta times the drop of a short descent from w* exceeds this
 * fraction of lambda_hat, w* is not a local minimum for the LLC's purpose (a chain from it slides
 * downhill by about as much, biasing lambda_hat low by at least that fraction).
 */
export const NOT_A_MINIMUM_SHARE = 0.05;

/** Options of {@link shortDescent}. */
export interface ShortDescentOptions {
  /** Full-batch gradient-descent steps (default 20), an integer >= 1. */
  steps?: number;
  /** Step size of the descent, > 0 (default 1 / |h_max| when `curvature` is given; one of the two is required). */
  stepSize?: number;
  /** The largest Hessian eigenvalue at w* (e.g. from hessianTopEigenvalue): the descent then steps 1 / |h_max|, the largest step that never raises a quadratic loss. */
  curvature?: number;
  /** The loss is that of all n samples when n <= maxSamples (default 20000), else of a seeded random subset of that size. */
  maxSamples?: number;
  /** Samples per call of lossAndGradient (default 1024). */
  chunkSize?: number;
  /** Seed of the subset (default 0). */
  seed?: number;
}

/** Where a short gradient descent from w* went. */
export interface ShortDescent {
  /** The point reached, length d. */
  params: Float32Array;
  /** Loss (nats/sample, over the same samples) at w* and after each step (length steps + 1). */
  losses: Float64Array;
  /** losses[0] - losses[steps]: how far below L(w*) the descent got (>= 0 up to rounding when w* is a minimum). */
  drop: number;
  stepSize: number;
  numSamples: number;
}

/**
 * A few steps of full-batch gradient descent from w*: how much lower the loss gets close by. Used to
 * check that w* is a local minimum before its LLC is read (an SGLD chain from a point that is not a
 * minimum slides downhill and biases lambda_hat by about -n beta (L(w*) - L(minimum)): negative
 * estimates, "belowInitialLoss" warnings), and to polish w* into one when asked.
 *
 * Variant: plain gradient descent w <- w - eta grad L_S(w) on a fixed sample S (all n, or a seeded
 * subset), eta = 1 / |h_max| by default; float64 state.
 *
 * @param loss any MinibatchLoss.
 * @param center w*, length loss.numParams.
 * @param options steps, stepSize or curvature, maxSamples, chunkSize, seed.
 * @returns the {@link ShortDescent}: the point, the losses, the drop.
 * @throws RangeError for bad options or a centre of the wrong length; Error when the loss becomes non-finite.
 * @example
 * const lr = createLinearRegressionLoss({ inputDim: 3, numSamples: 200, seed: 1 });
 * shortDescent(lr, lr.leastSquaresParams, { curvature: 2 }).drop < 1e-9; // true
 *
 * Complexity: steps x (one gradient over min(n, maxSamples) samples).
 */
export function shortDescent(loss: MinibatchLoss, center: Float32Array, options: ShortDescentOptions): ShortDescent {
  const fn = "shortDescent";
  const d = loss.numParams, n = loss.numSamples;
  if (!(center instanceof Float32Array) || center.length !== d) throw new RangeError(`${fn}: center must be a Float32Array of length ${d}, got ${center?.length}`);
  const steps = options.steps ?? 20;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`${fn}: steps must be an integer >= 1, got ${steps}`);
  let stepSize: number;
  if (options.stepSize !== undefined) stepSize = options.stepSize;
  else if (options.curvature !== undefined && Number.isFinite(options.curvature) && options.curvature !== 0) stepSize = 1 / Math.abs(options.curvature);
  else throw new RangeError(`${fn}: give stepSize (> 0) or a non-zero finite curvature (h_max), got stepSize ${options.stepSize} and curvature ${options.curvature}`);
  if (!(stepSize > 0 && Number.isFinite(stepSize))) throw new RangeError(`${fn}: stepSize must be a finite number > 0, got ${stepSize}`);
  const maxSamples = options.maxSamples ?? 20000, chunkSize = options.chunkSize ?? 1024;
  if (!Number.isInteger(maxSamples) || maxSamples < 1) throw new RangeError(`${fn}: maxSamples must be an integer >= 1, got ${maxSamples}`);
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`${fn}: chunkSize must be an integer >= 1, got ${chunkSize}`);
  const indices = n <= maxSamples ? Int32Array.from({ length: n }, (_, i) => i) : createRandom(options.seed ?? 0).permutation(n).slice(0, maxSamples);
  const part = new Float32Array(d), grad = new Float64Array(d);
  const w = Float64Array.from(center), w32 = Float32Array.from(center);
  const evaluate = (): number => {
    grad.fill(0);
    let value = 0;
    for (let start = 0; start < indices.length; start += chunkSize) {
      const chunk = indices.subarray(start, Math.min(indices.length, start + chunkSize));
      const weight = chunk.length / indices.length;
      value += weight * loss.lossAndGradient(w32, chunk, part);
      for (let i = 0; i < d; i++) grad[i]! += weight * part[i]!;
    }
    if (!Number.isFinite(value)) throw new Error(`${fn}: the loss became non-finite (${value}); lower stepSize (${stepSize})`);
    return value;
  };
  const losses = new Float64Array(steps + 1);
  for (let s = 0; s <= steps; s++) {
    losses[s] = evaluate();
    if (s === steps) break;
    for (let i = 0; i < d; i++) {
      w[i]! -= stepSize * grad[i]!;
      w32[i] = w[i]!;
    }
  }
  return { params: w32, losses, drop: losses[0]! - losses[steps]!, stepSize, numSamples: indices.length };
}
