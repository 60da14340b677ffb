import type { PointDataset } from "../data/moons";
import { SERIES_COLORS } from "../util/palette";
import type { Figure } from "./figure";


/** Inputs of {@link decisionBoundariesFigure}. */
export interface DecisionBoundariesInput {
  /** Grid axes (as probeGrid): probabilities are laid out x fastest. */
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** Per network: P(class 1) at each grid point, length xs.length * ys.length. */
  probabilities: ArrayLike<number>[];
  /** Legend name of each network (e.g. "cluster 0 (61%)"). */
  names: string[];
  /** Data points to draw underneath (optional). */
  points?: PointDataset | null;
  title?: string;
}

/**
 * The decision boundaries (P(class 1) = 1/2) of several classifiers of the plane, overlaid, over the
 * data: one line per network (e.g. per cluster representative).
 *
 * @param input grid axes, per-network probabilities on the grid, names, optional data and title.
 * @returns a Plotly {@link Figure} with one contour trace (the 1/2 level only) per network, plus the data.
 * @throws RangeError when a probability array does not match the grid or names and probabilities differ in number.
 * @example
 * const fig = decisionBoundariesFigure({ xs: [0, 1], ys: [0, 1], probabilities: [[0, 1, 0, 1]], names: ["a"] });
 * fig.data.length; // 1
 */
export function decisionBoundariesFigure(input: DecisionBoundariesInput): Figure {
  const nx = input.xs.length, ny = input.ys.length;
  if (input.names.length !== input.probabilities.length) {
    throw new RangeError(`decisionBoundariesFigure: names must have one entry per probability array (${input.probabilities.length}), got ${input.names.length}`);
  }
  const data: Figure["data"] = [];
  if (input.points) {
    const p = input.points;
    for (let k = 0; k < p.numClasses; k++) {
      const x: number[] = [], y: number[] = [];
      for (let i = 0; i < p.count; i++) if (p.labels[i] === k) {
        x.push(+p.x[2 * i]!.toFixed(3));
        y.push(+p.x[2 * i + 1]!.toFixed(3));
      }
      data.push({ type: "scatter", mode: "markers", name: `class ${k}`, x, y, marker: { size: 4, color: k === 0 ? "#9ecae1" : "#fcbba1" }, showlegend: true });
    }
  }
  input.probabilities.forEach((prob, c) => {
    if (prob.length !== nx * ny) throw new RangeError(`decisionBoundariesFigure: probabilities[${c}] must have xs.length x ys.length = ${nx * ny} entries, got ${prob.length}`);
    const z = Array.from({ length: ny }, (_, j) => Array.from({ length: nx }, (_, i) => +prob[j * nx + i]!.toFixed(3)));
    const color = SERIES_COLORS[c % SERIES_COLORS.length]!;
    data.push({
      type: "contour",
      name: input.names[c]!,
      x: Array.from(input.xs, (v) => +v.toFixed(4)),
      y: Array.from(input.ys, (v) => +v.toFixed(4)),
      z,
      contours: { start: 0.5, end: 0.5, size: 1, coloring: "none" },
      line: { color, width: c === 0 ? 3 : 2 },
      showscale: false,
      showlegend: true,
      hoverinfo: "name",
    } as Figure["data"][number]);
  });
  return {
    data,
    layout: {
      title: { text: input.title ?? "Decision boundaries" },
      xaxis: { title: { text: "x₁" } },
      yaxis: { title: { text: "x₂" }, scaleanchor: "x" },
      height: 460,
    },
  };
}
