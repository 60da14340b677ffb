import { checkDistribution } from "./discreteDistribution";

/** Options of {@link klDivergence}. */
export interface KlDivergenceOptions {
  /** Base of the logarithm (default e: nats; 2 gives bits). A finite number > 1. */
  base?: number;
}

/**
 * The Kullback–Leibler divergence of q from p between two discrete distributions.
 *
 * KL(p ‖ q) = sum_i p_i log(p_i / q_i) (the paper compares the Bayesian and the tempered SGD cluster
 * probabilities with it; arXiv 2503.22478, experiment 3). Variant: terms with p_i = 0 contribute 0
 * (the limit x log x -> 0); a term with p_i > 0 and q_i = 0 makes the divergence +Infinity, which is
 * its true value (smooth estimated probabilities first if that is unwanted). Float64, summed in
 * index order.
 *
 * @param p the reference distribution (e.g. the Bayesian cluster probabilities): entries ≥ 0 summing to 1.
 * @param q the approximating distribution, same length.
 * @param options.base logarithm base (default e).
 * @returns KL(p ‖ q) ≥ 0 in nats (or in units of log base), +Infinity when p is not absolutely
 *   continuous with respect to q.
 * @throws RangeError when an argument is not a probability vector, the lengths differ, or base ≤ 1.
 * @example
 * klDivergence([0.5, 0.5], [0.25, 0.75]); // ≈ 0.1438410
 * klDivergence([1, 0], [0.5, 0.5], { base: 2 }); // 1
 * @complexity O(K) for K categories.
 */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>, options: KlDivergenceOptions = {}): number {
  const a = checkDistribution("klDivergence", "p", p);
  const b = checkDistribution("klDivergence", "q", q, a.length);
  const base = options.base ?? Math.E;
  if (!(base > 1) || !Number.isFinite(base)) throw new RangeError(`klDivergence: base must be a finite number > 1, got ${base}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const pi = a[i]!;
    if (pi === 0) continue;
    const qi = b[i]!;
    if (qi === 0) return Infinity;
    sum += pi * Math.log(pi / qi);
  }
  return Math.max(0, sum) / Math.log(base);
}
