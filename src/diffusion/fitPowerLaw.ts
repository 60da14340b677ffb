/** Options of {@link fitPowerLaw}. */
export interface PowerLawFitOptions {
  /** Smallest x included (default: the first x). */
  start?: number;
  /** Largest x included (default: the last x). */
  end?: number;
  /**
   * Thin the points to at most this many per decade of x before fitting, so that every decade weighs
   * the same (a uniformly sampled curve otherwise lets its last decade dominate). 0 keeps all points.
   * Default 20.
   */
  pointsPerDecade?: number;
}

/** A least-squares power law y = prefactor x^exponent fitted on log-log axes. */
export interface PowerLawFit {
  /** Slope of log y against log x. */
  exponent: number;
  /** exp(intercept): y at x = 1 on the fitted line. */
  prefactor: number;
  /** Coefficient of determination of the log-log regression, in [0, 1]. */
  rSquared: number;
  /** Ordinary-least-squares standard error of the exponent (assumes independent residuals). */
  standardError: number;
  /** The x range actually used. */
  start: number;
  end: number;
  /** Number of points fitted (after thinning). */
  numPoints: number;
}

/**
 * Fits y = A x^alpha by ordinary least squares of log y on log x over a window.
 *
 * Paper: the slope alpha of log MSD (or log R) against log t, with its r^2 (arXiv 2503.22478 reports
 * r^2 ≈ 0.98 to 1). Variant: natural logarithms, optional log-spaced thinning (20 points per decade by
 * default), standard error sqrt(SSE / (n - 2) / Sxx).
 *
 * @param x abscissae, positive and increasing inside the window (time or lag, any units).
 * @param y ordinates, positive inside the window.
 * @param options.start / options.end x window (inclusive); options.pointsPerDecade thinning (default 20, 0 = none).
 * @returns a {@link PowerLawFit}.
 * @throws RangeError when the arrays differ in length, an x is NaN (anywhere), the window holds fewer than
 * 3 points, an x or y inside it is not positive and finite, or the fitted line is beyond double
 * precision (its value at x = 1 overflows: rescale the data).
 * @example
 * const x = new Float64Array([1, 2, 4, 8]), y = x.map((v) => 3 * v ** 0.5);
 * fitPowerLaw(x, y).exponent; // ≈ 0.5
 * @complexity O(n).
 */
export function fitPowerLaw(x: ArrayLike<number>, y: ArrayLike<number>, options: PowerLawFitOptions = {}): PowerLawFit {
  const fn = "fitPowerLaw";
  if (x.length !== y.length) throw new RangeError(`${fn}: x and y must have the same length, got ${x.length} and ${y.length}`);
  const start = options.start ?? -Infinity;
  const end = options.end ?? Infinity;
  if (!(start <= end)) throw new RangeError(`${fn}: start must be ≤ end, got start ${start}, end ${end}`);
  const ppd = options.pointsPerDecade ?? 20;
  if (!(ppd >= 0) || !Number.isFinite(ppd)) throw new RangeError(`${fn}: pointsPerDecade must be a finite number ≥ 0, got ${ppd}`);
  // A NaN x cannot be placed inside or outside the window: an error, never silently skipped.
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i]!)) throw new RangeError(`${fn}: x must not be NaN, got x[${i}] = NaN`);
  const points = powerLawPoints(x, { start, end, pointsPerDecade: ppd }, (i) => {
    const xi = x[i]!, yi = y[i]!;
    if (!(xi > 0) || !(yi > 0) || !Number.isFinite(xi) || !Number.isFinite(yi)) {
      throw new RangeError(`${fn}: x and y must be positive and finite inside the window, got x[${i}] = ${xi}, y[${i}] = ${yi}`);
    }
  });
  const lx = points.map((i) => Math.log(x[i]!));
  const ly = points.map((i) => Math.log(y[i]!));
  const first = points.length > 0 ? x[points[0]!]! : NaN;
  const lastX = points.length > 0 ? x[points[points.length - 1]!]! : NaN;
  const n = lx.length;
  if (n < 3) throw new RangeError(`${fn}: the window [${start}, ${end}] must hold at least 3 points, got ${n}`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += lx[i]!;
    my += ly[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = lx[i]! - mx;
    const dy = ly[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (!(sxx > 0)) throw new RangeError(`${fn}: x must take at least 2 distinct values in the window, got a single value ${first}`);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  if (!Number.isFinite(slope) || !Number.isFinite(Math.exp(intercept))) {
    throw new RangeError(
      `${fn}: the fitted line (slope ${slope}, value at x = 1 of exp(${intercept.toPrecision(4)})) is beyond double precision; ` +
        `rescale x or y to units nearer 1 (x spans ${first} to ${lastX})`,
    );
  }
  const sse = Math.max(0, syy - slope * sxy);
  return {
    exponent: slope,
    prefactor: Math.exp(intercept),
    rSquared: syy > 0 ? Math.min(1, Math.max(0, 1 - sse / syy)) : 1,
    standardError: Math.sqrt(sse / (n - 2) / sxx),
    start: first,
    end: lastX,
    numPoints: n,
  };
}

/**
 * @internal Indices of the points {@link fitPowerLaw} fits: x inside [start, end], thinned to at most
 * `pointsPerDecade` per decade by keeping a point when its log x is at least ln(10) / pointsPerDecade
 * above the last kept one. `check(i)` is called for every index inside the window, kept or not.
 */
export function powerLawPoints(x: ArrayLike<number>, options: { start: number; end: number; pointsPerDecade: number }, check?: (i: number) => void): number[] {
  const minGap = options.pointsPerDecade > 0 ? Math.LN10 / options.pointsPerDecade : 0;
  const kept: number[] = [];
  let last = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (!(xi >= options.start && xi <= options.end)) continue;
    check?.(i);
    const l = Math.log(xi);
    if (l < last + minGap * (1 - 1e-9)) continue;
    last = l;
    kept.push(i);
  }
  return kept;
}
