import type { MinibatchLoss } from "../model/minibatchLoss";
import { createRandom, type Random } from "../util/random";

/** Options of {@link hessianTopEigenvalue}. */
export interface HessianTopEigenvalueOptions {
  /**
   * The Hessian is that of the mean loss over all n samples when n <= maxSamples (default 4096),
   * else over a seeded random subset of maxSamples samples; an integer >= 1.
   */
  maxSamples?: number;
  /** Samples per call of lossAndGradient when the gradient over the subset is accumulated (default 1024). */
  chunkSize?: number;
  /** Largest number of Lanczos iterations (Hessian-vector products; default 60, at most d), an integer >= 1. */
  maxIterations?: number;
  /** Stop when the Ritz residual of h_max is below this fraction of it (default 1e-4), in (0, 1). */
  tolerance?: number;
  /**
   * Length of the finite-difference step delta, relative to max(1, |w*|) (default 1e-3), in (0, 1):
   * Hv ≈ (grad L(w* + delta v) - grad L(w* - delta v)) / (2 delta) for a unit vector v.
   */
  relativeStep?: number;
  /** Seed of the subset and the starting vector (default 0). */
  seed?: number;
  /**
   * A diagonal preconditioner G (length d, entries > 0): the eigenvalue is then that of
   * G^(1/2) H G^(1/2), the curvature a preconditioned sampler feels (its step is stable while
   * eps n beta h_max(G^(1/2) H G^(1/2)) < 4 or so).
   */
  preconditioner?: Float64Array;
}

/** The largest Hessian eigenvalue at a point and how it was found. */
export interface HessianTopEigenvalue {
  /** The eigenvalue of largest magnitude, h_max (per-sample loss units per squared parameter unit); negative at a saddle or maximum. */
  value: number;
  /** Its unit eigenvector estimate. */
  vector: Float32Array;
  /** Ritz value of largest magnitude after each iteration. */
  history: number[];
  iterations: number;
  /** True when the Ritz residual fell below the tolerance before maxIterations. */
  converged: boolean;
  /** Samples the Hessian was averaged over, and the finite-difference step used. */
  numSamples: number;
  step: number;
  /** Calls of lossAndGradient (2 per iteration per chunk). */
  gradientEvaluations: number;
}

/**
 * Eigenvalues (ascending) of a symmetric matrix (k x k, row-major; only the lower triangle is read):
 * Householder reduction to tridiagonal form, then the implicit QL iteration with Wilkinson shifts
 * (Numerical Recipes' tred2 without its eigenvector updates, then tqli). O(k^3) once, against O(k^3)
 * per sweep for {@link symmetricEigen}: 0.1 s rather than 8 s at k = 400, for when no eigenvectors are needed.
 * @throws RangeError if `matrix` does not hold k x k values; Error if an eigenvalue has not converged
 *   after 60 QL iterations (a matrix holding NaN or Infinity).
 */
export function symmetricEigenvalues(matrix: Float64Array, k: number): Float64Array {
  if (!Number.isInteger(k) || k < 0 || matrix.length !== k * k) {
    throw new RangeError(`symmetricEigenvalues: matrix must hold k x k = ${k} x ${k} values (row-major), got length ${matrix.length}`);
  }
  const a = Float64Array.from(matrix);
  const d = new Float64Array(k), e = new Float64Array(k);
  // Householder: row i (from the last) annihilated left of the subdiagonal.
  for (let i = k - 1; i > 0; i--) {
    const l = i - 1;
    let h = 0, scale = 0;
    if (l > 0) {
      for (let q = 0; q <= l; q++) scale += Math.abs(a[i * k + q]!);
      if (scale === 0) e[i] = a[i * k + l]!;
      else {
        for (let q = 0; q <= l; q++) {
          a[i * k + q]! /= scale;
          h += a[i * k + q]! ** 2;
        }
        let f = a[i * k + l]!;
        const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[i * k + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          let gj = 0;
          for (let q = 0; q <= j; q++) gj += a[j * k + q]! * a[i * k + q]!;
          for (let q = j + 1; q <= l; q++) gj += a[q * k + j]! * a[i * k + q]!;
          e[j] = gj / h;
          f += e[j]! * a[i * k + j]!;
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          const fj = a[i * k + j]!;
          const gj = (e[j] = e[j]! - hh * fj);
          for (let q = 0; q <= j; q++) a[j * k + q]! -= fj * e[q]! + gj * a[i * k + q]!;
        }
      }
    } else e[i] = a[i * k + l]!;
    d[i] = h;
  }
  for (let i = 0; i < k; i++) d[i] = a[i * k + i]!;
  // Implicit QL on the tridiagonal (d, e), e shifted to e[0..k-2].
  for (let i = 1; i < k; i++) e[i - 1] = e[i]!;
  if (k > 0) e[k - 1] = 0;
  for (let l = 0; l < k; l++) {
    let iterations = 0;
    for (;;) {
      let m = l;
      for (; m < k - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (++iterations > 60) throw new Error(`symmetricEigenvalues: eigenvalue ${l} of a ${k} x ${k} matrix did not converge (does the matrix hold NaN or Infinity?)`);
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
      let s = 1, c = 1, p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        let f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1]! -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        f = 0;
      }
      if (r === 0 && i >= l) continue;
      d[l]! -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return d.sort();
}

/**
 * Eigenvalues and eigenvectors of a small symmetric matrix (k x k, row-major) by cyclic Jacobi
 * rotations; returns the eigenvalues and the eigenvectors as columns of a k x k row-major matrix.
 */
export function symmetricEigen(matrix: Float64Array, k: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, scale = 0;
    for (let i = 0; i < k; i++) {
      scale += a[i * k + i]! ** 2;
      for (let j = i + 1; j < k; j++) off += a[i * k + j]! ** 2;
    }
    if (off <= 1e-30 * Math.max(scale, 1e-300)) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q]!;
        if (apq === 0) continue;
        const theta = (a[q * k + q]! - a[p * k + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), sn = t * c;
        for (let r = 0; r < k; r++) {
          const arp = a[r * k + p]!, arq = a[r * k + q]!;
          a[r * k + p] = c * arp - sn * arq;
          a[r * k + q] = sn * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = a[p * k + r]!, aqr = a[q * k + r]!;
          a[p * k + r] = c * apr - sn * aqr;
          a[q * k + r] = sn * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r * k + p]!, vrq = v[r * k + q]!;
          v[r * k + p] = c * vrp - sn * vrq;
          v[r * k + q] = sn * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(k);
  for (let i = 0; i < k; i++) values[i] = a[i * k + i]!;
  return { values, vectors: v };
}

/**
 * The Hessian eigenvalue of largest magnitude of the mean loss at w*, by the Lanczos method on
 * Hessian-vector products taken as central differences of gradients.
 *
 * Symbol: h_max = max |eig(nabla^2 L_n(w*))|, the stiffest curvature, which bounds the stable SGLD step
 * (eps (n beta h_max + gamma) < 4 for the Euler step of a quadratic) and sets the step-size scale of
 * the LLC calibration (paper.md, "Estimating the LLC"; Furman & Lau 2024).
 * Variant: Lanczos with full reorthogonalisation from a seeded Gaussian start; after each product the
 * tridiagonal matrix is diagonalised (Jacobi) and the iteration stops when the Ritz value of largest
 * magnitude has a residual |H y - theta y| = beta_j |s_j| below tolerance x |theta| (a rigorous
 * bound on its distance to an eigenvalue). Hv by central differences (exact for a quadratic loss,
 * O(delta^2) otherwise); the gradient is averaged over one fixed subset so every product sees the same loss.
 *
 * @param loss any MinibatchLoss.
 * @param center w*, length loss.numParams.
 * @param options maxSamples, chunkSize, maxIterations, tolerance, relativeStep, seed.
 * @returns the {@link HessianTopEigenvalue}.
 * @throws RangeError for a centre of the wrong length or options out of range; Error when a gradient
 *   is not finite.
 * @example
 * const lr = createLinearRegressionLoss({ inputDim: 3, numSamples: 200, seed: 1 });
 * hessianTopEigenvalue(lr, lr.leastSquaresParams).converged; // true
 *
 * Complexity: 2 x iterations gradient evaluations over min(n, maxSamples) samples, plus O(k^2 d) for
 * the reorthogonalisation of k Lanczos vectors (memory k d doubles).
 * References: Lanczos (1950); Golub & Van Loan, Matrix Computations, 4th ed., §10.1; Pearlmutter (1994)
 * for Hessian-vector products.
 */
export function hessianTopEigenvalue(loss: MinibatchLoss, center: Float32Array, options: HessianTopEigenvalueOptions = {}): HessianTopEigenvalue {
  const fn = "hessianTopEigenvalue";
  const maxIterations = options.maxIterations ?? 60;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new RangeError(`${fn}: maxIterations must be an integer >= 1, got ${maxIterations}`);
  const tolerance = options.tolerance ?? 1e-4;
  if (!(tolerance > 0 && tolerance < 1)) throw new RangeError(`${fn}: tolerance must be in (0, 1), got ${tolerance}`);
  const random = createRandom(options.seed ?? 0);
  const product = hessianVectorProduct(fn, loss, center, { ...options, random });
  const first = random.fillNormal(new Float64Array(loss.numParams));
  const history: number[] = [];
  let value = 0;
  let ritz: Float64Array = new Float64Array(0);
  const run = lanczos(product.times, first, Math.min(maxIterations, loss.numParams), ({ values, vectors, k, beta }) => {
    let best = 0;
    for (let i = 1; i < k; i++) if (Math.abs(values[i]!) > Math.abs(values[best]!)) best = i;
    value = values[best]!;
    history.push(value);
    ritz = new Float64Array(k);
    for (let i = 0; i < k; i++) ritz[i] = vectors[i * k + best]!;
    const residual = beta * Math.abs(ritz[k - 1]!);
    return residual <= tolerance * Math.abs(value);
  });
  const d = loss.numParams;
  const vector = new Float32Array(d);
  for (let j = 0; j < ritz.length; j++) for (let i = 0; i < d; i++) vector[i]! += ritz[j]! * run.basis[j]![i]!;
  return { value, vector, history, iterations: history.length, converged: run.stopped, numSamples: product.numSamples, step: product.step, gradientEvaluations: product.evaluations() };
}

/** Options of {@link hessianVectorProduct}. */
export interface HessianVectorProductOptions {
  /** As in {@link HessianTopEigenvalueOptions}: the subset is a seeded random one of maxSamples when n > maxSamples. */
  maxSamples?: number;
  chunkSize?: number;
  relativeStep?: number;
  preconditioner?: Float64Array;
  /** The samples the Hessian averages over (overrides maxSamples): e.g. an evaluation subset. */
  indices?: Int32Array;
}

/** Hessian-vector products at a point, as {@link hessianVectorProduct} returns them. */
export interface HessianVectorProduct {
  /** out ← H v (or G^(1/2) H G^(1/2) v with a preconditioner), for v of length d; without a preconditioner v must have unit norm (the difference step is δ|v|). */
  times(v: Float64Array, out: Float64Array): void;
  /** Samples the Hessian averages over, and the finite-difference step. */
  numSamples: number;
  step: number;
  /** Calls of lossAndGradient so far. */
  evaluations(): number;
}

/**
 * Hessian-vector products of the mean loss over a fixed subset of samples at w*, by central differences
 * of gradients: Hv ≈ (∇L(w* + δ v̂) − ∇L(w* − δ v̂)) |v| / (2δ), exact for a quadratic loss and O(δ²)
 * otherwise, with δ = relativeStep · max(1, |w*|). The one home of the products that
 * {@link hessianTopEigenvalue} and the spectral quadrature use.
 *
 * @param fn the caller's name, for error messages.
 * @param loss any MinibatchLoss; center w* (length loss.numParams).
 * @param options maxSamples (4096), chunkSize (1024), relativeStep (1e-3), preconditioner, indices,
 *   random (the generator of the subset when one is drawn).
 * @returns a {@link HessianVectorProduct}.
 * @throws RangeError for a centre of the wrong length or options out of range; Error (from `times`)
 *   when a gradient is not finite.
 * @complexity 2 gradient evaluations over the subset per product.
 */
export function hessianVectorProduct(fn: string, loss: MinibatchLoss, center: Float32Array, options: HessianVectorProductOptions & { random?: Random } = {}): HessianVectorProduct {
  const d = loss.numParams, n = loss.numSamples;
  if (!(center instanceof Float32Array) || center.length !== d) throw new RangeError(`${fn}: center must be a Float32Array of length ${d}, got ${center?.length}`);
  const maxSamples = options.maxSamples ?? 4096;
  const chunkSize = options.chunkSize ?? 1024;
  const relativeStep = options.relativeStep ?? 1e-3;
  for (const [name, v] of [["maxSamples", maxSamples], ["chunkSize", chunkSize]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: ${name} must be an integer >= 1, got ${v}`);
  }
  if (!(relativeStep > 0 && relativeStep < 1)) throw new RangeError(`${fn}: relativeStep must be in (0, 1), got ${relativeStep}`);
  const scale = options.preconditioner ? Float64Array.from(options.preconditioner, Math.sqrt) : null;
  if (options.preconditioner && (options.preconditioner.length !== d || scale!.some((g) => !(g > 0 && Number.isFinite(g))))) {
    throw new RangeError(`${fn}: preconditioner must hold ${d} finite entries > 0`);
  }
  let indices: Int32Array;
  if (options.indices) {
    indices = options.indices;
    if (indices.length < 1 || indices.some((i) => !(i >= 0 && i < n))) throw new RangeError(`${fn}: indices must be a non-empty list of sample indices in [0, ${n})`);
  } else {
    indices = n <= maxSamples ? Int32Array.from({ length: n }, (_, i) => i) : (options.random ?? createRandom(0)).permutation(n).slice(0, maxSamples);
  }
  const chunks: Int32Array[] = [];
  for (let start = 0; start < indices.length; start += chunkSize) chunks.push(indices.subarray(start, Math.min(indices.length, start + chunkSize)));
  const part = new Float32Array(d);
  let evaluations = 0;
  const gradient = (w: Float32Array, out: Float64Array): void => {
    out.fill(0);
    for (const chunk of chunks) {
      const value = loss.lossAndGradient(w, chunk, part);
      evaluations++;
      if (!Number.isFinite(value)) throw new Error(`${fn}: the loss is not finite (${value}) near the centre`);
      const weight = chunk.length / indices.length;
      for (let i = 0; i < d; i++) out[i]! += weight * part[i]!;
    }
  };
  let norm = 0;
  for (let i = 0; i < d; i++) norm += center[i]! * center[i]!;
  const step = relativeStep * Math.max(1, Math.sqrt(norm));
  const plus = new Float32Array(d), minus = new Float32Array(d);
  const gPlus = new Float64Array(d), gMinus = new Float64Array(d);
  // Without a preconditioner the difference is taken along v itself, a unit vector (the Lanczos vectors
  // are); with one, along u = G^(1/2) v / |G^(1/2) v|, scaled back. (Kept in exactly this arithmetic:
  // the calibrated step sizes, and so every cached estimate, depend on h_max to the last bit.)
  const times = (v: Float64Array, out: Float64Array): void => {
    let un = 1;
    if (scale) {
      un = 0;
      for (let i = 0; i < d; i++) un += (scale[i]! * v[i]!) ** 2;
      un = Math.sqrt(un) || 1;
    }
    for (let i = 0; i < d; i++) {
      const u = scale ? (scale[i]! * v[i]!) / un : v[i]!;
      plus[i] = center[i]! + step * u;
      minus[i] = center[i]! - step * u;
    }
    gradient(plus, gPlus);
    gradient(minus, gMinus);
    for (let i = 0; i < d; i++) {
      out[i] = ((gPlus[i]! - gMinus[i]!) / (2 * step)) * (scale ? scale[i]! * un : 1);
      if (!Number.isFinite(out[i]!)) throw new Error(`${fn}: non-finite Hessian-vector product`);
    }
  };
  return { times, numSamples: indices.length, step, evaluations: () => evaluations };
}

/** One Lanczos step's view, for a stopping rule: the k Ritz values and vectors (k x k, columns) and the next β. */
export interface LanczosStep {
  k: number;
  values: Float64Array;
  vectors: Float64Array;
  beta: number;
}

/** What {@link lanczos} returns: the tridiagonal's α_1..α_k and β_1..β_(k−1), the Lanczos vectors, and its Ritz decomposition. */
export interface LanczosRun {
  alphas: number[];
  betas: number[];
  basis: Float64Array[];
  /** Ritz values θ and the first components of their unit eigenvectors of the final tridiagonal. */
  values: Float64Array;
  firstComponents: Float64Array;
  /** The unit eigenvectors of the final tridiagonal, as the columns of a k x k row-major matrix (Ritz vector i = sum_j vectors[j k + i] basis[j]). */
  vectors: Float64Array;
  /** True when the stopping rule held or the Krylov space was exhausted (β ≈ 0) before maxIterations. */
  stopped: boolean;
}

/**
 * The Lanczos iteration with full reorthogonalisation (twice, Kahan's "twice is enough") of a symmetric
 * operator from a start vector (normalised here): the one Lanczos of the project. After each product
 * the tridiagonal is diagonalised (Jacobi; or only at the end, see `options`) and `stop` may end the
 * iteration; it also ends when the Krylov space is exhausted (β ≤ 10⁻¹² max(1, |θ|_max)).
 *
 * @param times out ← A v.
 * @param start a non-zero start vector of length d (not modified).
 * @param maxIterations at most this many products (≤ d).
 * @param stop optional rule on each step's Ritz decomposition.
 * @param options `diagonalizeEachStep` (default true): false (only without `stop`) diagonalises the
 *   final tridiagonal alone, O(k^3) once instead of at every step, and detects an exhausted Krylov space
 *   against the Gershgorin bound max_i(|α_i| + β_(i−1) + β_i) ≥ |θ|_max instead of |θ|_max.
 * @returns a {@link LanczosRun}.
 * @throws RangeError for a zero or non-finite start vector.
 * @complexity maxIterations products plus O(k² d) for the reorthogonalisation and O(k³) per Jacobi diagonalisation.
 * Reference: Golub & Van Loan, Matrix Computations, 4th ed., §10.1.
 */
export function lanczos(times: (v: Float64Array, out: Float64Array) => void, start: Float64Array, maxIterations: number, stop?: (step: LanczosStep) => boolean, options: { diagonalizeEachStep?: boolean } = {}): LanczosRun {
  const diagonalizeEachStep = options.diagonalizeEachStep ?? true;
  if (!diagonalizeEachStep && stop) throw new RangeError("lanczos: a stopping rule reads every step's Ritz values, so it needs diagonalizeEachStep true, got false; drop the rule or diagonalise every step");
  const d = start.length;
  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < d; i++) s += a[i]! * b[i]!;
    return s;
  };
  const startNorm = Math.sqrt(dot(start, start));
  if (!(startNorm > 0 && Number.isFinite(startNorm))) throw new RangeError(`lanczos: the start vector must be non-zero and finite, got norm ${startNorm}`);
  const basis: Float64Array[] = [start.map((v) => v / startNorm)];
  const alphas: number[] = [], betas: number[] = [];
  const w = new Float64Array(d);
  let values: Float64Array = new Float64Array(0), vectors: Float64Array = new Float64Array(0), stopped = false;
  const tridiagonal = (k: number): Float64Array => {
    const t = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      t[i * k + i] = alphas[i]!;
      if (i + 1 < k) t[i * k + i + 1] = t[(i + 1) * k + i] = betas[i]!;
    }
    return t;
  };
  let gershgorin = 0;
  for (let j = 0; j < Math.min(maxIterations, d); j++) {
    const q = basis[j]!;
    times(q, w);
    const alpha = dot(w, q);
    alphas.push(alpha);
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        const c = dot(w, b);
        for (let i = 0; i < d; i++) w[i]! -= c * b[i]!;
      }
    }
    const beta = Math.sqrt(dot(w, w));
    const k = j + 1;
    let largest = 0;
    if (diagonalizeEachStep) {
      ({ values, vectors } = symmetricEigen(tridiagonal(k), k));
      for (let i = 0; i < k; i++) largest = Math.max(largest, Math.abs(values[i]!));
    } else {
      gershgorin = Math.max(gershgorin, Math.abs(alpha) + (j > 0 ? betas[j - 1]! : 0) + beta);
      largest = gershgorin;
    }
    if ((stop && stop({ k, values, vectors, beta })) || beta <= 1e-12 * Math.max(1, largest)) {
      stopped = true;
      break;
    }
    if (k === Math.min(maxIterations, d)) break;
    betas.push(beta);
    basis.push(w.map((v) => v / beta));
  }
  if (!diagonalizeEachStep) ({ values, vectors } = symmetricEigen(tridiagonal(alphas.length), alphas.length));
  const k = values.length;
  const firstComponents = Float64Array.from({ length: k }, (_, i) => vectors[i]!);
  return { alphas, betas, basis, values, firstComponents, vectors, stopped };
}
