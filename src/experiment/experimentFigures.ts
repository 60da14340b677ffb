/**
 * Figures of sweeps: LLC against spectral dimension with the bound line, heatmaps over the grid, and
 * labelled scatter plots. Pure Plotly spec builders.
 */
import type { Figure } from "../plot/figure";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

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
    marker: { color: COLORS[i % COLORS.length], size: 8, opacity: 0.8 },
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

/**
 * A heatmap of a quantity over a two-way grid (e.g. alpha over learning rate x batch size), each cell
 * annotated with its value.
 * @example
 * heatmapFigure({ x: ["a", "b"], y: ["1"], z: [[0.1, 0.2]], title: "alpha" }).data.length; // 1
 */
export function heatmapFigure(input: { x: string[]; y: string[]; z: number[][]; title?: string; xLabel?: string; yLabel?: string; digits?: number; colorscale?: string }): Figure {
  const digits = input.digits ?? 2;
  const annotations = input.z.flatMap((row, i) =>
    // Category axes place annotations by category index (a label like "0.05" would be read as an index).
    row.map((v, j) => ({ x: j, y: i, xref: "x" as const, yref: "y" as const, text: Number.isFinite(v) ? v.toFixed(digits) : "–", showarrow: false, font: { color: "#d62728", size: 13 } })),
  );
  return {
    data: [{ type: "heatmap", x: input.x, y: input.y, z: input.z, colorscale: input.colorscale ?? "YlGnBu", reversescale: true, colorbar: { title: { text: input.title ?? "" } } }],
    layout: {
      title: { text: input.title ?? "" },
      xaxis: { title: { text: input.xLabel ?? "" }, type: "category" },
      yaxis: { title: { text: input.yLabel ?? "" }, type: "category" },
      annotations,
      height: 360,
    },
  };
}

/** Lines of y against x per named series, optionally with error bars and log axes. */
export function linesFigure(
  series: { name: string; x: number[]; y: number[]; yError?: number[]; dash?: "solid" | "dash" | "dot" }[],
  options: { title?: string; xLabel?: string; yLabel?: string; logX?: boolean; logY?: boolean; hLines?: { y: number; name: string }[] } = {},
): Figure {
  const data: Figure["data"] = series.map((s, i) => ({
    type: "scatter" as const,
    mode: "lines+markers" as const,
    name: s.name,
    x: s.x,
    y: s.y,
    line: { color: COLORS[i % COLORS.length], dash: s.dash ?? "solid" },
    marker: { size: 5 },
    ...(s.yError ? { error_y: { type: "data" as const, array: s.yError, visible: true, thickness: 1, width: 2 } } : {}),
  }));
  const xs = series.flatMap((s) => s.x);
  for (const h of options.hLines ?? []) {
    data.push({ type: "scatter", mode: "lines", name: h.name, x: [Math.min(...xs), Math.max(...xs)], y: [h.y, h.y], line: { color: "#7f7f7f", dash: "dash", width: 1 } });
  }
  return {
    data,
    layout: {
      title: { text: options.title ?? "" },
      xaxis: { title: { text: options.xLabel ?? "" }, ...(options.logX ? { type: "log" as const } : {}) },
      yaxis: { title: { text: options.yLabel ?? "" }, ...(options.logY ? { type: "log" as const } : {}) },
      height: 420,
    },
  };
}
