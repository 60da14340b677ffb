/**
 * Inputs with labels (classification) or targets (regression), in the flat layout the models read.
 */
import type { ImageDataset } from "../data/imageDataset";
import type { PointDataset } from "../data/moons";

/** A supervised data set. Plain typed arrays, so it can be shared with worker threads. */
export interface SupervisedData {
  /** Number of samples n. */
  numSamples: number;
  /** Input dimension. */
  inputSize: number;
  /** Inputs, row-major `numSamples x inputSize`. */
  inputs: Float32Array;
  /** Class labels (classification; the loss is softmax cross-entropy), or null. */
  labels: Uint8Array | Int32Array | null;
  /** Number of classes (classification), else 0. */
  numClasses: number;
  /** Regression targets, row-major `numSamples x outputSize` (the loss is the Gaussian NLL), or null. */
  targets: Float32Array | null;
  /** Output dimension of the regression targets, else 0. */
  outputSize: number;
}

export interface SupervisedDataOptions {
  inputs: Float32Array;
  /** Input dimension; `inputs.length` must be a multiple of it. */
  inputSize: number;
  /** Class labels, one per sample (give these or `targets`). */
  labels?: Uint8Array | Int32Array;
  /** Number of classes (default: largest label + 1). */
  numClasses?: number;
  /** Regression targets, row-major (give these or `labels`). */
  targets?: Float32Array;
  /** Output dimension of the targets (default: targets.length / numSamples). */
  outputSize?: number;
}

/**
 * Checks and bundles inputs with labels or targets.
 *
 * @returns the data record (arrays are not copied).
 * @throws RangeError when sizes disagree, both or neither of labels/targets are given, or a label is
 *   outside [0, numClasses - 1].
 * @example
 * const data = supervisedData({ inputs: new Float32Array([0, 1, 2, 3]), inputSize: 2, labels: new Uint8Array([0, 1]) });
 * data.numClasses; // 2
 */
export function supervisedData(options: SupervisedDataOptions): SupervisedData {
  const { inputs, inputSize } = options;
  if (!Number.isInteger(inputSize) || inputSize < 1 || inputs.length % inputSize !== 0) {
    throw new RangeError(`supervisedData: inputSize must be a positive integer dividing inputs.length = ${inputs.length}, got ${inputSize}`);
  }
  const numSamples = inputs.length / inputSize;
  if ((options.labels === undefined) === (options.targets === undefined)) {
    throw new RangeError(`supervisedData: give exactly one of labels (classification) or targets (regression)`);
  }
  if (options.labels) {
    const labels = options.labels;
    if (labels.length !== numSamples) {
      throw new RangeError(`supervisedData: labels must have one entry per sample (${numSamples}), got ${labels.length}`);
    }
    let max = -1;
    for (let i = 0; i < labels.length; i++) if (labels[i]! > max) max = labels[i]!;
    const numClasses = options.numClasses ?? max + 1;
    for (let i = 0; i < labels.length; i++) {
      if (!(labels[i]! >= 0 && labels[i]! < numClasses)) {
        throw new RangeError(`supervisedData: labels[${i}] must be in [0, ${numClasses - 1}], got ${labels[i]}`);
      }
    }
    return { numSamples, inputSize, inputs, labels, numClasses, targets: null, outputSize: 0 };
  }
  const targets = options.targets!;
  const outputSize = options.outputSize ?? (numSamples > 0 ? targets.length / numSamples : 0);
  if (!Number.isInteger(outputSize) || outputSize < 1 || targets.length !== numSamples * outputSize) {
    throw new RangeError(`supervisedData: targets must have length numSamples x outputSize = ${numSamples} x ${outputSize}, got ${targets.length}`);
  }
  return { numSamples, inputSize, inputs, labels: null, numClasses: 0, targets, outputSize };
}

/**
 * An image or point classification set (MNIST, Fashion-MNIST, two moons) as supervised data: image
 * pixels scaled to [0, 1] (in a SharedArrayBuffer, read by ensemble workers in place), points as given.
 *
 * @example
 * const data = classificationData(makeMoons({ count: 10 }));
 * data.inputSize; // 2
 */
export function classificationData(dataset: ImageDataset | PointDataset): SupervisedData {
  if ("pixels" in dataset) {
    // In shared memory from the start: ensembles hand it to their worker threads without a copy
    // (copying MNIST's 188 MB took 0.6 s per ensemble, before any worker could start).
    const inputs = new Float32Array(new SharedArrayBuffer(dataset.pixels.length * 4));
    for (let i = 0; i < inputs.length; i++) inputs[i] = dataset.pixels[i]! / 255;
    return supervisedData({ inputs, inputSize: dataset.rows * dataset.cols, labels: dataset.labels, numClasses: dataset.numClasses });
  }
  return supervisedData({ inputs: dataset.x, inputSize: dataset.dims, labels: dataset.labels, numClasses: dataset.numClasses });
}
