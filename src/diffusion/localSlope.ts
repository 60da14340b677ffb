/** Options of {@link localSlope}. */
export interface LocalSlopeOptions {
  /** Centres per decade of x (default 10, > 0). */
  pointsPerDecade?: number;
  /** Half-width of each regression window in decades (default 0.25, > 0). */
  halfWidth?: number;
}

/** The local slope curve d log y / d log x. */
export interface LocalSlopeCurve {
  /** Window centres (x units), log-spaced. */
  lags: Float64Array;
  /** Least-squares slope of log y on log x inside each window. */
  slope: Float64Array;
}

/**
 * The local exponent d log MSD / d log t as a curve: 2 for ballistic motion, 1 for Brownian motion,
 * 2/d_w for sub-diffusion on a fractal.
 *
 * Variant: at log-spaced centres c, the ordinary-least-squares slope of log y on log x over the
 * points with |log10 x - log10 c| ≤ halfWidth (windows with fewer than 3 points are skipped), which
 * smooths the noise that a finite difference would amplify.
 *
 * @param x positive increasing abscissae (lags); y positive ordinates (MSD).
 * @param options.pointsPerDecade centres per decade (default 10); options.halfWidth decades (default 0.25).
 * @returns a {@link LocalSlopeCurve}.
 * @throws RangeError for mismatched lengths, non-positive values, or no window with 3 points.
 * @example
 * const x = Float64Array.from({ length: 100 }, (_, i) => i + 1);
 * localSlope(x, x.map((t) => t ** 1.5)).slope[0]; // ≈ 1.5
 * @complexity O(n x windows).
 */
export function localSlope(x: ArrayLike<number>, y: ArrayLike<number>, options: LocalSlopeOptions = {}): LocalSlopeCurve {
  const fn = "localSlope";
  const n = x.length;
  if (y.length !== n) throw new RangeError(`${fn}: x and y must have the same length, got ${n} and ${y.length}`);
  const ppd = options.pointsPerDecade ?? 10;
  const hw = options.halfWidth ?? 0.25;
  if (!(ppd > 0) || !Number.isFinite(ppd)) throw new RangeError(`${fn}: pointsPerDecade must be a finite number > 0, got ${ppd}`);
  if (!(hw > 0) || !Number.isFinite(hw)) throw new RangeError(`${fn}: halfWidth must be a finite number > 0, got ${hw}`);
  const lx = new Float64Array(n);
  const ly = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!(x[i]! > 0) || !(y[i]! > 0) || !Number.isFinite(y[i]!)) {
      throw new RangeError(`${fn}: x and y must be positive and finite, got x[${i}] = ${x[i]}, y[${i}] = ${y[i]}`);
    }
    if (i > 0 && !(x[i]! > x[i - 1]!)) throw new RangeError(`${fn}: x must be increasing, got ${x[i]} after ${x[i - 1]}`);
    lx[i] = Math.log10(x[i]!);
    ly[i] = Math.log10(y[i]!);
  }
  const windows = slopeWindows(lx, ppd, hw);
  const slopes = windows.centres.map((_, w) => windowSlope(windows, w, ly));
  if (windows.centres.length === 0) throw new RangeError(`${fn}: no window of half-width ${hw} decades holds 3 points; x spans ${n ? (lx[n - 1]! - lx[0]!).toFixed(2) : 0} decades with ${n} points`);
  return { lags: Float64Array.from(windows.centres, (c) => 10 ** c), slope: Float64Array.from(slopes) };
}

/** @internal The regression windows of {@link localSlope} over log10 x: first point, count, mean and Sxx of each. */
export interface SlopeWindows {
  /** log10 of each centre. */
  centres: number[];
  first: number[];
  count: number[];
  meanX: number[];
  sxx: number[];
  logX: Float64Array;
}

/** @internal The windows of {@link localSlope} (those with ≥ 3 points) for log10 abscissae lx. */
export function slopeWindows(lx: Float64Array, pointsPerDecade: number, halfWidth: number): SlopeWindows {
  const n = lx.length;
  const out: SlopeWindows = { centres: [], first: [], count: [], meanX: [], sxx: [], logX: lx };
  if (n < 3) return out;
  const lo = lx[0]! + halfWidth;
  const hi = lx[n - 1]! - halfWidth;
  let left = 0;
  for (let c = lo; c <= hi + 1e-12; c += 1 / pointsPerDecade) {
    while (left < n && lx[left]! < c - halfWidth - 1e-12) left++;
    let mx = 0;
    let k = 0;
    for (let i = left; i < n && lx[i]! <= c + halfWidth + 1e-12; i++, k++) mx += lx[i]!;
    if (k < 3) continue;
    mx /= k;
    let sxx = 0;
    for (let i = left; i < left + k; i++) sxx += (lx[i]! - mx) ** 2;
    out.centres.push(c);
    out.first.push(left);
    out.count.push(k);
    out.meanX.push(mx);
    out.sxx.push(sxx);
  }
  return out;
}

/** @internal Least-squares slope of ly on the window's log10 x. */
export function windowSlope(windows: SlopeWindows, w: number, ly: ArrayLike<number>): number {
  const first = windows.first[w]!, k = windows.count[w]!, mx = windows.meanX[w]!, lx = windows.logX;
  let my = 0;
  for (let i = first; i < first + k; i++) my += ly[i]!;
  my /= k;
  let sxy = 0;
  for (let i = first; i < first + k; i++) sxy += (lx[i]! - mx) * (ly[i]! - my);
  return sxy / windows.sxx[w]!;
}
