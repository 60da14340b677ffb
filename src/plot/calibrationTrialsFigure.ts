import { SERIES_COLORS } from "../util/palette";
import type { Figure } from "./figure";

/** One sampling run of a calibration, as plain data (MnistLlcCalibration's trials have this shape). */
export interface CalibrationTrialPoint {
  stage: "length" | "stepSize" | "localization" | string;
  stepSize: number;
  localization: number;
  /** Steps per chain (burn-in + draws). */
  steps: number;
  mean: number;
  monteCarloStdError: number;
  converged: boolean;
  note: string;
}

const STAGES: Record<string, string> = {
  length: "chain length (doubling)",
  stepSize: "step size halved",
  localization: "localization × factor",
};

/**
 * The sampling runs of an LLC calibration (calibrateLlcSampler): the estimate against the steps per
 * chain on a log axis, one colour per stage (chain-length doubling, step-size halving, localization
 * check), error bars of one Monte Carlo standard error, open markers for runs whose chains had not
 * converged, the chosen estimate as a dashed line.
 *
 * @param trials the runs (for a calibrateLlcSampler result: its trials with steps = numBurnin + numDraws,
 *   monteCarloStdError = stdError, converged = convergence.converged).
 * @param options chosen (the chosen estimate), title.
 * @returns a Plotly figure (never displays).
 * @throws RangeError when trials is empty.
 * @example
 * calibrationTrialsFigure([{ stage: "length", stepSize: 1e-5, localization: 1, steps: 2000, mean: 3, monteCarloStdError: 0.1, converged: true, note: "" }], { chosen: 3 }).data.length; // 2
 */
export function calibrationTrialsFigure(trials: readonly CalibrationTrialPoint[], options: { chosen?: number; title?: string } = {}): Figure {
  if (!Array.isArray(trials) || trials.length === 0) throw new RangeError(`calibrationTrialsFigure: trials must be a non-empty array, got ${trials?.length}`);
  const data: Figure["data"] = [];
  Object.keys(STAGES).forEach((stage, k) => {
    const rows = trials.filter((t) => t.stage === stage);
    if (!rows.length) return;
    const color = SERIES_COLORS[k]!;
    data.push({
      type: "scatter",
      mode: "markers",
      name: STAGES[stage]!,
      x: rows.map((t) => t.steps),
      y: rows.map((t) => t.mean),
      error_y: { type: "data", array: rows.map((t) => t.monteCarloStdError), visible: true, color },
      text: rows.map((t) => `ε = ${t.stepSize.toPrecision(3)}, γ = ${t.localization}, ${t.converged ? "converged" : "not converged"}; ${t.note}`),
      marker: { color, size: 9, symbol: rows.map((t) => (t.converged ? "circle" : "circle-open")), line: { color, width: 2 } },
    });
  });
  if (options.chosen !== undefined) {
    const xs = trials.map((t) => t.steps);
    data.push({ type: "scatter", mode: "lines", name: "chosen estimate", x: [Math.min(...xs), Math.max(...xs)], y: [options.chosen, options.chosen], line: { color: "black", dash: "dash", width: 1 } });
  }
  return {
    data,
    layout: {
      title: { text: options.title ?? "Calibration runs: the estimate against the chain length" },
      xaxis: { title: { text: "steps per chain (burn-in + draws)" }, type: "log" },
      yaxis: { title: { text: "λ̂ (± Monte Carlo standard error)" } },
      height: 420,
    },
  };
}
