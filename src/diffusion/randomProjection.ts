import { createRandom, type Seed } from "../util/random";
import { checkWalk, type Walk } from "./walk";

/** Options of {@link createRandomProjection}. */
export interface RandomProjectionOptions {
  /** Number of input coordinates P ≥ 1. */
  inputDimension: number;
  /** Number of output coordinates m ≥ 1 (default 1024). */
  outputDimension?: number;
  /** Seed of the hash and signs (default 0). */
  seed?: Seed;
}

/** A seeded linear map R^P → R^m that preserves squared distances in expectation. */
export interface RandomProjection {
  inputDimension: number;
  outputDimension: number;
  /** Output coordinate of each input coordinate. */
  bucket: Int32Array;
  /** Sign (±1) of each input coordinate. */
  sign: Float32Array;
  /** Projects one snapshot (length P) into `out` (length m, overwritten) and returns it. */
  projectSnapshot(snapshot: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** Projects every snapshot of a walk: a walk of dimension m with the same times (float32 positions). */
  projectWalk(walk: Walk): Walk;
}

/**
 * A seeded sparse random projection for cheap MSDs of very high-dimensional trajectories.
 *
 * Variant: the count sketch / feature hashing map (sparse Johnson–Lindenstrauss with one non-zero per
 * column; Charikar et al. 2002, Weinberger et al. 2009): input coordinate j is added with a random sign
 * s_j to output coordinate h(j). For every vector d, E|S d|^2 = |d|^2, so the projected MSD is an unbiased
 * estimate of the exact MSD; the relative error of one squared distance is about sqrt(2 / m) for spread
 * vectors and shrinks further when averaged over start times. Projection is linear, so it commutes with
 * displacements and can be applied online, snapshot by snapshot, as training runs.
 *
 * @param options.inputDimension P ≥ 1; options.outputDimension m ≥ 1 (default 1024); options.seed (default 0).
 * @returns a {@link RandomProjection}.
 * @throws RangeError for dimensions that are not positive integers.
 * @example
 * const proj = createRandomProjection({ inputDimension: 3, outputDimension: 3, seed: 1 });
 * const y = proj.projectSnapshot([3, 0, 4]);
 * Math.abs(y[0]) + Math.abs(y[1]) + Math.abs(y[2]) >= 5; // true
 * @complexity O(P) per snapshot, O(P) memory.
 */
export function createRandomProjection(options: RandomProjectionOptions): RandomProjection {
  const fn = "createRandomProjection";
  const p = options.inputDimension;
  const m = options.outputDimension ?? 1024;
  if (!Number.isInteger(p) || p < 1) throw new RangeError(`${fn}: inputDimension must be an integer ≥ 1, got ${p}`);
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`${fn}: outputDimension must be an integer ≥ 1, got ${m}`);
  const random = createRandom(options.seed ?? 0);
  const bucket = new Int32Array(p);
  const sign = new Float32Array(p);
  for (let j = 0; j < p; j++) {
    bucket[j] = random.integer(m);
    sign[j] = random.uniform() < 0.5 ? -1 : 1;
  }
  const projectSnapshot = (snapshot: ArrayLike<number>, out: Float64Array = new Float64Array(m)): Float64Array => {
    if (snapshot.length !== p) throw new RangeError(`RandomProjection.projectSnapshot: snapshot must have length ${p}, got ${snapshot.length}`);
    if (out.length !== m) throw new RangeError(`RandomProjection.projectSnapshot: out must have length ${m}, got ${out.length}`);
    out.fill(0);
    for (let j = 0; j < p; j++) out[bucket[j]!]! += sign[j]! * snapshot[j]!;
    return out;
  };
  return {
    inputDimension: p,
    outputDimension: m,
    bucket,
    sign,
    projectSnapshot,
    projectWalk(walk: Walk): Walk {
      const t = checkWalk("RandomProjection.projectWalk", walk);
      if (walk.dimension !== p) throw new RangeError(`RandomProjection.projectWalk: walk.dimension must be ${p}, got ${walk.dimension}`);
      const positions = new Float32Array(t * m);
      const row = new Float64Array(m);
      for (let i = 0; i < t; i++) {
        projectSnapshot(walk.positions.subarray(i * p, (i + 1) * p), row);
        positions.set(row, i * m);
      }
      return { positions, times: walk.times, dimension: m };
    },
  };
}
