/**
 * The split potential scale reduction factor R-hat of several Markov chains of one scalar: how much
 * the spread of all draws exceeds the spread within chains (1 when the chains agree; above ~1.05 they
 * have not mixed or are still moving).
 *
 * Symbol: R-hat = sqrt(var_plus / W) with var_plus = (N' - 1)/N' W + B/N' (Gelman et al.,
 * Bayesian Data Analysis, 3rd ed., §11.4).
 * Variant: "split" R-hat: each chain is cut into its first and second half (an odd middle draw is
 * dropped), so a chain that drifts counts as two chains that disagree; W is the mean within-half
 * variance (N' - 1 denominator), B / N' the variance of the half means (2M - 1 denominator). Not
 * rank-normalised: the LLC's loss traces are continuous and close to normal.
 *
 * @param chains M >= 1 chains of the same length N >= 4 (draws in order).
 * @returns R-hat >= 0 (≈ 1 for mixed chains; below 1 only by sampling noise); NaN is never returned:
 *   equal constant halves give 1, constant halves that differ give Infinity.
 * @throws RangeError for no chains, unequal lengths, fewer than 4 draws, or non-finite draws.
 * @example
 * splitRhat([Float64Array.from([1, 2, 1, 2]), Float64Array.from([2, 1, 2, 1])]); // 0.7071067811865476
 * splitRhat([Float64Array.from([0, 1, 2, 3]), Float64Array.from([0, 1, 2, 3])]) > 1.5; // true
 *
 * Complexity O(M N). Reference: Gelman, Carlin, Stern, Dunson, Vehtari, Rubin (2013), BDA3, §11.4.
 */
export function splitRhat(chains: readonly ArrayLike<number>[]): number {
  const fn = "splitRhat";
  if (chains.length < 1) throw new RangeError(`${fn}: chains must hold at least 1 chain, got 0`);
  const n = chains[0]!.length;
  chains.forEach((c, i) => {
    if (c.length !== n) throw new RangeError(`${fn}: every chain must have the same length (${n}); chain ${i} has ${c.length}`);
  });
  if (n < 4) throw new RangeError(`${fn}: chains must have at least 4 draws, got ${n}`);
  const half = Math.floor(n / 2);
  const means: number[] = [];
  const variances: number[] = [];
  for (const [i, chain] of chains.entries()) {
    for (const start of [0, n - half]) {
      let mean = 0;
      for (let t = start; t < start + half; t++) {
        const v = chain[t]!;
        if (!Number.isFinite(v)) throw new RangeError(`${fn}: chain ${i} has a non-finite draw ${v} at ${t}`);
        mean += v;
      }
      mean /= half;
      let ss = 0;
      for (let t = start; t < start + half; t++) ss += (chain[t]! - mean) ** 2;
      means.push(mean);
      variances.push(ss / (half - 1));
    }
  }
  const k = means.length;
  const grand = means.reduce((s, v) => s + v, 0) / k;
  const betweenOverN = means.reduce((s, v) => s + (v - grand) ** 2, 0) / (k - 1);
  const within = variances.reduce((s, v) => s + v, 0) / k;
  if (within === 0) return betweenOverN === 0 ? 1 : Infinity;
  const varPlus = ((half - 1) / half) * within + betweenOverN;
  return Math.sqrt(varPlus / within);
}
