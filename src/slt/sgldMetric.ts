/**
 * A constant metric of preconditioned SGLD, low rank plus a multiple of the identity:
 * M = rest I + sum_j (values_j - rest) u_j u_j^T, with orthonormal u_j (the rows of `basis`).
 */

/** The metric M = rest I + sum_j (values_j - rest) u_j u_j^T (plain data: it travels to worker threads and into cache keys). */
export interface SgldMetric {
  /** Dimension d. */
  numParams: number;
  /** The orthonormal directions u_j, k x d row-major. */
  basis: Float64Array;
  /** M's eigenvalue on each u_j (length k), > 0. */
  values: Float64Array;
  /** M's eigenvalue on the orthogonal complement of the u_j, > 0. */
  rest: number;
}

/** Largest |u_i . u_j - delta_ij| accepted for the basis (float64 Gram-Schmidt or Lanczos gives ~1e-12). */
const ORTHONORMALITY_TOLERANCE = 1e-6;

/**
 * Checks that a metric is symmetric positive definite as {@link SgldMetric} describes: d and k
 * consistent, every value and `rest` finite and > 0, the basis finite and orthonormal (within 1e-6).
 *
 * @param fn the caller, for messages.
 * @param metric the metric.
 * @param numParams the d it must have.
 * @throws TypeError for arrays of the wrong kind; RangeError naming the value that is wrong and the fix.
 */
export function checkSgldMetric(fn: string, metric: SgldMetric, numParams: number): void {
  if (!metric || typeof metric !== "object") throw new TypeError(`${fn}: metric must be an SgldMetric (numParams, basis, values, rest), got ${metric}; build one with hessianMetric`);
  const { basis, values, rest } = metric;
  if (metric.numParams !== numParams) throw new RangeError(`${fn}: metric.numParams must equal the loss's numParams ${numParams}, got ${metric.numParams}; build the metric for this model`);
  if (!(values instanceof Float64Array)) throw new TypeError(`${fn}: metric.values must be a Float64Array (one value per basis row), got ${Object.prototype.toString.call(values)}`);
  if (!(basis instanceof Float64Array) || basis.length !== values.length * numParams) {
    throw new TypeError(`${fn}: metric.basis must be a Float64Array of k x d = ${values.length} x ${numParams} entries, got ${basis instanceof Float64Array ? basis.length : Object.prototype.toString.call(basis)}`);
  }
  if (!(rest > 0 && Number.isFinite(rest))) throw new RangeError(`${fn}: metric.rest must be a finite number > 0, got ${rest}`);
  const k = values.length, d = numParams;
  for (let j = 0; j < k; j++) {
    if (!(values[j]! > 0 && Number.isFinite(values[j]!))) throw new RangeError(`${fn}: metric.values[${j}] must be a finite number > 0, got ${values[j]}`);
    for (let i = 0; i <= j; i++) {
      let dot = 0;
      for (let p = 0; p < d; p++) dot += basis[i * d + p]! * basis[j * d + p]!;
      if (!(Math.abs(dot - (i === j ? 1 : 0)) <= ORTHONORMALITY_TOLERANCE)) {
        throw new RangeError(`${fn}: metric.basis must have orthonormal rows, but row ${i} . row ${j} = ${dot}; orthonormalise it (hessianMetric does)`);
      }
    }
  }
}

/** FNV-1a over the metric's bytes: its part of an SGLD chain's key. */
export function sgldMetricFingerprint(metric: SgldMetric): string {
  let h = 0x811c9dc5;
  for (const array of [metric.basis, metric.values, Float64Array.of(metric.rest)]) {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return `${metric.numParams}:${metric.values.length}:${(h >>> 0).toString(16)}`;
}

/**
 * The update of SGLD with a constant metric M over all coordinates, in place:
 *   w <- w - (eps/2) M a + sqrt(eps) M^(1/2) xi,  a = n beta g + gamma (w - w*)  (given),
 * with M^(1/2) = sqrt(rest) I + sum_j (sqrt(values_j) - sqrt(rest)) u_j u_j^T, so the noise has
 * covariance eps M exactly. `coefficients` is scratch of length k.
 * Cost: 3 d k + O(d) multiply-adds (one pass over the basis for both projections, one to add back).
 */
export function metricUpdate(w: Float64Array, drift: Float64Array, noise: Float64Array, metric: SgldMetric, stepSize: number, coefficients: Float64Array): void {
  const d = metric.numParams, k = metric.values.length, basis = metric.basis;
  const halfStep = stepSize / 2, noiseScale = Math.sqrt(stepSize);
  const rest = metric.rest, sqrtRest = Math.sqrt(rest);
  // Rows two at a time, each sum still taken in coordinate order, so the result is the row-by-row one
  // bit for bit while drift, noise and w are read half as often.
  let j = 0;
  for (; j + 1 < k; j += 2) {
    let p0 = 0, q0 = 0, p1 = 0, q1 = 0;
    const r0 = j * d, r1 = r0 + d;
    for (let i = 0; i < d; i++) {
      const a = drift[i]!, x = noise[i]!, u0 = basis[r0 + i]!, u1 = basis[r1 + i]!;
      p0 += u0 * a;
      q0 += u0 * x;
      p1 += u1 * a;
      q1 += u1 * x;
    }
    coefficients[j] = metricCoefficient(metric.values[j]!, p0, q0, halfStep, noiseScale, rest, sqrtRest);
    coefficients[j + 1] = metricCoefficient(metric.values[j + 1]!, p1, q1, halfStep, noiseScale, rest, sqrtRest);
  }
  for (; j < k; j++) {
    let p = 0, q = 0;
    const row = j * d;
    for (let i = 0; i < d; i++) {
      const u = basis[row + i]!;
      p += u * drift[i]!;
      q += u * noise[i]!;
    }
    coefficients[j] = metricCoefficient(metric.values[j]!, p, q, halfStep, noiseScale, rest, sqrtRest);
  }
  const a = halfStep * rest, b = noiseScale * sqrtRest;
  for (let i = 0; i < d; i++) w[i]! += -a * drift[i]! + b * noise[i]!;
  // Added back in row order for every coordinate (as a row-by-row pass would), four rows per pass over w.
  j = 0;
  for (; j + 3 < k; j += 4) {
    const c0 = coefficients[j]!, c1 = coefficients[j + 1]!, c2 = coefficients[j + 2]!, c3 = coefficients[j + 3]!;
    const r0 = j * d, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d;
    for (let i = 0; i < d; i++) {
      let v = w[i]!;
      v += c0 * basis[r0 + i]!;
      v += c1 * basis[r1 + i]!;
      v += c2 * basis[r2 + i]!;
      v += c3 * basis[r3 + i]!;
      w[i] = v;
    }
  }
  for (; j < k; j++) {
    const c = coefficients[j]!, row = j * d;
    for (let i = 0; i < d; i++) w[i]! += c * basis[row + i]!;
  }
}

/** Row j's coefficient: -(eps/2)(m_j - rest) u_j . a + sqrt(eps)(sqrt(m_j) - sqrt(rest)) u_j . xi. */
function metricCoefficient(m: number, p: number, q: number, halfStep: number, noiseScale: number, rest: number, sqrtRest: number): number {
  return -halfStep * (m - rest) * p + noiseScale * (Math.sqrt(m) - sqrtRest) * q;
}
