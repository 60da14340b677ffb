import type { LocalSlopeCurve } from "../diffusion/localSlope";
import { SERIES_COLORS } from "../util/palette";
import type { Figure } from "./figure";


/**
 * The local MSD exponent d log MSD / d log t against the lag, with horizontal guides (default: 1 for
 * Brownian motion; pass e.g. 2 / d_w for a fractal) and an optional vertical crossover marker.
 *
 * @param series named local-slope curves; options.guides exponents to mark (default [1]);
 * options.crossover lag of a detected crossover; options.title.
 * @returns a {@link Figure} with a log lag axis.
 * @throws RangeError when series is empty.
 * @example
 * localSlopeFigure([{ name: "a", slope: { lags: new Float64Array([1, 10]), slope: new Float64Array([2, 0.5]) } }], { crossover: 3 }).data.length; // 2
 */
export function localSlopeFigure(series: { name: string; slope: LocalSlopeCurve }[], options: { guides?: number[]; crossover?: number; title?: string } = {}): Figure {
  if (!Array.isArray(series) || series.length === 0) throw new RangeError(`localSlopeFigure: series must be a non-empty array, got ${Array.isArray(series) ? "length 0" : typeof series}`);
  const data: Figure["data"] = series.map((s, i) => ({
    type: "scatter" as const,
    mode: "lines+markers" as const,
    name: s.name,
    x: Array.from(s.slope.lags),
    y: Array.from(s.slope.slope),
    line: { color: SERIES_COLORS[i % SERIES_COLORS.length] },
    marker: { size: 4 },
  }));
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    lo = Math.min(lo, s.slope.lags[0]!);
    hi = Math.max(hi, s.slope.lags[s.slope.lags.length - 1]!);
  }
  for (const g of options.guides ?? [1]) {
    data.push({ type: "scatter", mode: "lines", name: `exponent ${g}`, x: [lo, hi], y: [g, g], line: { color: "#7f7f7f", dash: "dash", width: 1 } });
  }
  const shapes = options.crossover !== undefined ? [{ type: "line" as const, xref: "x" as const, yref: "paper" as const, x0: options.crossover, x1: options.crossover, y0: 0, y1: 1, line: { color: "#d62728", dash: "dot" as const } }] : [];
  return {
    data,
    layout: {
      title: { text: options.title ?? "Local diffusion exponent" },
      xaxis: { type: "log", title: { text: "lag t" } },
      yaxis: { title: { text: "d log MSD / d log t" } },
      shapes,
      height: 380,
    },
  };
}
