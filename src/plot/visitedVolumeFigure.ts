import type { PowerLawFit } from "../diffusion/fitPowerLaw";
import type { VisitedVolumeCurve } from "../diffusion/visitedVolume";
import { SERIES_COLORS } from "../util/palette";
import type { Figure } from "./figure";

// Distinct marker shapes, so that curves which coincide (every transient walk follows S ~ t) stay visible.
const SYMBOLS = ["circle", "square", "diamond", "cross", "triangle-up", "x", "star", "hexagon"];

/** One walk family of a visited-volume figure. */
export interface VisitedVolumeFigureSeries {
  name: string;
  curve: VisitedVolumeCurve;
  /** The power-law fit of S(t) (its exponent is d_s / 2), drawn dotted over its window. */
  fit?: PowerLawFit;
  /** Exact spectral dimension: draws the guide S ∝ t^(d_s/2) dashed through the last point. */
  exact?: number;
}

/**
 * The visited volume S(t) (distinct cells entered by time t) on log-log axes, one colour per walk
 * family: markers for the data, the fitted power law (legend: d_s = 2 x slope) and, when the exact
 * d_s is given, the guide t^(d_s/2) through the last point. Above d_s = 2 the data follow t^1 and
 * peel away from a steeper guide: the saturation of this estimator. Pure: returns a figure.
 *
 * @param series named curves from visitedVolume / spectralDimensionFromVisitedVolume.
 * @param options.title figure title.
 * @returns a {@link Figure} with log axes.
 * @throws RangeError when series is empty.
 * @example
 * const curve = { times: new Float64Array([1, 10, 100]), volume: new Float64Array([2, 5, 12]), cellSize: 1 };
 * visitedVolumeFigure([{ name: "walk", curve, exact: 1.5 }]).data.length; // 2
 */
export function visitedVolumeFigure(series: VisitedVolumeFigureSeries[], options: { title?: string } = {}): Figure {
  if (!Array.isArray(series) || series.length === 0) {
    throw new RangeError(`visitedVolumeFigure: series must be a non-empty array, got ${Array.isArray(series) ? "length 0" : typeof series}`);
  }
  const data: Figure["data"] = [];
  series.forEach((s, i) => {
    const color = SERIES_COLORS[i % SERIES_COLORS.length]!;
    const { times, volume } = s.curve;
    const label = s.fit ? `${s.name}: d_s = ${(2 * s.fit.exponent).toFixed(2)}` : s.name;
    data.push({ type: "scatter", mode: "markers", name: label, x: Array.from(times), y: Array.from(volume), marker: { color, size: 7, symbol: SYMBOLS[i % SYMBOLS.length]!, opacity: 0.8 } });
    if (s.fit) {
      const f = s.fit;
      data.push({ type: "scatter", mode: "lines", showlegend: false, x: [f.start, f.end], y: [f.prefactor * f.start ** f.exponent, f.prefactor * f.end ** f.exponent], line: { color, dash: "dot", width: 2 } });
    }
    if (s.exact !== undefined) {
      const n = times.length;
      const t1 = times[n - 1]!;
      const t0 = times[Math.floor(n / 3)]!;
      const y1 = volume[n - 1]!;
      data.push({ type: "scatter", mode: "lines", name: `${s.name}: exact t^(d_s/2), d_s = ${s.exact.toFixed(2)}`, x: [t0, t1], y: [y1 * (t0 / t1) ** (s.exact / 2), y1], line: { color, dash: "dash", width: 1 } });
    }
  });
  return {
    data,
    layout: {
      title: { text: options.title ?? "Visited volume and spectral dimension" },
      xaxis: { type: "log", title: { text: "t (steps)" } },
      yaxis: { type: "log", title: { text: "S(t), distinct cells visited" } },
      height: 440,
    },
  };
}
