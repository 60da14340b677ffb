import type { Figure } from "./figure";

/** An LLC estimate at one training checkpoint. */
export interface LlcCheckpoint {
  /** Training step of the checkpoint (updates done). */
  step: number;
  /** LLC estimate (mean over chains). */
  mean: number;
  /** Error bar half-width (e.g. std over chains). */
  error: number;
  /** Non-empty when the estimate is not trustworthy (e.g. the sampler's warnings): drawn apart, with this text on hover. */
  flag?: string;
}

/**
 * The LLC estimate lambda_hat(w_t) against the training step t, with error bars; checkpoints whose
 * estimate carries a warning (w_t not a local minimum, no plateau) are drawn as open red markers and
 * left out of the line (paper.md, "Experiments the paper reports", 1: LLC along training).
 *
 * @param checkpoints one per checkpoint, in any order.
 * @param options title, logStep (log x axis; steps must then be > 0; default false).
 * @returns a Plotly figure (never displays).
 * @throws RangeError when checkpoints is empty.
 * @example
 * llcAlongTrainingFigure([{ step: 100, mean: 5, error: 1 }, { step: 0, mean: -3, error: 2, flag: "negative" }]).data.length; // 2
 */
export function llcAlongTrainingFigure(checkpoints: LlcCheckpoint[], options: { title?: string; logStep?: boolean } = {}): Figure {
  if (!Array.isArray(checkpoints) || checkpoints.length === 0) {
    throw new RangeError(`llcAlongTrainingFigure: checkpoints must be a non-empty array, got ${checkpoints?.length}`);
  }
  const sorted = [...checkpoints].sort((a, b) => a.step - b.step);
  const good = sorted.filter((c) => !c.flag), flagged = sorted.filter((c) => c.flag);
  const data: Figure["data"] = [];
  if (good.length) {
    data.push({
      type: "scatter", mode: "lines+markers", name: "λ̂ (no warnings)",
      x: good.map((c) => c.step), y: good.map((c) => c.mean),
      error_y: { type: "data", array: good.map((c) => c.error), visible: true },
      marker: { size: 8, color: "#1f77b4" },
    });
  }
  if (flagged.length) {
    data.push({
      type: "scatter", mode: "markers", name: "λ̂ with warnings",
      x: flagged.map((c) => c.step), y: flagged.map((c) => c.mean), text: flagged.map((c) => c.flag!),
      error_y: { type: "data", array: flagged.map((c) => c.error), visible: true, color: "#d62728" },
      marker: { size: 9, color: "#d62728", symbol: "circle-open" },
    });
  }
  return {
    data,
    layout: {
      title: { text: options.title ?? "LLC estimate along training" },
      xaxis: { title: { text: "training step" }, type: options.logStep ? "log" : "linear" },
      yaxis: { title: { text: "LLC estimate λ̂" } },
      height: 420,
    },
  };
}
