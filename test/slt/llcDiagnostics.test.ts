/**
 * The pieces of the calibrated LLC estimator against known answers: split R-hat and ESS on chains with
 * known autocorrelation, the Lanczos curvature on quadratics whose Hessian is known, the short descent,
 * the convergence record on synthetic traces, the moment-based deep linear network loss against a
 * per-sample computation, and the SGLD sampler against the exact stationary law of the Euler scheme on
 * a Gaussian target (which pins the drift factor eps/2, the localization and the noise scale).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import {
  createDeepLinearNetworkLoss,
  createLinearRegressionLoss,
  effectiveSampleSize,
  hessianTopEigenvalue,
  llcConvergence,
  productMap,
  shortDescent,
  splitRhat,
  symmetricEigen,
} from "../../src/slt";
import { checkCase, checkValues } from "../stochastic";
import { seedOffset, testSeed } from "../seeds";
import { AR1_EFFECTIVE_SAMPLE_SIZE, HESSIAN_TOP_EIGENVALUE, LLC_CONVERGENCE_VERDICTS, SGLD_GAUSSIAN, SPLIT_RHAT, ar1Chains, sgldGaussian, syntheticTrace } from "./sltCases";

test("effectiveSampleSize of AR(1) chains matches N (1 - phi) / (1 + phi)", async () => {
  // 4 chains x 5000 draws: bands 0.1, 0.17, 0.38 on ESS / theory for phi = 0, 0.5, 0.9, each
  // |bias| + 3.5 sd of the spread measured over seed offsets, rounded up (the case AR1_EFFECTIVE_SAMPLE_SIZE).
  await checkCase(AR1_EFFECTIVE_SAMPLE_SIZE);
});

test("splitRhat is near 1 for mixed chains and flags chains that disagree or drift", async () => {
  // Against the large-sample values of the case SPLIT_RHAT (1.001, 1.103, 1.125); the tolerances keep
  // mixed chains below 1.01 and the others above the flag levels.
  await checkCase(SPLIT_RHAT);
  // By hand, chains [0, 2, 1, 3] and [1, 1, 2, 4]: halves' means 1, 2, 1, 3 (between variance 2.75 / 3),
  // variances 2, 2, 0, 2 (within 1.5), so R-hat = sqrt((1/2 x 1.5 + 2.75 / 3) / 1.5). With a fifth
  // draw the middle one is left out: halves [0, 2], [3, 9], [1, 1], [4, 9] give sqrt(13.2917 / 8.125).
  assert.ok(Math.abs(splitRhat([[0, 2, 1, 3], [1, 1, 2, 4]]) - Math.sqrt((0.75 + 2.75 / 3) / 1.5)) < 1e-12);
  assert.ok(Math.abs(splitRhat([[0, 2, 1, 3, 9], [1, 1, 2, 4, 9]]) - Math.sqrt((0.5 * 8.125 + 27.6875 / 3) / 8.125)) < 1e-12);
  // Constant chains: equal ones agree (1), different ones can never mix (Infinity).
  assert.deepEqual([splitRhat([[1, 1, 1, 1], [1, 1, 1, 1]]), splitRhat([[1, 1, 1, 1], [2, 2, 2, 2]])], [1, Infinity]);
  assert.throws(() => splitRhat([new Float64Array(3)]), /at least 4 draws/);
  assert.throws(() => splitRhat([new Float64Array(8), new Float64Array(9)]), /same length/);
});

test("symmetricEigen diagonalises a symmetric matrix", () => {
  const m = Float64Array.from([4, 1, 0, 1, 3, 1, 0, 1, 2]);
  const { values, vectors } = symmetricEigen(m, 3);
  for (let k = 0; k < 3; k++) {
    for (let i = 0; i < 3; i++) {
      let mv = 0;
      for (let j = 0; j < 3; j++) mv += m[i * 3 + j]! * vectors[j * 3 + k]!;
      assert.ok(Math.abs(mv - values[k]! * vectors[i * 3 + k]!) < 1e-12);
    }
  }
  // Trace and determinant are kept: 9 and 18.
  assert.ok(Math.abs(values.reduce((s, v) => s + v, 0) - 9) < 1e-12);
  assert.ok(Math.abs(values.reduce((s, v) => s * v, 1) - 18) < 1e-11);
});

test("hessianTopEigenvalue finds the top eigenvalue of a quadratic loss and of a preconditioned one", async () => {
  // Central differences are exact on a quadratic; what remains is the float32 rounding of w* ± delta v
  // (~1e-5 relative, measured), far below the 1e-4 asked. With a constant preconditioner G = g I the
  // eigenvalue scales by g. The design and the Lanczos start move with the seed offset.
  await checkCase(HESSIAN_TOP_EIGENVALUE);
});

test("hessianTopEigenvalue on a deep linear network matches the largest eigenvalue of the full Hessian", () => {
  const dln = createDeepLinearNetworkLoss({ widths: [3, 4, 2], rank: 1, numSamples: 500, seed: 2, trueParameter: "generic" });
  const d = dln.numParams;
  const all = Int32Array.from({ length: 500 }, (_, i) => i);
  const hessian = new Float64Array(d * d);
  const g1 = new Float32Array(d), g2 = new Float32Array(d);
  const h = 1e-3;
  for (let j = 0; j < d; j++) {
    const plus = Float32Array.from(dln.trueParams), minus = Float32Array.from(dln.trueParams);
    plus[j]! += h;
    minus[j]! -= h;
    dln.lossAndGradient(plus, all, g1);
    dln.lossAndGradient(minus, all, g2);
    const step = (plus[j]! - minus[j]!);
    for (let i = 0; i < d; i++) hessian[i * d + j] = (g1[i]! - g2[i]!) / step;
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) hessian[i * d + j] = hessian[j * d + i] = (hessian[i * d + j]! + hessian[j * d + i]!) / 2;
  const exact = Math.max(...symmetricEigen(hessian, d).values.map(Math.abs));
  const found = hessianTopEigenvalue(dln, dln.trueParams);
  // The reference Hessian itself carries float32 difference error (~1e-4 relative).
  assert.ok(Math.abs(found.value / exact - 1) < 1e-3, `${found.value} against ${exact}`);
});

test("the moment-based deep linear network loss equals the per-sample loss, on minibatches and the full batch", () => {
  for (const options of [
    { widths: [5, 3, 6, 4], rank: 2, numSamples: 300, seed: 2, noiseStd: 0.5, inputDistribution: "uniform" as const, inputScale: 10, trueParameter: "generic" as const },
    { widths: [4, 2], rank: 2, numSamples: 100, seed: 3, noiseStd: 1 },
  ]) {
    const dln = createDeepLinearNetworkLoss(options);
    const w = Float32Array.from(dln.trueParams, (v, i) => v + 0.1 * Math.sin(i + 1));
    const direct = (idx: Int32Array): number => {
      const map = productMap(dln.widths, dln.layerOffsets, w);
      const h0 = dln.widths[0]!, hL = dln.widths.at(-1)!;
      let sum = 0;
      for (const n of idx) {
        for (let o = 0; o < hL; o++) {
          let v = 0;
          for (let k = 0; k < h0; k++) v += map[o * h0 + k]! * dln.inputs[n * h0 + k]!;
          sum += (dln.targets[n * hL + o]! - v) ** 2;
        }
      }
      return (0.5 * sum) / idx.length + hL * 0.5 * Math.log(2 * Math.PI);
    };
    const batch = Int32Array.from({ length: 37 }, (_, i) => (i * 7) % options.numSamples);
    const everything = Int32Array.from({ length: options.numSamples }, (_, i) => options.numSamples - 1 - i);
    for (const idx of [batch, everything]) {
      const value = dln.loss(w, idx);
      assert.ok(Math.abs(value - direct(idx)) <= 1e-12 * Math.abs(value), `${value} against ${direct(idx)}`);
    }
    // The gradient against central differences of the per-sample loss.
    const grad = new Float32Array(dln.numParams);
    dln.lossAndGradient(w, batch, grad);
    for (let i = 0; i < dln.numParams; i += 3) {
      const saved = w[i]!;
      w[i] = saved + 1e-3;
      const up = direct(batch);
      w[i] = saved - 1e-3;
      const down = direct(batch);
      const step = (saved + 1e-3 - Math.fround(saved - 1e-3));
      w[i] = saved;
      const fd = (up - down) / step;
      assert.ok(Math.abs(fd - grad[i]!) <= 2e-3 * (1 + Math.abs(fd)), `coordinate ${i}: ${grad[i]} against ${fd}`);
    }
  }
});

test("shortDescent finds no lower loss at a minimum and a lower one beside it", () => {
  const lr = createLinearRegressionLoss({ inputDim: 3, outputDim: 2, numSamples: 400, seed: 4 });
  const h = hessianTopEigenvalue(lr, lr.leastSquaresParams).value;
  assert.ok(shortDescent(lr, lr.leastSquaresParams, { curvature: h }).drop < 1e-9);
  const away = Float32Array.from(lr.leastSquaresParams, (v) => v + 0.3);
  const descent = shortDescent(lr, away, { curvature: h, steps: 10 });
  assert.ok(descent.drop > 0.01);
  for (let s = 1; s < descent.losses.length; s++) assert.ok(descent.losses[s]! <= descent.losses[s - 1]! + 1e-12, "the loss never rises at step 1 / h_max");
  assert.throws(() => shortDescent(lr, away, {}), /stepSize/);
});

test("llcConvergence passes settled chains and names what is wrong with unsettled ones", async () => {
  // Losses 1 + 0.1 x AR(1): lambda_hat = n beta x 0.1 x mean ≈ 0 around 10 x 1 = 10 with n beta = 100.
  const settled = ar1Chains(0.5, 4, 4000, testSeed(8)).map((a) => a.map((v) => 1.1 + 0.01 * v));
  const burnIn = ar1Chains(0.5, 4, 4000, testSeed(9)).map((a) => a.map((v) => 1.1 + 0.01 * v));
  const ok = llcConvergence(syntheticTrace(settled, burnIn, 100, 1));
  assert.ok(ok.converged, ok.reasons.join("; "));
  assert.ok(Math.abs(ok.drift.difference) < 0.5);
  // Localizer share gamma E|w - w*|^2 / d = 1 x 2 / 10; loss share n beta x 0.08 / 10.
  assert.ok(Math.abs(ok.localizerShare - 0.2) < 1e-12);
  assert.ok(Math.abs(ok.lossShare - 0.8) < 1e-12);
  // Still relaxing: the burn-in sits 20 % of lambda_hat lower, so the running estimate moves by about
  // 10 % per doubling over the last two ([T/8, T/4) is burn-in), beyond 5 % + 2 standard errors.
  const lowBurnIn = burnIn.map((a) => a.map((v) => v - 0.02));
  const relaxing = llcConvergence(syntheticTrace(settled, lowBurnIn, 100, 1));
  assert.ok(!relaxing.converged && relaxing.reasons.some((r) => /per doubling/.test(r)), relaxing.reasons.join("; "));
  // A drift within the draws.
  const drifting = settled.map((a) => a.map((v, t) => v + (0.02 * t) / 4000));
  const drift = llcConvergence(syntheticTrace(drifting, burnIn, 100, 1));
  assert.ok(!drift.converged && drift.reasons.some((r) => /third/.test(r)));
  // A chain that disagrees with the others.
  const apart = settled.map((a, c) => (c === 0 ? a.map((v) => v + 0.01) : a));
  assert.ok(llcConvergence(syntheticTrace(apart, burnIn.map((a, c) => (c === 0 ? a.map((v) => v + 0.01) : a)), 100, 1)).reasons.some((r) => /R-hat/.test(r)));
  // Below the initial loss: a negative estimate.
  assert.ok(llcConvergence(syntheticTrace(settled, burnIn, 100, 1.2)).reasons.some((r) => /not positive/.test(r)));
  // The same verdicts as a case, so that the spread table counts failures over the seed offsets.
  await checkCase(LLC_CONVERGENCE_VERDICTS);
});

test("SGLD on a Gaussian target reproduces the exact stationary law of its Euler scheme", async () => {
  // Linear regression (a quadratic loss) with full batches: the chain is the Euler scheme of the
  // Langevin equation for p ∝ exp(-n beta L - gamma |w - w*|^2 / 2), whose stationary covariance is
  // exactly P^-1 (I - eps P / 4)^-1, P = n beta H + gamma. Hence, per eigenvalue h of H (each repeated
  // for the 2 outputs), lambda_hat = sum (n beta h / 2) / (P (1 - eps P / 4)). At eps P_max = 0.4 this
  // is 11 % above its eps -> 0 value; a drift of eps instead of eps/2, a missing localization or a
  // wrong noise scale each move it by far more than the tolerance. The error in units of the Monte
  // Carlo standard error is the case SGLD_GAUSSIAN (tolerance 3.5, measured in the spread table).
  const r = await sgldGaussian(seedOffset());
  checkValues(SGLD_GAUSSIAN, { z: r.z });
  assert.ok(Math.abs(r.exact - r.limit) > 8 * r.mcse, `the test must resolve the step-size effect: ${r.exact} against ${r.limit} ± ${r.mcse}`);
});

// Hand-checkable cases of effectiveSampleSize, computed by a separate implementation of the same
// definition (autocovariances as direct sums, not by FFT; BDA3 §11.5 var_plus; Geyer's initial monotone
// sequence; Stan's floor 1 / log10(M N)). Each case exercises one part of the definition, so that a
// slip in it changes the value: two chains with different means (the between-chain term of var_plus,
// variance below 1), three chains of odd length where the monotone constraint binds, a chain whose
// pair sums stay positive to the end, antithetic draws (the floor) and constant draws. The tolerance
// 1e-9 relative covers the FFT's rounding (about 1e-13 on these lengths).
test("effectiveSampleSize equals the value computed by hand from its definition", () => {
  const cases: { name: string; chains: number[][]; expected: number }[] = [
    {
      name: "two chains, different means",
      chains: [[0.1, 0.4, 0.3, 0.5, 0.2, 0.6, 0.4, 0.7, 0.5, 0.3], [0.9, 0.7, 0.8, 0.6, 0.9, 0.5, 0.7, 0.6, 0.8, 0.7]],
      expected: 1.6276375793656614,
    },
    {
      name: "three chains of 9 draws, monotone constraint binding",
      chains: [[0.62, 0.74, 0.8, 0.94, 0.74, 0.92, 0.03, 0.47, 0.94], [0.65, 0.9, 0.11, 0.47, 0.25, 0.54, 0.57, 0.01, 0.22], [0.28, 0.92, 0.77, 0.16, 0.8, 0.14, 0.62, 0.13, 0.0]],
      expected: 17.268161310893568,
    },
    { name: "a trend: every pair sum positive", chains: [[0, 1, 2, 3, 4, 5, 6, 7]], expected: 4.7659574468085095 },
    { name: "antithetic draws: tau at its floor", chains: [[1, -1, 1, -1, 1, -1, 1, -1]], expected: 8 * Math.log10(8) },
    // M N = 8, not 10: with 10 the floor 1 / log10(M N) is 1 and a constant chain would give M N either way.
    { name: "constant draws", chains: [[3, 3, 3, 3], [3, 3, 3, 3]], expected: 8 },
  ];
  for (const { name, chains, expected } of cases) {
    const got = effectiveSampleSize(chains.map((c) => Float64Array.from(c)));
    assert.ok(Math.abs(got - expected) <= 1e-9 * expected, `${name}: ESS ${got}, expected ${expected}`);
  }
});
