/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 70,000 28x28 greyscale images of 10 clothing classes,
 * in the same IDX format as MNIST.
 *
 * Sources, first found wins: an explicit folder; the project's `data/fashion-mnist/`; Debian's
 * package `dataset-fashion-mnist` (`/usr/share/datasets/fashion-mnist/`).
 */
import * as path from "node:path";
import { projectRoot } from "../util/projectRoot";
import { findIdxFiles, readImageDataset, type ImageDataset, type LoadImagesOptions } from "./imageDataset";

export const FASHION_MNIST_CLASS_NAMES = [
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
];

/** Where Debian's `dataset-fashion-mnist` package installs the files. */
export const DEBIAN_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** Folders searched for the Fashion-MNIST IDX files, in order. */
export function fashionMnistSearchPath(dir?: string): string[] {
  return dir ? [dir] : [path.join(projectRoot(), "data", "fashion-mnist"), DEBIAN_FASHION_MNIST_DIR];
}

/**
 * Loads Fashion-MNIST.
 *
 * @param options.split "train" (60,000) or "test" (10,000).
 * @param options.limit keep the first `limit` images.
 * @param options.dir read from this folder only.
 * @throws Error saying how to get the data when it is absent (Debian: `apt-get install
 *   dataset-fashion-mnist`; elsewhere: the four IDX files into `data/fashion-mnist/`).
 */
export function loadFashionMnist(options: LoadImagesOptions & { dir?: string } = {}): ImageDataset {
  const split = options.split ?? "train";
  const searched = fashionMnistSearchPath(options.dir);
  for (const dir of searched) {
    const files = findIdxFiles(dir, split);
    if (files) return readImageDataset(files, { name: `fashion-mnist/${split}`, classNames: FASHION_MNIST_CLASS_NAMES, imageSize: { rows: 28, cols: 28 } }, options);
  }
  throw new Error(
    `loadFashionMnist: no Fashion-MNIST ${split} files in ${searched.join(", ")}. ` +
      `On Debian or Ubuntu: sudo apt-get install dataset-fashion-mnist. Elsewhere: download ` +
      `${split === "train" ? "train" : "t10k"}-images-idx3-ubyte.gz and -labels-idx1-ubyte.gz from the ` +
      `zalandoresearch/fashion-mnist repository into data/fashion-mnist/.`,
  );
}
