import type { MsdCurve } from "../diffusion/msdCurve";
import type { PowerLawFit } from "../diffusion/fitPowerLaw";
import { SERIES_COLORS } from "../util/palette";
import type { Figure } from "./figure";


/** One curve of an MSD figure, with an optional fitted power law drawn over its window. */
export interface MsdFigureSeries {
  name: string;
  curve: MsdCurve;
  fit?: PowerLawFit;
}

/** Options of {@link msdFigure}. */
export interface MsdFigureOptions {
  title?: string;
  /** Reference slopes drawn as dashed guide lines through the first point of the first curve (e.g. [1] for Brownian). */
  referenceSlopes?: number[];
  /** Axis label of the lag (default "lag t"). */
  xLabel?: string;
}

/**
 * Log-log figure of mean squared displacements, each with its fitted power law (dotted, over the fit
 * window, labelled with the exponent and r^2) and optional reference slopes; error bars from the
 * standard errors when present. Pure: returns a Plotly figure, displays nothing.
 *
 * @param series one or more curves (with optional fits).
 * @param options title, referenceSlopes, xLabel.
 * @returns a {@link Figure} with log axes.
 * @throws RangeError when series is empty.
 * @example
 * const lags = new Float64Array([1, 2, 4]);
 * msdFigure([{ name: "walk", curve: { lags, msd: lags, numMembers: 1, kind: "ensemble", duration: 4 } }]).data.length; // 1
 */
export function msdFigure(series: MsdFigureSeries[], options: MsdFigureOptions = {}): Figure {
  if (!Array.isArray(series) || series.length === 0) throw new RangeError(`msdFigure: series must be a non-empty array, got ${Array.isArray(series) ? "length 0" : typeof series}`);
  const data: Figure["data"] = [];
  series.forEach((s, i) => {
    const color = SERIES_COLORS[i % SERIES_COLORS.length]!;
    data.push({
      type: "scatter",
      mode: "lines",
      name: s.name,
      x: Array.from(s.curve.lags),
      y: Array.from(s.curve.msd),
      line: { color },
      ...(s.curve.standardError ? { error_y: { type: "data", array: Array.from(s.curve.standardError), visible: true, thickness: 0.5, width: 0 } } : {}),
    });
    if (s.fit) {
      const f = s.fit;
      data.push({
        type: "scatter",
        mode: "lines",
        name: `${s.name}: slope ${f.exponent.toFixed(3)} ± ${f.standardError.toFixed(3)}, r² ${f.rSquared.toFixed(3)}`,
        x: [f.start, f.end],
        y: [f.prefactor * f.start ** f.exponent, f.prefactor * f.end ** f.exponent],
        line: { color, dash: "dot", width: 3 },
      });
    }
  });
  const first = series[0]!.curve;
  for (const slope of options.referenceSlopes ?? []) {
    const x0 = first.lags[0]!;
    const x1 = first.lags[first.lags.length - 1]!;
    const y0 = first.msd[0]!;
    data.push({ type: "scatter", mode: "lines", name: `slope ${slope}`, x: [x0, x1], y: [y0, y0 * (x1 / x0) ** slope], line: { color: "#7f7f7f", dash: "dash", width: 1 } });
  }
  return {
    data,
    layout: {
      title: { text: options.title ?? "Mean squared displacement" },
      xaxis: { type: "log", title: { text: options.xLabel ?? "lag t" } },
      yaxis: { type: "log", title: { text: "MSD" } },
      height: 420,
    },
  };
}
