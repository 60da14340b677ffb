import { autocorrelation } from "../util/fft";

/**
 * The effective sample size of several Markov chains of one scalar: the number of independent draws
 * that would estimate its mean as precisely as the M x N correlated draws do.
 *
 * Symbol: ESS = M N / tau with the integrated autocorrelation time tau = 1 + 2 sum_{t >= 1} rho_t,
 * rho_t = 1 - (W - mean_m acov_m(t)) / var_plus (the multi-chain autocorrelation of BDA3 §11.5,
 * which also counts disagreement between chains as correlation).
 * Variant: Geyer's initial monotone sequence truncates the sum (pairs rho_2k + rho_2k+1 summed while
 * positive, forced non-increasing), as Stan does; autocovariances by FFT; tau is floored at
 * 1 / log10(M N) as in Stan, so antithetic chains cannot report an unbounded ESS.
 *
 * @param chains M >= 1 chains of the same length N >= 4.
 * @returns ESS in (0, M N log10(M N)]; for independent draws ≈ M N.
 * @throws RangeError for no chains, unequal lengths, fewer than 4 draws or non-finite draws.
 * @example
 * Math.round(effectiveSampleSize([Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7])])); // 5
 * effectiveSampleSize([Float64Array.from([1, -1, 1, -1, 1, -1, 1, -1])]) > 7; // true
 *
 * Complexity O(M N log N). References: Geyer (1992), Statistical Science 7; Gelman et al. (2013),
 * BDA3 §11.5; Vehtari et al. (2021), Bayesian Analysis 16, "Rank-normalization, folding, and
 * localization: an improved R-hat".
 */
export function effectiveSampleSize(chains: readonly ArrayLike<number>[]): number {
  const fn = "effectiveSampleSize";
  const m = chains.length;
  if (m < 1) throw new RangeError(`${fn}: chains must hold at least 1 chain, got 0`);
  const n = chains[0]!.length;
  chains.forEach((c, i) => {
    if (c.length !== n) throw new RangeError(`${fn}: every chain must have the same length (${n}); chain ${i} has ${c.length}`);
  });
  if (n < 4) throw new RangeError(`${fn}: chains must have at least 4 draws, got ${n}`);
  const acov: Float64Array[] = [];
  const means: number[] = [];
  for (const [i, chain] of chains.entries()) {
    let mean = 0;
    for (let t = 0; t < n; t++) {
      const v = chain[t]!;
      if (!Number.isFinite(v)) throw new RangeError(`${fn}: chain ${i} has a non-finite draw ${v} at ${t}`);
      mean += v;
    }
    mean /= n;
    const centred = new Float64Array(n);
    for (let t = 0; t < n; t++) centred[t] = chain[t]! - mean;
    const c = autocorrelation(centred);
    for (let t = 0; t < n; t++) c[t]! /= n;
    acov.push(c);
    means.push(mean);
  }
  const meanAcov = new Float64Array(n);
  for (const c of acov) for (let t = 0; t < n; t++) meanAcov[t]! += c[t]! / m;
  // W: mean within-chain variance (N - 1 denominator); var_plus adds the variance of chain means.
  const within = (meanAcov[0]! * n) / (n - 1);
  let varPlus = (meanAcov[0]! * n) / (n - 1) * ((n - 1) / n);
  if (m > 1) {
    const grand = means.reduce((s, v) => s + v, 0) / m;
    varPlus += means.reduce((s, v) => s + (v - grand) ** 2, 0) / (m - 1);
  }
  if (!(varPlus > 0)) return m * n; // constant draws: every draw is as good as independent
  const rho = (t: number): number => 1 - (within - meanAcov[t]!) / varPlus;
  // Geyer: P_k = rho_2k + rho_2k+1, summed while positive and forced non-increasing.
  let tau = -1;
  let previous = Infinity;
  for (let k = 0; 2 * k + 1 < n; k++) {
    let pair = rho(2 * k) + rho(2 * k + 1);
    if (!(pair > 0)) break;
    if (pair > previous) pair = previous;
    previous = pair;
    tau += 2 * pair;
  }
  tau = Math.max(tau, 1 / Math.log10(m * n));
  return (m * n) / tau;
}
