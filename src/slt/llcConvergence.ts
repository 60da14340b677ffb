import type { SgldTrace } from "./sampleSgld";
import { effectiveSampleSize } from "./effectiveSampleSize";
import { splitRhat } from "./splitRhat";

/** Thresholds of {@link llcConvergence} (all optional). */
export interface LlcConvergenceCriteria {
  /** Largest split R-hat of the loss traces accepted (default 1.05). */
  maxRhat?: number;
  /** Smallest effective sample size of the loss traces over all chains accepted (default 100; below it R-hat and the Monte Carlo error are themselves unreliable). */
  minEss?: number;
  /** Largest |z| of the first-third against last-third test accepted (default 3.5). */
  maxDriftZ?: number;
  /** Largest drift between the thirds accepted, as a fraction of |lambda_hat| (default 0.05); the drift fails only when it is both significant and this large. */
  maxDriftFraction?: number;
  /**
   * Largest change of the running estimate per doubling of the chains accepted, as a fraction of
   * |lambda_hat| (default 0.05): half the difference of the means of n beta (L_t - L_n(w*)) over steps
   * [T/2, T) and [T/8, T/4) of the whole chain (burn-in included, T its length) must be at most this
   * fraction plus 2 standard errors. Needs the burn-in losses; skipped without them.
   */
  maxRelaxationFraction?: number;
  /**
   * Largest Monte Carlo standard error accepted, as a fraction of |lambda_hat| (default: no limit).
   * Precision is not convergence, but an estimate too noisy to tell two settings apart cannot
   * calibrate anything: calibrateLlcSampler asks for relTol / 3.
   */
  maxRelativeError?: number;
}

/** Whether the chains behind an LLC estimate have settled, with the numbers that say so. */
export interface LlcConvergence {
  /** True when every check passed; `reasons` lists the failed ones otherwise. */
  converged: boolean;
  reasons: string[];
  /** Split R-hat of the per-chain loss traces (1 = mixed). */
  rHat: number;
  /** Effective sample size of the loss traces over all chains (of chains x draws). */
  ess: number;
  /** Monte Carlo standard error of lambda_hat from the ESS: n beta sd(L) / sqrt(ESS). */
  monteCarloStdError: number;
  /** The running estimate n beta (L - L_n(w*)) averaged over the first and last third of the draws, their difference and its z. */
  drift: { firstThird: number; lastThird: number; difference: number; z: number };
  /**
   * The running estimate over the last two doublings of the whole chain (burn-in and draws, T steps):
   * its mean over [T/8, T/4) and over [T/2, T), the change per doubling (half their difference: a
   * slow approach to equilibrium moves the estimate by about the same amount at every doubling of the
   * chain time) and that change's standard error (from each window's ESS); null when the trace has no
   * burn-in losses or is too short.
   */
  relaxation: { earlier: number; later: number; change: number; stdError: number } | null;
  /**
   * Share of the stationary spread carried by the localizer: gamma E|w - w*|^2 / d. By integration
   * by parts n beta E[(w - w*) . grad L] + gamma E|w - w*|^2 = d at stationarity, so this is 1 minus
   * the loss's share (`lossShare`). Near 1 the chain samples the Gaussian prior around w*, and lambda_hat
   * is a curvature proxy (n beta / 2 gamma) tr H rather than the LLC; in a singular model flat
   * directions legitimately carry localizer share, so this is reported, and the gamma check of the
   * calibration (lambda_hat must not scale like 1/gamma) decides.
   */
  localizerShare: number;
  /** n beta E[(w - w*) . grad L_B(w)] / d, the loss's share (should be 1 - localizerShare up to sampling and step-size error). */
  lossShare: number;
}

function mean(a: ArrayLike<number>, from = 0, to = a.length): number {
  let s = 0, c = 0;
  for (let i = from; i < to; i++) {
    const v = a[i]!;
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return (s + c) / (to - from);
}

/**
 * Convergence diagnostics of the chains behind an LLC estimate: split R-hat and effective sample size
 * of the per-chain loss traces, the drift of the running estimate between the first and last third
 * of the draws, and the localizer's share of the stationary spread.
 *
 * Symbol: lambda_hat = n beta (E[L] - L_n(w*)) (paper.md, "Estimating the LLC"); its Monte Carlo
 * error n beta sd(L) / sqrt(ESS).
 * Variant: R-hat is the split R-hat of BDA3 (splitRhat), the ESS multi-chain with Geyer's initial
 * monotone sequence (effectiveSampleSize); the drift test compares the pooled means of the first and
 * last third of every chain's draws with standard errors from each third's own ESS; the relaxation
 * test compares the last two doublings of the whole chain (burn-in included), which sees a slow
 * approach to equilibrium that a window of draws after a long burn-in hides. An estimate is converged
 * when lambda_hat > 0, R-hat <= maxRhat, ESS >= minEss, the drift is not both significant
 * (|z| > maxDriftZ) and large (> maxDriftFraction |lambda_hat|), and the relaxation change is within
 * maxRelaxationFraction |lambda_hat| + 2 standard errors.
 *
 * @param trace an SgldTrace whose chains have the same number of draws (>= 12).
 * @param criteria thresholds, see {@link LlcConvergenceCriteria}.
 * @returns the {@link LlcConvergence}.
 * @throws RangeError when chains differ in length or hold fewer than 12 draws.
 *
 * Complexity O(chains x draws log draws).
 * References: Gelman et al. (2013) BDA3 §11.4–11.5; Vehtari et al. (2021), Bayesian Analysis 16.
 */
export function llcConvergence(trace: SgldTrace, criteria: LlcConvergenceCriteria = {}): LlcConvergence {
  const fn = "llcConvergence";
  const maxRhat = criteria.maxRhat ?? 1.05, minEss = criteria.minEss ?? 100;
  const maxDriftZ = criteria.maxDriftZ ?? 3.5, maxDriftFraction = criteria.maxDriftFraction ?? 0.05;
  const maxRelaxationFraction = criteria.maxRelaxationFraction ?? 0.05;
  const maxRelativeError = criteria.maxRelativeError ?? Infinity;
  const chains = trace.losses;
  const draws = chains[0]?.length ?? 0;
  if (draws < 12) throw new RangeError(`${fn}: every chain needs at least 12 draws, got ${draws}`);
  chains.forEach((c, i) => {
    if (c.length !== draws) throw new RangeError(`${fn}: chains must have the same number of draws (${draws}); chain ${i} has ${c.length}`);
  });
  const { nBeta, localization, numParams } = trace.settings;
  const rHat = splitRhat(chains);
  const ess = effectiveSampleSize(chains);
  let all = 0, ss = 0;
  for (const c of chains) all += mean(c);
  all /= chains.length;
  for (const c of chains) for (let t = 0; t < draws; t++) ss += (c[t]! - all) ** 2;
  const sd = Math.sqrt(ss / (chains.length * draws - 1));
  const estimate = nBeta * (all - trace.initLoss);
  const third = Math.floor(draws / 3);
  const part = (from: number): { mean: number; se: number } => {
    const slices = chains.map((c) => c.subarray(from, from + third));
    let m = 0;
    for (const c of slices) m += mean(c);
    m /= slices.length;
    let v = 0;
    for (const c of slices) for (const x of c) v += (x - m) ** 2;
    const partSd = Math.sqrt(v / (slices.length * third - 1));
    return { mean: m, se: partSd / Math.sqrt(effectiveSampleSize(slices)) };
  };
  const first = part(0), last = part(draws - third);
  // The last two doublings of the whole chain: [T/8, T/4) against [T/2, T), per doubling.
  let relaxation: LlcConvergence["relaxation"] = null;
  const burn = trace.burnInLosses[0]?.length ?? 0;
  if (burn > 0 && trace.burnInLosses.every((b) => b.length === burn)) {
    const total = burn + draws;
    const whole = chains.map((c, i) => {
      const w = new Float64Array(total);
      w.set(trace.burnInLosses[i]!, 0);
      w.set(c, burn);
      return w;
    });
    const windowStats = (from: number, to: number): { mean: number; se: number } => {
      const slices = whole.map((w) => w.subarray(from, to));
      let m = 0;
      for (const c of slices) m += mean(c);
      m /= slices.length;
      let v = 0;
      for (const c of slices) for (const x of c) v += (x - m) ** 2;
      const windowSd = Math.sqrt(v / (slices.length * (to - from) - 1));
      return { mean: m, se: to - from >= 4 ? windowSd / Math.sqrt(effectiveSampleSize(slices)) : windowSd };
    };
    const eighth = Math.floor(total / 8), quarter = Math.floor(total / 4), halfway = Math.floor(total / 2);
    if (quarter - eighth >= 4) {
      const earlier = windowStats(eighth, quarter), later = windowStats(halfway, total);
      relaxation = {
        earlier: nBeta * (earlier.mean - trace.initLoss),
        later: nBeta * (later.mean - trace.initLoss),
        change: (nBeta * (later.mean - earlier.mean)) / 2,
        stdError: (nBeta * Math.hypot(earlier.se, later.se)) / 2,
      };
    }
  }
  const difference = nBeta * (last.mean - first.mean);
  const seDifference = nBeta * Math.hypot(first.se, last.se);
  const z = seDifference > 0 ? difference / seDifference : difference === 0 ? 0 : Infinity * Math.sign(difference);
  let distance = 0, virial = 0, count = 0;
  trace.distances.forEach((dist, c) => {
    const vir = trace.virials?.[c];
    for (let t = 0; t < dist.length; t++) {
      distance += dist[t]!;
      virial += vir ? vir[t]! : 0;
      count++;
    }
  });
  const localizerShare = count ? (localization * distance) / count / numParams : 0;
  const lossShare = count ? (nBeta * virial) / count / numParams : 0;
  const reasons: string[] = [];
  if (!(estimate > 0)) reasons.push(`the estimate ${estimate.toPrecision(4)} is not positive: w* is not a local minimum, or L_n(w*) is too noisy`);
  if (!(rHat <= maxRhat)) reasons.push(`split R-hat ${rHat.toFixed(3)} > ${maxRhat}: the chains disagree or drift`);
  if (!(ess >= minEss)) reasons.push(`effective sample size ${ess.toFixed(0)} < ${minEss}: run longer chains`);
  if (Math.abs(z) > maxDriftZ && Math.abs(difference) > maxDriftFraction * Math.abs(estimate)) {
    reasons.push(`the running estimate moves by ${difference.toPrecision(3)} (z = ${z.toFixed(1)}) between the first and last third of the draws: lengthen the burn-in`);
  }
  const monteCarloStdError = (nBeta * sd) / Math.sqrt(ess);
  if (monteCarloStdError > maxRelativeError * Math.abs(estimate)) {
    reasons.push(`the Monte Carlo error ${monteCarloStdError.toPrecision(2)} is above ${(100 * maxRelativeError).toPrecision(2)} % of the estimate: run longer chains`);
  }
  if (relaxation && Math.abs(relaxation.change) > maxRelaxationFraction * Math.abs(estimate) + 2 * relaxation.stdError) {
    reasons.push(
      `the running estimate still moves by ${relaxation.change.toPrecision(3)} ± ${relaxation.stdError.toPrecision(2)} per doubling of the chains ` +
        `(${relaxation.earlier.toPrecision(4)} over [T/8, T/4) → ${relaxation.later.toPrecision(4)} over [T/2, T)): run longer chains`,
    );
  }
  return {
    converged: reasons.length === 0,
    reasons,
    rHat,
    ess,
    monteCarloStdError,
    relaxation,
    drift: { firstThird: nBeta * (first.mean - trace.initLoss), lastThird: nBeta * (last.mean - trace.initLoss), difference, z },
    localizerShare,
    lossShare,
  };
}
