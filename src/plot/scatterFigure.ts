/**
 * Labelled scatter plots of groups of points, with error bars and an optional bound line y = x (e.g.
 * the LLC against the spectral dimension over a sweep). A pure Plotly spec builder.
 */
import { SERIES_COLORS } from "../util/palette";
import type { Figure } from "./figure";

/** Points of one group (e.g. one batch size) of a scatter figure. */
export interface ScatterGroup {
  name: string;
  x: number[];
  y: number[];
  /** Optional error bars of x and y. */
  xError?: number[];
  yError?: number[];
  /** Hover text per point. */
  text?: string[];
}

/**
 * A scatter figure of groups with optional error bars and an optional line y = x (the bound).
 * @example
 * scatterFigure([{ name: "a", x: [1, 2], y: [1, 3] }], { diagonal: "d_s = lambda" }).data.length; // 2
 */
export function scatterFigure(
  groups: ScatterGroup[],
  options: { title?: string; xLabel?: string; yLabel?: string; diagonal?: string; logX?: boolean; logY?: boolean } = {},
): Figure {
  if (groups.length === 0) throw new RangeError(`scatterFigure: groups must be non-empty, got none`);
  const data: Figure["data"] = groups.map((g, i) => ({
    type: "scatter" as const,
    mode: "markers" as const,
    name: g.name,
    x: g.x,
    y: g.y,
    ...(g.text ? { text: g.text, hoverinfo: "x+y+text" as const } : {}),
    marker: { color: SERIES_COLORS[i % SERIES_COLORS.length], size: 8, opacity: 0.8 },
    ...(g.xError ? { error_x: { type: "data" as const, array: g.xError, visible: true, thickness: 1, width: 0 } } : {}),
    ...(g.yError ? { error_y: { type: "data" as const, array: g.yError, visible: true, thickness: 1, width: 0 } } : {}),
  }));
  if (options.diagonal) {
    const all = groups.flatMap((g) => [...g.x, ...g.y]).filter(Number.isFinite);
    const lo = Math.min(0, ...all), hi = Math.max(...all) * 1.05;
    data.push({ type: "scatter", mode: "lines", name: options.diagonal, x: [lo, hi], y: [lo, hi], line: { color: "#7f7f7f", dash: "dash", width: 1.5 } });
  }
  return {
    data,
    layout: {
      title: { text: options.title ?? "" },
      xaxis: { title: { text: options.xLabel ?? "x" }, ...(options.logX ? { type: "log" as const } : {}) },
      yaxis: { title: { text: options.yLabel ?? "y" }, ...(options.logY ? { type: "log" as const } : {}) },
      height: 440,
    },
  };
}
