import type { MinibatchLoss } from "../model/minibatchLoss";
import { DivergenceError } from "../util/divergenceError";
import { startProgress, type ProgressOptions } from "../util/progress";
import { localLearningCoefficient } from "./localLearningCoefficient";
import type { LlcWarningKind } from "./llcWarnings";
import { sampleSgld } from "./sampleSgld";
import type { SgldOptions } from "./sgldSettings";

/** One cell of an LLC calibration grid: an estimate (ok), or the divergence that stopped it. */
export type LlcCalibrationCell = LlcCalibrationEstimateCell | LlcCalibrationDivergedCell;

/** The grid point of a cell. */
export interface LlcCalibrationPoint {
  stepSize: number;
  nBeta: number;
  localization: number;
}

/** A cell whose chains all finished. */
export interface LlcCalibrationEstimateCell extends LlcCalibrationPoint {
  ok: true;
  /** Mean, std and standard error over chains of the LLC estimate. */
  mean: number;
  std: number;
  stdError: number;
  /** Kinds of the warnings of the estimate (negativeEstimate, belowInitialLoss, noPlateau). */
  warnings: LlcWarningKind[];
  /** Chain-averaged n beta (L_t - L_n(w*)) per draw, for trace plots. */
  llcTrace: Float64Array;
}

/** A cell where a chain diverged (NaN or a loss past the threshold). */
export interface LlcCalibrationDivergedCell extends LlcCalibrationPoint {
  ok: false;
  /** The {@link DivergenceError}'s message: which chain, which step, what ran away. */
  reason: string;
}

/** An eps x n beta x gamma sweep of the LLC estimate. */
export interface LlcCalibration {
  stepSizes: number[];
  nBetas: number[];
  localizations: number[];
  /** Cells in the order localization (outer), n beta, step size (inner). */
  cells: LlcCalibrationCell[];
}

/** Options of {@link calibrateLlc}: the grid, plus SGLD options shared by every cell. */
export interface LlcCalibrationOptions extends Omit<SgldOptions, "stepSize" | "nBeta" | "localization">, ProgressOptions {
  /** Step sizes eps to try, each > 0. */
  stepSizes: number[];
  /** Inverse temperatures n beta to try, each > 0 (default: the one of `nBetaRule`). */
  nBetas?: number[];
  /** Localization strengths gamma to try, each >= 0 (default [100]). */
  localizations?: number[];
}

/**
 * Sweeps the LLC estimate over step size eps x inverse temperature n beta x localization gamma, so
 * that a region where it is flat in eps (and stable in gamma) can be chosen (paper.md, "Estimating
 * the LLC": too large eps diverges, too small gamma lets the chain escape).
 *
 * Variant: every cell is a full {@link sampleSgld} run with the same seed; divergence is recorded in
 * the cell (`ok: false` with the reason) instead of thrown, since finding it is the point.
 *
 * @param loss any MinibatchLoss.
 * @param center w*, length loss.numParams.
 * @param options stepSizes, nBetas, localizations and the shared SGLD options; `onProgress` (or the
 *   default reporter) hears of each cell.
 * @returns the {@link LlcCalibration} grid; plot it with llcCalibrationFigure.
 * @throws RangeError for an empty or invalid grid or invalid shared options.
 * @example
 * const nc = createNormalCrossingLoss({ a: 1, b: 2, numSamples: 1000, seed: 0 });
 * const grid = await calibrateLlc(nc, nc.trueParams, { stepSizes: [1e-5, 1e-4], nBetas: [100], localizations: [1], numChains: 2, numDraws: 20, workers: false });
 * grid.cells.length; // 2
 *
 * Complexity: cells x (one sampleSgld run).
 */
export async function calibrateLlc(loss: MinibatchLoss, center: Float32Array, options: LlcCalibrationOptions): Promise<LlcCalibration> {
  const fn = "calibrateLlc";
  const { stepSizes, nBetas, localizations = [100], progress: _progress, onProgress: _onProgress, ...shared } = options;
  if (!Array.isArray(stepSizes) || stepSizes.length === 0 || stepSizes.some((e) => !(e > 0 && Number.isFinite(e)))) {
    throw new RangeError(`${fn}: stepSizes must be a non-empty array of finite numbers > 0, got ${JSON.stringify(stepSizes)}`);
  }
  if (nBetas !== undefined && (!Array.isArray(nBetas) || nBetas.length === 0 || nBetas.some((b) => !(b > 0 && Number.isFinite(b))))) {
    throw new RangeError(`${fn}: nBetas must be a non-empty array of finite numbers > 0, got ${JSON.stringify(nBetas)}`);
  }
  if (!Array.isArray(localizations) || localizations.length === 0 || localizations.some((g) => !(g >= 0 && Number.isFinite(g)))) {
    throw new RangeError(`${fn}: localizations must be a non-empty array of finite numbers >= 0, got ${JSON.stringify(localizations)}`);
  }
  const betaList: (number | undefined)[] = nBetas ?? [undefined];
  const reporter = startProgress(options, { total: localizations.length * betaList.length * stepSizes.length, title: "LLC calibration grid" });
  const cells: LlcCalibrationCell[] = [];
  const usedBetas: number[] = [];
  for (const localization of localizations) {
    for (const nBeta of betaList) {
      for (const stepSize of stepSizes) {
        const cellOptions: SgldOptions = { ...shared, stepSize, localization, ...(nBeta !== undefined ? { nBeta } : {}) };
        try {
          const est = localLearningCoefficient(await sampleSgld(loss, center, cellOptions));
          if (!usedBetas.includes(est.nBeta)) usedBetas.push(est.nBeta);
          cells.push({
            ok: true, stepSize, nBeta: est.nBeta, localization, mean: est.mean, std: est.std, stdError: est.stdError,
            warnings: [...new Set(est.warnings.map((w) => w.kind))], llcTrace: est.llcTrace,
          });
        } catch (e) {
          if (!(e instanceof DivergenceError)) throw e;
          cells.push({ ok: false, stepSize, nBeta: nBeta ?? NaN, localization, reason: e.message });
        }
        const cell = cells[cells.length - 1]!;
        reporter?.update(cells.length - 1, cell.ok ? cell.mean : NaN);
      }
    }
  }
  reporter?.finish(`${cells.filter((c) => c.ok === false).length} of ${cells.length} cells diverged`);
  // A diverged cell of the default rule records the rule's n beta too.
  const fallback = usedBetas[0] ?? NaN;
  for (const cell of cells) if (Number.isNaN(cell.nBeta)) cell.nBeta = fallback;
  return { stepSizes: [...stepSizes], nBetas: nBetas ? [...nBetas] : usedBetas.slice(0, 1), localizations: [...localizations], cells };
}
