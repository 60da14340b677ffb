import type { Walk } from "../diffusion/walk";
import { createFftPlan } from "../util/fft";
import { createRandom, deriveSeed } from "../util/random";
import { uniformSampling, type UniformSamplingOptions } from "./uniformSampling";

/** Options of {@link fractionalBrownianMotion}. */
export interface FractionalBrownianMotionOptions extends UniformSamplingOptions {
  /** Hurst index H in (0, 1); H = 1/2 is Brownian motion. */
  hurst: number;
}

/**
 * Exact fractional Brownian motion B_H by the Davies–Harte (circulant embedding) method.
 *
 * Ground truth: E[B_H(t)^2] = t^(2H) for every coordinate, hence MSD = dimension t^(2H), exponent 2H,
 * stationary increments (so the time-averaged MSD has the same exponent: ergodic).
 * Variant: the autocovariance of fractional Gaussian noise, gamma(k) = (|k+1|^(2H) - 2|k|^(2H) +
 * |k-1|^(2H)) / 2, is embedded in a circulant of size M = 2(T-1) whose eigenvalues (one FFT) are
 * non-negative for all H in (0, 1) (Craigmile 2003); one complex FFT of sqrt(eigenvalue / M) times
 * complex white noise yields two independent exact noise paths (real and imaginary parts). Paths are
 * cumulated and scaled by timeStep^H.
 *
 * @param options see {@link FractionalBrownianMotionOptions}.
 * @returns numWalkers walks of `dimension` independent fBm coordinates starting at 0.
 * @throws RangeError for H ∉ (0, 1) or sizes out of range; Error if an embedding eigenvalue is negative.
 * @example
 * fractionalBrownianMotion({ hurst: 0.7, numSnapshots: 4 })[0].positions[0]; // 0
 * @complexity O(T log T) per pair of coordinates.
 */
export function fractionalBrownianMotion(options: FractionalBrownianMotionOptions): Walk[] {
  const fn = "fractionalBrownianMotion";
  const h = options.hurst;
  if (!(h > 0 && h < 1)) throw new RangeError(`${fn}: hurst must be in (0, 1), got ${h}`);
  const { numSnapshots: t, timeStep: dt, dimension: d, numWalkers, times } = uniformSampling(fn, options);
  const n = t - 1; // number of increments
  const m = Math.max(2, 2 * n);
  const gamma = (k: number) => 0.5 * (Math.abs(k + 1) ** (2 * h) - 2 * Math.abs(k) ** (2 * h) + Math.abs(k - 1) ** (2 * h));
  const plan = createFftPlan(m);
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let k = 0; k < m; k++) re[k] = gamma(Math.min(k, m - k));
  plan.transform(re, im);
  const scale = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const lambda = re[k]!;
    if (lambda < -1e-9 * m) throw new Error(`${fn}: negative circulant eigenvalue ${lambda} at index ${k} for H = ${h}, T = ${t}`);
    scale[k] = Math.sqrt(Math.max(0, lambda) / m);
  }
  const unit = dt ** h;
  const walks: Walk[] = [];
  for (let w = 0; w < numWalkers; w++) {
    const random = createRandom(deriveSeed(options.seed ?? 0, w));
    const positions = new Float64Array(t * d);
    for (let j = 0; j < d; j += 2) {
      for (let k = 0; k < m; k++) {
        re[k] = scale[k]! * random.normal();
        im[k] = scale[k]! * random.normal();
      }
      plan.transform(re, im);
      let xa = 0;
      let xb = 0;
      for (let i = 1; i < t; i++) {
        xa += re[i - 1]!;
        xb += im[i - 1]!;
        positions[i * d + j] = unit * xa;
        if (j + 1 < d) positions[i * d + j + 1] = unit * xb;
      }
    }
    walks.push({ positions, times, dimension: d });
  }
  return walks;
}
