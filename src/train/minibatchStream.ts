/**
 * The seeded stream of minibatch indices: batch t is a pure function of (seed, t), so a run resumed at
 * any step draws exactly the batches the uninterrupted run would have.
 */
import { createRandom, deriveSeed, type Seed } from "../util/random";

export interface MinibatchStreamOptions {
  /** Data set size n, an integer ≥ 1. */
  numSamples: number;
  /** Samples per batch B, an integer in [1, n] (without replacement) or ≥ 1 (with). */
  batchSize: number;
  /** Draw with replacement (default false: each epoch visits a fresh random permutation once). */
  replacement?: boolean;
  /** Seed of the stream (default 0). */
  seed?: Seed;
}

/** Random access to the batches of a stream. */
export interface MinibatchStream {
  readonly numSamples: number;
  readonly batchSize: number;
  readonly replacement: boolean;
  /**
   * Indices of batch `step` (an integer ≥ 0), written into `out` (default: a new Int32Array of length
   * batchSize) and returned.
   */
  batchAt(step: number, out?: Int32Array): Int32Array;
}

/**
 * Creates a minibatch stream.
 *
 * Without replacement: the sample stream is the concatenation of permutations of 0..n-1, epoch e
 * drawn from `deriveSeed(seed, e)`, and batch t is positions [tB, (t+1)B) of it (batches may straddle
 * epochs). With replacement: batch t holds B uniform draws from `deriveSeed(seed, t)`.
 *
 * @returns a {@link MinibatchStream}.
 * @throws RangeError naming the option and its valid range.
 * @example
 * const stream = createMinibatchStream({ numSamples: 4, batchSize: 2, seed: 1 });
 * [...stream.batchAt(0), ...stream.batchAt(1)].sort(); // [0, 1, 2, 3]
 * @complexity O(B) per batch, plus O(n) once per epoch.
 */
export function createMinibatchStream(options: MinibatchStreamOptions): MinibatchStream {
  const { numSamples, batchSize } = options;
  const replacement = options.replacement ?? false;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(numSamples) || numSamples < 1) {
    throw new RangeError(`createMinibatchStream: numSamples must be an integer ≥ 1, got ${numSamples}`);
  }
  const maxBatch = replacement ? 2 ** 30 : numSamples;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > maxBatch) {
    throw new RangeError(`createMinibatchStream: batchSize must be an integer in [1, ${maxBatch}]${replacement ? "" : " (numSamples, without replacement)"}, got ${batchSize}`);
  }
  deriveSeed(seed, 0); // validates the seed
  const cache = new Map<number, Int32Array>();
  const permutation = (epoch: number): Int32Array => {
    let p = cache.get(epoch);
    if (!p) {
      if (cache.size >= 2) cache.delete(cache.keys().next().value as number);
      p = createRandom(deriveSeed(seed, epoch)).permutation(numSamples);
      cache.set(epoch, p);
    }
    return p;
  };
  return {
    numSamples,
    batchSize,
    replacement,
    batchAt(step, out = new Int32Array(batchSize)) {
      if (!Number.isSafeInteger(step) || step < 0) {
        throw new RangeError(`MinibatchStream.batchAt: step must be a non-negative integer, got ${step}`);
      }
      if (out.length !== batchSize) throw new RangeError(`MinibatchStream.batchAt: out must have length ${batchSize}, got ${out.length}`);
      if (replacement) {
        const rng = createRandom(deriveSeed(seed, step));
        for (let i = 0; i < batchSize; i++) out[i] = rng.integer(numSamples);
        return out;
      }
      const start = step * batchSize;
      let epoch = Math.floor(start / numSamples);
      let pos = start - epoch * numSamples;
      let perm = permutation(epoch);
      for (let i = 0; i < batchSize; i++) {
        if (pos === numSamples) {
          epoch++;
          pos = 0;
          perm = permutation(epoch);
        }
        out[i] = perm[pos++]!;
      }
      return out;
    },
  };
}
