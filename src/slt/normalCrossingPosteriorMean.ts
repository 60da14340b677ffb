/** Options of {@link normalCrossingPosteriorMean}. */
export interface NormalCrossingPosteriorMeanOptions {
  /** Exponents a, b (integers >= 1) of K(w) = (c/2) w1^(2a) w2^(2b). */
  a: number;
  b: number;
  /** Inverse temperature n beta, > 0. */
  nBeta: number;
  /** Localization strength gamma, > 0. */
  localization: number;
  /** c, the second moment of the inputs (default 1). */
  secondMoment?: number;
  /** Quadrature points per axis (default 1500), integer >= 100. */
  gridSize?: number;
}

/**
 * The exact expectation n beta E[K(w)] under the localized tempered posterior of the normal-crossing
 * regression, i.e. what the SGLD LLC estimator converges to at finite n beta and gamma (as eps -> 0
 * and draws -> infinity), against which its finite-(n beta, gamma) bias can be read off.
 *
 * Posterior: p(w) ∝ exp(-n beta K(w) - (gamma/2) |w|^2) with K(w) = (c/2) w1^(2a) w2^(2b) (noise-free
 * data, w* = 0). As n beta / gamma^(a+b) -> infinity this tends to lambda = 1 / (2 max(a, b)), slowly
 * (like 1 / log) when a = b (multiplicity 2).
 * Variant: midpoint rule in log |w1|, log |w2| over [1e-12, 10 / sqrt(gamma)] on the positive
 * quadrant (the integrand is even in both coordinates).
 *
 * @returns n beta E[K(w)] (dimensionless, comparable with lambda).
 * @throws RangeError for arguments out of range.
 * @example
 * normalCrossingPosteriorMean({ a: 1, b: 2, nBeta: 1e12, localization: 1 }); // ≈ 0.250
 *
 * Complexity O(gridSize^2).
 */
export function normalCrossingPosteriorMean(options: NormalCrossingPosteriorMeanOptions): number {
  const fn = "normalCrossingPosteriorMean";
  const { a, b, nBeta, localization } = options;
  const c = options.secondMoment ?? 1;
  const size = options.gridSize ?? 1500;
  for (const [name, v] of [["a", a], ["b", b]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: ${name} must be an integer >= 1, got ${v}`);
  }
  for (const [name, v] of [["nBeta", nBeta], ["localization", localization], ["secondMoment", c]] as const) {
    if (!(v > 0 && Number.isFinite(v))) throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${v}`);
  }
  if (!Number.isInteger(size) || size < 100) throw new RangeError(`${fn}: gridSize must be an integer >= 100, got ${size}`);
  const lo = Math.log(1e-12), hi = Math.log(10 / Math.sqrt(localization));
  const du = (hi - lo) / size;
  const w = new Float64Array(size);
  for (let i = 0; i < size; i++) w[i] = Math.exp(lo + (i + 0.5) * du);
  let z = 0, m = 0;
  for (let i = 0; i < size; i++) {
    const w1 = w[i]!;
    const f1 = 0.5 * c * nBeta * w1 ** (2 * a);
    const g1 = 0.5 * localization * w1 * w1;
    for (let j = 0; j < size; j++) {
      const w2 = w[j]!;
      const tk = f1 * w2 ** (2 * b);
      // Jacobian of w = exp(u) is w1 w2.
      const p = Math.exp(-tk - g1 - 0.5 * localization * w2 * w2) * w1 * w2;
      z += p;
      m += p * tk;
    }
  }
  return m / z;
}
