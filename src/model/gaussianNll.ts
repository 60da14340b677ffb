/**
 * The Gaussian negative log-likelihood with unit variance: half the squared error, in nats per sample.
 */

/**
 * Mean over samples of half the squared error summed over outputs, and optionally its gradient.
 *
 * Computes `L = (1/B) sum_i (1/2) |y_i - t_i|^2`, the negative log-likelihood of the regression
 * model t ~ N(y(x), I) in nats per sample, without the constant (k/2) log(2 pi) for k outputs (it
 * shifts the loss but changes neither gradients nor loss differences, hence not the learning
 * coefficient). Pass `includeConstant: true` to add it.
 *
 * @param outputs row-major `B x k` network outputs.
 * @param targets row-major `B x k` targets, same length as `outputs`.
 * @param numSamples B ≥ 0; `outputs.length` must be a multiple of it.
 * @param options.gradient optional output of length `B x k`, filled with dL/dy = (y - t) / B.
 * @param options.includeConstant add (k/2) log(2 pi) per sample (default false).
 * @returns the mean loss in nats per sample (0 for an empty batch).
 * @throws RangeError when the lengths disagree.
 * @example
 * gaussianNll(new Float32Array([1, 2]), new Float32Array([0, 0]), 1); // 2.5
 * @complexity O(B k).
 * Reference: arXiv 2503.22478; Aoyagi (2024) for the deep linear networks it is used with.
 */
export function gaussianNll(
  outputs: Float32Array,
  targets: Float32Array,
  numSamples: number,
  options: { gradient?: Float32Array | null; includeConstant?: boolean } = {},
): number {
  if (targets.length !== outputs.length) {
    throw new RangeError(`gaussianNll: targets must have the length of outputs (${outputs.length}), got ${targets.length}`);
  }
  if (!Number.isInteger(numSamples) || numSamples < 0 || (numSamples === 0 ? outputs.length !== 0 : outputs.length % numSamples !== 0)) {
    throw new RangeError(`gaussianNll: numSamples must be a non-negative integer dividing outputs.length = ${outputs.length}, got ${numSamples}`);
  }
  const gradient = options.gradient;
  if (gradient && gradient.length !== outputs.length) {
    throw new RangeError(`gaussianNll: options.gradient must have length ${outputs.length}, got ${gradient.length}`);
  }
  if (numSamples === 0) return 0;
  const inv = 1 / numSamples;
  let total = 0;
  for (let i = 0; i < outputs.length; i++) {
    const r = outputs[i]! - targets[i]!;
    total += r * r;
    if (gradient) gradient[i] = r * inv;
  }
  const k = outputs.length / numSamples;
  return 0.5 * total * inv + (options.includeConstant ? 0.5 * k * Math.log(2 * Math.PI) : 0);
}
