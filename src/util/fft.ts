/**
 * Fast Fourier transforms over typed arrays, and the linear autocorrelation they make cheap.
 *
 * Variant: iterative radix-2^2 Cooley–Tukey (two radix-2 stages fused per pass) for power-of-two lengths with
 * precomputed contiguous twiddles, and
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
  transform(re: Float64Array, im: Float64Array, inverse?: boolean, permuted?: boolean): void;
  /**
   * Power-of-two plans only (null otherwise): the bit-reversal permutation. A caller that writes x_j
   * at index bitReversal[j] itself may call `transform(re, im, inverse, true)` to skip the permutation.
   */
  readonly bitReversal: Uint32Array | null;
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
  let bits = 0;
  while (1 << bits < n) bits++;
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0, x = i; b < bits; b++, x >>= 1) r = (r << 1) | (x & 1);
    rev[i] = r;
  }
  // Radix-2^2 passes: two radix-2 stages (half sizes h and 2h) fused per pass over groups of 4h.
  // Per pass, contiguous twiddles w2 = exp(-2 pi i k / 4h) and w1 = w2^2, k < h.
  const firstH = bits % 2 === 1 ? 2 : 1;
  const levels: { h: number; c1: Float64Array; s1: Float64Array; c2: Float64Array; s2: Float64Array }[] = [];
  for (let h = firstH; h < n; h *= 4) {
    const c1 = new Float64Array(h);
    const s1 = new Float64Array(h);
    const c2 = new Float64Array(h);
    const s2 = new Float64Array(h);
    for (let k = 0; k < h; k++) {
      c2[k] = Math.cos((2 * Math.PI * k) / (4 * h));
      s2[k] = Math.sin((2 * Math.PI * k) / (4 * h));
      c1[k] = Math.cos((2 * Math.PI * k) / (2 * h));
      s1[k] = Math.sin((2 * Math.PI * k) / (2 * h));
    }
    levels.push({ h, c1, s1, c2, s2 });
  }
  return {
    size: n,
    bitReversal: rev,
    transform(re: Float64Array, im: Float64Array, inverse = false, permuted = false): void {
      for (let i = 0; i < n && !permuted; i++) {
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
      if (firstH === 2) {
        for (let a = 0; a < n; a += 2) {
          const br = re[a + 1]!;
          const bi = im[a + 1]!;
          const ar = re[a]!;
          const ai = im[a]!;
          re[a] = ar + br;
          im[a] = ai + bi;
          re[a + 1] = ar - br;
          im[a + 1] = ai - bi;
        }
      }
      const sign = inverse ? 1 : -1;
      for (const { h, c1, s1, c2, s2 } of levels) {
        const span = 4 * h;
        for (let g = 0; g < n; g += span) {
          for (let k = 0; k < h; k++) {
            const w1r = c1[k]!;
            const w1i = sign * s1[k]!;
            const w2r = c2[k]!;
            const w2i = sign * s2[k]!;
            const i0 = g + k;
            const i1 = i0 + h;
            const i2 = i1 + h;
            const i3 = i2 + h;
            // Stage 1: (i0, i1) and (i2, i3) with w1.
            const x1r = re[i1]!;
            const x1i = im[i1]!;
            let tr = x1r * w1r - x1i * w1i;
            let ti = x1r * w1i + x1i * w1r;
            const x0r = re[i0]!;
            const x0i = im[i0]!;
            const a0r = x0r + tr;
            const a0i = x0i + ti;
            const a1r = x0r - tr;
            const a1i = x0i - ti;
            const x3r = re[i3]!;
            const x3i = im[i3]!;
            tr = x3r * w1r - x3i * w1i;
            ti = x3r * w1i + x3i * w1r;
            const x2r = re[i2]!;
            const x2i = im[i2]!;
            const a2r = x2r + tr;
            const a2i = x2i + ti;
            const a3r = x2r - tr;
            const a3i = x2i - ti;
            // Stage 2: (i0, i2) with w2, (i1, i3) with w2 times exp(sign i pi / 2) = sign i.
            tr = a2r * w2r - a2i * w2i;
            ti = a2r * w2i + a2i * w2r;
            re[i0] = a0r + tr;
            im[i0] = a0i + ti;
            re[i2] = a0r - tr;
            im[i2] = a0i - ti;
            const ur = a3r * w2r - a3i * w2i;
            const ui = a3r * w2i + a3i * w2r;
            // (ur + i ui) (sign i) = -sign ui + i sign ur
            tr = -sign * ui;
            ti = sign * ur;
            re[i1] = a1r + tr;
            im[i1] = a1i + ti;
            re[i3] = a1r - tr;
            im[i3] = a1i - ti;
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
    bitReversal: null,
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
  if (n === 1) return { size: 1, bitReversal: new Uint32Array(1), transform() {} };
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
