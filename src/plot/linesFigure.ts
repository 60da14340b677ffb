/**
 * Lines of y against x per named series, with error bars, log axes and horizontal reference lines. A
 * pure Plotly spec builder.
 */
import { SERIES_COLORS } from "../util/palette";
import type { Figure } from "./figure";

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
    line: { color: SERIES_COLORS[i % SERIES_COLORS.length], dash: s.dash ?? "solid" },
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
