/**
 * Stochastic ground-truth checks of the theory module's estimators (see test/stochastic.ts): the
 * relaxation fitter on noisy Mittag-Leffler and exponential curves. Tolerances are set from the bias
 * and spread measured over 40 seed offsets (test/fixtures/seedSpread/spread.md).
 */
import { fitRelaxation, mittagLeffler, relaxationBasis, type RelaxationBasis } from "../../src/theory";
import { createRandom, deriveSeed } from "../../src/util/random";
import type { StochasticCase } from "../stochastic";
import { testSeed } from "../seeds";

/** 30 log-spaced times over four decades, as the relaxation experiment records them. */
export const RELAXATION_TIMES = Array.from({ length: 30 }, (_, i) => 10 ** ((4 * i) / 29));

let sharedBasis: RelaxationBasis | undefined;
/** The basis over {@link RELAXATION_TIMES} (built once per process: it does not depend on the data). */
export function relaxationTestBasis(): RelaxationBasis {
  return (sharedBasis ??= relaxationBasis(RELAXATION_TIMES));
}

/**
 * 12 replicate curves y = 0.1 + E_a(−(t/100)^a) + noise of sd 0.02 per point (a relative noise of 2 %
 * of the initial amplitude, 20 % of the late tail's level at t = 10⁴ for a = 0.5): the regime of the
 * network experiment, whose replicate spread is of that order.
 */
export function noisyRelaxation(order: number, seed: number, numReplicates = 12): number[][] {
  const random = createRandom(seed);
  const clean = RELAXATION_TIMES.map((t) => 0.1 + mittagLeffler(order, -((t / 100) ** order)));
  return Array.from({ length: numReplicates }, () => clean.map((v) => v + 0.02 * random.normal()));
}

export const RELAXATION_MITTAG_LEFFLER: StochasticCase = {
  name: "relaxation-mittag-leffler",
  test: "fitRelaxation.test: fitRelaxation recovers the order and time scale of noisy Mittag-Leffler relaxations",
  quantities: {
    order05: { truth: 0.5, tolerance: 0.05 },
    timeScale05: { truth: 100, tolerance: 0.15, relative: true },
    order07: { truth: 0.7, tolerance: 0.05 },
    timeScale07: { truth: 100, tolerance: 0.15, relative: true },
    // Both must exclude the exponential: a fitter whose Mittag-Leffler branch were an exponential fails here.
    excluded: { truth: 2, tolerance: [0, 0] },
  },
  run(offset) {
    const basis = relaxationTestBasis();
    const f5 = fitRelaxation(RELAXATION_TIMES, noisyRelaxation(0.5, testSeed(101, offset)), { basis, numResamples: 100, seed: testSeed(1, offset) });
    const f7 = fitRelaxation(RELAXATION_TIMES, noisyRelaxation(0.7, testSeed(102, offset)), { basis, numResamples: 100, seed: testSeed(2, offset) });
    return {
      order05: f5.order.estimate, timeScale05: f5.timeScale.estimate,
      order07: f7.order.estimate, timeScale07: f7.timeScale.estimate,
      excluded: Number(f5.exponentialExcluded) + Number(f7.exponentialExcluded),
    };
  },
};

export const RELAXATION_EXPONENTIAL_FALSE_POSITIVES: StochasticCase = {
  name: "relaxation-exponential-false-positives",
  test: "fitRelaxation.test: fitRelaxation classifies noisy exponential relaxations as exponential",
  quantities: { falsePositives: { truth: 0, tolerance: [0, 3], trials: 10 } },
  run(offset) {
    // Ten data sets y = 0.1 + e^(−t/100) + noise of sd 0.02, 12 replicates each: a 95 % interval of a
    // should exclude 1 in about 5 % or fewer of them (a = 1 is the boundary of the parameter range, so
    // the percentile interval's upper end sits at 1 whenever 2.5 % or more of resamples fit a = 1).
    const basis = relaxationTestBasis();
    let count = 0;
    for (let k = 0; k < 10; k++) {
      const seed = deriveSeed(testSeed(103, offset), k);
      if (fitRelaxation(RELAXATION_TIMES, noisyRelaxation(1, seed), { basis, numResamples: 100, seed }).exponentialExcluded) count++;
    }
    return { falsePositives: count };
  },
};

/**
 * Replicates correlated in time, as perturbation runs are: y_r = 0.1 + c_r + (1 + ε_r) E_a(−(t/100)^a)
 * + noise, with a random offset c_r (sd 0.02) and amplitude factor ε_r (sd 0.1) per replicate and white
 * noise of sd 0.01 per point. The mean over replicates is still 0.1 + E_a(−(t/100)^a) in expectation, so
 * the bootstrap interval of a should contain the true a in about 95 % of data sets.
 */
export function correlatedRelaxation(order: number, seed: number, numReplicates = 12): number[][] {
  const random = createRandom(seed);
  const shape = RELAXATION_TIMES.map((t) => mittagLeffler(order, -((t / 100) ** order)));
  return Array.from({ length: numReplicates }, () => {
    const offset = 0.02 * random.normal(), amplitude = 1 + 0.1 * random.normal();
    return shape.map((v) => 0.1 + offset + amplitude * v + 0.01 * random.normal());
  });
}

export const RELAXATION_CORRELATED_NOISE: StochasticCase = {
  name: "relaxation-correlated-noise",
  test: "fitRelaxation.test: the bootstrap interval of a covers the truth when replicates carry correlated noise",
  quantities: {
    order05: { truth: 0.5, tolerance: 0.05 },
    // Intervals (of ten data sets) that miss a = 0.5: about 0.5 expected at 95 % coverage.
    misses: { truth: 0, tolerance: [0, 3], trials: 10 },
  },
  run(offset) {
    const basis = relaxationTestBasis();
    let misses = 0, first = NaN;
    for (let k = 0; k < 10; k++) {
      const seed = deriveSeed(testSeed(104, offset), k);
      const fit = fitRelaxation(RELAXATION_TIMES, correlatedRelaxation(0.5, seed), { basis, numResamples: 100, seed });
      if (k === 0) first = fit.order.estimate;
      if (!(fit.order.lower <= 0.5 && fit.order.upper >= 0.5)) misses++;
    }
    return { order05: first, misses };
  },
};

export const THEORY_CASES: StochasticCase[] = [RELAXATION_MITTAG_LEFFLER, RELAXATION_EXPONENTIAL_FALSE_POSITIVES, RELAXATION_CORRELATED_NOISE];
