/**
 * Stochastic ground-truth checks of the steady-state statistics (see test/stochastic.ts). Each
 * tolerance is set from the bias and spread measured over 40 seed offsets
 * (test/fixtures/seedSpread/spread.md).
 */
import { bootstrapIntervals, trainTinyEnsemble } from "../../src/bayes/index";
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

export const BAYES_CASES: StochasticCase[] = [BOOTSTRAP_MEAN_SE, LANGEVIN_VARIANCE];
