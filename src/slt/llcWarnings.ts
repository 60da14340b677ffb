import { compensatedMean } from "../util/compensatedSum";
import type { SgldTrace } from "./sampleSgld";

/** What a warning about an LLC estimate says. */
export type LlcWarningKind = "negativeEstimate" | "belowInitialLoss" | "noPlateau";

/** A diagnostic of an LLC estimate, for notebooks and logs. */
export interface LlcWarning {
  kind: LlcWarningKind;
  /** The chain concerned, or -1 for the estimate as a whole. */
  chain: number;
  /** A sentence stating the problem with its numbers and what to try. */
  message: string;
}

/**
 * Standard error of the mean of a[from..to) by non-overlapping batch means (robust to the
 * autocorrelation of a Markov chain): the standard deviation of `numBatches` batch means over
 * sqrt(numBatches). Returns 0 for fewer than 2 values per batch.
 */
export function batchMeansStdError(a: ArrayLike<number>, from = 0, to = a.length, numBatches = 10): number {
  const len = to - from;
  const size = Math.floor(len / numBatches);
  if (size < 2) return 0;
  const means: number[] = [];
  for (let b = 0; b < numBatches; b++) means.push(compensatedMean(a, from + b * size, from + (b + 1) * size));
  const mu = compensatedMean(means);
  let ss = 0;
  for (const m of means) ss += (m - mu) ** 2;
  return Math.sqrt(ss / (numBatches - 1) / numBatches);
}

/**
 * Health checks of an SGLD trace for LLC estimation, as warnings (never throws: divergence is
 * already an error in the sampler).
 *
 * - negativeEstimate: a chain's (or the mean) estimate n beta (mean L - L_n(w*)) is below 0.
 * - belowInitialLoss: the second half of a chain lies below L_n(w*) by more than 3 batch-means
 *   standard errors: the loss drifts below its starting value, so w* is not a local minimum.
 * - noPlateau: the two halves of a chain differ by more than 4 combined standard errors and by more
 *   than 10 % of the chain's estimate: the trace is still moving (burn-in too short, eps too small
 *   or the chain escaping). Skipped below 40 draws.
 *
 * @param trace an {@link SgldTrace}.
 * @param perChain the per-chain estimates n beta (mean L - L_n(w*)).
 * @returns the warnings, chain by chain, then the overall one.
 */
export function llcWarnings(trace: SgldTrace, perChain: Float64Array): LlcWarning[] {
  const warnings: LlcWarning[] = [];
  const { nBeta, stepSize, localization } = trace.settings;
  const init = trace.initLoss;
  trace.losses.forEach((losses, chain) => {
    const est = perChain[chain]!;
    if (est < 0) {
      warnings.push({
        kind: "negativeEstimate",
        chain,
        message: `chain ${chain}: negative LLC estimate ${est.toPrecision(4)}; w* is not a local minimum or L_n(w*) is too noisy (raise initLossBatches)`,
      });
    }
    const len = losses.length;
    const half = Math.floor(len / 2);
    if (half < 20) return;
    const first = compensatedMean(losses, 0, half), second = compensatedMean(losses, half, len);
    const se1 = batchMeansStdError(losses, 0, half), se2 = batchMeansStdError(losses, half, len);
    if (second < init - 3 * se2) {
      warnings.push({
        kind: "belowInitialLoss",
        chain,
        message: `chain ${chain}: the loss drifts below L_n(w*) (second-half mean ${second.toPrecision(6)} < ${init.toPrecision(6)}); w* is not a local minimum`,
      });
    }
    const diff = nBeta * Math.abs(second - first);
    const se = nBeta * Math.hypot(se1, se2);
    if (diff > 4 * se && diff > 0.1 * Math.abs(est)) {
      warnings.push({
        kind: "noPlateau",
        chain,
        message: `chain ${chain}: no plateau: n beta x (loss) moves by ${diff.toPrecision(3)} between the halves of the trace (estimate ${est.toPrecision(4)}); add burn-in, or change stepSize ${stepSize} / localization ${localization}`,
      });
    }
  });
  const mean = compensatedMean(perChain);
  if (mean < 0) {
    warnings.push({ kind: "negativeEstimate", chain: -1, message: `negative mean LLC estimate ${mean.toPrecision(4)}` });
  }
  return warnings;
}
