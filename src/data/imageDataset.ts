/**
 * A labelled set of greyscale images, as MNIST and Fashion-MNIST ship them.
 */
import { readIdx } from "./idx";
import * as fs from "node:fs";
import * as path from "node:path";

export interface ImageDataset {
  /** e.g. "mnist/train". */
  name: string;
  /** Number of images. */
  count: number;
  rows: number;
  cols: number;
  /** Pixel intensities 0..255, image after image, row-major: length count * rows * cols. */
  pixels: Uint8Array;
  /** Class of each image, 0..numClasses-1. */
  labels: Uint8Array;
  numClasses: number;
  /** Human names of the classes. */
  classNames: string[];
  /** Where the files were read from. */
  source: string;
}

export type Split = "train" | "test";

export interface LoadImagesOptions {
  split?: Split;
  /** Keep only the first `limit` images (default: all). */
  limit?: number;
}

/** The four IDX files of an MNIST-format data set in a folder, gzipped or not. */
export function findIdxFiles(dir: string, split: Split): { images: string; labels: string } | null {
  const prefix = split === "train" ? "train" : "t10k";
  const pick = (stem: string): string | null => {
    for (const name of [stem, `${stem}.gz`]) {
      const file = path.join(dir, name);
      if (fs.existsSync(file)) return file;
    }
    return null;
  };
  const images = pick(`${prefix}-images-idx3-ubyte`);
  const labels = pick(`${prefix}-labels-idx1-ubyte`);
  return images && labels ? { images, labels } : null;
}

/**
 * Reads an image/label IDX pair and checks that they agree.
 *
 * @param meta.imageSize the image size the data set must have (e.g. 28x28 for MNIST); default any.
 * @throws Error naming the files when shapes or counts disagree, the images are not of `imageSize`, or
 *   labels exceed the class count.
 */
export function readImageDataset(
  files: { images: string; labels: string },
  meta: { name: string; classNames: string[]; imageSize?: { rows: number; cols: number } },
  options: LoadImagesOptions = {},
): ImageDataset {
  const images = readIdx(files.images);
  const labels = readIdx(files.labels);
  if (images.type !== "uint8" || images.shape.length !== 3) {
    throw new Error(`readImageDataset: ${files.images} should hold uint8 images [count, rows, cols], got ${images.type} [${images.shape.join(", ")}]`);
  }
  if (labels.type !== "uint8" || labels.shape.length !== 1) {
    throw new Error(`readImageDataset: ${files.labels} should hold uint8 labels [count], got ${labels.type} [${labels.shape.join(", ")}]`);
  }
  const [count, rows, cols] = images.shape as [number, number, number];
  if (meta.imageSize && (rows !== meta.imageSize.rows || cols !== meta.imageSize.cols)) {
    throw new Error(
      `readImageDataset: ${files.images} holds ${rows}x${cols} images, but ${meta.name} images are ${meta.imageSize.rows}x${meta.imageSize.cols}; the file is not ${meta.name.split("/")[0]}`,
    );
  }
  if (labels.shape[0] !== count) {
    throw new Error(`readImageDataset: ${files.images} has ${count} images but ${files.labels} has ${labels.shape[0]} labels`);
  }
  const limit = options.limit ?? count;
  if (!Number.isInteger(limit) || limit < 1 || limit > count) {
    throw new RangeError(`readImageDataset: limit must be an integer in [1, ${count}], got ${options.limit}`);
  }
  const numClasses = meta.classNames.length;
  const labelData = labels.data as Uint8Array;
  for (let i = 0; i < limit; i++) {
    if (labelData[i]! >= numClasses) {
      throw new Error(`readImageDataset: ${files.labels} has label ${labelData[i]} at index ${i}, expected 0..${numClasses - 1}`);
    }
  }
  return {
    name: meta.name,
    count: limit,
    rows,
    cols,
    pixels: (images.data as Uint8Array).slice(0, limit * rows * cols),
    labels: labelData.slice(0, limit),
    numClasses,
    classNames: meta.classNames,
    source: path.dirname(files.images),
  };
}

/**
 * Pixels scaled to [0, 1] as a `count x (rows * cols)` row-major Float32Array, ready for a network.
 */
export function imageFeatures(dataset: ImageDataset): Float32Array {
  const out = new Float32Array(dataset.pixels.length);
  for (let i = 0; i < out.length; i++) out[i] = dataset.pixels[i]! / 255;
  return out;
}
