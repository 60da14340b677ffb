/**
 * Fast Fourier transforms over typed arrays, and the linear autocorrelation they make cheap.
 *
 * Variant: iterative radix-2 Cooley–Tukey for power-of-two lengths with precomputed twiddles, and
 * Bluestein's chirp-z algorithm (a power-of-two convolution) for every other length, so any length
 * n ≥ 1 is exact up to rounding. Float64 throughout. Plans hold their tables: create one per length
 * and reuse it (no module-level cache).
 */

/** A reusable transform of one length. Create with {@link createFftPlan}. */
export interface FftPlan {
  /** Transform length n. */
  readonly size: number;
  /**
   * In-place discrete Fourier transform X_k = sum_j x_j exp(-2 pi i j k / n) of (re, im), or its
   * inverse (with the 1/n factor) when `inverse` is true.
   */
  transform(re: Float64Array, im: Float64Array, inverse?: boolean): void;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** The smallest power of two ≥ n (n ≥ 1, n ≤ 2^30). */
export function nextPowerOfTwo(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 1073741824) {
    throw new RangeError(`nextPowerOfTwo: n must be an integer in [1, 2^30], got ${n}`);
  }
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function radix2Plan(n: number): FftPlan {
  const half = n >> 1;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = Math.sin((2 * Math.PI * k) / n);
  }
  const rev = new Uint32Array(n);
  let bits = 0;
  while (1 << bits < n) bits++;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0, x = i; b < bits; b++, x >>= 1) r = (r << 1) | (x & 1);
    rev[i] = r;
  }
  return {
    size: n,
    transform(re: Float64Array, im: Float64Array, inverse = false): void {
      for (let i = 0; i < n; i++) {
        const j = rev[i]!;
        if (j > i) {
          let t = re[i]!;
          re[i] = re[j]!;
          re[j] = t;
          t = im[i]!;
          im[i] = im[j]!;
          im[j] = t;
        }
      }
      const sign = inverse ? 1 : -1;
      for (let size = 2; size <= n; size <<= 1) {
        const halfSize = size >> 1;
        const step = n / size;
        for (let start = 0; start < n; start += size) {
          for (let k = 0, tw = 0; k < halfSize; k++, tw += step) {
            const wr = cos[tw]!;
            const wi = sign * sin[tw]!;
            const a = start + k;
            const b = a + halfSize;
            const br = re[b]!;
            const bi = im[b]!;
            const tr = br * wr - bi * wi;
            const ti = br * wi + bi * wr;
            const ar = re[a]!;
            const ai = im[a]!;
            re[b] = ar - tr;
            im[b] = ai - ti;
            re[a] = ar + tr;
            im[a] = ai + ti;
          }
        }
      }
      if (inverse) {
        const s = 1 / n;
        for (let i = 0; i < n; i++) {
          re[i]! *= s;
          im[i]! *= s;
        }
      }
    },
  };
}

function bluesteinPlan(n: number): FftPlan {
  const m = nextPowerOfTwo(2 * n - 1);
  const inner = radix2Plan(m);
  // Chirp w_j = exp(-i pi j^2 / n); j^2 mod 2n keeps the angle exact for large j.
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const angle = (Math.PI * ((j * j) % (2 * n))) / n;
    chirpRe[j] = Math.cos(angle);
    chirpIm[j] = -Math.sin(angle);
  }
  // Transform of the conjugate chirp, wrapped for circular convolution of length m.
  const bRe = new Float64Array(m);
  const bIm = new Float64Array(m);
  bRe[0] = chirpRe[0]!;
  bIm[0] = -chirpIm[0]!;
  for (let j = 1; j < n; j++) {
    bRe[j] = bRe[m - j] = chirpRe[j]!;
    bIm[j] = bIm[m - j] = -chirpIm[j]!;
  }
  inner.transform(bRe, bIm);
  const aRe = new Float64Array(m);
  const aIm = new Float64Array(m);
  return {
    size: n,
    transform(re: Float64Array, im: Float64Array, inverse = false): void {
      const s = inverse ? -1 : 1; // inverse: conjugate in and out
      aRe.fill(0);
      aIm.fill(0);
      for (let j = 0; j < n; j++) {
        const xr = re[j]!;
        const xi = s * im[j]!;
        aRe[j] = xr * chirpRe[j]! - xi * chirpIm[j]!;
        aIm[j] = xr * chirpIm[j]! + xi * chirpRe[j]!;
      }
      inner.transform(aRe, aIm);
      for (let k = 0; k < m; k++) {
        const xr = aRe[k]!;
        const xi = aIm[k]!;
        aRe[k] = xr * bRe[k]! - xi * bIm[k]!;
        aIm[k] = xr * bIm[k]! + xi * bRe[k]!;
      }
      inner.transform(aRe, aIm, true);
      const scale = inverse ? 1 / n : 1;
      for (let k = 0; k < n; k++) {
        const xr = aRe[k]!;
        const xi = aIm[k]!;
        re[k] = scale * (xr * chirpRe[k]! - xi * chirpIm[k]!);
        im[k] = scale * s * (xr * chirpIm[k]! + xi * chirpRe[k]!);
      }
    },
  };
}

/**
 * Creates a discrete Fourier transform plan of length n: radix-2 when n is a power of two,
 * Bluestein otherwise.
 *
 * @param n transform length, an integer in [1, 2^28].
 * @returns a plan whose `transform(re, im, inverse?)` works in place on arrays of length ≥ n.
 * @throws RangeError when n is not an integer in [1, 2^28].
 * @example
 * const plan = createFftPlan(3);
 * const re = new Float64Array([1, 2, 3]), im = new Float64Array(3);
 * plan.transform(re, im);
 * Math.round(re[0]); // 6
 * @complexity O(n log n) time; O(n) memory for the tables (O(4n) for Bluestein).
 */
export function createFftPlan(n: number): FftPlan {
  if (!Number.isInteger(n) || n < 1 || n > 268435456) {
    throw new RangeError(`createFftPlan: n must be an integer in [1, 2^28], got ${n}`);
  }
  if (n === 1) return { size: 1, transform() {} };
  return isPowerOfTwo(n) ? radix2Plan(n) : bluesteinPlan(n);
}

/**
 * Linear (not circular) autocorrelation sums c_k = sum_{t=0}^{T-1-k} x_t x_{t+k} for k = 0..maxLag of
 * a real series, by zero padding to a power of two ≥ T + maxLag so that no wrap-around enters.
 *
 * @param series real samples x_0..x_{T-1}, T ≥ 1.
 * @param maxLag largest lag, an integer in [0, T-1] (default T-1).
 * @returns Float64Array of length maxLag + 1 (unnormalised sums).
 * @throws RangeError when the series is empty or maxLag is out of range.
 * @example
 * Array.from(autocorrelation(new Float64Array([1, 2, 3])), Math.round); // [14, 8, 3]
 * @complexity O(T log T).
 */
export function autocorrelation(series: ArrayLike<number>, maxLag?: number): Float64Array {
  const n = series.length;
  if (n < 1) throw new RangeError(`autocorrelation: series must have length ≥ 1, got ${n}`);
  const lag = maxLag ?? n - 1;
  if (!Number.isInteger(lag) || lag < 0 || lag > n - 1) {
    throw new RangeError(`autocorrelation: maxLag must be an integer in [0, ${n - 1}], got ${maxLag}`);
  }
  const m = nextPowerOfTwo(n + lag);
  const plan = createFftPlan(m);
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let i = 0; i < n; i++) re[i] = series[i]!;
  plan.transform(re, im);
  for (let k = 0; k < m; k++) {
    re[k] = re[k]! * re[k]! + im[k]! * im[k]!;
    im[k] = 0;
  }
  plan.transform(re, im, true);
  return re.slice(0, lag + 1);
}
