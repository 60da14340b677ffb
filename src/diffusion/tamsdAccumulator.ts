/**
 * Internal to `diffusion/` (not re-exported): the accumulator behind the FFT time-averaged MSD, shared by
 * the in-process and the worker-thread estimators.
 */
import { createFftPlan, nextPowerOfTwo, type FftPlan } from "../util/fft";
import { addCompensated, compensatedSum } from "../util/compensatedSum";

/**
 * Accumulates, coordinate by coordinate, the two ingredients of the time-averaged MSD:
 * the per-time squared norm q_t = sum_p x_p(t)^2 and the summed power spectrum sum_p |X_p(k)|^2 of the
 * zero-padded series (length m = 2M, a power of two ≥ T + maxLag).
 * Each real series goes through ONE complex FFT of half length M (even samples as real parts, odd samples
 * as imaginary parts), untangled by X_k = E_k + exp(-2 pi i k / m) O_k with E_k = (Z_k + conj Z_{M-k}) / 2,
 * O_k = (Z_k - conj Z_{M-k}) / (2i); the half-length buffers (2 x 8M bytes) stay in a core's L2 cache,
 * which is what lets two threads run at full speed. Only |X_k|^2 for k = 0..M is stored (the rest mirrors).
 */
export class TamsdAccumulator {
  private readonly m: number;
  private readonly half: number;
  private readonly plan: FftPlan;
  readonly power: Float64Array;
  readonly squares: Float64Array;
  readonly squaresCompensation: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly twiddleCos: Float64Array;
  private readonly twiddleSin: Float64Array;

  constructor(
    private readonly t: number,
    private readonly maxLag: number,
  ) {
    this.m = nextPowerOfTwo(Math.max(4, t + maxLag));
    this.half = this.m / 2;
    this.plan = createFftPlan(this.half);
    this.power = new Float64Array(this.half + 1);
    this.squares = new Float64Array(t);
    this.squaresCompensation = new Float64Array(t);
    this.re = new Float64Array(this.half);
    this.im = new Float64Array(this.half);
    this.twiddleCos = new Float64Array(this.half + 1);
    this.twiddleSin = new Float64Array(this.half + 1);
    for (let k = 0; k <= this.half; k++) {
      this.twiddleCos[k] = Math.cos((2 * Math.PI * k) / this.m);
      this.twiddleSin[k] = -Math.sin((2 * Math.PI * k) / this.m);
    }
  }

  /** Adds one centred coordinate series x[offset .. offset + T - 1]. */
  addCoordinate(x: Float64Array, offset: number): void {
    const { t, half, re, im, squares, squaresCompensation: comp, twiddleCos: wc, twiddleSin: ws } = this;
    const rev = this.plan.bitReversal!;
    re.fill(0);
    im.fill(0);
    for (let i = 0; i < t; i++) {
      const v = x[offset + i]!;
      // Written straight to its bit-reversed slot, so the FFT skips its permutation pass.
      if (i & 1) im[rev[i >> 1]!] = v;
      else re[rev[i >> 1]!] = v;
      addCompensated(squares, comp, i, v * v);
    }
    this.plan.transform(re, im, false, true);
    const power = this.power;
    for (let k = 0; k <= half; k++) {
      const a = k === half ? 0 : k;
      const b = k === 0 ? 0 : half - k;
      const zr = re[a]!;
      const zi = im[a]!;
      const cr = re[b]!;
      const ci = -im[b]!; // conj Z_{M-k}
      const er = 0.5 * (zr + cr);
      const ei = 0.5 * (zi + ci);
      // O = (Z - conj Z_{M-k}) / (2i) = (dr + i di) / (2i) = (di - i dr) / 2
      const dr = zr - cr;
      const di = zi - ci;
      const or = 0.5 * di;
      const oi = -0.5 * dr;
      const xr = er + wc[k]! * or - ws[k]! * oi;
      const xi = ei + wc[k]! * oi + ws[k]! * or;
      power[k]! += xr * xr + xi * xi;
    }
  }

  /** Adds the sums of another accumulator of the same sizes (partial results of a worker). */
  merge(power: Float64Array, squares: Float64Array, squaresCompensation: Float64Array): void {
    for (let k = 0; k <= this.half; k++) this.power[k]! += power[k]!;
    for (let i = 0; i < this.t; i++) {
      this.squares[i]! += squares[i]!;
      this.squaresCompensation[i]! += squaresCompensation[i]!;
    }
  }

  /** Adds a T x count row-major block of coordinates (transposed and centred into `columns`). */
  addBlock(fn: string, block: ArrayLike<number>, count: number, columns: Float64Array, start: number): void {
    transposeCentred(fn, block, this.t, count, columns, start);
    for (let j = 0; j < count; j++) this.addCoordinate(columns, j * this.t);
  }

  /** MSD at lags 1..maxLag (in snapshots). */
  finish(): Float64Array {
    const { t, m, half, power, maxLag } = this;
    // Mirror the stored half spectrum (|X_{m-k}| = |X_k| for real series) and invert once at full length.
    const re = new Float64Array(m);
    const im = new Float64Array(m);
    for (let k = 0; k <= half; k++) re[k] = power[k]!;
    for (let k = 1; k < half; k++) re[m - k] = power[k]!;
    createFftPlan(m).transform(re, im, true); // re[k] = sum_p sum_t x_p(t) x_p(t+k) for k < m - maxLag
    const q = new Float64Array(t);
    for (let i = 0; i < t; i++) q[i] = this.squares[i]! + this.squaresCompensation[i]!;
    const total = compensatedSum(q);
    const msd = new Float64Array(maxLag);
    // head = sum_{i < T - k} q_i, tail = sum_{i ≥ k} q_i, updated by subtraction from exact totals.
    let head = total;
    let tail = total;
    let headDropped = 0;
    let tailDropped = 0;
    for (let k = 1; k <= maxLag; k++) {
      headDropped += q[t - k]!;
      tailDropped += q[k - 1]!;
      head = total - headDropped;
      tail = total - tailDropped;
      const s = head + tail - 2 * re[k]!;
      msd[k - 1] = Math.max(0, s) / (t - k);
    }
    return msd;
  }
}

/** Copies a T x count row-major block into coordinate-major float64 columns, each centred on its mean. */
export function transposeCentred(fn: string, block: ArrayLike<number>, t: number, count: number, columns: Float64Array, start: number): void {
  // Tiled transpose (64 snapshots at a time) keeps both the strided reads and the writes in cache.
  const tile = 64;
  for (let i0 = 0; i0 < t; i0 += tile) {
    const i1 = Math.min(t, i0 + tile);
    for (let j = 0; j < count; j++) {
      const base = j * t;
      for (let i = i0; i < i1; i++) columns[base + i] = block[i * count + j]!;
    }
  }
  for (let j = 0; j < count; j++) {
    const base = j * t;
    let sum = 0;
    for (let i = 0; i < t; i++) sum += columns[base + i]!;
    if (!Number.isFinite(sum)) throw new Error(`${fn}: non-finite value in coordinate ${start + j}`);
    const mean = sum / t;
    for (let i = 0; i < t; i++) columns[base + i]! -= mean;
  }
}

