/**
 * A heatmap over a two-way grid of settings, each cell annotated with its value. A pure Plotly spec
 * builder.
 */
import type { Figure } from "./figure";

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
