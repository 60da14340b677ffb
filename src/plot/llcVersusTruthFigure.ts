import type { Figure } from "./figure";

/** One model on an estimated-against-true LLC plot. */
export interface LlcVersusTruthPoint {
  /** Known learning coefficient (e.g. Aoyagi's). */
  truth: number;
  /** LLC estimate (mean over chains). */
  estimate: number;
  /** Error bar half-width (e.g. std over chains); default 0. */
  error?: number;
  /** Hover label (e.g. the widths and rank). */
  label?: string;
  /** Drawn as an open marker: an estimate its own diagnostics did not settle. */
  flagged?: boolean;
  /** `truth` is only a lower bound of the true value (drawn as a right-pointing triangle: the truth lies at or right of it). */
  truthIsLowerBound?: boolean;
}

/** Options of {@link llcVersusTruthFigure}. */
export interface LlcVersusTruthFigureOptions {
  /** Draw the band (1 ± relTol) x truth, e.g. 0.15. */
  relTol?: number;
  /** Log-log axes (default true when the truths span more than a factor 10). */
  log?: boolean;
  title?: string;
  /** Title of the x axis (default "true λ"). */
  truthTitle?: string;
}

/**
 * Estimated against true learning coefficients on one scatter with the diagonal (after Furman & Lau
 * 2024, arXiv 2402.03698, for deep linear networks), optionally with a ± relative-tolerance band.
 *
 * @param points one per model: truth, estimate, error, label.
 * @param options relTol, log, title, truthTitle.
 * @returns a Plotly figure (never displays).
 * @throws RangeError when points is empty.
 * @example
 * llcVersusTruthFigure([{ truth: 10, estimate: 9.5, error: 0.3 }, { truth: 50, estimate: 52 }], { relTol: 0.15 }).data.length; // 4
 */
export function llcVersusTruthFigure(points: LlcVersusTruthPoint[], options: LlcVersusTruthFigureOptions = {}): Figure {
  if (!Array.isArray(points) || points.length === 0) throw new RangeError(`llcVersusTruthFigure: points must be a non-empty array, got ${points?.length}`);
  const truths = points.map((p) => p.truth);
  const lo = Math.min(...truths, ...points.map((p) => p.estimate)), hi = Math.max(...truths, ...points.map((p) => p.estimate));
  const log = options.log ?? (lo > 0 && hi / lo > 10);
  const a = log ? lo / 1.2 : 0, b = hi * 1.1;
  const data: Figure["data"] = [
    {
      type: "scatter",
      mode: "markers",
      name: `estimates${[points.some((p) => p.flagged) ? "open: flagged" : "", points.some((p) => p.truthIsLowerBound) ? "▷: truth ≥ x" : ""].filter(Boolean).map((t, i) => (i ? `, ${t}` : ` (${t}`)).join("")}${points.some((p) => p.flagged || p.truthIsLowerBound) ? ")" : ""}`,
      x: truths,
      y: points.map((p) => p.estimate),
      text: points.map((p) => p.label ?? ""),
      error_y: { type: "data", array: points.map((p) => p.error ?? 0), visible: true },
      marker: { size: 8, color: "#1f77b4", symbol: points.map((p) => `${p.truthIsLowerBound ? "triangle-right" : "circle"}${p.flagged ? "-open" : ""}`), line: { color: "#1f77b4", width: 2 } },
    },
    { type: "scatter", mode: "lines", name: "estimate = truth", x: [a, b], y: [a, b], line: { color: "black", dash: "dash" } },
  ];
  if (options.relTol !== undefined) {
    for (const sign of [1, -1]) {
      const f = 1 + sign * options.relTol;
      data.push({ type: "scatter", mode: "lines", name: `${sign > 0 ? "+" : "−"}${options.relTol * 100} %`, x: [a, b], y: [a * f, b * f], line: { color: "#999", dash: "dot", width: 1 } });
    }
  }
  return {
    data,
    layout: {
      title: { text: options.title ?? "Estimated against true learning coefficient" },
      xaxis: { title: { text: options.truthTitle ?? "true λ" }, type: log ? "log" : "linear" },
      yaxis: { title: { text: "estimated λ̂" }, type: log ? "log" : "linear" },
      height: 440,
    },
  };
}
