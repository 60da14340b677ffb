import { checkDistribution } from "./discreteDistribution";

/** Options of {@link jensenShannonDivergence}. */
export interface JensenShannonOptions {
  /** Base of the logarithm (default e: nats, bounded by log 2; base 2 bounds it by 1). A finite number > 1. */
  base?: number;
}

/**
 * The Jensen–Shannon divergence between two discrete distributions.
 *
 * JS(p, q) = KL(p ‖ m)/2 + KL(q ‖ m)/2 with m = (p + q)/2: symmetric, finite, 0 ≤ JS ≤ log 2.
 * Variant: the divergence itself, not its square root (SciPy's `jensenshannon` returns the square
 * root, the Jensen–Shannon *distance*); natural logarithm by default. For nearby distributions
 * JS ≈ KL/4, the ratio of the paper's numbers (JS 0.003, KL 0.009), which suggests the paper reports
 * the divergence in nats as here.
 *
 * @param p first distribution: entries ≥ 0 summing to 1.
 * @param q second distribution, same length.
 * @param options.base logarithm base (default e).
 * @returns JS(p, q) in [0, log 2] nats (in [0, 1] for base 2).
 * @throws RangeError when an argument is not a probability vector, the lengths differ, or base ≤ 1.
 * @example
 * jensenShannonDivergence([1, 0], [0, 1], { base: 2 }); // 1
 * jensenShannonDivergence([0.5, 0.5], [0.25, 0.75]); // ≈ 0.03382
 * @complexity O(K).
 */
export function jensenShannonDivergence(p: ArrayLike<number>, q: ArrayLike<number>, options: JensenShannonOptions = {}): number {
  const a = checkDistribution("jensenShannonDivergence", "p", p);
  const b = checkDistribution("jensenShannonDivergence", "q", q, a.length);
  const base = options.base ?? Math.E;
  if (!(base > 1) || !Number.isFinite(base)) throw new RangeError(`jensenShannonDivergence: base must be a finite number > 1, got ${base}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const pi = a[i]!, qi = b[i]!;
    const mi = 0.5 * (pi + qi);
    if (pi > 0) sum += 0.5 * pi * Math.log(pi / mi);
    if (qi > 0) sum += 0.5 * qi * Math.log(qi / mi);
  }
  return Math.min(Math.LN2, Math.max(0, sum)) / Math.log(base);
}
