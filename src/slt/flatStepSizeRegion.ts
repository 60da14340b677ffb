import type { LlcCalibration, LlcCalibrationEstimateCell } from "./calibrateLlc";

/** Options of {@link flatStepSizeRegion}. */
export interface FlatStepSizeRegionOptions {
  /** The n beta row of the grid to read (default: the grid's first n beta). */
  nBeta?: number;
  /** The localization row to read (default: the grid's first localization). */
  localization?: number;
  /**
   * Neighbouring step sizes count as flat when their estimates differ by at most relTol times the
   * larger of the two, or by at most 3 combined standard errors (default 0.1), a number in (0, 1).
   */
  relTol?: number;
}

/** The flat part of an LLC calibration row and the step size chosen in it. */
export interface FlatStepSizeRegion {
  nBeta: number;
  localization: number;
  /** Step sizes of the flat region, ascending (one entry when no two neighbours agree). */
  stepSizes: number[];
  /** Their estimates (mean over chains). */
  means: number[];
  /** The chosen step size: the middle of the region (the smaller of the two middles for an even count). */
  chosen: number;
  /** Estimate at the chosen step size. */
  chosenMean: number;
  /** True when the region holds at least two step sizes. */
  flat: boolean;
  /** Step sizes of the row left out, with the reason (diverged or the kinds of their warnings). */
  excluded: { stepSize: number; reason: string }[];
}

/**
 * Reads a calibration grid (calibrateLlc) as devinterp's guidance does: in one (n beta, gamma) row,
 * the LLC estimate should not depend on the step size eps between too small (chains not yet at
 * equilibrium) and too large (discretisation bias, then divergence); choose eps inside that flat region
 * (paper.md, "Estimating the LLC").
 *
 * Variant: cells that diverged or carry any warning (negative estimate, loss below L_n(w*), no
 * plateau) are excluded; among the remaining cells, sorted by eps, the longest run of neighbours that
 * agree (see `relTol`) is the flat region, the run at larger eps winning ties (faster mixing); the
 * chosen eps is its middle, the smaller middle for an even count (less discretisation bias).
 *
 * @param calibration a grid from calibrateLlc.
 * @param options nBeta, localization (which row), relTol.
 * @returns a {@link FlatStepSizeRegion}.
 * @throws RangeError when the row does not exist or relTol is out of range; Error when every cell of
 *   the row diverged or was flagged.
 * @example
 * const cell = (stepSize: number, mean: number) => ({ ok: true as const, stepSize, nBeta: 10, localization: 1, mean, std: 0.1, stdError: 0.05, warnings: [], llcTrace: new Float64Array(0) });
 * const grid = { stepSizes: [1e-6, 1e-5, 1e-4, 1e-3], nBetas: [10], localizations: [1], cells: [cell(1e-6, 1), cell(1e-5, 2), cell(1e-4, 2.05), cell(1e-3, 3)] };
 * flatStepSizeRegion(grid).stepSizes; // [0.00001, 0.0001]
 * flatStepSizeRegion(grid).chosen; // 0.00001
 */
export function flatStepSizeRegion(calibration: LlcCalibration, options: FlatStepSizeRegionOptions = {}): FlatStepSizeRegion {
  const fn = "flatStepSizeRegion";
  const nBeta = options.nBeta ?? calibration.nBetas[0]!;
  const localization = options.localization ?? calibration.localizations[0]!;
  const relTol = options.relTol ?? 0.1;
  if (!(relTol > 0 && relTol < 1)) throw new RangeError(`${fn}: relTol must be in (0, 1), got ${options.relTol}`);
  const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.abs(b);
  const row = calibration.cells.filter((c) => same(c.nBeta, nBeta) && same(c.localization, localization)).sort((a, b) => a.stepSize - b.stepSize);
  if (row.length === 0) throw new RangeError(`${fn}: the grid has no cells with nBeta ${nBeta} and localization ${localization}`);
  const excluded: { stepSize: number; reason: string }[] = [];
  const usable: LlcCalibrationEstimateCell[] = [];
  for (const cell of row) {
    if (cell.ok === false) excluded.push({ stepSize: cell.stepSize, reason: "diverged" });
    else if (cell.warnings.length || !(cell.mean > 0)) excluded.push({ stepSize: cell.stepSize, reason: cell.warnings.join(", ") || "non-positive estimate" });
    else usable.push(cell);
  }
  if (usable.length === 0) throw new Error(`${fn}: every step size of the row (nBeta ${nBeta}, localization ${localization}) diverged or was flagged`);
  const agree = (a: LlcCalibrationEstimateCell, b: LlcCalibrationEstimateCell): boolean =>
    Math.abs(a.mean - b.mean) <= Math.max(relTol * Math.max(Math.abs(a.mean), Math.abs(b.mean)), 3 * Math.hypot(a.stdError, b.stdError));
  let bestStart = 0, bestLength = 1, start = 0;
  for (let i = 1; i <= usable.length; i++) {
    // A run continues while neighbours agree and are neighbours in the row (no excluded cell between).
    const continues = i < usable.length && agree(usable[i - 1]!, usable[i]!) && row.indexOf(usable[i]!) === row.indexOf(usable[i - 1]!) + 1;
    if (!continues) {
      if (i - start >= bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
      start = i;
    }
  }
  const region = usable.slice(bestStart, bestStart + bestLength);
  const middle = region[Math.floor((region.length - 1) / 2)]!;
  return {
    nBeta,
    localization,
    stepSizes: region.map((c) => c.stepSize),
    means: region.map((c) => c.mean),
    chosen: middle.stepSize,
    chosenMean: middle.mean,
    flat: region.length >= 2,
    excluded,
  };
}
