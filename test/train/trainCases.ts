/**
 * Stochastic ground-truth checks of the samplers in train/ (see test/stochastic.ts). Each tolerance is
 * set from the bias and spread measured over 40 seed offsets (test/fixtures/seedSpread/spread.md).
 */
import { replicaExchangeLangevin } from "../../src/train/replicaExchangeLangevin";
import { createGaussianWellsLoss, wellsBasinMasses } from "../../src/slt/gaussianWellsLoss";
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

export const TRAIN_CASES: StochasticCase[] = [REPLICA_EXCHANGE_MASSES];
