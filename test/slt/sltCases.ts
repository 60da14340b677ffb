/**
 * Stochastic ground-truth checks of the LLC estimator's pieces (see test/stochastic.ts): the ESS and
 * split R-hat of chains with known autocorrelation, the convergence record on synthetic traces, the
 * Lanczos curvature, SGLD on a Gaussian target, and the sampler calibration on a regular model. Each
 * tolerance is set from the bias and spread measured over the seed offsets of
 * test/fixtures/seedSpread/spread.md.
 *
 * Run without arguments (as the test runner does for every file under test/) this module does nothing.
 */
import {
  calibrateLlcSampler,
  createLinearRegressionLoss,
  effectiveSampleSize,
  estimateLlc,
  hessianTopEigenvalue,
  llcConvergence,
  resolveSgldSettings,
  splitRhat,
  symmetricEigen,
  type SgldTrace,
} from "../../src/slt";
import { createRandom } from "../../src/util/random";
import type { StochasticCase } from "../stochastic";
import { testSeed } from "../seeds";

/** `chains` AR(1) chains of unit marginal variance, x_t = phi x_(t-1) + sqrt(1 - phi^2) z_t, each plus shift(c). */
export function ar1Chains(phi: number, chains: number, draws: number, seed: number, shift: (c: number) => number = () => 0): Float64Array[] {
  const random = createRandom(seed);
  return Array.from({ length: chains }, (_, c) => {
    const a = new Float64Array(draws);
    let x = random.normal();
    for (let t = 0; t < draws; t++) {
      x = phi * x + Math.sqrt(1 - phi * phi) * random.normal();
      a[t] = x + shift(c);
    }
    return a;
  });
}

/** The least-squares Hessian of a linear regression loss per output, X^T X / n (p x p, row-major). */
export function designMoments(inputs: Float32Array | Float64Array, n: number, p: number): Float64Array {
  const sxx = new Float64Array(p * p);
  for (let k = 0; k < n; k++) for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) sxx[i * p + j]! += (inputs[k * p + i]! * inputs[k * p + j]!) / n;
  return sxx;
}

export const AR1_EFFECTIVE_SAMPLE_SIZE: StochasticCase = {
  name: "ar1-effective-sample-size",
  test: "llcDiagnostics.test: effectiveSampleSize of AR(1) chains matches N (1 - phi) / (1 + phi)",
  // ESS / theory for 4 chains x 5000 draws. Over 20 offsets: bias -0.009, -0.005, -0.034 and sd
  // 0.014, 0.037, 0.096 for phi = 0, 0.5, 0.9; the tolerances are |bias| + 3.5 sd, rounded up (phi 0.9
  // was 0.33, from 50 earlier seeds with sd 0.090: too tight for the sd measured here).
  quantities: {
    "phi 0": { truth: 1, tolerance: 0.1, relative: true },
    "phi 0.5": { truth: 1, tolerance: 0.17, relative: true },
    "phi 0.9": { truth: 1, tolerance: 0.38, relative: true },
  },
  run(offset) {
    const out: Record<string, number> = {};
    for (const phi of [0, 0.5, 0.9]) out[`phi ${phi}`] = effectiveSampleSize(ar1Chains(phi, 4, 5000, testSeed(11, offset))) / ((20000 * (1 - phi)) / (1 + phi));
    return out;
  },
};

export const SPLIT_RHAT: StochasticCase = {
  name: "split-rhat",
  test: "llcDiagnostics.test: splitRhat is near 1 for mixed chains and flags chains that disagree or drift",
  // 4 AR(1) chains (phi 0.5) of 2000 draws, split into 8 halves of 1000. Large-sample values: mixed,
  // sqrt((999 + 3) / 1000) ≈ 1.001 (the halves' means vary by 3 / 1000); one chain shifted by one
  // standard deviation, between-halves variance 1.5 / 7 + 0.003, so sqrt(0.999 + 0.217 / 0.997) ≈
  // 1.103; chains drifting by 2 over their length, halves' means 0.5 and 1.5 (variance 2 / 7 + 0.003)
  // and within variance 0.997 + 1 / 12, so ≈ 1.125. Each tolerance keeps the claim of the test: below
  // 1.01 when mixed, above the flag levels 1.05 (shifted) and 1.07 (drifting) when not.
  quantities: {
    mixed: { truth: 1.001, tolerance: [0.01, 0.009] },
    shifted: { truth: 1.103, tolerance: [0.053, 0.1] },
    drifting: { truth: 1.125, tolerance: [0.055, 0.1] },
  },
  run(offset) {
    const seed = testSeed(3, offset);
    return {
      mixed: splitRhat(ar1Chains(0.5, 4, 2000, seed)),
      shifted: splitRhat(ar1Chains(0.5, 4, 2000, seed, (c) => (c === 0 ? 1 : 0))),
      drifting: splitRhat(ar1Chains(0.5, 4, 2000, seed).map((a) => a.map((v, t) => v + (2 * t) / 2000))),
    };
  },
};

/** A trace of 4 chains with the given draw and burn-in losses, distance 2 and virial 0.08 at every draw (d = 10). */
export function syntheticTrace(chains: Float64Array[], burnIn: Float64Array[], nBeta: number, initLoss: number): SgldTrace {
  const settings = resolveSgldSettings({ numParams: 10, numSamples: 1000, loss: () => 0, lossAndGradient: () => 0 }, { nBeta, localization: 1 });
  return {
    losses: chains,
    burnInLosses: burnIn,
    distances: chains.map((c) => new Float64Array(c.length).fill(2)),
    virials: chains.map((c) => new Float64Array(c.length).fill(0.08)),
    squareAverages: chains.map(() => new Float64Array(0)),
    params: chains.map(() => new Float32Array(0)),
    initLoss,
    settings,
    diagnostics: { mode: "sequential", numWorkers: 1, sequentialReason: "", initLossSamples: 1000, initLossStdError: 0, chainMs: new Float64Array(0), elapsedMs: 0 },
  };
}

export const LLC_CONVERGENCE_VERDICTS: StochasticCase = {
  name: "llc-convergence-verdicts",
  test: "llcDiagnostics.test: llcConvergence passes settled chains and names what is wrong with unsettled ones",
  // 1 when llcConvergence says what it should: settled chains pass; a burn-in 20 % of lambda_hat
  // lower fails the change per doubling; a drift of 2 % of the loss fails the thirds; one chain
  // shifted fails R-hat; a loss below L_n(w*) fails "not positive". No failure is allowed.
  quantities: {
    settled: { truth: 1, tolerance: 0 },
    relaxing: { truth: 1, tolerance: 0 },
    drifting: { truth: 1, tolerance: 0 },
    apart: { truth: 1, tolerance: 0 },
    negative: { truth: 1, tolerance: 0 },
  },
  run(offset) {
    // Losses 1.1 + 0.01 x AR(1): lambda_hat = n beta x 0.1 = 10 with n beta = 100 and L_n(w*) = 1.
    const settled = ar1Chains(0.5, 4, 4000, testSeed(8, offset)).map((a) => a.map((v) => 1.1 + 0.01 * v));
    const burnIn = ar1Chains(0.5, 4, 4000, testSeed(9, offset)).map((a) => a.map((v) => 1.1 + 0.01 * v));
    const shiftFirst = (chains: Float64Array[]) => chains.map((a, c) => (c === 0 ? a.map((v) => v + 0.01) : a));
    const ok = llcConvergence(syntheticTrace(settled, burnIn, 100, 1));
    const relaxing = llcConvergence(syntheticTrace(settled, burnIn.map((a) => a.map((v) => v - 0.02)), 100, 1));
    const drifting = llcConvergence(syntheticTrace(settled.map((a) => a.map((v, t) => v + (0.02 * t) / 4000)), burnIn, 100, 1));
    const apart = llcConvergence(syntheticTrace(shiftFirst(settled), shiftFirst(burnIn), 100, 1));
    const negative = llcConvergence(syntheticTrace(settled, burnIn, 100, 1.2));
    const flags = (c: ReturnType<typeof llcConvergence>, pattern: RegExp) => Number(!c.converged && c.reasons.some((r) => pattern.test(r)));
    return {
      settled: Number(ok.converged),
      relaxing: flags(relaxing, /per doubling/),
      drifting: flags(drifting, /third/),
      apart: flags(apart, /R-hat/),
      negative: flags(negative, /not positive/),
    };
  },
};

export const HESSIAN_TOP_EIGENVALUE: StochasticCase = {
  name: "hessian-top-eigenvalue",
  test: "llcDiagnostics.test: hessianTopEigenvalue finds the top eigenvalue of a quadratic loss and of a preconditioned one",
  // Found / exact on a linear regression loss (random design, random Lanczos start): central
  // differences are exact on a quadratic, so what remains is the float32 rounding of w* ± delta v
  // (~1e-5 relative); with a constant preconditioner 3 I the eigenvalue triples.
  quantities: {
    plain: { truth: 1, tolerance: 1e-4, relative: true },
    preconditioned: { truth: 1, tolerance: 1e-4, relative: true },
  },
  run(offset) {
    const n = 3000, p = 5;
    const lr = createLinearRegressionLoss({ inputDim: p, outputDim: 2, numSamples: n, seed: testSeed(1, offset) });
    const exact = Math.max(...symmetricEigen(designMoments(lr.inputs, n, p), p).values);
    const found = hessianTopEigenvalue(lr, lr.leastSquaresParams, { seed: testSeed(0, offset) });
    const scaled = hessianTopEigenvalue(lr, lr.leastSquaresParams, { preconditioner: new Float64Array(lr.numParams).fill(3), seed: testSeed(0, offset) });
    return { plain: found.converged ? found.value / exact : NaN, preconditioned: scaled.value / (3 * exact) };
  },
};

export const SGLD_GAUSSIAN: StochasticCase = {
  name: "sgld-gaussian",
  test: "llcDiagnostics.test: SGLD on a Gaussian target reproduces the exact stationary law of its Euler scheme",
  // z = (lambda_hat - exact) / its Monte Carlo standard error, exact from the Euler scheme's stationary
  // covariance (see the test). Planted at offset 0: a drift of eps instead of eps/2 gives 1.77 for
  // 3.17 (z = -157), no localization term 4.30 (z = +29); the step-size effect itself is 13 sd.
  quantities: { z: { truth: 0, tolerance: 3.5 } },
  async run(offset) {
    return { z: (await sgldGaussian(offset)).z };
  },
};

/**
 * SGLD on linear regression 4 -> 2 (a Gaussian target) with full batches, n beta 50, gamma 20 and
 * eps P_max = 0.4: the estimate, the exact value of the Euler scheme, its eps -> 0 limit and z.
 */
export async function sgldGaussian(offset: number): Promise<{ estimate: number; mcse: number; exact: number; limit: number; z: number }> {
  const n = 2000, p = 4;
  const lr = createLinearRegressionLoss({ inputDim: p, outputDim: 2, numSamples: n, noiseStd: 1, seed: testSeed(3, offset) });
  const eigenvalues = symmetricEigen(designMoments(lr.inputs, n, p), p).values;
  const nBeta = 50, gamma = 20;
  const stepSize = 0.4 / (nBeta * Math.max(...eigenvalues) + gamma);
  let exact = 0, limit = 0;
  for (const h of eigenvalues) {
    // Each eigenvalue h of X^T X / n appears once per output (2): lambda_hat = sum (n beta h / 2) Var.
    const precision = nBeta * h + gamma;
    exact += (2 * (nBeta * h) / 2) / (precision * (1 - (stepSize * precision) / 4));
    limit += (2 * (nBeta * h) / 2) / precision;
  }
  const est = await estimateLlc(lr, lr.leastSquaresParams, { nBeta, localization: gamma, stepSize, batchSize: n, numChains: 4, numBurnin: 500, numDraws: 5000, seed: testSeed(1, offset), workers: false });
  const mcse = est.convergence!.monteCarloStdError;
  return { estimate: est.mean, mcse, exact, limit, z: (est.mean - exact) / mcse };
}

export const CALIBRATE_REGULAR: StochasticCase = {
  name: "calibrate-regular",
  test: "calibrateLlcSampler.test: calibrateLlcSampler on a regular model chooses a setting that converges and lands near d/2",
  // Linear regression 10 -> 2 (d = 20, lambda = 10), n = 1000, full batches. Before the seed offsets,
  // over 12 seeds: every calibration "ok"; the reference estimate +1.8 % ± 1.5 % (sd), the chosen one
  // +5.2 % ± 4.1 %.
  quantities: {
    ok: { truth: 1, tolerance: 0 },
    estimate: { truth: 10, tolerance: 0.2, relative: true },
    reference: { truth: 10, tolerance: 0.07, relative: true },
  },
  async run(offset) {
    const lr = createLinearRegressionLoss({ inputDim: 10, outputDim: 2, numSamples: 1000, noiseStd: 1, seed: testSeed(12, offset) });
    const c = await calibrateLlcSampler(lr, lr.leastSquaresParams, { sampler: "sgld", batchSize: 1000, workers: false, seed: testSeed(2, offset), maxSteps: 16000 });
    return { ok: Number(c.ok), estimate: c.estimate.mean, reference: c.reference.mean };
  },
};

export const CALIBRATE_FROZEN_METRIC: StochasticCase = {
  name: "calibrate-frozen-metric",
  test: "calibrateLlcSampler.test: calibrateLlcSampler with a constant RMSProp metric lands near d/2 on a regular model",
  // As calibrate-regular, with RMSProp-SGLD whose metric is frozen at one step for every run (half the
  // first run's burn-in: step 750 with the defaults). Tolerances: |bias| + 3.5 sd over 40 seed
  // offsets (test/fixtures/seedSpread/spread.md): over 40, the reference +0.9 % ± 1.4 % (sd), the
  // chosen estimate +6.1 % ± 3.1 %. The calibration need not be "ok" at every seed, so ok is not
  // asserted.
  quantities: {
    estimate: { truth: 10, tolerance: 0.2, relative: true },
    reference: { truth: 10, tolerance: 0.07, relative: true },
  },
  async run(offset) {
    const lr = createLinearRegressionLoss({ inputDim: 10, outputDim: 2, numSamples: 1000, noiseStd: 1, seed: testSeed(12, offset) });
    const c = await calibrateLlcSampler(lr, lr.leastSquaresParams, { sampler: "rmsprop", preconditionerAdaptation: "burnIn", batchSize: 1000, workers: false, seed: testSeed(2, offset), maxSteps: 16000 });
    return { estimate: c.estimate.mean, reference: c.reference.mean };
  },
};

export const SLT_CASES: StochasticCase[] = [AR1_EFFECTIVE_SAMPLE_SIZE, SPLIT_RHAT, LLC_CONVERGENCE_VERDICTS, HESSIAN_TOP_EIGENVALUE, SGLD_GAUSSIAN, CALIBRATE_REGULAR, CALIBRATE_FROZEN_METRIC];
