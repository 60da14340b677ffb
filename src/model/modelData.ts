/**
 * The data sets a model can be trained on: labelled or regression samples, or token sequences.
 */
import { createRandom } from "../util/random";
import type { SupervisedData } from "./supervisedData";
import { isTokenData, type TokenData } from "./tokenData";

/** Any data a {@link Model} reads: {@link SupervisedData} (images, points) or {@link TokenData} (text). */
export type ModelData = SupervisedData | TokenData;

/** Number of samples n of a data set. */
export function numSamplesOf(data: ModelData): number {
  return data.numSamples;
}

/**
 * The data with every typed array in shared memory (copied once when it is not), so that worker
 * threads read one copy in place.
 * @example
 * sharedModelData(tokenData({ tokens: new Uint8Array([0, 1, 0]), vocabSize: 2, contextLength: 1 })).tokens.buffer instanceof SharedArrayBuffer; // true
 */
export function sharedModelData<D extends ModelData>(data: D): D {
  const copy = <T extends Float32Array | Uint8Array | Uint16Array | Int32Array>(a: T): T => {
    if (a.buffer instanceof SharedArrayBuffer) return a;
    const ctor = a.constructor as { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
    const out = new ctor(new SharedArrayBuffer(a.length * ctor.BYTES_PER_ELEMENT));
    out.set(a as never);
    return out;
  };
  if (isTokenData(data)) return { ...data, tokens: copy(data.tokens), starts: copy(data.starts) } as D;
  const d = data as SupervisedData;
  return { ...d, inputs: copy(d.inputs), labels: d.labels ? copy(d.labels) : null, targets: d.targets ? copy(d.targets) : null } as D;
}

/**
 * A seeded random subset of `count` samples of a data set (all of it, unchanged, when `count` ≥ n),
 * in ascending order of the original index. Token data keep their stream and select window starts;
 * supervised data copy the selected rows.
 *
 * @param data the data set.
 * @param count samples to keep, an integer ≥ 1.
 * @param seed seed of the selection.
 * @returns the subset (a new record; `data` itself when count ≥ n).
 * @throws RangeError when count is not an integer ≥ 1.
 * @example
 * const d = supervisedData({ inputs: new Float32Array([0, 1, 2, 3, 4, 5]), inputSize: 2, labels: new Uint8Array([0, 1, 0]) });
 * subsetModelData(d, 2, 0).numSamples; // 2
 * subsetModelData(d, 5, 0) === d; // true
 *
 * Complexity O(n + count x sample size).
 */
export function subsetModelData<D extends ModelData>(data: D, count: number, seed: number): D {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`subsetModelData: count must be an integer ≥ 1, got ${count}; pass the number of samples to keep`);
  const n = data.numSamples;
  if (count >= n) return data;
  const chosen = Int32Array.from(createRandom(seed).permutation(n).slice(0, count)).sort();
  if (isTokenData(data)) {
    const starts = new Int32Array(new SharedArrayBuffer(count * 4));
    for (let i = 0; i < count; i++) starts[i] = data.starts[chosen[i]!]!;
    return { ...data, starts, numSamples: count } as D;
  }
  const d = data as SupervisedData;
  const inputs = new Float32Array(count * d.inputSize);
  for (let i = 0; i < count; i++) inputs.set(d.inputs.subarray(chosen[i]! * d.inputSize, (chosen[i]! + 1) * d.inputSize), i * d.inputSize);
  const labels = d.labels ? (() => { const out = new (d.labels.constructor as Int32ArrayConstructor)(count); for (let i = 0; i < count; i++) out[i] = d.labels![chosen[i]!]!; return out; })() : null;
  const targets = d.targets ? (() => { const out = new Float32Array(count * d.outputSize); for (let i = 0; i < count; i++) out.set(d.targets!.subarray(chosen[i]! * d.outputSize, (chosen[i]! + 1) * d.outputSize), i * d.outputSize); return out; })() : null;
  return { ...d, numSamples: count, inputs, labels, targets } as D;
}
