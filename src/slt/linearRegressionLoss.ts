import { createDeepLinearNetworkLoss, DeepLinearNetwork, type DeepLinearNetworkLoss } from "./deepLinearNetworkLoss";

/** Options of {@link createLinearRegressionLoss}. */
export interface LinearRegressionOptions {
  /** Input dimension, an integer >= 1. */
  inputDim: number;
  /** Output dimension (default 1), an integer >= 1. */
  outputDim?: number;
  /** Number of data samples n, an integer >= inputDim. */
  numSamples: number;
  /** Standard deviation of the target noise (default 1: data drawn from the model itself). */
  noiseStd?: number;
  /** Seed of the true map and the data. */
  seed: number;
}

/** A linear regression loss (a regular model) with its ground truth. */
export interface LinearRegressionLoss extends DeepLinearNetworkLoss {
  /**
   * The least-squares (maximum-likelihood) parameter: the exact minimiser of L_n, the point at which
   * the LLC of a regular model is d/2 for every data set.
   */
  readonly leastSquaresParams: Float32Array;
}

/**
 * Linear regression y = W x + noise with unit-variance Gaussian negative log-likelihood, a regular
 * model: its learning coefficient is lambda = d/2 with d = inputDim x outputDim parameters (paper.md,
 * "Models with known learning coefficients"). It is the one-layer deep linear network, so loss,
 * gradient and data follow {@link createDeepLinearNetworkLoss}.
 *
 * @param options inputDim, outputDim (default 1), numSamples (>= inputDim), noiseStd (default 1), seed.
 * @returns the loss with trueParams, leastSquaresParams, learningCoefficient = d/2 and a worker spec.
 * @throws RangeError for dimensions, numSamples or noiseStd out of range.
 * @example
 * const lr = createLinearRegressionLoss({ inputDim: 4, outputDim: 2, numSamples: 50, seed: 3 });
 * lr.learningCoefficient; // 4
 *
 * Complexity O(n d + d^3) to build (least squares by Cholesky).
 */
export function createLinearRegressionLoss(options: LinearRegressionOptions): LinearRegressionLoss {
  const fn = "createLinearRegressionLoss";
  const inputDim = options.inputDim, outputDim = options.outputDim ?? 1;
  if (!Number.isInteger(inputDim) || inputDim < 1) throw new RangeError(`${fn}: inputDim must be an integer >= 1, got ${inputDim}`);
  if (!Number.isInteger(outputDim) || outputDim < 1) throw new RangeError(`${fn}: outputDim must be an integer >= 1, got ${outputDim}`);
  if (!Number.isInteger(options.numSamples) || options.numSamples < inputDim) {
    throw new RangeError(`${fn}: numSamples must be an integer >= inputDim = ${inputDim}, got ${options.numSamples}`);
  }
  const base = createDeepLinearNetworkLoss({
    widths: [inputDim, outputDim],
    rank: Math.min(inputDim, outputDim),
    numSamples: options.numSamples,
    noiseStd: options.noiseStd ?? 1,
    seed: options.seed,
  });
  const { inputs: x, targets: y } = base;
  const n = options.numSamples;
  // Normal equations: W (X^T X) = Y^T X, solved by Cholesky of X^T X.
  const gram = new Float64Array(inputDim * inputDim);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < inputDim; i++) {
      const xi = x[s * inputDim + i]!;
      for (let j = 0; j <= i; j++) gram[i * inputDim + j]! += xi * x[s * inputDim + j]!;
    }
  }
  const chol = new Float64Array(inputDim * inputDim);
  for (let i = 0; i < inputDim; i++) {
    for (let j = 0; j <= i; j++) {
      let v = gram[i * inputDim + j]!;
      for (let k = 0; k < j; k++) v -= chol[i * inputDim + k]! * chol[j * inputDim + k]!;
      if (i === j) {
        if (!(v > 0)) throw new Error(`${fn}: the input Gram matrix is singular; increase numSamples (got ${n})`);
        chol[i * inputDim + i] = Math.sqrt(v);
      } else chol[i * inputDim + j] = v / chol[j * inputDim + j]!;
    }
  }
  const leastSquaresParams = new Float32Array(inputDim * outputDim);
  const rhs = new Float64Array(inputDim);
  for (let o = 0; o < outputDim; o++) {
    rhs.fill(0);
    for (let s = 0; s < n; s++) {
      const t = y[s * outputDim + o]!;
      for (let i = 0; i < inputDim; i++) rhs[i]! += t * x[s * inputDim + i]!;
    }
    for (let i = 0; i < inputDim; i++) {
      let v = rhs[i]!;
      for (let k = 0; k < i; k++) v -= chol[i * inputDim + k]! * rhs[k]!;
      rhs[i] = v / chol[i * inputDim + i]!;
    }
    for (let i = inputDim - 1; i >= 0; i--) {
      let v = rhs[i]!;
      for (let k = i + 1; k < inputDim; k++) v -= chol[k * inputDim + i]! * rhs[k]!;
      rhs[i] = v / chol[i * inputDim + i]!;
    }
    for (let i = 0; i < inputDim; i++) leastSquaresParams[o * inputDim + i] = rhs[i]!;
  }
  const model = new DeepLinearNetwork(
    base.widths,
    base.rank,
    base.layerOffsets,
    base.trueParams,
    (inputDim * outputDim) / 2,
    base.inputs,
    base.targets,
    { module: __filename, factory: "createLinearRegressionLoss", options: { ...options } },
  );
  return Object.assign(model, { leastSquaresParams }) as LinearRegressionLoss;
}
