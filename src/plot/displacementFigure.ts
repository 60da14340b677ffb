import type { Displacement } from "../diffusion/displacementFromReference";
import type { PowerLawFit } from "../diffusion/fitPowerLaw";
import { SERIES_COLORS } from "../util/palette";
import type { Figure } from "./figure";

/** Fit lines take the series colours after the first (the data's). */
const FIT_COLORS = SERIES_COLORS.slice(1, 5);

/** Options of {@link displacementFigure}. */
export interface DisplacementFigureOptions {
  /** Legend names of the members (default "member 0", "member 1", ...). */
  memberNames?: string[];
  /** An ensemble curve drawn bold over the members, e.g. the root mean square displacement sqrt(MSD(t)). */
  summary?: { name: string; displacement: Displacement };
  /** Power laws fitted to the summary (or a member), each drawn dotted over its window with exponent and r². */
  fits?: { name: string; fit: PowerLawFit }[];
  /** Slopes drawn as dashed guides through the first point of the summary (or first member), e.g. [0.5, 1]. */
  referenceSlopes?: number[];
  title?: string;
  /** Axis label of the elapsed time (default "t (steps)"). */
  xLabel?: string;
}

/**
 * Log-log figure of the displacement R(t) = |w(t) − w(t0)| of each ensemble member (thin lines),
 * with an optional ensemble curve, fitted power laws R ~ t^alpha (alpha = 1/d_w, arXiv 2503.22478)
 * and reference slopes (1: ballistic, 0.5: Brownian). Pure: returns a Plotly figure.
 *
 * @param members displacements from `displacementFromReference`, one per member (may be empty when a summary is given).
 * @param options memberNames, summary, fits, referenceSlopes, title, xLabel.
 * @returns a {@link Figure} with log axes.
 * @throws RangeError when there is neither a member nor a summary.
 * @example
 * const d = { elapsed: new Float64Array([1, 10, 100]), distance: new Float64Array([1, 5, 20]) };
 * displacementFigure([d, d], { summary: { name: "rms", displacement: d }, referenceSlopes: [0.5] }).data.length; // 4
 */
export function displacementFigure(members: Displacement[], options: DisplacementFigureOptions = {}): Figure {
  if (!Array.isArray(members) || (members.length === 0 && !options.summary)) {
    throw new RangeError(`displacementFigure: members must hold at least one displacement (or pass options.summary), got ${Array.isArray(members) ? "none" : typeof members}`);
  }
  const data: Figure["data"] = members.map((m, i) => ({
    type: "scatter" as const,
    mode: "lines" as const,
    name: options.memberNames?.[i] ?? `member ${i}`,
    x: Array.from(m.elapsed),
    y: Array.from(m.distance),
    line: { color: "#9ecae1", width: 1 },
    opacity: 0.9,
  }));
  if (options.summary) {
    const s = options.summary.displacement;
    data.push({ type: "scatter", mode: "lines+markers", name: options.summary.name, x: Array.from(s.elapsed), y: Array.from(s.distance), line: { color: "#1f77b4", width: 3 }, marker: { size: 4 } });
  }
  (options.fits ?? []).forEach(({ name, fit }, i) => {
    data.push({
      type: "scatter",
      mode: "lines",
      name: `${name}: slope ${fit.exponent.toFixed(3)} ± ${fit.standardError.toFixed(3)}, r² ${fit.rSquared.toFixed(3)}`,
      x: [fit.start, fit.end],
      y: [fit.prefactor * fit.start ** fit.exponent, fit.prefactor * fit.end ** fit.exponent],
      line: { color: FIT_COLORS[i % FIT_COLORS.length], dash: "dot", width: 3 },
    });
  });
  const base = options.summary?.displacement ?? members[0]!;
  for (const slope of options.referenceSlopes ?? []) {
    const x0 = base.elapsed[0]!;
    const x1 = base.elapsed[base.elapsed.length - 1]!;
    const y0 = base.distance[0]!;
    data.push({ type: "scatter", mode: "lines", name: `slope ${slope}`, x: [x0, x1], y: [y0, y0 * (x1 / x0) ** slope], line: { color: "#7f7f7f", dash: "dash", width: 1 } });
  }
  return {
    data,
    layout: {
      title: { text: options.title ?? "Displacement |w(t) − w(0)|" },
      xaxis: { type: "log", title: { text: options.xLabel ?? "t (steps)" } },
      yaxis: { type: "log", title: { text: "|w(t) − w(0)|" } },
      height: 440,
    },
  };
}
