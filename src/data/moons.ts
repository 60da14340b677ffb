/**
 * The two-moons classification set: two interleaved half circles in the plane, as in
 * scikit-learn's `make_moons` (the paper's experiment 3 trains on a few hundred such points).
 */
import { createRandom, type Seed } from "../util/random";

export interface MoonsOptions {
  /** Number of points, split as evenly as possible between the two moons (default 300). */
  count?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.1; ≥ 0). */
  noise?: number;
  /** Seed of the noise and of the shuffle (default 0). */
  seed?: Seed;
  /** Shuffle the points (default true); false keeps moon 0 then moon 1. */
  shuffle?: boolean;
}

export interface PointDataset {
  name: string;
  count: number;
  /** Input dimension (2 for moons). */
  dims: number;
  /** Coordinates, row-major `count x dims`. */
  x: Float32Array;
  /** Class of each point. */
  labels: Uint8Array;
  numClasses: number;
}

/**
 * Generates the two-moons data.
 *
 * Moon 0: (cos t, sin t); moon 1: (1 - cos t, 1/2 - sin t), t evenly spaced in [0, pi];
 * plus N(0, noise^2) on each coordinate.
 *
 * @throws RangeError for a count below 2 or a negative or non-finite noise.
 * @example
 * makeMoons({ count: 4, noise: 0, shuffle: false }).labels; // Uint8Array [0, 0, 1, 1]
 */
export function makeMoons(options: MoonsOptions = {}): PointDataset {
  const count = options.count ?? 300;
  const noise = options.noise ?? 0.1;
  if (!Number.isInteger(count) || count < 2) throw new RangeError(`makeMoons: count must be an integer ≥ 2, got ${count}`);
  if (!Number.isFinite(noise) || noise < 0) throw new RangeError(`makeMoons: noise must be a finite number ≥ 0, got ${noise}`);
  const rng = createRandom(options.seed ?? 0);
  const nOuter = Math.floor(count / 2);
  const nInner = count - nOuter;
  const xs = new Float64Array(2 * count);
  const labels = new Uint8Array(count);
  for (let i = 0; i < nOuter; i++) {
    const t = nOuter === 1 ? 0 : (Math.PI * i) / (nOuter - 1);
    xs[2 * i] = Math.cos(t);
    xs[2 * i + 1] = Math.sin(t);
  }
  for (let j = 0; j < nInner; j++) {
    const t = nInner === 1 ? 0 : (Math.PI * j) / (nInner - 1);
    const i = nOuter + j;
    xs[2 * i] = 1 - Math.cos(t);
    xs[2 * i + 1] = 0.5 - Math.sin(t);
    labels[i] = 1;
  }
  if (noise > 0) for (let k = 0; k < xs.length; k++) xs[k]! += noise * rng.normal();
  const order = options.shuffle === false ? null : rng.permutation(count);
  const x = new Float32Array(2 * count);
  const outLabels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const src = order ? order[i]! : i;
    x[2 * i] = xs[2 * src]!;
    x[2 * i + 1] = xs[2 * src + 1]!;
    outLabels[i] = labels[src]!;
  }
  return { name: "two moons", count, dims: 2, x, labels: outLabels, numClasses: 2 };
}
