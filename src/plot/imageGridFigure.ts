import type { ImageDataset } from "../data/imageDataset";
import { encodeGreyPng } from "../util/png";
import type { Figure } from "./figure";

export interface ImageGridOptions {
  /** Grid rows (default 4) and columns (default 10). */
  rows?: number;
  cols?: number;
  /** Indices of the images to show (default: the first rows * cols). */
  indices?: ArrayLike<number>;
  /** Invert intensities so ink is dark on white (default true). */
  invert?: boolean;
  title?: string;
}

/**
 * A figure showing images of a data set in a grid, each labelled with its class name. The grid is
 * embedded once as a PNG (an `image` trace), so even 100 digits cost only tens of kilobytes.
 *
 * @throws RangeError when an index is outside the data set or the grid is empty.
 */
export function imageGridFigure(dataset: ImageDataset, options: ImageGridOptions = {}): Figure {
  const rows = options.rows ?? 4;
  const cols = options.cols ?? 10;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new RangeError(`imageGridFigure: rows and cols must be positive integers, got ${rows}x${cols}`);
  }
  const indices = options.indices ?? Array.from({ length: Math.min(rows * cols, dataset.count) }, (_, i) => i);
  const { rows: h, cols: w } = dataset;
  const pad = 2;
  const width = cols * (w + pad) + pad;
  const height = rows * (h + pad) + pad;
  const invert = options.invert ?? true;
  const canvas = new Uint8Array(width * height).fill(invert ? 255 : 0);
  const annotations: NonNullable<Figure["layout"]>["annotations"] = [];
  for (let k = 0; k < Math.min(indices.length, rows * cols); k++) {
    const idx = indices[k]!;
    if (!Number.isInteger(idx) || idx < 0 || idx >= dataset.count) {
      throw new RangeError(`imageGridFigure: index ${idx} is outside [0, ${dataset.count - 1}]`);
    }
    const r = Math.floor(k / cols);
    const c = k % cols;
    const x0 = pad + c * (w + pad);
    const y0 = pad + r * (h + pad);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = dataset.pixels[idx * h * w + y * w + x]!;
        canvas[(y0 + y) * width + x0 + x] = invert ? 255 - v : v;
      }
    }
    annotations.push({
      x: x0 + w - 1, y: y0 + 1, xanchor: "right", yanchor: "top", showarrow: false,
      text: dataset.classNames[dataset.labels[idx]!] ?? String(dataset.labels[idx]),
      // A light box behind the label keeps it readable on dark and light items alike.
      font: { size: 10, color: "#c0392b" }, bgcolor: "rgba(255,255,255,0.85)", borderpad: 1,
    });
  }
  const png = encodeGreyPng(canvas, width, height);
  const scale = 2;
  return {
    data: [{ type: "image", source: `data:image/png;base64,${png.toString("base64")}`, hoverinfo: "skip" } as never],
    layout: {
      title: { text: options.title ?? `${dataset.name}: first ${Math.min(indices.length, rows * cols)} images with their labels` },
      width: width * scale + 40,
      height: height * scale + 80,
      margin: { l: 20, r: 20, t: 50, b: 20 },
      xaxis: { visible: false, range: [-0.5, width - 0.5] },
      yaxis: { visible: false, range: [height - 0.5, -0.5], scaleanchor: "x" },
      annotations,
    },
  };
}
