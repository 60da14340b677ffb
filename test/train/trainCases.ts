/**
 * Stochastic ground-truth checks of the samplers in train/ (see test/stochastic.ts). Each tolerance is
 * set from the bias and spread measured over 40 seed offsets (test/fixtures/seedSpread/spread.md).
 */
import { replicaExchangeLangevin } from "../../src/train/replicaExchangeLangevin";
import { basinMeans } from "../../src/bayes/basinMeans";
import { createGaussianWellsLoss, wellsBasinMasses, wellsBasinStatistics } from "../../src/slt/gaussianWellsLoss";
import type { StochasticCase } from "../stochastic";
import { testSeed } from "../seeds";

// Three wells of widths 0.5, 0.4, 0.3 and n = 30: barriers of n (2)^2 / (2 s^2) ≈ 240–670 nats at
// beta = 1, which plain Langevin never crosses; basin masses ≈ 0.51, 0.33, 0.16 by quadrature.
export const WELLS = createGaussianWellsLoss({ centers: [[-2, 0], [2, 0], [0, 2.5]], widths: [0.5, 0.4, 0.3], numSamples: 30 });
export const WELLS_PRIOR_STD = 3;
export const WELLS_LADDER = Array.from({ length: 8 }, (_, j) => 30 * 0.5 ** j);
/** The exact basin masses of the posterior at n beta = 30, by quadrature (converged: see replicaExchange.test). */
export const WELLS_MASSES = wellsBasinMasses(WELLS, { nBeta: 30, priorStd: WELLS_PRIOR_STD });

/** Share of the draws (2-D points, numDraws x 2) in each basin. */
export function basinShares(draws: Float32Array, numDraws: number): number[] {
  const m = [0, 0, 0];
  for (let i = 0; i < numDraws; i++) m[WELLS.basin(draws.subarray(2 * i, 2 * i + 2))]! += 1 / numDraws;
  return m;
}

export const REPLICA_EXCHANGE_MASSES: StochasticCase = {
  name: "replica-exchange-masses",
  test: "replicaExchange.test: replicaExchangeLangevin recovers the basin masses known by quadrature",
  // Mean over 10 runs of 20,000 steps. Measured over 40 offsets (spread.md): the tolerance is at least
  // |bias| + 3.5 sd of the 10-run means, and the exchange-free control below shows the check can fail
  // (one chain stays in basin 0: errors of +0.49, -0.33, -0.16).
  quantities: {
    basin0: { truth: WELLS_MASSES[0]!, tolerance: 0.06 },
    basin1: { truth: WELLS_MASSES[1]!, tolerance: 0.06 },
    basin2: { truth: WELLS_MASSES[2]!, tolerance: 0.05 },
  },
  // Also returns the fewest round trips and the lowest swap acceptance of the 10 runs (not ground
  // truths; the test asserts them).
  run(offset) {
    const seeds = 10;
    const mean = [0, 0, 0];
    let minRoundTrips = Infinity, minSwapAcceptance = Infinity;
    for (let s = 0; s < seeds; s++) {
      // Every replica starts in well 0: the other basins must be found by the exchange.
      const run = replicaExchangeLangevin({
        loss: WELLS, nBetas: WELLS_LADDER, priorStd: WELLS_PRIOR_STD, stepSizes: 0.045,
        initial: WELLS_LADDER.map(() => new Float32Array([-2, 0])), numSteps: 20000, swapEvery: 5, recordEvery: 10, seed: testSeed(100 + s, offset),
      });
      minRoundTrips = Math.min(minRoundTrips, run.roundTrips);
      minSwapAcceptance = Math.min(minSwapAcceptance, ...run.swapAcceptance);
      basinShares(run.draws, run.numDraws).forEach((m, k) => (mean[k]! += m / seeds));
    }
    return { basin0: mean[0]!, basin1: mean[1]!, basin2: mean[2]!, minRoundTrips, minSwapAcceptance };
  },
};

// Wells of weights 1, 1.02, 1.04 under a prior of s.d. 1.5, and a ladder whose coldest replica is the
// whole posterior tempered to n beta = 60, prior included (exp(-60 L - 2 |w|^2 / (2 sigma^2)): s.d.
// sigma / sqrt(2)), above the posterior at n beta = 30 and hotter rungs: both recorded from one run.
// Masses by quadrature: tempered 0.223, 0.467, 0.310; posterior 0.349, 0.404, 0.247; and at n beta = 60
// with the prior left untempered 0.185, 0.389, 0.426, close to what a swap without the prior term gives.
export const TEMPERED_WELLS = createGaussianWellsLoss({ centers: [[-2, 0], [2, 0], [0, 2.5]], widths: [0.5, 0.4, 0.3], weights: [1, 1.02, 1.04], numSamples: 30 });
export const TEMPERED_PRIOR_STD = 1.5;
export const TEMPERED_LADDER = [60, ...WELLS_LADDER];
export const TEMPERED_PRIORS = TEMPERED_LADDER.map((_, j) => (j === 0 ? TEMPERED_PRIOR_STD / Math.SQRT2 : TEMPERED_PRIOR_STD));
/** Exact masses and basin-conditional mean losses of the two recorded replicas, by quadrature. */
export const TEMPERED_TRUTH = wellsBasinStatistics(TEMPERED_WELLS, { nBeta: 60, priorStd: TEMPERED_PRIOR_STD / Math.SQRT2 });
export const POSTERIOR_TRUTH = wellsBasinStatistics(TEMPERED_WELLS, { nBeta: 30, priorStd: TEMPERED_PRIOR_STD });

export const REPLICA_EXCHANGE_TEMPERED: StochasticCase = {
  name: "replica-exchange-tempered",
  test: "replicaExchange.test: replicaExchangeLangevin with per-replica priors samples a tempered posterior and the posterior in one run",
  // Pooled draws of 10 runs of 20,000 steps; mean losses per basin by basinMeans (blocks of 50 draws).
  // Measured over 40 offsets (spread.md): each tolerance is at least |bias| + 3.5 sd. Planted faults
  // fail it: a swap without the prior term gives tempered masses 0.18, 0.41, 0.41 (basin 2 off by 0.10),
  // and one prior for every replica the untempered 0.185, 0.389, 0.426.
  quantities: {
    temperedMass0: { truth: TEMPERED_TRUTH.masses[0]!, tolerance: 0.05 },
    temperedMass1: { truth: TEMPERED_TRUTH.masses[1]!, tolerance: 0.06 },
    temperedMass2: { truth: TEMPERED_TRUTH.masses[2]!, tolerance: 0.065 },
    mass0: { truth: POSTERIOR_TRUTH.masses[0]!, tolerance: 0.05 },
    mass1: { truth: POSTERIOR_TRUTH.masses[1]!, tolerance: 0.05 },
    mass2: { truth: POSTERIOR_TRUTH.masses[2]!, tolerance: 0.05 },
    temperedLoss0: { truth: TEMPERED_TRUTH.meanLoss[0]!, tolerance: 0.001 },
    temperedLoss1: { truth: TEMPERED_TRUTH.meanLoss[1]!, tolerance: 0.001 },
    temperedLoss2: { truth: TEMPERED_TRUTH.meanLoss[2]!, tolerance: 0.001 },
    loss0: { truth: POSTERIOR_TRUTH.meanLoss[0]!, tolerance: 0.0017 },
    loss1: { truth: POSTERIOR_TRUTH.meanLoss[1]!, tolerance: 0.0017 },
    loss2: { truth: POSTERIOR_TRUTH.meanLoss[2]!, tolerance: 0.0017 },
  },
  run(offset) {
    const runs = 10;
    const labels: number[][] = [[], []], losses: number[][] = [[], []];
    let runLength = 0;
    for (let s = 0; s < runs; s++) {
      const run = replicaExchangeLangevin({
        loss: TEMPERED_WELLS, nBetas: TEMPERED_LADDER, priorStd: TEMPERED_PRIORS, stepSizes: TEMPERED_LADDER.map((b) => Math.min(0.045, 1.35 / b)),
        initial: TEMPERED_LADDER.map(() => new Float32Array([-2, 0])), numSteps: 20000, swapEvery: 5, recordEvery: 10, recordReplicas: [0, 1], seed: testSeed(300 + s, offset),
      });
      runLength = run.numDraws;
      run.recorded.forEach((r, j) => {
        for (let i = 0; i < run.numDraws; i++) {
          labels[j]!.push(TEMPERED_WELLS.basin(r.draws.subarray(2 * i, 2 * i + 2)));
          losses[j]!.push(r.drawLoss[i]!);
        }
      });
    }
    const out: Record<string, number> = {};
    (["tempered", ""] as const).forEach((prefix, j) => {
      const means = basinMeans(labels[j]!, losses[j]!, 3, { blockSize: 50, runLength });
      means.forEach((m, k) => {
        out[prefix ? `${prefix}Mass${k}` : `mass${k}`] = m.count / labels[j]!.length;
        out[prefix ? `${prefix}Loss${k}` : `loss${k}`] = m.mean;
      });
    });
    return out;
  },
};

export const TRAIN_CASES: StochasticCase[] = [REPLICA_EXCHANGE_MASSES, REPLICA_EXCHANGE_TEMPERED];
