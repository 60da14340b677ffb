import type { MinibatchLoss } from "../model/minibatchLoss";
import { localLearningCoefficient, type LlcEstimate } from "./localLearningCoefficient";
import { sampleSgld } from "./sampleSgld";
import type { SgldOptions } from "./sgldSettings";

/**
 * Samples and estimates in one call: `localLearningCoefficient(await sampleSgld(loss, center, options))`.
 *
 * Symbol: lambda_hat(w*) = n beta (E_w[L_n(w)] - L_n(w*)) (paper.md, "Estimating the LLC").
 *
 * @param loss any MinibatchLoss (parallel when it carries a LossSpec).
 * @param center w*, a local minimum of L_n, length loss.numParams.
 * @param options see {@link SgldOptions}.
 * @returns the {@link LlcEstimate} (its `trace` holds the losses, its `settings` the options used).
 * @throws as {@link sampleSgld}.
 * @example
 * const lr = createLinearRegressionLoss({ inputDim: 2, numSamples: 500, seed: 1 });
 * const est = await estimateLlc(lr, lr.leastSquaresParams, { stepSize: 1e-4, localization: 1, numChains: 1, numDraws: 10, workers: false });
 * est.perChain.length; // 1
 * est.nBetaRule; // "numSamples"
 */
export async function estimateLlc(loss: MinibatchLoss, center: Float32Array, options: SgldOptions = {}): Promise<LlcEstimate> {
  return localLearningCoefficient(await sampleSgld(loss, center, options));
}
