import type { SgldTrace } from "./sampleSgld";
import type { NBetaRule, SgldSettings } from "./sgldSettings";
import { compensatedMean } from "../util/compensatedSum";
import { llcWarnings, type LlcWarning } from "./llcWarnings";
import { llcConvergence, type LlcConvergence, type LlcConvergenceCriteria } from "./llcConvergence";

/** An estimate of the local learning coefficient with everything needed to judge it. */
export interface LlcEstimate {
  /** Mean of the per-chain estimates. */
  mean: number;
  /** Sample standard deviation over chains (n - 1 denominator; 0 for one chain). */
  std: number;
  /** Standard error of the mean, std / sqrt(numChains). */
  stdError: number;
  /** Per-chain estimates n beta (mean_t L_t - L_n(w*)). */
  perChain: Float64Array;
  /** Inverse temperature used, and how it was chosen. */
  nBeta: number;
  nBetaRule: NBetaRule;
  /** L_n(w*) (nats/sample). */
  initLoss: number;
  /** The chain-averaged running quantity n beta (L_t - L_n(w*)) at each draw (for trace plots). */
  llcTrace: Float64Array;
  /** Diagnostics as warnings (negative estimate, loss below L_n(w*), no plateau). */
  warnings: LlcWarning[];
  /**
   * Convergence diagnostics (R-hat, ESS, Monte Carlo error, drift, relaxation, localizer share; see
   * llcConvergence), or null when the chains hold fewer than 12 draws or differ in length. A verdict
   * must not rest on an estimate whose `convergence?.converged` is not true.
   */
  convergence: LlcConvergence | null;
  /** Settings of the run. */
  settings: SgldSettings;
  /** The trace it was computed from. */
  trace: SgldTrace;
}

/**
 * The local learning coefficient (LLC) estimate from an SGLD trace: a pure function of the trace.
 *
 * Symbol: lambda_hat(w*) = n beta ( E_w[L_n(w)] - L_n(w*) ) (paper.md, "Estimating the LLC";
 * Lau et al. 2023, the WBIC-style estimator), with E_w over the localized tempered posterior.
 * Variant: per chain, E_w is the mean of the recorded minibatch losses (unbiased for the mean of
 * L_n, since each minibatch is drawn independently of the current w); mean and std are over chains,
 * as devinterp. Sums are compensated (Neumaier).
 *
 * @param trace an {@link SgldTrace} from {@link sampleSgld} (or any sampler producing one).
 * @param criteria thresholds of the convergence diagnostics (see llcConvergence).
 * @returns an {@link LlcEstimate}; lambda is dimensionless (compare with d/2).
 * @throws RangeError when the trace has no chains or a chain has no draws.
 * @example
 * const trace = { losses: [Float64Array.from([1.25, 1.75]), Float64Array.from([1.5, 1.5])], burnInLosses: [], distances: [], virials: [], squareAverages: [], params: [],
 *   initLoss: 1, settings: { nBeta: 4, stepSize: 1e-4, localization: 1, nBetaRule: "explicit" }, diagnostics: {} };
 * localLearningCoefficient(trace).mean; // 2
 * localLearningCoefficient(trace).perChain; // Float64Array [2, 2]
 *
 * Complexity O(chains x draws). Reference: Lau, Furman, Wang, Murfet, Wei, arXiv 2308.12108.
 */
export function localLearningCoefficient(trace: SgldTrace, criteria?: LlcConvergenceCriteria): LlcEstimate {
  const fn = "localLearningCoefficient";
  const chains = trace.losses.length;
  if (chains < 1) throw new RangeError(`${fn}: trace.losses must hold at least 1 chain, got 0`);
  const draws = trace.losses[0]!.length;
  trace.losses.forEach((l, c) => {
    if (l.length < 1) throw new RangeError(`${fn}: chain ${c} has no draws`);
  });
  const { nBeta } = trace.settings;
  const perChain = new Float64Array(chains);
  for (let c = 0; c < chains; c++) perChain[c] = nBeta * (compensatedMean(trace.losses[c]!) - trace.initLoss);
  const mean = compensatedMean(perChain);
  let ss = 0;
  for (const v of perChain) ss += (v - mean) ** 2;
  const std = chains > 1 ? Math.sqrt(ss / (chains - 1)) : 0;
  const llcTrace = new Float64Array(draws);
  for (let t = 0; t < draws; t++) {
    let s = 0, k = 0;
    for (const l of trace.losses) {
      if (t < l.length) {
        s += l[t]!;
        k++;
      }
    }
    llcTrace[t] = nBeta * (s / k - trace.initLoss);
  }
  return {
    mean,
    std,
    stdError: std / Math.sqrt(chains),
    perChain,
    nBeta,
    nBetaRule: trace.settings.nBetaRule,
    initLoss: trace.initLoss,
    llcTrace,
    warnings: llcWarnings(trace, perChain),
    convergence: draws >= 12 && trace.losses.every((l) => l.length === draws) ? llcConvergence(trace, criteria) : null,
    settings: trace.settings,
    trace,
  };
}
