import { SERIES_COLORS } from "../util/palette";
import type { Figure } from "./figure";

/** One model on a mass-profile plot. */
export interface MassProfileSeries {
  name: string;
  /** Radii (geometric midpoints) and the local mass dimension d log M / d log r there. */
  radii: ArrayLike<number>;
  localDimensions: ArrayLike<number>;
  /** The learning coefficient: dashed lines at lambda and 2 lambda. */
  lambda: number;
}

/**
 * The local mass dimension d log M / d log r of the low-loss set {K < eps} within radius r of w*
 * (lowLossMassProfile), one series per model, with the two readings of the learning coefficient as
 * a length exponent drawn beside it: the paper's d_f = lambda (dotted) and the quadratic-basin
 * d_f = 2 lambda (dashed). Non-finite points (empty balls at large radii) are left out.
 *
 * @param series one per model (see {@link MassProfileSeries}).
 * @param options title.
 * @returns a Plotly figure (never displays).
 * @throws RangeError when series is empty or a series has mismatched lengths.
 * @example
 * massProfileFigure([{ name: "w1² + w2²", radii: [0.1, 0.2], localDimensions: [2, 2], lambda: 1 }]).data.length; // 3
 */
export function massProfileFigure(series: MassProfileSeries[], options: { title?: string } = {}): Figure {
  if (!Array.isArray(series) || series.length === 0) throw new RangeError(`massProfileFigure: series must be a non-empty array, got ${series?.length}`);
  const data: Figure["data"] = [];
  series.forEach((s, k) => {
    if (s.radii.length !== s.localDimensions.length || s.radii.length === 0) {
      throw new RangeError(`massProfileFigure: series "${s.name}" needs radii and localDimensions of one non-zero length, got ${s.radii.length} and ${s.localDimensions.length}`);
    }
    const color = SERIES_COLORS[k % SERIES_COLORS.length]!;
    const x: number[] = [], y: number[] = [];
    for (let i = 0; i < s.radii.length; i++) {
      if (Number.isFinite(s.localDimensions[i]!) && s.localDimensions[i]! >= 0) {
        x.push(s.radii[i]!);
        y.push(s.localDimensions[i]!);
      }
    }
    data.push({ type: "scatter", mode: "lines+markers", name: s.name, x, y, marker: { color, size: 6 }, line: { color } });
    const span = x.length ? [Math.min(...x), Math.max(...x)] : [Math.min(...Array.from(s.radii)), Math.max(...Array.from(s.radii))];
    data.push({ type: "scatter", mode: "lines", name: `2λ = ${Number((2 * s.lambda).toPrecision(3))}`, x: span, y: [2 * s.lambda, 2 * s.lambda], line: { color, dash: "dash", width: 1 }, showlegend: k === 0 });
    data.push({ type: "scatter", mode: "lines", name: `λ = ${Number(s.lambda.toPrecision(3))}`, x: span, y: [s.lambda, s.lambda], line: { color, dash: "dot", width: 1 }, showlegend: k === 0 });
  });
  // The reference lines' legend entries name the first model only; their colour matches each series.
  return {
    data,
    layout: {
      title: { text: options.title ?? "Mass dimension of the low-loss set in length units" },
      xaxis: { title: { text: "radius r around w*" }, type: "log", exponentformat: "power" },
      yaxis: { title: { text: "local mass dimension d log M / d log r" }, rangemode: "tozero" },
      height: 440,
    },
  };
}
