/**
 * Stochastic ground-truth checks of the steady-state statistics (see test/stochastic.ts). Each
 * tolerance is set from the bias and spread measured over 40 seed offsets
 * (test/fixtures/seedSpread/spread.md).
 */
import { basinMeans, bootstrapIntervals, trainTinyEnsemble } from "../../src/bayes/index";
import { makeMoons } from "../../src/data/moons";
import { denseNetwork } from "../../src/model/denseNetwork";
import { classificationData } from "../../src/model/supervisedData";
import { createRandom } from "../../src/util/random";
import type { StochasticCase } from "../stochastic";
import { testSeed } from "../seeds";

export const BOOTSTRAP_MEAN_SE: StochasticCase = {
  name: "bootstrap-mean-se",
  test: "divergences.test: bootstrapIntervals gives the standard error of a mean as s / sqrt(n)",
  quantities: {
    standardError: { truth: 1, tolerance: 0.08, relative: true },
    intervalWidth: { truth: 1, tolerance: 0.1, relative: true },
  },
  run(offset) {
    const rng = createRandom(testSeed(5, offset));
    const x = Float64Array.from({ length: 200 }, () => rng.normal());
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const s = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1));
    const ci = bootstrapIntervals({ sampleSizes: [x.length], statistic: ([i]) => [i!.reduce((a, k) => a + x[k]!, 0) / i!.length], numResamples: 2000, seed: testSeed(2, offset) });
    return { standardError: ci.standardError[0]! / (s / Math.sqrt(x.length)), intervalWidth: (ci.upper[0]! - ci.lower[0]!) / (2 * 1.96 * ci.standardError[0]!) };
  },
};

export const LANGEVIN_VARIANCE: StochasticCase = {
  name: "langevin-variance",
  test: "tinyNetwork.test: trainTinyEnsemble's Langevin dynamics has the stationary variance of its discretised Ornstein–Uhlenbeck limit",
  quantities: { variance: { truth: 1, tolerance: 0.12, relative: true } },
  async run(offset) {
    const data = classificationData(makeMoons({ count: 150, noise: 0.2, seed: 3 }));
    const network = denseNetwork({ widths: [2, 16, 2] });
    const priorStd = 0.01, nBeta = 1e-4, lr = 0.1 * nBeta * priorStd ** 2;
    const seeds = Array.from({ length: 20 }, (_, i) => testSeed(i + 1, offset));
    const run = await trainTinyEnsemble({ network, data, seeds, numSteps: 300, batchSize: 16, learningRate: lr, langevin: { nBeta, priorStd }, progress: false });
    const a = 0.1;
    const expected = (2 * lr) / nBeta / (2 * a - a * a);
    let ss = 0, count = 0;
    for (const w of run.params) for (const v of w) { ss += v * v; count++; }
    return { variance: ss / count / expected };
  },
};

/** Basin-conditional means of the sticky chain below: 1, 2, 5. */
export const STICKY_BASIN_MEANS = [1, 2, 5];

/**
 * A correlated sample with known basin-conditional means: labels from a Metropolis chain on three
 * basins with stationary law (0.6, 0.3, 0.1) that stays put with probability 0.9 before proposing,
 * and values mu_k + x with x a unit-variance AR(1) process (phi = 0.8) independent of the labels, so
 * E[v | k] = mu_k exactly while both labels and values are correlated over ~10 draws.
 */
export function stickyBasinSample(seed: number, length: number): { labels: Int32Array; values: Float64Array } {
  const rng = createRandom(seed);
  const stationary = [0.6, 0.3, 0.1], phi = 0.8;
  const labels = new Int32Array(length), values = new Float64Array(length);
  let k = 0, x = rng.normal();
  for (let i = 0; i < length; i++) {
    if (rng.uniform() >= 0.9) {
      const j = (k + 1 + Math.floor(rng.uniform() * 2)) % 3;
      if (rng.uniform() < stationary[j]! / stationary[k]!) k = j;
    }
    x = phi * x + Math.sqrt(1 - phi * phi) * rng.normal();
    labels[i] = k;
    values[i] = STICKY_BASIN_MEANS[k]! + x;
  }
  return { labels, values };
}

/** Mean error and z-score spread of basinMeans over `replicates` sticky samples of 4,000 draws in blocks of `blockSize`. */
export function basinMeansCoverage(offset: number, replicates: number, blockSize: number): Record<string, number> {
  const z: number[] = [];
  const error = [0, 0, 0];
  for (let r = 0; r < replicates; r++) {
    const { labels, values } = stickyBasinSample(testSeed(40 + r, offset), 4000);
    basinMeans(labels, values, 3, { blockSize, runLength: 2000 }).forEach((m, k) => {
      error[k]! += (m.mean - STICKY_BASIN_MEANS[k]!) / replicates;
      z.push((m.mean - STICKY_BASIN_MEANS[k]!) / m.stdError);
    });
  }
  const zMean = z.reduce((a, b) => a + b, 0) / z.length;
  const zSd = Math.sqrt(z.reduce((a, b) => a + (b - zMean) ** 2, 0) / (z.length - 1));
  return { error0: error[0]!, error1: error[1]!, error2: error[2]!, zMean, zSd };
}

export const BASIN_MEANS_COVERAGE: StochasticCase = {
  name: "basin-means-coverage",
  test: "steadyStateTools.test: basinMeans recovers known basin-conditional means of a correlated chain, with calibrated standard errors",
  // 100 replicates of two runs of 2,000 draws, blocks of 100 (about 10 correlation times). Measured over
  // 40 offsets (spread.md): each tolerance is at least |bias| + 3.5 sd. The z-scores' spread is 1.08 on
  // average: batch means understate the variance by O(correlation time / block) (and the t-like tails of
  // 40 blocks add ~2 %); a standard error that ignored the correlation (blocks of one draw) gives a
  // spread of 2.6–2.9 (see the test).
  quantities: {
    error0: { truth: 0, tolerance: 0.025 },
    error1: { truth: 0, tolerance: 0.03 },
    error2: { truth: 0, tolerance: 0.06 },
    zMean: { truth: 0, tolerance: 0.25 },
    zSd: { truth: 1, tolerance: 0.25 },
  },
  run: (offset) => basinMeansCoverage(offset, 100, 100),
};

export const BAYES_CASES: StochasticCase[] = [BOOTSTRAP_MEAN_SE, LANGEVIN_VARIANCE, BASIN_MEANS_COVERAGE];
