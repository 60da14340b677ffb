import { gammaFunction } from "./gammaFunction";

/**
 * L1 weights b_k = (k + 1)^(1 - a) - k^(1 - a), k = 0..n-1, of the Caputo derivative of order a.
 * @example
 * caputoWeights(0.5, 2)[0]; // 1
 */
export function caputoWeights(order: number, n: number): Float64Array {
  const b = new Float64Array(n);
  for (let k = 0; k < n; k++) b[k] = k === 0 ? 1 : (k + 1) ** (1 - order) - k ** (1 - order); // b_0 = 1 also at a = 1 (0^0)
  return b;
}

/**
 * The Caputo fractional derivative of order a of uniformly sampled values, by the L1 scheme.
 *
 * Paper (arXiv 2503.22478): the memory (trapping) term D_t^a p of the fractional Fokker–Planck equation,
 * D^a f(t) = (1/Gamma(1 - a)) ∫_0^t f'(s) (t - s)^(-a) ds.
 * Variant: L1 (piecewise-linear f): D^a f(t_n) ≈ dt^(-a) / Gamma(2 - a) sum_{k=0}^{n-1} b_k (f_{n-k} - f_{n-k-1}),
 * b_k = (k + 1)^(1-a) - k^(1-a). Exact for linear f; error O(dt^(2-a)) for smooth f (tested).
 *
 * @param values f(t_0), ..., f(t_{T-1}) at t_i = i dt (T ≥ 1).
 * @param timeStep dt > 0.
 * @param order a in (0, 1]; a = 1 gives the backward difference (f_n - f_{n-1}) / dt.
 * @returns Float64Array of length T with D^a f(t_i); entry 0 is 0 (the integral over [0, 0]).
 * @throws RangeError for a ∉ (0, 1], dt ≤ 0 or an empty series.
 * @example
 * Array.from(caputoDerivative(new Float64Array([0, 1, 2]), 1, 0.5), (v) => +v.toFixed(6)); // [0, 1.128379, 1.595769]
 * @complexity O(T^2).
 */
export function caputoDerivative(values: ArrayLike<number>, timeStep: number, order: number): Float64Array {
  const fn = "caputoDerivative";
  if (!(order > 0 && order <= 1)) throw new RangeError(`${fn}: order must be in (0, 1], got ${order}`);
  if (!(timeStep > 0) || !Number.isFinite(timeStep)) throw new RangeError(`${fn}: timeStep must be a finite number > 0, got ${timeStep}`);
  const t = values.length;
  if (t < 1) throw new RangeError(`${fn}: values must be non-empty, got length 0`);
  const b = caputoWeights(order, t);
  const c = timeStep ** -order / gammaFunction(2 - order);
  const out = new Float64Array(t);
  for (let n = 1; n < t; n++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += b[k]! * (values[n - k]! - values[n - k - 1]!);
    out[n] = c * s;
  }
  return out;
}
