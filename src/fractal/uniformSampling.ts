import type { Seed } from "../util/random";

/** How a ground-truth process is observed: T snapshots on a uniform grid, per walker, per coordinate. */
export interface UniformSamplingOptions {
  /** Number of snapshots T ≥ 2 at times 0, timeStep, ..., (T - 1) timeStep. */
  numSnapshots: number;
  /** Time between snapshots (default 1, > 0). */
  timeStep?: number;
  /** Independent coordinates per walk (default 1). */
  dimension?: number;
  /** Number of walks (default 1). */
  numWalkers?: number;
  /** Seed (default 0); walker w uses deriveSeed(seed, w). */
  seed?: Seed;
}

/** The checked sampling settings and the shared time grid. */
export interface UniformSampling {
  numSnapshots: number;
  timeStep: number;
  dimension: number;
  numWalkers: number;
  /** Times k timeStep, k = 0..T-1 (shared by all walks). */
  times: Float64Array;
}

/**
 * Checks the sampling options shared by the continuous-time processes (CTRW, fBm) and builds their
 * time grid.
 *
 * @param fn the calling function's name, for error messages.
 * @throws RangeError naming fn, the option and the value when a size is not a valid integer or the
 *   time step is not a finite positive number.
 * @example
 * uniformSampling("f", { numSnapshots: 3, timeStep: 0.5 }).times; // Float64Array [0, 0.5, 1]
 */
export function uniformSampling(fn: string, options: UniformSamplingOptions): UniformSampling {
  const t = options.numSnapshots;
  if (!Number.isInteger(t) || t < 2) throw new RangeError(`${fn}: numSnapshots must be an integer ≥ 2, got ${t}`);
  const dt = options.timeStep ?? 1;
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`${fn}: timeStep must be a finite number > 0, got ${dt}`);
  const d = options.dimension ?? 1;
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`${fn}: dimension must be an integer ≥ 1, got ${d}`);
  const numWalkers = options.numWalkers ?? 1;
  if (!Number.isInteger(numWalkers) || numWalkers < 1) throw new RangeError(`${fn}: numWalkers must be an integer ≥ 1, got ${numWalkers}`);
  const times = new Float64Array(t);
  for (let i = 0; i < t; i++) times[i] = i * dt;
  return { numSnapshots: t, timeStep: dt, dimension: d, numWalkers, times };
}
