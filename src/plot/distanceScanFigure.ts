import type { DistanceIntervals } from "../bayes/compareSteadyState";
import type { Figure } from "./figure";

/** The paper's reported distances at its best scale (drawn as markers). */
export interface ReportedDistances {
  scale: number;
  kl: number;
  js: number;
  wasserstein: number;
}

/**
 * KL, Jensen–Shannon and Wasserstein distances between the Bayesian and the tempered SGD cluster
 * probabilities as a function of the coarse-graining scale xi, with bootstrap intervals, the raw
 * (untempered) distances as dashed lines, and optionally the paper's numbers as markers.
 *
 * @param scales the xi values (S); @param tempered S distance intervals; @param raw the raw intervals.
 * @param options.reported the paper's values; options.title.
 * @returns a Plotly {@link Figure} with a log xi axis and a log distance axis.
 * @throws RangeError when tempered and scales differ in length.
 * @example
 * const i = { estimate: 0.1, lower: 0.05, upper: 0.2 };
 * distanceScanFigure([0.5], [{ kl: i, js: i, wasserstein: i }], { kl: i, js: i, wasserstein: i }).data.length; // 6
 */
export function distanceScanFigure(scales: ArrayLike<number>, tempered: DistanceIntervals[], raw: DistanceIntervals, options: { reported?: ReportedDistances | null; title?: string } = {}): Figure {
  if (tempered.length !== scales.length) throw new RangeError(`distanceScanFigure: tempered must have one entry per scale (${scales.length}), got ${tempered.length}`);
  const kinds = [["kl", "KL", "#1f77b4"], ["js", "JS", "#2ca02c"], ["wasserstein", "W₁", "#d62728"]] as const;
  const x = Array.from(scales, (v) => +v.toPrecision(4));
  const r = (v: number): number => +v.toPrecision(4);
  const data: Figure["data"] = [];
  for (const [key, label, color] of kinds) {
    const est = tempered.map((t) => r(t[key].estimate));
    data.push({
      type: "scatter", mode: "lines+markers", name: `${label} tempered`, x, y: est, line: { color },
      error_y: { type: "data", symmetric: false, array: tempered.map((t, s) => r(t[key].upper - est[s]!)), arrayminus: tempered.map((t, s) => r(est[s]! - t[key].lower)), color, thickness: 1 },
    });
    data.push({ type: "scatter", mode: "lines", name: `${label} raw SGD`, x: [x[0]!, x[x.length - 1]!], y: [r(raw[key].estimate), r(raw[key].estimate)], line: { color, dash: "dash" } });
  }
  if (options.reported) {
    const p = options.reported;
    data.push({ type: "scatter", mode: "markers", name: "paper (tempered)", x: [p.scale, p.scale, p.scale], y: [p.kl, p.js, p.wasserstein], text: ["KL", "JS", "W"], marker: { symbol: "star", size: 12, color: "black" } });
  }
  return {
    data,
    layout: {
      title: { text: options.title ?? "Distance to the Bayesian cluster probabilities against xi" },
      xaxis: { title: { text: "coarse-graining scale ξ" }, type: "log" },
      yaxis: { title: { text: "distance" }, type: "log" },
      height: 440,
    },
  };
}
