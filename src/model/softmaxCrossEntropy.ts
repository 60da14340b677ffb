/**
 * Softmax cross-entropy, the negative log-likelihood of a categorical model, in nats per sample.
 */

/**
 * Mean softmax cross-entropy of logits against class labels, and optionally its gradient.
 *
 * Computes `L = (1/B) sum_i [ logsumexp(z_i) - z_{i, y_i} ]`, the average negative log-likelihood
 * (nats per sample) of the categorical model p(y | x) = softmax(z(x))_y; this is the paper's L_n over
 * a minibatch. Variant: the log-sum-exp is shifted by the row maximum and accumulated in float64, so
 * large logits neither overflow nor lose the small terms.
 *
 * @param logits row-major `B x numClasses` scores (any finite values).
 * @param labels B class indices, each an integer in [0, numClasses - 1].
 * @param numClasses number of classes C ≥ 1; `logits.length` must equal `labels.length * C`.
 * @param gradient optional output of length `B x C`, filled with dL/dz = (softmax(z) - onehot(y)) / B.
 * @returns the mean loss in nats per sample (0 for an empty batch).
 * @throws RangeError when the lengths disagree or a label is out of range.
 * @example
 * softmaxCrossEntropy(new Float32Array([0, 0]), new Int32Array([1]), 2); // ≈ 0.6931
 * @complexity O(B C).
 * Reference: arXiv 2503.22478 (log-loss, so that the steady state is a tempered posterior).
 */
export function softmaxCrossEntropy(
  logits: Float32Array,
  labels: ArrayLike<number>,
  numClasses: number,
  gradient?: Float32Array | null,
): number {
  const count = labels.length;
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new RangeError(`softmaxCrossEntropy: numClasses must be an integer ≥ 1, got ${numClasses}`);
  }
  if (logits.length !== count * numClasses) {
    throw new RangeError(`softmaxCrossEntropy: logits must have length labels.length * numClasses = ${count * numClasses}, got ${logits.length}`);
  }
  if (gradient && gradient.length !== logits.length) {
    throw new RangeError(`softmaxCrossEntropy: gradient must have length ${logits.length}, got ${gradient.length}`);
  }
  if (count === 0) return 0;
  let total = 0;
  const inv = 1 / count;
  for (let i = 0; i < count; i++) {
    const label = labels[i]!;
    if (!(label >= 0 && label < numClasses && Number.isInteger(label))) {
      throw new RangeError(`softmaxCrossEntropy: labels[${i}] must be an integer in [0, ${numClasses - 1}], got ${label}`);
    }
    const row = i * numClasses;
    let max = -Infinity;
    for (let c = 0; c < numClasses; c++) if (logits[row + c]! > max) max = logits[row + c]!;
    if (!Number.isFinite(max)) max = 0; // NaN or infinite logits propagate to a non-finite loss below
    let sum = 0;
    for (let c = 0; c < numClasses; c++) sum += Math.exp(logits[row + c]! - max);
    const logSum = Math.log(sum) + max;
    total += logSum - logits[row + label]!;
    if (gradient) {
      for (let c = 0; c < numClasses; c++) {
        gradient[row + c] = (Math.exp(logits[row + c]! - logSum) - (c === label ? 1 : 0)) * inv;
      }
    }
  }
  return total * inv;
}

/**
 * Number of rows whose largest logit is at the true label (ties go to the lowest class index).
 *
 * @param logits row-major `B x numClasses`.
 * @param labels B class indices.
 * @returns the count of correct predictions, an integer in [0, B].
 * @example
 * countCorrect(new Float32Array([2, 1, 0, 3]), new Int32Array([0, 0]), 2); // 1
 */
export function countCorrect(logits: Float32Array, labels: ArrayLike<number>, numClasses: number): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = i * numClasses;
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (logits[row + c]! > logits[row + best]!) best = c;
    if (best === labels[i]) correct++;
  }
  return correct;
}
