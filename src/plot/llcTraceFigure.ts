import type { LlcEstimate } from "../slt/localLearningCoefficient";
import { PLOTLY_COLORS } from "../util/palette";
import type { Figure } from "./figure";


/** Options of {@link llcTraceFigure}. */
export interface LlcTraceFigureOptions {
  /** Known learning coefficient, drawn as a dotted line when given. */
  truth?: number;
  /** Include the burn-in steps (default true). */
  showBurnIn?: boolean;
  title?: string;
}

/**
 * The SGLD loss traces of an LLC estimate on the LLC scale: n beta (L_t - L_n(w*)) against the SGLD
 * step, one line per chain, with the estimate (dashed), the burn-in region shaded and, optionally,
 * the true value. A healthy trace rises from 0 and plateaus (paper.md, "Estimating the LLC").
 *
 * @param estimate an {@link LlcEstimate} (its trace supplies the losses).
 * @param options truth, showBurnIn, title.
 * @returns a Plotly figure (never displays).
 * @example
 * const trace = { losses: [Float64Array.from([1.5, 1.5])], burnInLosses: [Float64Array.from([1.25])], distances: [], virials: [], squareAverages: [], params: [],
 *   initLoss: 1, settings: { nBeta: 4, numBurnin: 1, thinning: 1, stepSize: 1e-4, localization: 1, nBetaRule: "explicit" }, diagnostics: {} };
 * llcTraceFigure(localLearningCoefficient(trace)).data.length; // 2
 */
export function llcTraceFigure(estimate: LlcEstimate, options: LlcTraceFigureOptions = {}): Figure {
  const { trace, nBeta, initLoss } = estimate;
  const showBurnIn = options.showBurnIn ?? true;
  const burnIn = showBurnIn ? trace.settings.numBurnin : 0;
  const thinning = trace.settings.thinning;
  const data: Figure["data"] = trace.losses.map((losses, c) => {
    const pre = showBurnIn ? trace.burnInLosses[c] ?? new Float64Array(0) : new Float64Array(0);
    const x = new Float64Array(pre.length + losses.length);
    const y = new Float64Array(pre.length + losses.length);
    for (let i = 0; i < pre.length; i++) {
      x[i] = i;
      y[i] = nBeta * (pre[i]! - initLoss);
    }
    for (let t = 0; t < losses.length; t++) {
      x[pre.length + t] = burnIn + t * thinning;
      y[pre.length + t] = nBeta * (losses[t]! - initLoss);
    }
    return { type: "scatter" as const, mode: "lines" as const, name: `chain ${c}`, x, y, line: { width: 1, color: PLOTLY_COLORS[c % PLOTLY_COLORS.length] }, opacity: 0.7 };
  });
  const end = burnIn + Math.max(0, (trace.losses[0]?.length ?? 1) - 1) * thinning;
  data.push({
    type: "scatter",
    mode: "lines",
    name: `estimate ${estimate.mean.toPrecision(4)} ± ${estimate.std.toPrecision(2)}`,
    x: [burnIn, end],
    y: [estimate.mean, estimate.mean],
    line: { color: "black", dash: "dash", width: 2 },
  });
  if (options.truth !== undefined) {
    data.push({ type: "scatter", mode: "lines", name: `truth ${options.truth}`, x: [0, end], y: [options.truth, options.truth], line: { color: "#2ca02c", dash: "dot", width: 2 } });
  }
  const s = trace.settings;
  return {
    data,
    layout: {
      title: { text: options.title ?? `SGLD traces (ε = ${s.stepSize}, γ = ${s.localization}, nβ = ${nBeta.toPrecision(4)})` },
      xaxis: { title: { text: "SGLD step" } },
      yaxis: { title: { text: "nβ (L − L(w*))" } },
      shapes: burnIn > 0 ? [{ type: "rect", xref: "x", yref: "paper", x0: 0, x1: burnIn, y0: 0, y1: 1, fillcolor: "#888", opacity: 0.12, line: { width: 0 } }] : [],
      height: 420,
    },
  };
}
