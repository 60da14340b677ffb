/**
 * Coverage of the intervals that decide the verdicts of notebooks 03, 04, 05 and 07 (see
 * test/stochastic.ts and test/coverage.ts): each interval is computed on independent replicates of
 * data with a known answer, and the fraction that covers it is compared with the nominal 95 %. The
 * tolerances come from the coverage measured over 40 seed offsets (test/fixtures/seedSpread/spread.md);
 * percentile bootstrap intervals cover a little less than nominal at these sample sizes.
 */
import { bootstrapCorrelation, bootstrapMean, bootstrapMeanDifference, compareCorrelations, correlationGap } from "../../src/experiment/index";
import { createRandom, type Random } from "../../src/util/random";
import { coverageOf } from "../coverage";
import type { StochasticCase } from "../stochastic";
import { testSeed } from "../seeds";

/** n pairs (x, y) of a standard bivariate normal with correlation rho. */
function correlatedPairs(random: Random, n: number, rho: number): { x: number[]; y: number[] } {
  const x: number[] = [], y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = random.normal();
    x.push(a);
    y.push(rho * a + Math.sqrt(1 - rho * rho) * random.normal());
  }
  return { x, y };
}

/** Population Spearman correlation of a bivariate normal with Pearson correlation rho: (6/pi) asin(rho/2). */
function spearmanOfNormal(rho: number): number {
  return (6 / Math.PI) * Math.asin(rho / 2);
}

const coverageQuantity = { coverage: { truth: 0.95, tolerance: [0.07, 0.04] as const } };

export const BOOTSTRAP_MEAN_COVERAGE: StochasticCase = {
  name: "bootstrap-mean-coverage",
  test: "intervalCoverage.test: bootstrapMean's 95 % interval covers the mean of 40 normal values in about 95 % of replicates",
  quantities: coverageQuantity,
  async run(offset) {
    const random = createRandom(testSeed(61, offset));
    const c = await coverageOf(400, 2, (r) => {
      const m = bootstrapMean(Array.from({ length: 40 }, () => 2 + 3 * random.normal()), { numResamples: 500, seed: r });
      return { estimate: m.mean, lower: m.lower, upper: m.upper };
    });
    return { coverage: c.coverage };
  },
};

export const BOOTSTRAP_CORRELATION_COVERAGE: StochasticCase = {
  name: "bootstrap-correlation-coverage",
  test: "intervalCoverage.test: bootstrapCorrelation's 95 % interval covers the correlation of 60 normal pairs in about 95 % of replicates",
  quantities: coverageQuantity,
  async run(offset) {
    const random = createRandom(testSeed(62, offset));
    const c = await coverageOf(400, 0.6, (r) => {
      const { x, y } = correlatedPairs(random, 60, 0.6);
      const ci = bootstrapCorrelation(x, y, { numResamples: 500, seed: r });
      return { estimate: ci.estimate, lower: ci.lower, upper: ci.upper };
    });
    return { coverage: c.coverage };
  },
};

const RHO_STRONG = 0.8, RHO_WEAK = 0.45;

export const COMPARE_CORRELATIONS_COVERAGE: StochasticCase = {
  name: "compare-correlations-coverage",
  test: "intervalCoverage.test: compareCorrelations' intervals cover both Spearman correlations and their difference in about 95 % of replicates",
  quantities: {
    // No upper limit (0.95 + 0.06 > 1): 200 replicates cannot tell 95 % from 100 % coverage at
    // 3.5 sd; too narrow an interval is what the lower limit catches.
    first: { truth: 0.95, tolerance: [0.08, 0.06] },
    second: { truth: 0.95, tolerance: [0.08, 0.06] },
    difference: { truth: 0.95, tolerance: [0.08, 0.06] },
  },
  async run(offset) {
    // y1 and y2 both depend on the same x (Pearson 0.8 and 0.45): the difference of the absolute
    // Spearman correlations, (6/pi)(asin 0.4 - asin 0.225), is estimated from joint resamples.
    const random = createRandom(testSeed(63, offset));
    const truth = { first: spearmanOfNormal(RHO_STRONG), second: spearmanOfNormal(RHO_WEAK) };
    const counts = { first: 0, second: 0, difference: 0 };
    const replicates = 200;
    for (let r = 0; r < replicates; r++) {
      const x = Array.from({ length: 60 }, () => random.normal());
      const noisy = (rho: number) => x.map((v) => rho * v + Math.sqrt(1 - rho * rho) * random.normal());
      const c = compareCorrelations(x, noisy(RHO_STRONG), noisy(RHO_WEAK), { numResamples: 300, seed: r });
      if (c.first.lower <= truth.first && truth.first <= c.first.upper) counts.first++;
      if (c.second.lower <= truth.second && truth.second <= c.second.upper) counts.second++;
      const d = truth.first - truth.second;
      if (c.difference.lower <= d && d <= c.difference.upper) counts.difference++;
    }
    return { first: counts.first / replicates, second: counts.second / replicates, difference: counts.difference / replicates };
  },
};

export const CORRELATION_GAP_COVERAGE: StochasticCase = {
  name: "correlation-gap-coverage",
  test: "intervalCoverage.test: correlationGap's 95 % interval covers the gap between two groups' correlations in about 95 % of replicates",
  quantities: { coverage: { truth: 0.95, tolerance: [0.07, 0.05] } },
  async run(offset) {
    // Group a: 50 pairs with correlation 0.8; group b: 40 pairs with correlation -0.3 (the gap is of
    // absolute values, 0.5).
    const random = createRandom(testSeed(64, offset));
    const c = await coverageOf(300, 0.5, (r) => {
      const a = correlatedPairs(random, 50, 0.8), b = correlatedPairs(random, 40, -0.3);
      const gap = correlationGap(a.x, a.y, b.x, b.y, { numResamples: 400, seed: r });
      return { estimate: gap.estimate, lower: gap.lower, upper: gap.upper };
    });
    return { coverage: c.coverage };
  },
};

export const MEAN_DIFFERENCE_COVERAGE: StochasticCase = {
  name: "mean-difference-coverage",
  test: "intervalCoverage.test: bootstrapMeanDifference's 95 % interval covers the difference of two means in about 95 % of replicates",
  quantities: coverageQuantity,
  async run(offset) {
    // a: 30 values of N(1, 1); b: 20 values of N(0, 2^2); the difference of the means is 1.
    const random = createRandom(testSeed(65, offset));
    const c = await coverageOf(400, 1, (r) => {
      const a = Array.from({ length: 30 }, () => 1 + random.normal()), b = Array.from({ length: 20 }, () => 2 * random.normal());
      const d = bootstrapMeanDifference(a, b, { numResamples: 500, seed: r });
      return { estimate: d.estimate, lower: d.lower, upper: d.upper };
    });
    return { coverage: c.coverage };
  },
};

export const EXPERIMENT_CASES: StochasticCase[] = [
  BOOTSTRAP_MEAN_COVERAGE,
  BOOTSTRAP_CORRELATION_COVERAGE,
  COMPARE_CORRELATIONS_COVERAGE,
  CORRELATION_GAP_COVERAGE,
  MEAN_DIFFERENCE_COVERAGE,
];
