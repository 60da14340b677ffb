import { createRandom, type Seed } from "../util/random";
import { meanOverRows, squaredDisplacements } from "./ensembleMsd";
import { fitPowerLaw, powerLawPoints } from "./fitPowerLaw";
import { lateWindow, type LagWindow, type LateWindowOptions } from "./lateWindow";
import type { MsdCurve } from "./msdCurve";
import type { Walk } from "./walk";

/** Options of {@link bootstrapExponent}. */
export interface BootstrapExponentOptions extends LateWindowOptions {
  /** Number of bootstrap resamples, an integer in [10, 1e6] (default 1000). */
  numResamples?: number;
  /** Two-sided confidence level in (0, 1) (default 0.95). */
  confidence?: number;
  /** Seed of the resampling (default 0). */
  seed?: Seed;
  /** Fit window; default: {@link lateWindow} of the full-ensemble MSD. */
  window?: LagWindow;
  /** Reference snapshot index (default 0). */
  reference?: number;
  /** Thinning for the fits (default 20 points per decade). */
  pointsPerDecade?: number;
}

/** A fitted MSD exponent with a bootstrap confidence interval over ensemble members. */
export interface BootstrapExponent {
  /** Exponent fitted on the full ensemble. */
  exponent: number;
  /** Percentile confidence interval. */
  lower: number;
  upper: number;
  /** Standard deviation of the bootstrap exponents. */
  standardError: number;
  confidence: number;
  window: LagWindow;
  /** Exponent of each resample. */
  samples: Float64Array;
}

/**
 * Confidence interval of the ensemble-MSD exponent by resampling members with replacement.
 *
 * The reviewers of arXiv 2503.22478 asked for error bars on alpha; members (independent runs) are the
 * exchangeable unit, so they are what is resampled. Variant: nonparametric percentile bootstrap;
 * every resample is fitted over the same window.
 *
 * @param members ≥ 2 walks with identical times.
 * @param options numResamples (default 1000), confidence (0.95), seed (0), window, reference, pointsPerDecade.
 * @returns a {@link BootstrapExponent}.
 * @throws RangeError for fewer than 2 members or options out of range.
 * @example
 * const t = new Float64Array([0, 1, 2, 3]);
 * const walks = [1, 2, 3].map((a) => createWalk(new Float64Array([0, a, a * 2 ** 0.5, a * 3 ** 0.5]), 1, t));
 * bootstrapExponent(walks, { window: { start: 1, end: 3 } }).upper; // ≈ 1
 * @complexity O(numResamples members T) after one O(members T P) pass.
 */
export function bootstrapExponent(members: readonly Walk[], options: BootstrapExponentOptions = {}): BootstrapExponent {
  const fn = "bootstrapExponent";
  if (!Array.isArray(members) || members.length < 2) {
    throw new RangeError(`${fn}: members must hold at least 2 walks, got ${Array.isArray(members) ? members.length : typeof members}`);
  }
  const numResamples = options.numResamples ?? 1000;
  if (!Number.isInteger(numResamples) || numResamples < 10 || numResamples > 1e6) {
    throw new RangeError(`${fn}: numResamples must be an integer in [10, 1e6], got ${numResamples}`);
  }
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`${fn}: confidence must be in (0, 1), got ${confidence}`);
  const sq = squaredDisplacements(members, { reference: options.reference ?? 0 });
  const n = sq.elapsed.length;
  const rows = sq.numMembers;
  const full = meanOverRows(sq.values, rows, n);
  const times = members[0]!.times;
  const curve: MsdCurve = { lags: sq.elapsed, msd: full.mean, numMembers: rows, kind: "ensemble", duration: times[times.length - 1]! - times[0]! };
  const window = options.window ?? lateWindow(curve, options);
  const fitOptions = { start: window.start, end: window.end, pointsPerDecade: options.pointsPerDecade ?? 20 };
  const exponent = fitPowerLaw(sq.elapsed, full.mean, fitOptions).exponent;
  // The fit keeps the same lags in every resample (its thinning depends on the lags only), so each
  // resample averages only those columns: O(members x kept lags) instead of O(members x T).
  const kept = powerLawPoints(sq.elapsed, fitOptions);
  const keptLags = Float64Array.from(kept, (i) => sq.elapsed[i]!);
  const random = createRandom(options.seed ?? 0);
  const multiplicity = new Float64Array(rows);
  const resampled = new Float64Array(kept.length);
  const samples = new Float64Array(numResamples);
  for (let b = 0; b < numResamples; b++) {
    multiplicity.fill(0);
    for (let r = 0; r < rows; r++) multiplicity[random.integer(rows)]!++;
    resampled.fill(0);
    for (let r = 0; r < rows; r++) {
      const c = multiplicity[r]!;
      if (c === 0) continue;
      for (let k = 0; k < kept.length; k++) resampled[k]! += c * sq.values[r * n + kept[k]!]!;
    }
    for (let k = 0; k < kept.length; k++) resampled[k]! /= rows;
    samples[b] = fitPowerLaw(keptLags, resampled, { pointsPerDecade: 0 }).exponent;
  }
  const sorted = Float64Array.from(samples).sort();
  const q = (p: number) => {
    const pos = p * (numResamples - 1);
    const i = Math.floor(pos);
    return sorted[i]! + (pos - i) * ((sorted[Math.min(i + 1, numResamples - 1)] ?? sorted[i]!) - sorted[i]!);
  };
  let mean = 0;
  for (let b = 0; b < numResamples; b++) mean += samples[b]!;
  mean /= numResamples;
  let v = 0;
  for (let b = 0; b < numResamples; b++) v += (samples[b]! - mean) ** 2;
  return {
    exponent,
    lower: q((1 - confidence) / 2),
    upper: q((1 + confidence) / 2),
    standardError: Math.sqrt(v / (numResamples - 1)),
    confidence,
    window,
    samples,
  };
}
