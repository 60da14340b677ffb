/**
 * The Hessian's eigenvalues of a noise-free deep linear network's loss at a true parameter, exactly.
 *
 * Why: at a point where W_L ... W_1 equals the teacher and the data carry no noise, every residual is
 * zero, so the Hessian of L_n(w) = (1/n) sum (1/2) |y - W_L ... W_1 x|^2 is its Gauss-Newton part
 * H = J^T (I_(H_L) ⊗ S) J, with J = d vec(W_L ... W_1) / dw and S = (1/n) sum x x^T the inputs' second
 * moment. Its positive eigenvalues are those of the H_0 H_L x H_0 H_L matrix
 * (I ⊗ S^(1/2)) J J^T (I ⊗ S^(1/2)) = sum_l (A_l A_l^T) ⊗ (S^(1/2) B_l^T B_l S^(1/2)),
 * A_l = W_L ... W_(l+1), B_l = W_(l-1) ... W_1 (J's block for W_l is A_l ⊗ B_l^T in row-major order),
 * which is at most 400 x 400 for the networks of notebook 02 however many parameters they have. With
 * {@link localizedQuadraticLlc} this gives what the LLC estimator measures at the point's quadratic
 * part for a given n beta and localizer.
 */
import { deepLinearLayerOffsets, deepLinearPartialProduct } from "./deepLinearProducts";
import { symmetricEigen, symmetricEigenvalues } from "./hessianTopEigenvalue";

/** Options of {@link deepLinearHessianSpectrum}. */
export interface DeepLinearHessianSpectrumOptions {
  /**
   * Relative tolerance on the singular values of S^(1/2) J (default 1e-5, the rank tolerance of
   * deepLinearLlcLowerBound): an eigenvalue below relTol^2 times the largest counts as zero. Parameters
   * stored as float32 leave exactly flat directions near 1e-14 of the largest eigenvalue; the smallest
   * kept one of notebook 02's networks is about 1e-6 of it.
   */
  relTol?: number;
}

/** The positive Hessian eigenvalues at a true parameter (see {@link deepLinearHessianSpectrum}). */
export interface DeepLinearHessianSpectrum {
  /** The positive eigenvalues h_j of the Hessian of L_n at w, descending (rank of them). */
  curvatures: Float64Array;
  /** Their number: the rank of the Hessian (equal to the rank of J). */
  rank: number;
  /** Smallest kept eigenvalue over the largest dropped one (Infinity when none is dropped or none kept): how clearly the rank stands apart from rounding. */
  gap: number;
}

/**
 * The positive eigenvalues of the Hessian of a noise-free deep linear network's mean loss
 * (1/2) |y - W_L ... W_1 x|^2 at a true parameter w (see the module comment).
 *
 * @param widths [H_0, ..., H_L], at least 2 integers >= 1.
 * @param params w, row-major W_1 ... W_L (W_l is H_l x H_(l-1)), finite; a true parameter, or the
 *   result is the Gauss-Newton matrix there, not the Hessian.
 * @param inputs the n inputs, row-major n x H_0, finite (n >= 1).
 * @param options relTol (default 1e-5).
 * @returns the curvatures (descending), their number and the rank gap.
 * @throws RangeError naming the offending argument.
 * @example
 * // One weight pair w2 w1 at (1, 2), inputs of second moment 1: H = J^T J with J = (w2, w1) = (2, 1).
 * deepLinearHessianSpectrum([1, 1, 1], [1, 2], [1, -1]).curvatures; // Float64Array [5]
 * @complexity O(n H_0^2) for the second moment, O(L (H_0 H_L)^2) to assemble and O((H_0 H_L)^3) for
 *   the eigenvalues (symmetricEigenvalues).
 */
export function deepLinearHessianSpectrum(widths: readonly number[], params: ArrayLike<number>, inputs: ArrayLike<number>, options: DeepLinearHessianSpectrumOptions = {}): DeepLinearHessianSpectrum {
  const fn = "deepLinearHessianSpectrum";
  if (!Array.isArray(widths) || widths.length < 2 || widths.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new RangeError(`${fn}: widths must be at least 2 integers >= 1, got ${JSON.stringify(widths)}`);
  }
  const offsets = deepLinearLayerOffsets(widths);
  const L = widths.length - 1, d = offsets[L]!, n0 = widths[0]!, m = widths[L]!;
  if (params.length !== d) throw new RangeError(`${fn}: params must have ${d} entries for widths ${widths.join("-")}, got ${params.length}`);
  for (let i = 0; i < d; i++) if (!Number.isFinite(params[i]!)) throw new RangeError(`${fn}: params[${i}] must be finite, got ${params[i]}`);
  if (inputs.length < n0 || inputs.length % n0 !== 0) {
    throw new RangeError(`${fn}: inputs must hold n >= 1 rows of H_0 = ${n0} values (row-major), got length ${inputs.length}`);
  }
  const relTol = options.relTol ?? 1e-5;
  if (!(relTol > 0 && relTol < 1)) throw new RangeError(`${fn}: relTol must be in (0, 1), got ${relTol}`);

  // S = (1/n) X^T X and its square root by eigendecomposition.
  const n = inputs.length / n0;
  const second = new Float64Array(n0 * n0);
  for (let s = 0; s < n; s++) {
    for (let a = 0; a < n0; a++) {
      const xa = inputs[s * n0 + a]!;
      if (!Number.isFinite(xa)) throw new RangeError(`${fn}: inputs[${s * n0 + a}] must be finite, got ${xa}`);
      for (let b = 0; b <= a; b++) second[a * n0 + b]! += xa * inputs[s * n0 + b]!;
    }
  }
  for (let a = 0; a < n0; a++) for (let b = 0; b <= a; b++) second[b * n0 + a] = second[a * n0 + b]! /= n;
  const { values: sv, vectors: su } = symmetricEigen(second, n0);
  const root = new Float64Array(n0 * n0);
  for (let k = 0; k < n0; k++) {
    const r = Math.sqrt(Math.max(0, sv[k]!));
    for (let a = 0; a < n0; a++) for (let b = 0; b < n0; b++) root[a * n0 + b]! += r * su[a * n0 + k]! * su[b * n0 + k]!;
  }

  // G = sum_l (A_l A_l^T) ⊗ (S^(1/2) B_l^T B_l S^(1/2)), index (i, j) -> i * H_0 + j.
  const size = m * n0;
  const g = new Float64Array(size * size);
  for (let l = 1; l <= L; l++) {
    const a = deepLinearPartialProduct(widths, offsets, params, l + 1, L); // H_L x H_l
    const b = deepLinearPartialProduct(widths, offsets, params, 1, l - 1); // H_(l-1) x H_0
    const hl = widths[l]!, hp = widths[l - 1]!;
    const aat = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) {
      let v = 0;
      for (let t = 0; t < hl; t++) v += a[i * hl + t]! * a[k * hl + t]!;
      aat[i * m + k] = v;
    }
    const bs = new Float64Array(hp * n0); // B_l S^(1/2)
    for (let t = 0; t < hp; t++) for (let j = 0; j < n0; j++) {
      let v = 0;
      for (let q = 0; q < n0; q++) v += b[t * n0 + q]! * root[q * n0 + j]!;
      bs[t * n0 + j] = v;
    }
    const c = new Float64Array(n0 * n0);
    for (let j = 0; j < n0; j++) for (let q = 0; q < n0; q++) {
      let v = 0;
      for (let t = 0; t < hp; t++) v += bs[t * n0 + j]! * bs[t * n0 + q]!;
      c[j * n0 + q] = v;
    }
    for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) {
      const f = aat[i * m + k]!;
      if (f === 0) continue;
      for (let j = 0; j < n0; j++) {
        const row = (i * n0 + j) * size + k * n0;
        for (let q = 0; q < n0; q++) g[row + q]! += f * c[j * n0 + q]!;
      }
    }
  }
  const values = Array.from(symmetricEigenvalues(g, size)).reverse();
  const top = Math.max(0, values[0] ?? 0);
  const cut = relTol * relTol * top;
  const kept = values.filter((v) => v > cut && top > 0);
  const dropped = values.filter((v) => !(v > cut && top > 0));
  const largestDropped = dropped.length > 0 ? Math.max(...dropped.map((v) => Math.abs(v))) : 0;
  return {
    curvatures: Float64Array.from(kept),
    rank: kept.length,
    gap: kept.length === 0 || largestDropped === 0 ? Infinity : kept[kept.length - 1]! / largestDropped,
  };
}
