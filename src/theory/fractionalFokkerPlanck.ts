import { caputoWeights } from "./caputoDerivative";
import { gammaFunction } from "./gammaFunction";

/** Options of {@link fractionalFokkerPlanck}. */
export interface FractionalFokkerPlanckOptions {
  /** Caputo order a in (0, 1] (a = 1: the ordinary Fokker–Planck equation). */
  order: number;
  /** Domain [min, max] with zero-flux walls, and the number of cells (≥ 3). */
  domain: { min: number; max: number; numCells: number };
  /** Diffusion coefficient K > 0 (generalised, units length^2 / time^a). */
  diffusion: number;
  /** Potential V(x) (the loss), evaluated at cell centres; default 0 (force-free). */
  potential?: (x: number) => number;
  /** Friction gamma multiplying grad V (default 1). */
  friction?: number;
  /** Initial density at the cell centres (length numCells, non-negative; it is normalised to mass 1). */
  initial: Float64Array | ((x: number) => number);
  /** Time step dt > 0 and number of steps (integer ≥ 1). */
  timeStep: number;
  numSteps: number;
  /** Record every this many steps (default 1); the initial state is always recorded. */
  recordEvery?: number;
}

/** Solution of the 1-D time-fractional Fokker–Planck equation. */
export interface FractionalFokkerPlanckSolution {
  /** Cell centres. */
  x: Float64Array;
  /** Cell width h. */
  cellWidth: number;
  /** Recorded times. */
  times: Float64Array;
  /** Densities, row-major `times.length x numCells` (probability per unit length; sum * h = 1). */
  density: Float64Array;
}

function bernoulli(x: number): number {
  return Math.abs(x) < 1e-8 ? 1 - x / 2 : x / Math.expm1(x);
}

/**
 * Solves the one-dimensional time-fractional Fokker–Planck equation
 * D_t^a p = d/dx ( K dp/dx + gamma V'(x) p ) with zero-flux walls.
 *
 * Paper (arXiv 2503.22478): the FFPE of SGD weights, D_t^a p = div(D grad p + gamma p grad L), with a
 * Caputo derivative of order 0 < a < 1; force-free MSD = 2 K t^a / Gamma(1 + a); Fourier modes relax
 * like E_a(-K k^2 t^a); the stationary density is exp(-gamma V / K) / Z.
 * Variant: finite volumes on a uniform cell-centred grid with Scharfetter–Gummel fluxes
 * J = (K/h) [B(d) p_i - B(-d) p_{i+1}], d = gamma (V_{i+1} - V_i) / K, B(x) = x / (e^x - 1), whose
 * discrete stationary state is exactly exp(-gamma V / K); implicit L1 time stepping (unconditionally
 * stable, first order at fixed t for the non-smooth t^a start; backward Euler at a = 1); mass is
 * conserved to rounding.
 *
 * @param options see {@link FractionalFokkerPlanckOptions}.
 * @returns a {@link FractionalFokkerPlanckSolution}.
 * @throws RangeError for parameters out of range; Error for a non-finite solution.
 * @example
 * const s = fractionalFokkerPlanck({ order: 0.5, domain: { min: -1, max: 1, numCells: 4 }, diffusion: 1, initial: () => 1, timeStep: 0.1, numSteps: 2 });
 * s.density[s.density.length - 1]; // ≈ 0.5
 * @complexity O(numSteps^2 numCells) time (the memory sum), O(numSteps numCells) memory.
 */
export function fractionalFokkerPlanck(options: FractionalFokkerPlanckOptions): FractionalFokkerPlanckSolution {
  const fn = "fractionalFokkerPlanck";
  const a = options.order;
  if (!(a > 0 && a <= 1)) throw new RangeError(`${fn}: order must be in (0, 1], got ${a}`);
  const { min, max, numCells: n } = options.domain ?? ({} as FractionalFokkerPlanckOptions["domain"]);
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError(`${fn}: domain must have finite min < max, got [${min}, ${max}]`);
  if (!Number.isInteger(n) || n < 3) throw new RangeError(`${fn}: domain.numCells must be an integer ≥ 3, got ${n}`);
  const k = options.diffusion;
  if (!(k > 0) || !Number.isFinite(k)) throw new RangeError(`${fn}: diffusion must be a finite number > 0, got ${k}`);
  const gamma = options.friction ?? 1;
  if (!Number.isFinite(gamma)) throw new RangeError(`${fn}: friction must be finite, got ${gamma}`);
  const dt = options.timeStep;
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`${fn}: timeStep must be a finite number > 0, got ${dt}`);
  const steps = options.numSteps;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`${fn}: numSteps must be an integer ≥ 1, got ${steps}`);
  const every = options.recordEvery ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`${fn}: recordEvery must be an integer ≥ 1, got ${every}`);
  const h = (max - min) / n;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = min + (i + 0.5) * h;
  let p = new Float64Array(n);
  if (typeof options.initial === "function") for (let i = 0; i < n; i++) p[i] = options.initial(x[i]!);
  else {
    if (options.initial.length !== n) throw new RangeError(`${fn}: initial must have numCells = ${n} values, got ${options.initial.length}`);
    p.set(options.initial);
  }
  let mass = 0;
  for (let i = 0; i < n; i++) {
    if (!(p[i]! >= 0) || !Number.isFinite(p[i]!)) throw new RangeError(`${fn}: initial density must be finite and ≥ 0, got ${p[i]} at cell ${i}`);
    mass += p[i]! * h;
  }
  if (!(mass > 0)) throw new RangeError(`${fn}: initial density must have positive mass, got ${mass}`);
  for (let i = 0; i < n; i++) p[i]! /= mass;
  // Tridiagonal operator A (lower l, diagonal d, upper u): (A p)_i = l_i p_{i-1} + d_i p_i + u_i p_{i+1}.
  const lower = new Float64Array(n);
  const diag = new Float64Array(n);
  const upper = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = options.potential ? options.potential(x[i]!) : 0;
  const s = k / (h * h);
  for (let i = 0; i + 1 < n; i++) {
    const delta = (gamma * (v[i + 1]! - v[i]!)) / k;
    const bp = bernoulli(delta);
    const bm = bernoulli(-delta);
    // Flux J_{i+1/2} = (K/h)(bp p_i - bm p_{i+1}) leaves cell i and enters cell i+1.
    diag[i]! -= s * bp;
    upper[i]! += s * bm;
    lower[i + 1]! += s * bp;
    diag[i + 1]! -= s * bm;
  }
  const c = dt ** -a / gammaFunction(2 - a);
  const b = caputoWeights(a, steps + 1);
  const increments = new Float64Array(steps * n); // p^j - p^{j-1}, j = 1..steps
  const numRecords = Math.floor(steps / every) + 1;
  const density = new Float64Array(numRecords * n);
  const times = new Float64Array(numRecords);
  density.set(p, 0);
  let record = 1;
  const rhs = new Float64Array(n);
  const cp = new Float64Array(n);
  const dp = new Float64Array(n);
  for (let step = 1; step <= steps; step++) {
    // (c I - A) p^n = c p^{n-1} - c sum_{k=1}^{n-1} b_k (p^{n-k} - p^{n-k-1})
    for (let i = 0; i < n; i++) rhs[i] = c * p[i]!;
    for (let kk = 1; kk < step && a < 1; kk++) {
      const w = c * b[kk]!;
      const off = (step - kk - 1) * n;
      for (let i = 0; i < n; i++) rhs[i]! -= w * increments[off + i]!;
    }
    // Thomas algorithm on (c I - A).
    const next = new Float64Array(n);
    let beta = c - diag[0]!;
    cp[0] = -upper[0]! / beta;
    dp[0] = rhs[0]! / beta;
    for (let i = 1; i < n; i++) {
      beta = c - diag[i]! + lower[i]! * cp[i - 1]!;
      cp[i] = -upper[i]! / beta;
      dp[i] = (rhs[i]! + lower[i]! * dp[i - 1]!) / beta;
    }
    next[n - 1] = dp[n - 1]!;
    for (let i = n - 2; i >= 0; i--) next[i] = dp[i]! - cp[i]! * next[i + 1]!;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(next[i]!)) throw new Error(`${fn}: non-finite density at step ${step}, cell ${i}, timeStep ${dt}`);
      increments[(step - 1) * n + i] = next[i]! - p[i]!;
    }
    p = next;
    if (step % every === 0) {
      density.set(p, record * n);
      times[record] = step * dt;
      record++;
    }
  }
  return { x, cellWidth: h, times, density };
}
