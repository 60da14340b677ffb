import type { MinibatchLoss } from "../model/minibatchLoss";
import { createRandom } from "../util/random";

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
  const d = loss.numParams, n = loss.numSamples;
  if (!(center instanceof Float32Array) || center.length !== d) throw new RangeError(`${fn}: center must be a Float32Array of length ${d}, got ${center?.length}`);
  const maxSamples = options.maxSamples ?? 4096;
  const chunkSize = options.chunkSize ?? 1024;
  const maxIterations = Math.min(options.maxIterations ?? 60, d);
  const tolerance = options.tolerance ?? 1e-4;
  const relativeStep = options.relativeStep ?? 1e-3;
  for (const [name, v] of [["maxSamples", maxSamples], ["chunkSize", chunkSize], ["maxIterations", options.maxIterations ?? 60]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: ${name} must be an integer >= 1, got ${v}`);
  }
  if (!(tolerance > 0 && tolerance < 1)) throw new RangeError(`${fn}: tolerance must be in (0, 1), got ${tolerance}`);
  if (!(relativeStep > 0 && relativeStep < 1)) throw new RangeError(`${fn}: relativeStep must be in (0, 1), got ${relativeStep}`);
  const scale = options.preconditioner ? Float64Array.from(options.preconditioner, Math.sqrt) : null;
  if (options.preconditioner && (options.preconditioner.length !== d || scale!.some((g) => !(g > 0 && Number.isFinite(g))))) {
    throw new RangeError(`${fn}: preconditioner must hold ${d} finite entries > 0`);
  }
  const random = createRandom(options.seed ?? 0);
  const indices = n <= maxSamples ? Int32Array.from({ length: n }, (_, i) => i) : random.permutation(n).slice(0, maxSamples);
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
  // With a preconditioner: G^(1/2) H G^(1/2) v, the difference taken along u = G^(1/2) v / |G^(1/2) v|.
  const hessianTimes = (v: Float64Array, out: Float64Array): void => {
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
  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < d; i++) s += a[i]! * b[i]!;
    return s;
  };
  const basis: Float64Array[] = [];
  const alphas: number[] = [], betas: number[] = [];
  const first = random.fillNormal(new Float64Array(d));
  const firstNorm = Math.sqrt(dot(first, first));
  for (let i = 0; i < d; i++) first[i]! /= firstNorm;
  basis.push(first);
  const w = new Float64Array(d);
  const history: number[] = [];
  let value = 0, converged = false;
  let ritz: Float64Array = new Float64Array(0);
  for (let j = 0; j < maxIterations; j++) {
    const q = basis[j]!;
    hessianTimes(q, w);
    const alpha = dot(w, q);
    alphas.push(alpha);
    // Full reorthogonalisation (twice is enough: Kahan's "twice is enough").
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        const c = dot(w, b);
        for (let i = 0; i < d; i++) w[i]! -= c * b[i]!;
      }
    }
    const beta = Math.sqrt(dot(w, w));
    const k = j + 1;
    const t = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      t[i * k + i] = alphas[i]!;
      if (i + 1 < k) t[i * k + i + 1] = t[(i + 1) * k + i] = betas[i]!;
    }
    const { values, vectors } = symmetricEigen(t, k);
    let best = 0;
    for (let i = 1; i < k; i++) if (Math.abs(values[i]!) > Math.abs(values[best]!)) best = i;
    value = values[best]!;
    history.push(value);
    ritz = new Float64Array(k);
    for (let i = 0; i < k; i++) ritz[i] = vectors[i * k + best]!;
    const residual = beta * Math.abs(ritz[k - 1]!);
    if (residual <= tolerance * Math.abs(value) || beta <= 1e-12 * Math.max(1, Math.abs(value))) {
      converged = true;
      break;
    }
    betas.push(beta);
    const next = new Float64Array(d);
    for (let i = 0; i < d; i++) next[i] = w[i]! / beta;
    basis.push(next);
  }
  const vector = new Float32Array(d);
  for (let j = 0; j < ritz.length; j++) for (let i = 0; i < d; i++) vector[i]! += ritz[j]! * basis[j]![i]!;
  return { value, vector, history, iterations: history.length, converged, numSamples: indices.length, step, gradientEvaluations: evaluations };
}
