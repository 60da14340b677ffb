/**
 * The contract between models and the algorithms that move their weights (optimizers, SGLD samplers,
 * Hessian-vector products): a loss over a data set of n samples, evaluated on a minibatch, with its
 * gradient, through one flat Float32Array of parameters.
 */
export interface MinibatchLoss {
  /** Number of parameters d (length of the flat parameter vector). */
  readonly numParams: number;
  /** Number of samples n in the data set the loss averages over. */
  readonly numSamples: number;
  /**
   * Mean loss over the samples `indices` (nats per sample: negative log-likelihood) at `params`, with
   * its gradient with respect to `params` written into `gradient` (length numParams).
   */
  lossAndGradient(params: Float32Array, indices: Int32Array, gradient: Float32Array): number;
  /** Mean loss over the samples `indices` at `params` (no gradient). */
  loss(params: Float32Array, indices: Int32Array): number;
}
