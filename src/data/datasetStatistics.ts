import type { ImageDataset } from "./imageDataset";

/** Summary numbers of an image data set. */
export interface DatasetStatistics {
  name: string;
  count: number;
  /** Image size as "rows x cols". */
  size: string;
  numClasses: number;
  /** Mean and standard deviation of pixel intensity scaled to [0, 1]. */
  pixelMean: number;
  pixelStd: number;
  /** Smallest and largest class frequency (fraction of images). */
  minClassFraction: number;
  maxClassFraction: number;
}

/**
 * Pixel mean/std (scaled to [0, 1]) and class balance of an image data set, in one pass
 * (Welford's update, so millions of pixels sum without loss of precision).
 *
 * @example
 * datasetStatistics(loadMnist({ split: "test" })).pixelMean.toFixed(4); // "0.1325"
 */
export function datasetStatistics(dataset: ImageDataset): DatasetStatistics {
  let mean = 0;
  let m2 = 0;
  const n = dataset.pixels.length;
  for (let i = 0; i < n; i++) {
    const x = dataset.pixels[i]! / 255;
    const d = x - mean;
    mean += d / (i + 1);
    m2 += d * (x - mean);
  }
  const counts = new Float64Array(dataset.numClasses);
  for (let i = 0; i < dataset.count; i++) counts[dataset.labels[i]!]!++;
  return {
    name: dataset.name,
    count: dataset.count,
    size: `${dataset.rows} x ${dataset.cols}`,
    numClasses: dataset.numClasses,
    pixelMean: mean,
    pixelStd: Math.sqrt(m2 / n),
    minClassFraction: Math.min(...counts) / dataset.count,
    maxClassFraction: Math.max(...counts) / dataset.count,
  };
}
