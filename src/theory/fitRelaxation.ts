import { createRandom, type Seed } from "../util/random";
import { reciprocalGamma } from "./gammaFunction";
import { mittagLeffler } from "./mittagLeffler";

/**
 * A table of the relaxation shapes E_a(−(t/τ)^a) at given times for a grid of orders a, from which
 * {@link fitRelaxation} evaluates any τ by interpolation. Build it once with {@link relaxationBasis}
 * and pass it to every fit over the same times.
 */
export interface RelaxationBasis {
  /** The times the basis was built for (ascending, > 0). */
  times: Float64Array;
  /** Orders a of the grid, ascending, the last one 1 (the exponential). */
  orders: Float64Array;
  /** Smallest and largest τ searched. */
  minTimeScale: number;
  maxTimeScale: number;
  /** Step of the table in u = ln(t/τ). */
  step: number;
  /** u of the first table entry. */
  start: number;
  /** Per order: E_a(−e^(a u)) at u = start + j step. */
  tables: Float64Array[];
}

/** Options of {@link relaxationBasis}. */
export interface RelaxationBasisOptions {
  /** Orders a searched: a = orderStep, 2 orderStep, …, 1 (default 0.01; in (0, 0.5], 1 / orderStep an integer). */
  orderStep?: number;
  /** τ is searched in [t_min / margin, t_max · margin] (default 100, ≥ 1). */
  timeScaleMargin?: number;
}

const ASYMPTOTIC_FROM = 1e4;

/** E_a(−x) for x ≥ 0: exact below 10⁴, the algebraic expansion Σ_k (−1)^(k+1) x^(−k) / Γ(1 − a k) above (error < x^(−4)). */
function relaxationShape(a: number, x: number): number {
  if (a === 1) return Math.exp(-x);
  if (x < ASYMPTOTIC_FROM) return mittagLeffler(a, -x);
  let sum = 0;
  for (let k = 1; k <= 3; k++) sum += ((k % 2 === 1 ? 1 : -1) * reciprocalGamma(1 - a * k)) / x ** k;
  return sum;
}

/**
 * The table of relaxation shapes E_a(−(t/τ)^a) over a grid of orders a ∈ (0, 1] and all τ in
 * [t_min / margin, t_max · margin], for {@link fitRelaxation}.
 *
 * Variant: per order, E_a(−e^(a u)) on a uniform grid of u = ln(t/τ) with step 0.05, evaluated by
 * cubic (Catmull–Rom) interpolation, whose error is below 10⁻⁵ of the amplitude (the shape has
 * derivatives of order one in u). E_a itself is {@link mittagLeffler} below x = 10⁴ and its algebraic
 * expansion above.
 *
 * @param times observation times, ascending, > 0 (any unit).
 * @param options orderStep (default 0.01), timeScaleMargin (default 100).
 * @returns a {@link RelaxationBasis}.
 * @throws RangeError for times that are not ascending positive finite numbers (at least 4), or options out of range.
 * @example
 * relaxationBasis([1, 10, 100, 1000], { orderStep: 0.25 }).orders.length; // 4
 * @complexity (1 / orderStep) × (20 ln(margin² t_max / t_min)) evaluations of E_a, about 0.5 s for the defaults over 4 decades.
 */
export function relaxationBasis(times: ArrayLike<number>, options: RelaxationBasisOptions = {}): RelaxationBasis {
  const fn = "relaxationBasis";
  checkTimes(fn, times);
  const orderStep = options.orderStep ?? 0.01;
  const count = Math.round(1 / orderStep);
  if (!(orderStep > 0 && orderStep <= 0.5) || Math.abs(count * orderStep - 1) > 1e-9) {
    throw new RangeError(`${fn}: orderStep must be in (0, 0.5] with 1 / orderStep an integer, got ${orderStep}`);
  }
  const margin = options.timeScaleMargin ?? 100;
  if (!(margin >= 1 && Number.isFinite(margin))) throw new RangeError(`${fn}: timeScaleMargin must be a finite number ≥ 1, got ${margin}`);
  const t = Float64Array.from(times);
  const minTimeScale = t[0]! / margin, maxTimeScale = t[t.length - 1]! * margin;
  const step = 0.05;
  // u = ln(t / τ) ranges over [ln(t_min / τ_max), ln(t_max / τ_min)], plus two cells for the cubic stencil.
  const start = Math.log(t[0]! / maxTimeScale) - 2 * step;
  const size = Math.ceil((Math.log(t[t.length - 1]! / minTimeScale) - start) / step) + 3;
  const orders = Float64Array.from({ length: count }, (_, k) => (k + 1 === count ? 1 : (k + 1) / count));
  const tables = Array.from(orders, (a) => Float64Array.from({ length: size }, (_, j) => relaxationShape(a, Math.exp(a * (start + j * step)))));
  return { times: t, orders, minTimeScale, maxTimeScale, step, start, tables };
}

function checkTimes(fn: string, times: ArrayLike<number>): void {
  if (times == null || typeof times.length !== "number") throw new TypeError(`${fn}: times must be an array of numbers, got ${typeof times}`);
  if (times.length < 4) throw new RangeError(`${fn}: times must hold at least 4 points, got ${times.length}`);
  for (let i = 0; i < times.length; i++) {
    const v = times[i]!;
    if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${fn}: times must be positive finite numbers, got times[${i}] = ${v}`);
    if (i > 0 && !(v > times[i - 1]!)) throw new RangeError(`${fn}: times must be strictly ascending, got times[${i - 1}] = ${times[i - 1]} and times[${i}] = ${v}`);
  }
}

/** Catmull–Rom interpolation of a uniform table at fractional index x (clamped to the table). */
function interpolate(table: Float64Array, x: number): number {
  const last = table.length - 2;
  const j = Math.min(Math.max(Math.floor(x), 1), last - 1);
  const s = Math.min(Math.max(x - j, 0), 1);
  const p0 = table[j - 1]!, p1 = table[j]!, p2 = table[j + 1]!, p3 = table[j + 2]!;
  return p1 + 0.5 * s * (p2 - p0 + s * (2 * p0 - 5 * p1 + 4 * p2 - p3 + s * (3 * (p1 - p2) + p3 - p0)));
}

/** One fitted model y = offset + amplitude · E_a(−(t/τ)^a). */
export interface RelaxationModelFit {
  /** a (1 for the exponential). */
  order: number;
  /** τ, in the unit of the times. */
  timeScale: number;
  /** A. */
  amplitude: number;
  /** y∞. */
  offset: number;
  /** Weighted residual sum of squares Σ w_i (y_i − fit_i)² (w_i = 1 without replicates). */
  residualSumOfSquares: number;
  /**
   * Whether τ ended within 2 % of a bound of its search range: at the lower bound with a < 1 the fit is
   * the pure power-law tail y∞ + A' t^(−a) (τ and A are then not separately determined).
   */
  timeScaleAtBound: boolean;
  /** The fitted curve at the times. */
  fitted: Float64Array;
}

/** An estimate with a bootstrap percentile interval. */
export interface RelaxationInterval {
  estimate: number;
  lower: number;
  upper: number;
  /** Standard deviation of the bootstrap estimates. */
  standardError: number;
}

/** Result of {@link fitRelaxation}. */
export interface RelaxationFit {
  times: Float64Array;
  /** Mean curve over replicates, and its standard error (null with one curve). */
  mean: Float64Array;
  standardError: Float64Array | null;
  numReplicates: number;
  /** The Mittag-Leffler fit (a free in (0, 1]) and the exponential fit (a = 1) of the mean curve. */
  mittagLeffler: RelaxationModelFit;
  exponential: RelaxationModelFit;
  /** a and τ of the Mittag-Leffler fit with bootstrap intervals over replicates (null intervals with one curve). */
  order: RelaxationInterval;
  timeScale: RelaxationInterval;
  /** Bootstrap a of each resample (empty with one curve). */
  orderSamples: Float64Array;
  /**
   * Gaussian likelihood-ratio statistic of the nested models, n ln(RSS_exp / RSS_ML) ≥ 0. It treats the
   * n points as independent, which points of one curve are not: read it as descriptive, and decide by
   * the bootstrap interval of a.
   */
  likelihoodRatio: number;
  /** AIC_exp − AIC_ML = likelihoodRatio − 2: positive favours the Mittag-Leffler fit. */
  aicDifference: number;
  /** Whether the bootstrap interval of a excludes 1 (the relaxation is not exponential). */
  exponentialExcluded: boolean;
  /** The weights of the points in the fit (1 / se², capped; or as given). */
  weights: Float64Array;
  confidence: number;
}

/** Options of {@link fitRelaxation}. */
export interface FitRelaxationOptions extends RelaxationBasisOptions {
  /** A basis built by {@link relaxationBasis} for the same times (default: built here). */
  basis?: RelaxationBasis;
  /** Bootstrap resamples of the replicates (default 400; ≥ 20). */
  numResamples?: number;
  /** Level of the percentile intervals (default 0.95). */
  confidence?: number;
  seed?: Seed;
  /** Fix y∞ to this value instead of fitting it (default: fitted). */
  offset?: number;
  /**
   * Largest weight of a point relative to the median weight (default 4, ≥ 1): the standard errors are
   * floored at median / √maxWeightRatio, so that points whose spread is small by design (the first steps
   * after a perturbation of fixed size) cannot pin the fit.
   */
  maxWeightRatio?: number;
  /**
   * Weights of the points, used instead of those from the replicates' standard errors (e.g. the weights
   * of another fit, so that a prediction is fitted exactly as the data were); finite and > 0.
   */
  weights?: ArrayLike<number>;
}

interface Weighted {
  y: Float64Array;
  w: Float64Array;
}

interface ProfilePoint {
  orderIndex: number;
  logTimeScale: number;
  amplitude: number;
  offset: number;
  rss: number;
}

/** Weighted linear least squares of y on (1, e), or on e alone with a fixed offset. */
function linearFit(e: Float64Array, data: Weighted, offset: number | undefined): { amplitude: number; offset: number; rss: number } {
  const { y, w } = data;
  let sw = 0, se = 0, sy = 0, see = 0, sey = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w[i]!, ei = e[i]!, yi = offset === undefined ? y[i]! : y[i]! - offset;
    sw += wi; se += wi * ei; sy += wi * yi; see += wi * ei * ei; sey += wi * ei * yi;
  }
  let amplitude: number, c: number;
  if (offset === undefined) {
    const det = sw * see - se * se;
    amplitude = det > 1e-12 * sw * see ? (sw * sey - se * sy) / det : 0;
    c = (sy - amplitude * se) / sw;
  } else {
    amplitude = see > 0 ? sey / see : 0;
    c = offset;
  }
  let rss = 0;
  for (let i = 0; i < y.length; i++) {
    const r = y[i]! - c - amplitude * e[i]!;
    rss += w[i]! * r * r;
  }
  return { amplitude, offset: c, rss };
}

function shapes(basis: RelaxationBasis, logTimes: Float64Array, orderIndex: number, logTimeScale: number, out: Float64Array): Float64Array {
  const table = basis.tables[orderIndex]!;
  const shift = logTimeScale + basis.start;
  for (let i = 0; i < out.length; i++) out[i] = interpolate(table, (logTimes[i]! - shift) / basis.step);
  return out;
}

/** The best τ at one order: a grid of 4 points per e-fold of τ, then golden-section search around the best. */
function bestTimeScale(basis: RelaxationBasis, logTimes: Float64Array, orderIndex: number, data: Weighted, offset: number | undefined, work: Float64Array): ProfilePoint {
  const lo = Math.log(basis.minTimeScale), hi = Math.log(basis.maxTimeScale);
  const evaluate = (logTau: number) => linearFit(shapes(basis, logTimes, orderIndex, logTau, work), data, offset);
  const gridStep = 0.25;
  const n = Math.max(2, Math.ceil((hi - lo) / gridStep));
  let best = lo, bestRss = Infinity;
  for (let j = 0; j <= n; j++) {
    const u = lo + ((hi - lo) * j) / n;
    const r = evaluate(u).rss;
    if (r < bestRss) { bestRss = r; best = u; }
  }
  let a = Math.max(lo, best - (hi - lo) / n), b = Math.min(hi, best + (hi - lo) / n);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a), d = a + g * (b - a);
  let fc = evaluate(c).rss, fd = evaluate(d).rss;
  for (let k = 0; k < 30; k++) {
    if (fc < fd) { b = d; d = c; fd = fc; c = b - g * (b - a); fc = evaluate(c).rss; }
    else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = evaluate(d).rss; }
  }
  const u = fc < fd ? c : d;
  const fit = evaluate(u);
  if (bestRss < fit.rss) { const f = evaluate(best); return { orderIndex, logTimeScale: best, ...f }; }
  return { orderIndex, logTimeScale: u, ...fit };
}

/**
 * Profile over the order grid: the best (a, τ) and the exponential (a = 1). Every fifth order first,
 * then every order within five grid steps of the best of those (the profile of the RSS over a is smooth
 * and, on the curves tested, unimodal at that scale).
 */
function fitBoth(basis: RelaxationBasis, data: Weighted, offset: number | undefined): { best: ProfilePoint; exponential: ProfilePoint } {
  const work = new Float64Array(basis.times.length);
  const logTimes = basis.times.map(Math.log);
  const K = basis.orders.length;
  const done = new Map<number, ProfilePoint>();
  const at = (k: number): ProfilePoint => {
    let p = done.get(k);
    if (!p) { p = bestTimeScale(basis, logTimes, k, data, offset, work); done.set(k, p); }
    return p;
  };
  let best = at(K - 1);
  for (let k = K - 1; k >= 0; k -= 5) if (at(k).rss < best.rss) best = at(k);
  const centre = best.orderIndex;
  for (let k = Math.max(0, centre - 5); k <= Math.min(K - 1, centre + 5); k++) if (at(k).rss < best.rss) best = at(k);
  const exponential = at(K - 1);
  // Ties (flat profiles) resolve to the exponential, the simpler nested model.
  if (exponential.rss <= best.rss * (1 + 1e-12)) best = exponential;
  return { best, exponential };
}

function modelFit(basis: RelaxationBasis, p: ProfilePoint): RelaxationModelFit {
  const e = shapes(basis, basis.times.map(Math.log), p.orderIndex, p.logTimeScale, new Float64Array(basis.times.length));
  return {
    order: basis.orders[p.orderIndex]!,
    timeScale: Math.exp(p.logTimeScale),
    amplitude: p.amplitude,
    offset: p.offset,
    residualSumOfSquares: p.rss,
    timeScaleAtBound: p.logTimeScale < Math.log(basis.minTimeScale) + 0.02 || p.logTimeScale > Math.log(basis.maxTimeScale) - 0.02,
    fitted: e.map((v) => p.offset + p.amplitude * v),
  };
}

function quantile(sorted: Float64Array, q: number): number {
  const x = q * (sorted.length - 1);
  const i = Math.floor(x), f = x - i;
  return i + 1 < sorted.length ? sorted[i]! * (1 - f) + sorted[i + 1]! * f : sorted[i]!;
}

function interval(estimate: number, samples: Float64Array, confidence: number): RelaxationInterval {
  if (samples.length === 0) return { estimate, lower: NaN, upper: NaN, standardError: NaN };
  const sorted = Float64Array.from(samples).sort();
  let mean = 0;
  for (const v of samples) mean += v / samples.length;
  let ss = 0;
  for (const v of samples) ss += (v - mean) ** 2;
  return { estimate, lower: quantile(sorted, (1 - confidence) / 2), upper: quantile(sorted, (1 + confidence) / 2), standardError: Math.sqrt(ss / Math.max(1, samples.length - 1)) };
}

/**
 * Fits a relaxation curve (e.g. the excess loss after a perturbation) with a Mittag-Leffler decay
 * y = y∞ + A · E_a(−(t/τ)^a), a ∈ (0, 1], and with the exponential y∞ + A · e^(−t/τ) (a = 1, nested),
 * and says whether the data exclude the exponential.
 *
 * Paper (arXiv 2503.22478): under the fractional Fokker–Planck equation, modes relax like E_a(−k t^a)
 * — stretched-exponential early, a power law t^(−a) / Γ(1 − a) late — where ordinary diffusion relaxes
 * exponentially. Variant: least squares of the mean curve over replicates, weighted by 1 / se_i² (se_i
 * the standard error of the mean at t_i, floored at its median / √maxWeightRatio, i.e. no weight above 4×
 * the median by default, so that nearly noiseless points — e.g. the first steps after a perturbation of
 * fixed size — cannot pin the fit; unit weights with one curve; or weights given). y∞ and A are linear given (a, τ); a is profiled
 * over the grid of the basis (step 0.01 by default; every fifth order, then all near the best) and ln τ
 * by a grid of 4 points per e-fold and golden-section search.
 * Intervals: percentile bootstrap over replicates (the exchangeable unit; points of one curve are
 * correlated), each resample refitted with the weights of the full data. The exponential is excluded
 * when the whole interval of a lies below 1.
 *
 * What it cannot tell: every E_a(−t^a) with a < 1 is completely monotone, i.e. itself a mixture of
 * exponentials with a broad spectrum of rates; a sum of exponentials whose rates spread over the
 * observed decades of t is fitted with a < 1 as well. a < 1 means "many time scales", not memory.
 *
 * @param times t_i > 0, ascending (at least 4; log-spaced is best).
 * @param curves one curve (numbers at the times) or replicates (an array of curves, each of the same length).
 * @param options basis (reuse one across fits over the same times), orderStep, timeScaleMargin,
 *   numResamples (400), confidence (0.95), seed (0), offset (fix y∞), maxWeightRatio (4), weights.
 * @returns a {@link RelaxationFit}.
 * @throws RangeError for bad times, curves of other lengths or non-finite values, a basis built for
 *   other times, or options out of range.
 * @example
 * const t = Array.from({ length: 30 }, (_, i) => 10 ** (i / 10));
 * const fit = fitRelaxation(t, t.map((s) => 0.5 + 2 * Math.exp(-s / 30)), { orderStep: 0.05 });
 * [fit.mittagLeffler.order, Math.round(fit.exponential.timeScale)]; // [1, 30]
 * @complexity the basis (see {@link relaxationBasis}), then (1 + numResamples) × ~30 orders × ~100 × n interpolations (≈ 2 ms per refit at n = 30).
 */
export function fitRelaxation(times: ArrayLike<number>, curves: ArrayLike<number> | readonly ArrayLike<number>[], options: FitRelaxationOptions = {}): RelaxationFit {
  const fn = "fitRelaxation";
  checkTimes(fn, times);
  const n = times.length;
  const replicates: ArrayLike<number>[] = Array.isArray(curves) && curves.length > 0 && typeof curves[0] === "object" ? (curves as ArrayLike<number>[]) : [curves as ArrayLike<number>];
  if (replicates.length === 0) throw new RangeError(`${fn}: curves must hold at least one curve`);
  replicates.forEach((c, r) => {
    if (c == null || c.length !== n) throw new RangeError(`${fn}: every curve must have ${n} values (one per time), got ${c?.length} in curve ${r}`);
    for (let i = 0; i < n; i++) if (!Number.isFinite(c[i]!)) throw new RangeError(`${fn}: curve ${r} has a non-finite value ${c[i]} at times[${i}]`);
  });
  const numResamples = options.numResamples ?? 400;
  if (!(Number.isInteger(numResamples) && numResamples >= 20)) throw new RangeError(`${fn}: numResamples must be an integer ≥ 20, got ${numResamples}`);
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`${fn}: confidence must be in (0, 1), got ${confidence}`);
  if (options.offset !== undefined && !Number.isFinite(options.offset)) throw new RangeError(`${fn}: offset must be finite when given, got ${options.offset}`);
  const basis = options.basis ?? relaxationBasis(times, options);
  if (basis.times.length !== n || basis.times.some((t, i) => Math.abs(t / times[i]! - 1) > 1e-12)) {
    throw new RangeError(`${fn}: the basis was built for other times; build it with relaxationBasis(times)`);
  }
  const R = replicates.length;
  const meanOf = (indices: ArrayLike<number>): Float64Array => {
    const m = new Float64Array(n);
    for (let k = 0; k < indices.length; k++) { const c = replicates[indices[k]!]!; for (let i = 0; i < n; i++) m[i] += c[i]! / indices.length; }
    return m;
  };
  const all = Int32Array.from({ length: R }, (_, r) => r);
  const mean = meanOf(all);
  let standardError: Float64Array | null = null;
  const maxWeightRatio = options.maxWeightRatio ?? 4;
  if (!(maxWeightRatio >= 1 && Number.isFinite(maxWeightRatio))) throw new RangeError(`${fn}: maxWeightRatio must be a finite number ≥ 1, got ${maxWeightRatio}`);
  const w = new Float64Array(n).fill(1);
  if (R >= 2) {
    standardError = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let ss = 0;
      for (const c of replicates) ss += (c[i]! - mean[i]!) ** 2;
      standardError[i] = Math.sqrt(ss / (R - 1) / R);
    }
    const sorted = Float64Array.from(standardError).sort();
    const floor = Math.max(quantile(sorted, 0.5) / Math.sqrt(maxWeightRatio), 1e-300);
    for (let i = 0; i < n; i++) w[i] = 1 / Math.max(standardError[i]!, floor) ** 2;
  }
  if (options.weights !== undefined) {
    const given = options.weights;
    if (given.length !== n) throw new RangeError(`${fn}: weights must have ${n} values (one per time), got ${given.length}`);
    for (let i = 0; i < n; i++) {
      if (!(given[i]! > 0 && Number.isFinite(given[i]!))) throw new RangeError(`${fn}: weights must be finite and > 0, got weights[${i}] = ${given[i]}`);
      w[i] = given[i]!;
    }
  }
  const { best, exponential } = fitBoth(basis, { y: mean, w }, options.offset);
  const mlFit = modelFit(basis, best), expFit = modelFit(basis, exponential);
  const orderSamples = new Float64Array(R >= 2 ? numResamples : 0);
  const scaleSamples = new Float64Array(orderSamples.length);
  if (R >= 2) {
    const random = createRandom(options.seed ?? 0);
    const pick = new Int32Array(R);
    for (let b = 0; b < numResamples; b++) {
      for (let r = 0; r < R; r++) pick[r] = random.integer(R);
      const p = fitBoth(basis, { y: meanOf(pick), w }, options.offset).best;
      orderSamples[b] = basis.orders[p.orderIndex]!;
      scaleSamples[b] = Math.exp(p.logTimeScale);
    }
  }
  const order = interval(mlFit.order, orderSamples, confidence);
  const timeScale = interval(mlFit.timeScale, scaleSamples, confidence);
  const likelihoodRatio = mlFit.residualSumOfSquares > 0 ? n * Math.log(expFit.residualSumOfSquares / mlFit.residualSumOfSquares) : Infinity;
  return {
    times: basis.times, mean, standardError, numReplicates: R,
    mittagLeffler: mlFit, exponential: expFit, order, timeScale, orderSamples,
    likelihoodRatio, aicDifference: likelihoodRatio - 2,
    exponentialExcluded: R >= 2 && order.upper < 1,
    weights: w,
    confidence,
  };
}
