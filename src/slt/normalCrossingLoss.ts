import { createRandom } from "../util/random";
import type { LossSpec, SpecifiedLoss } from "./lossSpec";

/** Options of {@link createNormalCrossingLoss}. */
export interface NormalCrossingOptions {
  /** Exponent a of w1, an integer >= 1. */
  a: number;
  /** Exponent b of w2, an integer >= 1. */
  b: number;
  /** Number of data samples n, an integer >= 1. */
  numSamples: number;
  /** Standard deviation of the target noise (default 0: the true parameter is then an exact minimiser of L_n). */
  noiseStd?: number;
  /** Seed of the data. */
  seed: number;
}

/** The normal-crossing regression loss with its ground truth. */
export interface NormalCrossingLoss extends SpecifiedLoss {
  readonly a: number;
  readonly b: number;
  /** The true parameter w* = (0, 0). */
  readonly trueParams: Float32Array;
  /** lambda = 1 / (2 max(a, b)). */
  readonly learningCoefficient: number;
  /** Multiplicity m: 2 when a = b, else 1. */
  readonly multiplicity: number;
  /** Empirical second moment of the inputs, (1/n) sum x_i^2: K_n(w) = (1/2) secondMoment w1^(2a) w2^(2b). */
  readonly inputSecondMoment: number;
}

/**
 * Learning coefficient of the normal crossing K(w) = w1^(2a) w2^(2b) at the origin.
 *
 * Symbol: lambda = 1 / (2 max(a, b)) (paper.md, "Models with known learning coefficients").
 *
 * @param a exponent of w1, an integer >= 1.
 * @param b exponent of w2, an integer >= 1.
 * @returns lambda (dimensionless).
 * @throws RangeError when a or b is not an integer >= 1.
 * @example
 * normalCrossingLearningCoefficient(2, 3); // 0.16666666666666666
 *
 * Reference: Watanabe, Algebraic Geometry and Statistical Learning Theory (2009), ch. 2.
 */
export function normalCrossingLearningCoefficient(a: number, b: number): number {
  checkExponent("normalCrossingLearningCoefficient", "a", a);
  checkExponent("normalCrossingLearningCoefficient", "b", b);
  return 1 / (2 * Math.max(a, b));
}

function checkExponent(fn: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: ${name} must be an integer >= 1, got ${v}`);
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * A two-parameter model whose population loss is a normal crossing, as a {@link MinibatchLoss}:
 * regression y = w1^a w2^b x + noise with unit-variance Gaussian negative log-likelihood, so
 * K(w) = (1/2) E[x^2] w1^(2a) w2^(2b) and lambda = 1 / (2 max(a, b)).
 *
 * Loss per sample (nats): (1/2)(y - w1^a w2^b x)^2 + (1/2) log(2 pi). Inputs x ~ N(0, 1); the true
 * parameter is w* = (0, 0), targets y = noiseStd * N(0, 1).
 *
 * @param options a, b, numSamples, noiseStd (default 0), seed.
 * @returns the loss with trueParams, learningCoefficient, multiplicity and a worker spec.
 * @throws RangeError for exponents, numSamples or noiseStd out of range.
 * @example
 * const nc = createNormalCrossingLoss({ a: 1, b: 2, numSamples: 10, seed: 0 });
 * nc.learningCoefficient; // 0.25
 * nc.numParams; // 2
 *
 * Complexity O(m) per minibatch of size m.
 */
export function createNormalCrossingLoss(options: NormalCrossingOptions): NormalCrossingLoss {
  const fn = "createNormalCrossingLoss";
  checkExponent(fn, "a", options.a);
  checkExponent(fn, "b", options.b);
  if (!Number.isInteger(options.numSamples) || options.numSamples < 1) {
    throw new RangeError(`${fn}: numSamples must be an integer >= 1, got ${options.numSamples}`);
  }
  const noiseStd = options.noiseStd ?? 0;
  if (!(noiseStd >= 0) || !Number.isFinite(noiseStd)) throw new RangeError(`${fn}: noiseStd must be finite and >= 0, got ${options.noiseStd}`);
  const { a, b, numSamples } = options;
  const random = createRandom(options.seed);
  const x = random.fillNormal(new Float64Array(numSamples));
  const y = new Float64Array(numSamples);
  if (noiseStd > 0) random.fillNormal(y, 0, noiseStd);
  let secondMoment = 0;
  for (let i = 0; i < numSamples; i++) secondMoment += x[i]! * x[i]!;
  secondMoment /= numSamples;
  const spec: LossSpec = { module: __filename, factory: "createNormalCrossingLoss", options: { ...options } };

  const check = (name: string, params: Float32Array, indices: Int32Array): void => {
    if (params.length !== 2) throw new RangeError(`NormalCrossingLoss.${name}: params must have length 2, got ${params.length}`);
    if (indices.length < 1) throw new RangeError(`NormalCrossingLoss.${name}: indices must not be empty`);
  };
  const lossAndGradient = (params: Float32Array, indices: Int32Array, gradient: Float32Array | null): number => {
    const w1 = params[0]!, w2 = params[1]!;
    const p1 = w1 ** a, p2 = w2 ** b;
    const coef = p1 * p2;
    let sum = 0, g = 0;
    for (let j = 0; j < indices.length; j++) {
      const n = indices[j]!;
      const xi = x[n]!;
      if (xi === undefined) throw new RangeError(`NormalCrossingLoss: sample index must be an integer in [0, ${numSamples - 1}], got ${n}`);
      const r = coef * xi - y[n]!;
      sum += r * r;
      g += r * xi;
    }
    const m = indices.length;
    if (gradient) {
      // d/dw1 (1/2) r^2 = r x a w1^(a-1) w2^b, and symmetrically for w2.
      gradient[0] = (g / m) * a * w1 ** (a - 1) * p2;
      gradient[1] = (g / m) * b * w2 ** (b - 1) * p1;
    }
    return (0.5 * sum) / m + HALF_LOG_2PI;
  };
  return {
    numParams: 2,
    numSamples,
    spec,
    a,
    b,
    trueParams: new Float32Array(2),
    learningCoefficient: normalCrossingLearningCoefficient(a, b),
    multiplicity: a === b ? 2 : 1,
    inputSecondMoment: secondMoment,
    loss(params, indices) {
      check("loss", params, indices);
      return lossAndGradient(params, indices, null);
    },
    lossAndGradient(params, indices, gradient) {
      check("lossAndGradient", params, indices);
      if (gradient.length !== 2) throw new RangeError(`NormalCrossingLoss.lossAndGradient: gradient must have length 2, got ${gradient.length}`);
      return lossAndGradient(params, indices, gradient);
    },
  };
}
