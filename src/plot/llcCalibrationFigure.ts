import type { LlcCalibration } from "../slt/calibrateLlc";
import { SERIES_COLORS } from "../util/palette";
import type { Figure } from "./figure";

/** Options of {@link llcCalibrationFigure}. */
export interface LlcCalibrationFigureOptions {
  /** Known learning coefficient, drawn as a dotted line when given. */
  truth?: number;
  title?: string;
}

/**
 * The LLC estimate against the step size eps (log axis), one line per (gamma, n beta) with error
 * bars of one standard deviation over chains; diverged cells are marked with a red cross at the top.
 * Choose eps in the flat part before divergence (paper.md, "Estimating the LLC").
 *
 * @param calibration the grid from calibrateLlc.
 * @param options truth, title.
 * @returns a Plotly figure (never displays).
 * @example
 * const grid = { stepSizes: [1e-5, 1e-4], nBetas: [10], localizations: [1], cells: [
 *   { ok: true, stepSize: 1e-5, nBeta: 10, localization: 1, mean: 2, std: 0.1, stdError: 0.05, warnings: [], llcTrace: new Float64Array(0) },
 *   { ok: false, stepSize: 1e-4, nBeta: 10, localization: 1, reason: "diverged" }] };
 * llcCalibrationFigure(grid).data.length; // 2
 */
export function llcCalibrationFigure(calibration: LlcCalibration, options: LlcCalibrationFigureOptions = {}): Figure {
  const groups = new Map<string, { x: number[]; y: number[]; e: number[]; warn: string[] }>();
  const diverged: { x: number[]; text: string[] } = { x: [], text: [] };
  let top = options.truth ?? 0;
  for (const cell of calibration.cells) {
    if (cell.ok === false) {
      diverged.x.push(cell.stepSize);
      diverged.text.push(`γ = ${cell.localization}, nβ = ${cell.nBeta.toPrecision(4)}: ${cell.reason}`);
      continue;
    }
    const key = `γ = ${cell.localization}, nβ = ${cell.nBeta.toPrecision(4)}`;
    const g = groups.get(key) ?? { x: [], y: [], e: [], warn: [] };
    g.x.push(cell.stepSize);
    g.y.push(cell.mean);
    g.e.push(cell.std);
    g.warn.push(cell.warnings.length ? `warnings: ${cell.warnings.join(", ")}` : "");
    groups.set(key, g);
    top = Math.max(top, cell.mean + cell.std);
  }
  const data: Figure["data"] = [...groups].map(([name, g]) => ({
    type: "scatter" as const,
    mode: "lines+markers" as const,
    name,
    x: g.x,
    y: g.y,
    text: g.warn,
    error_y: { type: "data" as const, array: g.e, visible: true },
  }));
  if (diverged.x.length) {
    data.push({
      type: "scatter",
      mode: "markers",
      name: "diverged",
      x: diverged.x,
      y: diverged.x.map(() => top * 1.1 || 1),
      text: diverged.text,
      marker: { symbol: "x", size: 10, color: SERIES_COLORS[1] },
    });
  }
  if (options.truth !== undefined) {
    const xs = calibration.stepSizes;
    data.push({
      type: "scatter",
      mode: "lines",
      name: `truth ${options.truth}`,
      x: [Math.min(...xs), Math.max(...xs)],
      y: [options.truth, options.truth],
      line: { color: "#2ca02c", dash: "dot", width: 2 },
    });
  }
  return {
    data,
    layout: {
      title: { text: options.title ?? "LLC estimate against step size" },
      xaxis: { title: { text: "step size ε" }, type: "log" },
      yaxis: { title: { text: "LLC estimate λ̂" } },
      height: 420,
    },
  };
}
