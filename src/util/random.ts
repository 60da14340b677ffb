/**
 * The project's one seeded pseudo-random number generator.
 *
 * Every stochastic helper (data shuffles, initialisation, SGLD noise, ground-truth walks) takes a
 * `Random` or a seed, never `Math.random`, so the same seed gives the same numbers on every machine.
 *
 * Variant: xoshiro128** (Blackman & Vigna 2018, 32-bit state words, period 2^128 - 1) seeded through
 * SplitMix32 so that nearby seeds give unrelated streams. Doubles have 53 random bits; normals use
 * the Marsaglia polar method (exact, no tables). `split()` derives an independent child stream,
 * which is how an ensemble gives each member its own generator.
 */

/** A seed: a non-negative safe integer. */
export type Seed = number;

function checkSeed(fn: string, seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`${fn}: seed must be a non-negative safe integer, got ${seed}`);
  }
}

/** SplitMix32 step (used only for seeding): returns [nextState, output]. */
function splitMix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [s, z >>> 0];
}

/**
 * A seeded generator. Create with {@link createRandom}.
 *
 * @example
 * const a = createRandom(42), b = createRandom(42);
 * a.uniform() === b.uniform(); // true
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  /** @internal use {@link createRandom}. */
  constructor(seed: Seed) {
    checkSeed("createRandom", seed);
    // Mix the high and low 32-bit halves of the seed so seeds above 2^32 are distinct.
    let st = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) | 0, 0x27d4eb2f);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitMix32(st);
      st = next;
      words.push(out);
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is absorbing
  }

  /** Next raw 32-bit output as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /**
   * Writes the next `count` raw outputs into `out` from index `start`: the same words as `count` calls
   * of {@link Random.nextUint32}, about twice as fast (the state stays in locals through the loop).
   * @throws RangeError when [start, start + count) is not inside `out`.
   * @example
   * const a = createRandom(7), b = createRandom(7);
   * a.fillUint32(new Uint32Array(2), 0, 2)[1] === (b.nextUint32(), b.nextUint32()); // true
   */
  fillUint32(out: Uint32Array, start: number, count: number): Uint32Array {
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > out.length) {
      throw new RangeError(`Random.fillUint32: [start, start + count) must lie in [0, ${out.length}], got start ${start}, count ${count}`);
    }
    let s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    for (let i = start, end = start + count; i < end; i++) {
      const x = Math.imul(s1, 5);
      out[i] = Math.imul((x << 7) | (x >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    return out;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform double in (0, 1]: safe to take the logarithm of. */
  uniformPositive(): number {
    return 1 - this.uniform();
  }

  /**
   * A uniform integer in [0, n).
   * @throws RangeError when n is not an integer in [1, 2^32].
   */
  integer(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) {
      throw new RangeError(`Random.integer: n must be an integer in [1, 2^32], got ${n}`);
    }
    // Rejection sampling removes modulo bias.
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** A standard normal deviate N(0, 1) (Marsaglia polar method). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spareNormal = v * f;
        return u * f;
      }
    }
  }

  /** Fills `out` with independent N(mean, std^2) deviates and returns it. */
  fillNormal<T extends Float32Array | Float64Array>(out: T, mean = 0, std = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** Fills `out` with independent uniform deviates in [low, high) and returns it. */
  fillUniform<T extends Float32Array | Float64Array>(out: T, low = 0, high = 1): T {
    const span = high - low;
    for (let i = 0; i < out.length; i++) out[i] = low + span * this.uniform();
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`Random.permutation: n must be a non-negative integer, got ${n}`);
    }
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /**
   * The generator's complete state as six plain numbers (four 32-bit words, 1 or 0 for whether a
   * spare normal deviate is held, and that deviate), JSON-safe, enough to continue the stream
   * exactly with {@link Random.restore}.
   * @example
   * const r = createRandom(3); r.normal();
   * const copy = createRandom(0); copy.restore(r.state());
   * copy.normal() === r.normal(); // true
   */
  state(): number[] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0, this.spareNormal === null ? 0 : 1, this.spareNormal ?? 0];
  }

  /**
   * Continues from a state given by {@link Random.state}.
   * @throws RangeError when the state is not six numbers whose first four are 32-bit words.
   */
  restore(state: ArrayLike<number>): void {
    if (state.length !== 6 || [0, 1, 2, 3].some((i) => !Number.isInteger(state[i]) || state[i]! < 0 || state[i]! >= 4294967296)) {
      throw new RangeError(`Random.restore: state must be 6 numbers, the first four integers in [0, 2^32), got ${JSON.stringify(Array.from(state))}`);
    }
    [this.s0, this.s1, this.s2, this.s3] = [state[0]! | 0, state[1]! | 0, state[2]! | 0, state[3]! | 0];
    this.spareNormal = state[4] === 1 ? state[5]! : null;
  }

  /**
   * An independent child generator. The parent advances by two draws, so successive calls give
   * distinct children; the same parent state always gives the same child.
   */
  split(): Random {
    const hi = this.nextUint32();
    const lo = this.nextUint32();
    return new Random((hi % 2097152) * 4294967296 + lo);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Creates a seeded generator.
 *
 * @param seed non-negative safe integer; the same seed always gives the same stream.
 * @throws RangeError when the seed is negative, fractional or above 2^53 - 1.
 * @example
 * createRandom(1).integer(10); // 8
 */
export function createRandom(seed: Seed): Random {
  return new Random(seed);
}

/**
 * Derives the seed of member `index` of a family (ensemble member, chain, fold) from a base seed,
 * so that members are independent and reproducible one at a time.
 *
 * @example
 * deriveSeed(42, 0) !== deriveSeed(42, 1); // true
 */
export function deriveSeed(baseSeed: Seed, index: number): Seed {
  checkSeed("deriveSeed", baseSeed);
  if (!Number.isInteger(index) || index < 0) {
    throw new RangeError(`deriveSeed: index must be a non-negative integer, got ${index}`);
  }
  const r = new Random(baseSeed);
  let st = r.nextUint32() ^ Math.imul(index + 1, 0x9e3779b1);
  let out = 0;
  for (let i = 0; i < 2; i++) [st, out] = splitMix32(st);
  const [, hi] = splitMix32(st ^ 0x5bd1e995);
  return (hi % 2097152) * 4294967296 + out;
}
