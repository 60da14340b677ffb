import { bootstrapExponent, type BootstrapExponent } from "./bootstrapExponent";
import { bootstrapLocalSlope, type LocalSlopeBands } from "./bootstrapLocalSlope";
import { diffusionCrossover, type DiffusionCrossover } from "./diffusionCrossover";
import { ensembleMsd } from "./ensembleMsd";
import { fitMsdExponent } from "./fitMsdExponent";
import type { PowerLawFit } from "./fitPowerLaw";
import type { LagWindow } from "./lateWindow";
import type { MsdCurve } from "./msdCurve";
import type { Seed } from "../util/random";
import type { Walk } from "./walk";

/** Options of {@link summarizeDiffusion}. */
export interface DiffusionSummaryOptions {
  /** Reference snapshot index t0 (default 0). */
  reference?: number;
  /** Fit window (default: the late window of {@link lateWindow}, one decade). */
  window?: LagWindow;
  /** Bootstrap resamples over members (default 500; 0 skips the bootstrap; needs ≥ 2 members). */
  numResamples?: number;
  /** Seed of the bootstrap (default 0). */
  seed?: Seed;
}

/** Everything the paper reads off a set of trajectories, in one record. */
export interface DiffusionSummary {
  /** Ensemble MSD against elapsed time. */
  curve: MsdCurve;
  /** Late-window power-law fit of the MSD (exponent alpha_MSD, r^2, standard error). */
  fit: PowerLawFit;
  /** The paper's alpha: slope of log R against log t = alpha_MSD / 2. */
  displacementExponent: number;
  /** d_w = 2 / alpha_MSD. */
  walkDimension: number;
  /**
   * Super- to sub-diffusive crossover of the local slope: with the bootstrap, only a significant one
   * (see {@link diffusionCrossover} with the standard errors of `localSlope`); without it, any
   * excursion of the local slope above 1.
   */
  crossover: DiffusionCrossover;
  /** Bootstrap interval of alpha_MSD over members, when computed. */
  bootstrap?: BootstrapExponent;
  /** The local slope with bootstrap standard errors over members, when the bootstrap ran. */
  localSlope?: LocalSlopeBands;
}

/**
 * One-call summary of the anomalous diffusion of an ensemble of trajectories: ensemble MSD, late-window
 * exponent with r^2 and standard error, the paper's alpha = alpha_MSD / 2 and d_w = 2 / alpha_MSD, the
 * super-to-sub crossover and a bootstrap interval over members (arXiv 2503.22478, Chen et al. 2020).
 * Composes {@link ensembleMsd}, {@link fitMsdExponent}, {@link diffusionCrossover},
 * {@link bootstrapExponent} and {@link bootstrapLocalSlope}; use them directly for finer control.
 * With the bootstrap (≥ 2 members, numResamples > 0) a crossover is reported only when the
 * super-diffusive phase is significant at 95 % over the local-slope centres (measured on ensembles
 * of 40 walks of 1000 steps: a crossover in 1 of 480 on the Sierpinski gasket, 2 of 480 on Z² and 0 of
 * 480 for fBm with H = 0.4, where the bare curve finds one in 85-92 %; see test/diffusion/crossover.test.ts);
 * without it, the local slope curve is trusted as exact.
 *
 * @param members ≥ 1 walks with identical times (≥ 2 for the bootstrap).
 * @param options reference, window, numResamples (default 500), seed.
 * @returns a {@link DiffusionSummary}.
 * @throws RangeError when the MSD is 0 or not finite at some lag (naming the lag), or as the composed
 *   estimators (e.g. a window with fewer than 3 points).
 * @example
 * const walks = latticeWalk({ dimension: 2, numSteps: 1000, numWalkers: 50, seed: 1 });
 * Math.round(summarizeDiffusion(walks, { numResamples: 0 }).walkDimension); // 2
 */
export function summarizeDiffusion(members: readonly Walk[], options: DiffusionSummaryOptions = {}): DiffusionSummary {
  const reference = options.reference ?? 0;
  const curve = ensembleMsd(members, { reference });
  // The fit and the crossover take logarithms of the MSD: say here, in this function's terms, when a
  // lag has none (the walks are all back at their reference position).
  for (let i = 0; i < curve.msd.length; i++) {
    if (!(curve.msd[i]! > 0) || !Number.isFinite(curve.msd[i]!)) {
      throw new RangeError(
        `summarizeDiffusion: the ensemble MSD is ${curve.msd[i]} at lag ${curve.lags[i]} (every walk is back at its reference position there, or a position is not finite); ` +
          `the exponent and the crossover need a positive, finite MSD at every lag: use another reference, drop those times, or call ensembleMsd and fitMsdExponent on a window`,
      );
    }
  }
  const fit = fitMsdExponent(curve, options.window ? { window: options.window } : {});
  const numResamples = options.numResamples ?? 500;
  const bootstrap = numResamples > 0 && members.length >= 2;
  const bands = bootstrap ? bootstrapLocalSlope(members, { numResamples, seed: options.seed ?? 0, reference }) : undefined;
  const summary: DiffusionSummary = {
    curve,
    fit,
    displacementExponent: fit.exponent / 2,
    walkDimension: 2 / fit.exponent,
    crossover: diffusionCrossover(curve.lags, curve.msd, bands ? { standardError: bands.standardError } : {}),
  };
  if (bootstrap) {
    summary.bootstrap = bootstrapExponent(members, { numResamples, seed: options.seed ?? 0, reference, window: { start: fit.start, end: fit.end } });
    summary.localSlope = bands!;
  }
  return summary;
}
