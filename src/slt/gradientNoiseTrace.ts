/**
 * The trace of SGD's gradient-noise covariance at a point: the size of the noise that holds SGD above
 * the bottom of a basin.
 */
import type { MinibatchLoss } from "../model/minibatchLoss";

/**
 * tr C(w) = (1/n) sum_i |grad l_i(w) - grad L_n(w)|^2, the trace of the covariance of per-sample
 * gradients over the n samples (C of the SGD noise: a minibatch gradient of size B drawn without
 * replacement has covariance C (n - B) / (B (n - 1))). Used for the stationary excess loss of SGD in
 * a quadratic basin, E[L - L*] ≈ (eta / 4B) tr C (for C ≈ H).
 *
 * @param loss any {@link MinibatchLoss}.
 * @param params the point w, length numParams.
 * @returns tr C(w) (squared gradient units).
 * @throws RangeError for params of the wrong length.
 * @example
 * const loss = createGaussianWellsLoss({ centers: [[0, 0]], widths: [1], numSamples: 5 });
 * gradientNoiseTrace(loss, new Float32Array([1, 0])) < 1e-12; // true
 * @complexity n per-sample gradient evaluations.
 */
export function gradientNoiseTrace(loss: MinibatchLoss, params: Float32Array): number {
  if (params.length !== loss.numParams) throw new RangeError(`gradientNoiseTrace: params must have length ${loss.numParams}, got ${params.length}`);
  const d = loss.numParams, n = loss.numSamples;
  const mean = new Float64Array(d), sq = new Float64Array(d), g = new Float32Array(d), one = new Int32Array(1);
  for (let i = 0; i < n; i++) {
    one[0] = i;
    loss.lossAndGradient(params, one, g);
    for (let j = 0; j < d; j++) [mean[j], sq[j]] = [mean[j]! + g[j]! / n, sq[j]! + (g[j]! * g[j]!) / n];
  }
  let trace = 0;
  for (let j = 0; j < d; j++) trace += sq[j]! - mean[j]! * mean[j]!;
  return Math.max(0, trace);
}
