import type { PointDataset } from "../data/moons";
import { SERIES_COLORS } from "../util/palette";
import type { Figure } from "./figure";


/**
 * Scatter plot of a 2-D labelled point set (e.g. two moons), one trace per class.
 *
 * @throws RangeError when the data set is not two-dimensional.
 */
export function pointsFigure(dataset: PointDataset, options: { title?: string } = {}): Figure {
  if (dataset.dims !== 2) throw new RangeError(`pointsFigure: dataset must be 2-D, got dims = ${dataset.dims}`);
  const data = Array.from({ length: dataset.numClasses }, (_, k) => {
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < dataset.count; i++) {
      if (dataset.labels[i] === k) {
        x.push(dataset.x[2 * i]!);
        y.push(dataset.x[2 * i + 1]!);
      }
    }
    return { type: "scatter" as const, mode: "markers" as const, name: `class ${k}`, x, y, marker: { size: 5, color: SERIES_COLORS[k % SERIES_COLORS.length] } };
  });
  return {
    data,
    layout: {
      title: { text: options.title ?? `${dataset.name} (${dataset.count} points)` },
      xaxis: { title: { text: "x₁" } },
      yaxis: { title: { text: "x₂" }, scaleanchor: "x" },
      height: 420,
    },
  };
}
