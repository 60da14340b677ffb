import type { LlcCalibrationTrial } from "../slt/calibrateLlcSampler";
import { SERIES_COLORS } from "../util/palette";
import type { Figure } from "./figure";

const STAGES: Record<LlcCalibrationTrial["stage"], string> = {
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
 * @param trials the calibration's `trials`.
 * @param options chosen (the chosen estimate), title.
 * @returns a Plotly figure (never displays).
 * @throws RangeError when trials is empty.
 * @example
 * const convergence = { converged: true, reasons: [], rHat: 1, ess: 500, monteCarloStdError: 0.1, drift: { firstThird: 1, lastThird: 1, difference: 0, z: 0 }, relaxation: null, localizerShare: 0.5, lossShare: 0.5 };
 * calibrationTrialsFigure([{ stage: "length", stepSize: 1e-5, localization: 1, numBurnin: 1500, numDraws: 500, mean: 3, stdError: 0.1, convergence, note: "" }], { chosen: 3 }).data.length; // 2
 */
export function calibrationTrialsFigure(trials: LlcCalibrationTrial[], options: { chosen?: number; title?: string } = {}): Figure {
  if (!Array.isArray(trials) || trials.length === 0) throw new RangeError(`calibrationTrialsFigure: trials must be a non-empty array, got ${trials?.length}`);
  const data: Figure["data"] = [];
  (Object.keys(STAGES) as LlcCalibrationTrial["stage"][]).forEach((stage, k) => {
    const rows = trials.filter((t) => t.stage === stage);
    if (!rows.length) return;
    const color = SERIES_COLORS[k]!;
    data.push({
      type: "scatter",
      mode: "markers",
      name: STAGES[stage],
      x: rows.map((t) => t.numBurnin + t.numDraws),
      y: rows.map((t) => t.mean),
      error_y: { type: "data", array: rows.map((t) => t.stdError), visible: true, color },
      text: rows.map((t) => `ε = ${t.stepSize.toPrecision(3)}, γ = ${t.localization}, ${t.convergence.converged ? "converged" : "not converged"}; ${t.note}`),
      marker: { color, size: 9, symbol: rows.map((t) => (t.convergence.converged ? "circle" : "circle-open")), line: { color, width: 2 } },
    });
  });
  if (options.chosen !== undefined) {
    const xs = trials.map((t) => t.numBurnin + t.numDraws);
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
