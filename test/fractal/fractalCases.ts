/**
 * Stochastic ground-truth checks of the ground-truth walks (see test/stochastic.ts). Each tolerance is
 * set from the bias and spread measured over 40 seed offsets (test/fixtures/seedSpread/spread.md).
 */
import { ensembleMsd, fitMsdExponent, fitPowerLaw } from "../../src/diffusion";
import { CRITICAL_PERCOLATION_2D, continuousTimeRandomWalk, fractionalBrownianMotion, gasketProductWalk, percolationClusterWalk, SIERPINSKI_GASKET } from "../../src/fractal";
import type { StochasticCase } from "../stochastic";
import { testSeed } from "../seeds";

export const GASKET_PRODUCT_EXPONENT: StochasticCase = {
  name: "gasket-product-exponent",
  test: "groundTruthWalks.test: gasketProductWalk keeps the gasket walk dimension in every factor",
  quantities: { exponent: { truth: 2 / SIERPINSKI_GASKET.walkDimension, tolerance: 0.05, relative: true } },
  run(offset) {
    const walks = gasketProductWalk({ factors: 3, generation: 9, numSteps: 30000, numWalkers: 150, seed: testSeed(2, offset), start: "corner" });
    return { exponent: fitMsdExponent(ensembleMsd(walks), { window: { start: 30000 / SIERPINSKI_GASKET.timeScaleFactor ** 4, end: 30000 } }).exponent };
  },
};

export const PERCOLATION_EXPONENT: StochasticCase = {
  name: "percolation-exponent",
  test: "groundTruthWalks.test: percolationClusterWalk is sub-diffusive with d_w near 2.87",
  quantities: { exponent: { truth: 2 / CRITICAL_PERCOLATION_2D.walkDimension, tolerance: 0.18, relative: true } },
  run(offset) {
    const curve = ensembleMsd(percolationClusterWalk({ size: 256, numSteps: 10000, numWalkers: 200, seed: testSeed(5, offset) }));
    return { exponent: fitPowerLaw(curve.lags, curve.msd, { start: 100, end: 10000 }).exponent };
  },
};

export const CTRW_EXPONENT: StochasticCase = {
  name: "ctrw-exponent",
  test: "groundTruthWalks.test: continuousTimeRandomWalk ensemble MSD grows like t^a",
  quantities: { "a 0.5": { truth: 0.5, tolerance: 0.11 }, "a 0.7": { truth: 0.7, tolerance: 0.11 } },
  run(offset) {
    const out: Record<string, number> = {};
    for (const a of [0.5, 0.7]) {
      const walks = continuousTimeRandomWalk({ waitingExponent: a, numSnapshots: 10001, numWalkers: 2000, seed: testSeed(3, offset) });
      out[`a ${a}`] = fitMsdExponent(ensembleMsd(walks)).exponent;
    }
    return out;
  },
};

export const FBM_VARIANCE: StochasticCase = {
  name: "fbm-variance",
  test: "groundTruthWalks.test: fractionalBrownianMotion has variance t^(2H) at every time",
  quantities: Object.fromEntries([0.5, 5, 50].map((t) => [`t ${t}`, { truth: t ** 0.6, tolerance: 0.13, relative: true }])),
  run(offset) {
    const curve = ensembleMsd(fractionalBrownianMotion({ hurst: 0.3, numSnapshots: 101, numWalkers: 2000, seed: testSeed(8, offset), timeStep: 0.5 }));
    return { "t 0.5": curve.msd[0]!, "t 5": curve.msd[9]!, "t 50": curve.msd[99]! };
  },
};

export const FRACTAL_CASES: StochasticCase[] = [GASKET_PRODUCT_EXPONENT, PERCOLATION_EXPONENT, CTRW_EXPONENT, FBM_VARIANCE];
