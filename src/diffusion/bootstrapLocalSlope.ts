import { createRandom, type Seed } from "../util/random";
import { meanOverRows, squaredDisplacements } from "./ensembleMsd";
import { localSlope, slopeWindows, windowSlope, type LocalSlopeCurve, type LocalSlopeOptions } from "./localSlope";
import type { Walk } from "./walk";

/** Options of {@link bootstrapLocalSlope}. */
export interface BootstrapLocalSlopeOptions extends LocalSlopeOptions {
  /** Bootstrap resamples over members, an integer in [10, 1e6] (default 200). */
  numResamples?: number;
  /** Seed of the resampling (default 0). */
  seed?: Seed;
  /** Reference snapshot index t0 (default 0). */
  reference?: number;
}

/** The local slope of an ensemble MSD with the bootstrap standard error of each point. */
export interface LocalSlopeBands extends LocalSlopeCurve {
  /** Standard deviation of the local slope over resamples of the members, at each centre. */
  standardError: Float64Array;
  numResamples: number;
}

/**
 * The local exponent d log MSD / d log t of an ensemble (as {@link localSlope} of the ensemble MSD)
 * with the standard error of every point, from resampling members with replacement.
 *
 * Why: on a finite ensemble the local slope is noisy, and its largest value over many windows is
 * biased upwards, so a curve alone cannot tell a super-diffusive phase (slope above 1) from noise
 * around 1 or from the log-periodic oscillation of a walk on a fractal. {@link diffusionCrossover}
 * uses these standard errors to accept only a significant super-diffusive phase. Members (independent
 * runs or walkers) are the exchangeable unit, as in {@link bootstrapExponent}.
 *
 * @param members ≥ 2 walks with identical times.
 * @param options numResamples (default 200), seed (0), reference (0), and the {@link localSlope} options.
 * @returns {@link LocalSlopeBands}: the centres and slopes of the full ensemble and their standard errors.
 * @throws RangeError for fewer than 2 members, numResamples out of range, or as localSlope.
 * @example
 * // 400 walks on Z^2: the local slope is 1 in expectation; these lie in 0.94-1.07 with errors 0.03-0.07.
 * const walks = latticeWalk({ dimension: 2, numSteps: 1000, numWalkers: 400, seed: 1 });
 * const bands = bootstrapLocalSlope(walks, { numResamples: 50 });
 * bands.slope.every((s, i) => Math.abs(s - 1) < 3.5 * bands.standardError[i]); // true
 * @complexity O(numResamples x members x T) after one O(members T P) pass.
 */
export function bootstrapLocalSlope(members: readonly Walk[], options: BootstrapLocalSlopeOptions = {}): LocalSlopeBands {
  const fn = "bootstrapLocalSlope";
  if (!Array.isArray(members) || members.length < 2) {
    throw new RangeError(`${fn}: members must hold at least 2 walks, got ${Array.isArray(members) ? members.length : typeof members}`);
  }
  const numResamples = options.numResamples ?? 200;
  if (!Number.isInteger(numResamples) || numResamples < 10 || numResamples > 1e6) {
    throw new RangeError(`${fn}: numResamples must be an integer in [10, 1e6], got ${numResamples}`);
  }
  const sq = squaredDisplacements(members, { reference: options.reference ?? 0 });
  const n = sq.elapsed.length;
  const rows = sq.numMembers;
  const slopeOptions: LocalSlopeOptions = {};
  if (options.pointsPerDecade !== undefined) slopeOptions.pointsPerDecade = options.pointsPerDecade;
  if (options.halfWidth !== undefined) slopeOptions.halfWidth = options.halfWidth;
  const full = localSlope(sq.elapsed, meanOverRows(sq.values, rows, n).mean, slopeOptions);
  const windows = slopeWindows(Float64Array.from(sq.elapsed, Math.log10), options.pointsPerDecade ?? 10, options.halfWidth ?? 0.25);
  const m = full.slope.length;
  const sum = new Float64Array(m);
  const sumSquares = new Float64Array(m);
  const random = createRandom(options.seed ?? 0);
  const multiplicity = new Float64Array(rows);
  const mean = new Float64Array(n);
  const logMean = new Float64Array(n);
  let used = 0;
  for (let b = 0; b < numResamples; b++) {
    multiplicity.fill(0);
    for (let r = 0; r < rows; r++) multiplicity[random.integer(rows)]!++;
    mean.fill(0);
    for (let r = 0; r < rows; r++) {
      const c = multiplicity[r]!;
      if (c === 0) continue;
      const row = r * n;
      for (let i = 0; i < n; i++) mean[i]! += c * sq.values[row + i]!;
    }
    // A resample whose members all sit still at some lag has MSD 0 there: no slope; skip it.
    let positive = true;
    for (let i = 0; i < n; i++) {
      if (!(mean[i]! > 0)) positive = false;
      logMean[i] = Math.log10(mean[i]! / rows);
    }
    if (!positive) continue;
    for (let w = 0; w < m; w++) {
      const slope = windowSlope(windows, w, logMean);
      sum[w]! += slope;
      sumSquares[w]! += slope * slope;
    }
    used++;
  }
  const standardError = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const mean = sum[i]! / Math.max(1, used);
    standardError[i] = used > 1 ? Math.sqrt(Math.max(0, (sumSquares[i]! - used * mean * mean) / (used - 1))) : 0;
  }
  return { lags: full.lags, slope: full.slope, standardError, numResamples: used };
}
