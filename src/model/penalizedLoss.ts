/**
 * A loss plus a Gaussian prior's L2 term: the negative log posterior per sample, U = L_n + |w|^2 / (2 n sigma^2).
 */
import type { MinibatchLoss } from "./minibatchLoss";

/**
 * Wraps a loss so that it returns U(w) = L(w) + (weightDecay / 2) |w|^2 and its gradient: with
 * weightDecay = 1 / (n sigma^2) the negative log posterior per sample under the prior N(0, sigma^2 I),
 * the objective SGD with that weight decay descends (so the local learning coefficient of a basin of
 * the posterior is measured on the landscape SGD sees).
 *
 * @param loss any {@link MinibatchLoss}.
 * @param weightDecay the L2 coefficient, ≥ 0 (per sample: 1 / (n sigma^2)).
 * @returns a {@link MinibatchLoss} with the same numParams and numSamples.
 * @throws RangeError for a negative or non-finite weightDecay.
 * @example
 * const base = createGaussianWellsLoss({ centers: [[0, 0]], widths: [1], numSamples: 4 });
 * penalizedLoss(base, 2).loss(new Float32Array([1, 0]), new Int32Array([0])); // 1.5
 * @complexity the wrapped loss's cost plus O(d).
 */
export function penalizedLoss(loss: MinibatchLoss, weightDecay: number): MinibatchLoss {
  if (!(weightDecay >= 0) || !Number.isFinite(weightDecay)) throw new RangeError(`penalizedLoss: weightDecay must be a finite number ≥ 0, got ${weightDecay}`);
  const penalty = (w: Float32Array) => {
    let s = 0;
    for (let i = 0; i < w.length; i++) s += w[i]! * w[i]!;
    return (weightDecay * s) / 2;
  };
  return {
    numParams: loss.numParams,
    numSamples: loss.numSamples,
    lossAndGradient(params, indices, gradient) {
      const v = loss.lossAndGradient(params, indices, gradient);
      for (let i = 0; i < params.length; i++) gradient[i] = gradient[i]! + weightDecay * params[i]!;
      return v + penalty(params);
    },
    loss: (params, indices) => loss.loss(params, indices) + penalty(params),
  };
}
