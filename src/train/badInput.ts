/**
 * Telling bad input from divergence (internal to train/): a non-finite value in the data or the initial weights makes the
 * loss or the weights non-finite at once, which would otherwise read as a divergence.
 */
import type { SupervisedData } from "../model/supervisedData";

/**
 * The first non-finite value among the given samples of a data set, as an error naming it, or null.
 *
 * Used when a loss or an update turns out non-finite (so a clean run pays nothing): the samples are
 * those of the minibatch or evaluation that produced it.
 *
 * @param fn the function to name in the message ("train").
 * @param name how the caller calls the data set ("data", "testData").
 * @param data the data set.
 * @param samples sample indices to check (default: all).
 * @returns a RangeError naming the field, sample and feature ("train: data.inputs has NaN at sample 1,
 *   feature 0; the data must be finite: ..."), or null when all are finite.
 * @complexity O(samples x (inputSize + outputSize)).
 */
export function nonFiniteDataError(fn: string, name: string, data: SupervisedData, samples?: ArrayLike<number>): RangeError | null {
  const count = samples ? samples.length : data.numSamples;
  for (let k = 0; k < count; k++) {
    const i = samples ? samples[k]! : k;
    for (let j = 0; j < data.inputSize; j++) {
      const v = data.inputs[i * data.inputSize + j]!;
      if (!Number.isFinite(v)) return badValue(fn, `${name}.inputs has ${v} at sample ${i}, feature ${j}`);
    }
    if (data.targets) {
      for (let j = 0; j < data.outputSize; j++) {
        const v = data.targets[i * data.outputSize + j]!;
        if (!Number.isFinite(v)) return badValue(fn, `${name}.targets has ${v} at sample ${i}, output ${j}`);
      }
    }
  }
  return null;
}

function badValue(fn: string, what: string): RangeError {
  return new RangeError(`${fn}: ${what}; the data must be finite: clean or drop that sample (this is bad input, not a divergence)`);
}

/**
 * Checks that initial parameters are finite.
 *
 * @throws RangeError naming the first non-finite entry.
 */
export function checkFiniteParams(fn: string, params: Float32Array, name: string): void {
  for (let i = 0; i < params.length; i++) {
    if (!Number.isFinite(params[i]!)) {
      throw new RangeError(`${fn}: ${name}[${i}] is ${params[i]}; initial parameters must be finite (this is bad input, not a divergence)`);
    }
  }
}
