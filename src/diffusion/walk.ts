/**
 * The trajectory record every diffusion estimator reads: T snapshots of a point in R^P.
 *
 * Layout: `positions` is row-major `T x P` (snapshot after snapshot, as a training run records
 * weights), `times` holds the T snapshot times (strictly increasing, any units).
 */

/** A trajectory of T snapshots of a P-dimensional point. */
export interface Walk {
  /** Coordinates, row-major `numSnapshots x dimension`. */
  positions: Float32Array | Float64Array;
  /** Snapshot times, strictly increasing, length numSnapshots. */
  times: Float64Array;
  /** Number of coordinates P per snapshot. */
  dimension: number;
}

/**
 * Checks that a walk is well formed and returns its number of snapshots T.
 *
 * @throws TypeError when positions or times are not typed arrays; RangeError when the dimension is not
 * a positive integer, the lengths disagree, or the times are not strictly increasing and finite.
 * @example
 * checkWalk("f", { positions: new Float64Array([0, 1, 2]), times: new Float64Array([0, 1, 2]), dimension: 1 }); // 3
 */
export function checkWalk(fn: string, walk: Walk, argument = "walk"): number {
  if (!walk || !(walk.positions instanceof Float32Array || walk.positions instanceof Float64Array)) {
    throw new TypeError(`${fn}: ${argument}.positions must be a Float32Array or Float64Array, got ${walk ? typeof walk.positions : walk}`);
  }
  if (!(walk.times instanceof Float64Array)) {
    throw new TypeError(`${fn}: ${argument}.times must be a Float64Array, got ${typeof walk.times}`);
  }
  const p = walk.dimension;
  if (!Number.isInteger(p) || p < 1) {
    throw new RangeError(`${fn}: ${argument}.dimension must be an integer ≥ 1, got ${p}`);
  }
  const t = walk.times.length;
  if (walk.positions.length !== t * p) {
    throw new RangeError(`${fn}: ${argument}.positions must have times.length x dimension = ${t * p} entries, got ${walk.positions.length}`);
  }
  for (let i = 0; i < t; i++) {
    const v = walk.times[i]!;
    if (!Number.isFinite(v) || (i > 0 && !(v > walk.times[i - 1]!))) {
      throw new RangeError(`${fn}: ${argument}.times must be finite and strictly increasing, got ${v} at index ${i}`);
    }
  }
  return t;
}

/**
 * Checks an estimator's result for non-finite values and, when it holds one, throws an error that says
 * why: the first non-finite position of the walks, or an overflow of the squared displacements. Run on
 * the (small) result rather than on the (large) input, so a clean call pays O(result).
 *
 * @internal used by the MSD estimators.
 * @throws RangeError naming the function, the walk, snapshot and coordinate, or the overflow.
 */
export function checkFiniteResult(fn: string, walks: readonly Walk[], result: ArrayLike<number>, argument = "walk"): void {
  let finite = true;
  for (let i = 0; i < result.length && finite; i++) finite = Number.isFinite(result[i]!);
  if (finite) return;
  let largest = 0;
  for (const [m, walk] of walks.entries()) {
    const x = walk.positions;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (!Number.isFinite(v)) {
        const where = walks.length > 1 ? `${argument}[${m}]` : argument;
        throw new RangeError(`${fn}: ${where}.positions has ${v} at snapshot ${Math.floor(i / walk.dimension)}, coordinate ${i % walk.dimension}; positions must be finite`);
      }
      largest = Math.max(largest, Math.abs(v));
    }
  }
  throw new RangeError(`${fn}: the squared displacements overflow (positions up to ${largest.toPrecision(3)}); rescale the walk, e.g. divide the positions by their largest value`);
}

/**
 * Creates a walk from row-major positions, with times 0, timeStep, 2 timeStep, ... when none are given.
 *
 * @param positions row-major `T x dimension` coordinates.
 * @param dimension P ≥ 1.
 * @param times optional snapshot times (strictly increasing) or a positive time step (default 1).
 * @throws RangeError when positions.length is not a multiple of dimension or the time step is not positive.
 * @example
 * createWalk(new Float64Array([0, 0, 1, 1]), 2).times; // Float64Array [0, 1]
 */
export function createWalk(positions: Float32Array | Float64Array, dimension: number, times: Float64Array | number = 1): Walk {
  if (!Number.isInteger(dimension) || dimension < 1 || positions.length % dimension !== 0) {
    throw new RangeError(`createWalk: dimension must be an integer ≥ 1 dividing positions.length = ${positions.length}, got ${dimension}`);
  }
  const n = positions.length / dimension;
  let t: Float64Array;
  if (typeof times === "number") {
    if (!(times > 0) || !Number.isFinite(times)) throw new RangeError(`createWalk: time step must be a finite number > 0, got ${times}`);
    t = new Float64Array(n);
    for (let i = 0; i < n; i++) t[i] = i * times;
  } else t = times;
  const walk = { positions, times: t, dimension };
  checkWalk("createWalk", walk);
  return walk;
}

/**
 * A walk restricted to some of its coordinates (for instance the backbone coordinate of a comb).
 *
 * @param coordinates indices in [0, dimension - 1].
 * @throws RangeError for an empty list or an index out of range.
 * @example
 * selectCoordinates(createWalk(new Float64Array([0, 5, 1, 6]), 2), [1]).positions; // Float64Array [5, 6]
 */
export function selectCoordinates(walk: Walk, coordinates: ArrayLike<number>): Walk {
  const t = checkWalk("selectCoordinates", walk);
  const p = walk.dimension;
  const k = coordinates.length;
  if (k < 1) throw new RangeError(`selectCoordinates: coordinates must be non-empty, got length 0`);
  for (let j = 0; j < k; j++) {
    const c = coordinates[j]!;
    if (!Number.isInteger(c) || c < 0 || c >= p) {
      throw new RangeError(`selectCoordinates: coordinates[${j}] must be an integer in [0, ${p - 1}], got ${c}`);
    }
  }
  const out = new (walk.positions.constructor as Float64ArrayConstructor)(t * k);
  for (let i = 0; i < t; i++) for (let j = 0; j < k; j++) out[i * k + j] = walk.positions[i * p + coordinates[j]!]!;
  return { positions: out, times: walk.times, dimension: k };
}

/**
 * The time step of uniformly spaced snapshot times (relative tolerance 1e-9), or 0 when they are not
 * uniform (1 for fewer than 2 times).
 *
 * @example
 * uniformTimeStep(new Float64Array([0, 0.5, 1])); // 0.5
 */
export function uniformTimeStep(times: Float64Array): number {
  if (times.length < 2) return 1;
  const step = (times[times.length - 1]! - times[0]!) / (times.length - 1);
  for (let i = 1; i < times.length; i++) {
    if (Math.abs(times[i]! - times[i - 1]! - step) > 1e-9 * Math.abs(step) + 1e-12 * Math.abs(times[i]!)) return 0;
  }
  return step;
}
