import { TamsdAccumulator } from "./tamsdAccumulator";
import type { MsdCurve } from "./msdCurve";
import { checkFiniteResult, checkWalk, uniformTimeStep, type Walk } from "./walk";

/**
 * A trajectory too large for memory, read one block of coordinates at a time.
 * `readBlock(start, count)` returns the `T x count` row-major block of coordinates
 * [start, start + count) (snapshot after snapshot), as a Float32Array or Float64Array.
 */
export interface CoordinateBlockSource {
  /** Number of snapshots T ≥ 2 (uniformly spaced). */
  numSnapshots: number;
  /** Number of coordinates P ≥ 1. */
  numParameters: number;
  /** Time between snapshots (default 1, > 0). */
  timeStep?: number;
  readBlock(start: number, count: number): Float32Array | Float64Array;
}

/** Options of the time-averaged MSD estimators. */
export interface TimeAveragedMsdOptions {
  /** Largest lag in snapshots, an integer in [1, T-1] (default T-1). */
  maxLag?: number;
  /** Coordinates per block (default 256); memory is O(blockSize T + T). */
  blockSize?: number;
}

/** @internal */
/** @internal checks the sizes of a coordinate-block source: T ≥ 2 snapshots, P ≥ 1, timeStep > 0. */
export function checkBlockSource(fn: string, source: CoordinateBlockSource): { t: number; p: number; dt: number } {
  const t = source.numSnapshots;
  const p = source.numParameters;
  if (!Number.isInteger(t) || t < 2) throw new RangeError(`${fn}: source.numSnapshots must be an integer ≥ 2, got ${t}`);
  if (!Number.isInteger(p) || p < 1) throw new RangeError(`${fn}: source.numParameters must be an integer ≥ 1, got ${p}`);
  const dt = source.timeStep ?? 1;
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`${fn}: source.timeStep must be a finite number > 0, got ${dt}`);
  return { t, p, dt };
}

export function checkLag(fn: string, t: number, maxLag: number | undefined): number {
  if (t < 2) throw new RangeError(`${fn}: the trajectory needs at least 2 snapshots, got ${t}`);
  const lag = maxLag ?? t - 1;
  if (!Number.isInteger(lag) || lag < 1 || lag > t - 1) {
    throw new RangeError(`${fn}: maxLag must be an integer in [1, ${t - 1}], got ${maxLag}`);
  }
  return lag;
}

/** @internal */
export function checkBlock(fn: string, blockSize: number | undefined): number {
  const b = blockSize ?? 256;
  if (!Number.isInteger(b) || b < 1 || b > 1 << 20) {
    throw new RangeError(`${fn}: blockSize must be an integer in [1, 2^20], got ${blockSize}`);
  }
  return b;
}

/** @internal */
export function curveFrom(msd: Float64Array, timeStep: number, t: number): MsdCurve {
  const lags = new Float64Array(msd.length);
  for (let k = 0; k < msd.length; k++) lags[k] = (k + 1) * timeStep;
  return { lags, msd, numMembers: 1, kind: "time-averaged", duration: (t - 1) * timeStep };
}

/**
 * Time-averaged MSD of a uniformly sampled trajectory from coordinate blocks, so that T x P larger than
 * memory works: memory is O(blockSize T + T) whatever P is.
 *
 * Paper's observable: delta^2(tau) = (1/(T - tau)) sum_{t=0}^{T-1-tau} |w(t + tau) - w(t)|^2
 * (arXiv 2503.22478). Variant: per coordinate, centre the series (the MSD is shift-invariant; this
 * limits cancellation), then delta^2 = [sum_{t ≥ tau} q_t + sum_{t < T - tau} q_t - 2 c_tau] / (T - tau),
 * with q_t the squared norm and c_tau the linear autocorrelation summed over coordinates, obtained from
 * ONE inverse FFT of the power spectrum summed over coordinates (zero padding to a power of two
 * ≥ T + maxLag removes wrap-around). Each coordinate costs one complex FFT of half the padded length
 * (even and odd samples packed as real and imaginary parts).
 *
 * @param source T, P, time step, and the block reader.
 * @param options.maxLag largest lag in snapshots, in [1, T-1] (default T-1).
 * @param options.blockSize coordinates per read (default 256).
 * @returns an {@link MsdCurve} at lags k timeStep, k = 1..maxLag.
 * @throws RangeError for sizes out of range or a block of the wrong length; Error for non-finite data.
 * @example
 * const x = new Float32Array([0, 1, 3, 6]); // one coordinate, T = 4
 * const source = { numSnapshots: 4, numParameters: 1, readBlock: (s, c) => x };
 * Array.from(timeAveragedMsdStreamed(source).msd, (v) => +v.toFixed(9)); // [4.666666667, 17, 36]
 * @complexity O(P T log T) time: one complex FFT of length ≥ T per coordinate.
 */
export function timeAveragedMsdStreamed(source: CoordinateBlockSource, options: TimeAveragedMsdOptions = {}): MsdCurve {
  return streamedMsd("timeAveragedMsdStreamed", source, options);
}

function streamedMsd(fn: string, source: CoordinateBlockSource, options: TimeAveragedMsdOptions): MsdCurve {
  const { t, p, dt } = checkBlockSource(fn, source);
  if (typeof source.readBlock !== "function") throw new TypeError(`${fn}: source.readBlock must be a function, got ${typeof source.readBlock}`);
  const maxLag = checkLag(fn, t, options.maxLag);
  const blockSize = checkBlock(fn, options.blockSize);
  const acc = new TamsdAccumulator(t, maxLag);
  const columns = new Float64Array(Math.min(blockSize, p) * t);
  for (let start = 0; start < p; start += blockSize) {
    const count = Math.min(blockSize, p - start);
    const block = source.readBlock(start, count);
    if (!block || block.length !== t * count) {
      throw new RangeError(`${fn}: readBlock(${start}, ${count}) must return ${t * count} values (T x count), got ${block ? block.length : block}`);
    }
    acc.addBlock(fn, block, count, columns, start);
  }
  return curveFrom(acc.finish(), dt, t);
}

/**
 * Time-averaged MSD of one uniformly sampled walk by FFT:
 * delta^2(tau) = (1/(T - tau)) sum_t |w(t + tau) - w(t)|^2 at tau = k dt, k = 1..maxLag.
 *
 * Paper: the MSD whose exponent gives d_w (arXiv 2503.22478). Variant: the FFT route of
 * {@link timeAveragedMsdStreamed}, reading coordinate blocks of the in-memory walk; equal to
 * {@link timeAveragedMsdDirect} within ~1e-9 relative in float64.
 *
 * @param walk uniformly sampled trajectory (relative spacing tolerance 1e-9), T ≥ 2.
 * @param options.maxLag largest lag in snapshots (default T-1); options.blockSize (default 256).
 * @returns an {@link MsdCurve} of kind "time-averaged".
 * @throws RangeError for non-uniform times or maxLag out of range.
 * @example
 * const walk = createWalk(new Float64Array([0, 1, 3, 6]), 1);
 * Array.from(timeAveragedMsd(walk).msd, (v) => +v.toFixed(9)); // [4.666666667, 17, 36]
 * @complexity O(P T log T) time, O(blockSize T) extra memory.
 */
export function timeAveragedMsd(walk: Walk, options: TimeAveragedMsdOptions = {}): MsdCurve {
  const fn = "timeAveragedMsd";
  const t = checkWalk(fn, walk);
  const dt = uniformTimeStep(walk.times);
  if (dt === 0) throw new RangeError(`${fn}: walk.times must be uniformly spaced (relative tolerance 1e-9); use ensembleMsd for non-uniform times`);
  const p = walk.dimension;
  const blockSize = checkBlock(fn, options.blockSize);
  const x = walk.positions;
  let buffer: Float64Array | null = null;
  const curve = streamedMsd(
    fn,
    {
      numSnapshots: t,
      numParameters: p,
      timeStep: dt,
      readBlock(start, count) {
        if (p === count) return x;
        if (!buffer || buffer.length !== t * count) buffer = new Float64Array(t * count);
        for (let i = 0; i < t; i++) for (let j = 0; j < count; j++) buffer[i * count + j] = x[i * p + start + j]!;
        return buffer;
      },
    },
    { maxLag: options.maxLag ?? t - 1, blockSize },
  );
  checkFiniteResult(fn, [walk], curve.msd);
  return curve;
}

/**
 * Time-averaged MSD by the direct double sum, the reference for the FFT route.
 *
 * Same definition and result as {@link timeAveragedMsd}; each lag's sum over start times is compensated
 * (Neumaier).
 *
 * @param walk uniformly sampled trajectory, T ≥ 2.
 * @param options.maxLag largest lag in snapshots, in [1, T-1] (default T-1).
 * @returns an {@link MsdCurve} of kind "time-averaged".
 * @throws RangeError for non-uniform times or maxLag out of range.
 * @example
 * const walk = createWalk(new Float64Array([0, 1, 3, 6]), 1);
 * Array.from(timeAveragedMsdDirect(walk).msd, (v) => +v.toFixed(9)); // [4.666666667, 17, 36]
 * @complexity O(P T maxLag) time: use it for small T or as a check.
 */
export function timeAveragedMsdDirect(walk: Walk, options: Pick<TimeAveragedMsdOptions, "maxLag"> = {}): MsdCurve {
  const fn = "timeAveragedMsdDirect";
  const t = checkWalk(fn, walk);
  const dt = uniformTimeStep(walk.times);
  if (dt === 0) throw new RangeError(`${fn}: walk.times must be uniformly spaced (relative tolerance 1e-9)`);
  const maxLag = checkLag(fn, t, options.maxLag);
  const p = walk.dimension;
  const x = walk.positions;
  const msd = new Float64Array(maxLag);
  for (let k = 1; k <= maxLag; k++) {
    let sum = 0;
    let c = 0;
    for (let i = 0; i + k < t; i++) {
      const a = i * p;
      const b = (i + k) * p;
      let s = 0;
      for (let j = 0; j < p; j++) {
        const d = x[b + j]! - x[a + j]!;
        s += d * d;
      }
      const u = sum + s;
      c += sum >= s ? sum - u + s : s - u + sum;
      sum = u;
    }
    msd[k - 1] = (sum + c) / (t - k);
  }
  checkFiniteResult(fn, [walk], msd);
  return curveFrom(msd, dt, t);
}
