/**
 * The data sets a model can be trained on: labelled or regression samples, or token sequences.
 */
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
