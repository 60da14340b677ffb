import { test } from "node:test";
import * as assert from "node:assert/strict";
import {
  createDeepLinearNetworkLoss,
  createLinearRegressionLoss,
  createNormalCrossingLoss,
  lossFromSpec,
  normalCrossingLearningCoefficient,
  productMap,
} from "../../src/slt";
import type { MinibatchLoss } from "../../src/model/minibatchLoss";

/** Largest |analytic - central difference| over all coordinates, relative to the largest gradient entry. */
function gradientError(loss: MinibatchLoss, params: Float32Array, indices: Int32Array, h: number): number {
  const g = new Float32Array(loss.numParams);
  loss.lossAndGradient(params, indices, g);
  let err = 0, scale = 0;
  for (let i = 0; i < loss.numParams; i++) {
    const q = Float32Array.from(params);
    q[i] = params[i]! + h;
    const up = loss.loss(q, indices);
    q[i] = params[i]! - h;
    const down = loss.loss(q, indices);
    const fd = (up - down) / (2 * h);
    err = Math.max(err, Math.abs(fd - g[i]!));
    scale = Math.max(scale, Math.abs(g[i]!));
  }
  return err / scale;
}

test("deep linear network gradients match central differences", () => {
  const dln = createDeepLinearNetworkLoss({ widths: [5, 4, 6, 3], rank: 2, numSamples: 50, noiseStd: 0.3, seed: 4 });
  const p = Float32Array.from(dln.trueParams, (v, i) => v + 0.2 * Math.sin(3 * i));
  // The loss is a polynomial of degree 6 in the parameters; with h = 1e-2 the central-difference
  // truncation error is ~h^2 = 1e-4 relative, and float32 gradients round at ~1e-7.
  assert.ok(gradientError(dln, p, Int32Array.from([0, 7, 9, 31, 49]), 1e-2) < 1e-3);
});

test("normal crossing gradients match central differences", () => {
  for (const [a, b] of [[1, 1], [1, 2], [2, 3]] as const) {
    const nc = createNormalCrossingLoss({ a, b, numSamples: 40, noiseStd: 0.5, seed: a + b });
    assert.ok(gradientError(nc, Float32Array.from([0.7, -0.9]), Int32Array.from([1, 2, 3, 30]), 1e-3) < 1e-3, `(${a}, ${b})`);
  }
});

test("the true parameter of noise-free models attains the Gaussian entropy on every batch", () => {
  const dln = createDeepLinearNetworkLoss({ widths: [6, 5, 5, 4], rank: 3, numSamples: 200, seed: 1 });
  const batch = Int32Array.from([3, 17, 150]);
  // Residuals are exactly representable up to float32 rounding of w*: relative 1e-6 allowed.
  assert.ok(Math.abs(dln.loss(dln.trueParams, batch) - 2 * Math.log(2 * Math.PI)) < 1e-6);
  const nc = createNormalCrossingLoss({ a: 2, b: 3, numSamples: 20, seed: 1 });
  assert.equal(nc.loss(nc.trueParams, batch.subarray(0, 2)), 0.5 * Math.log(2 * Math.PI));
});

test("the true parameter of a deep linear network has every layer of rank r and the product of rank r", () => {
  const dln = createDeepLinearNetworkLoss({ widths: [7, 6, 8, 5], rank: 2, numSamples: 10, seed: 9 });
  const map = productMap(dln.widths, dln.layerOffsets, dln.trueParams);
  // W0 = A_L S A_0^T with orthonormal A and orthogonal S: its Gram matrix W0 W0^T is the projector
  // onto an r-dimensional subspace, so trace = r and W0 W0^T W0 W0^T = W0 W0^T (float32 rounding: 1e-5).
  const [h0, hL] = [7, 5];
  const gram = new Float64Array(hL * hL);
  for (let i = 0; i < hL; i++) for (let j = 0; j < hL; j++) for (let k = 0; k < h0; k++) gram[i * hL + j]! += map[i * h0 + k]! * map[j * h0 + k]!;
  let trace = 0;
  for (let i = 0; i < hL; i++) trace += gram[i * hL + i]!;
  assert.ok(Math.abs(trace - 2) < 1e-5);
  for (let i = 0; i < hL; i++) {
    for (let j = 0; j < hL; j++) {
      let sq = 0;
      for (let k = 0; k < hL; k++) sq += gram[i * hL + k]! * gram[k * hL + j]!;
      assert.ok(Math.abs(sq - gram[i * hL + j]!) < 1e-5);
    }
  }
  // Aoyagi for (7, 6, 8, 5), r = 2: M = (5, 4, 6, 3), l = 3, s = 18, a = 3: 10 - 54 + 119/2.
  assert.equal(dln.learningCoefficient, 15.5);
});

test("the least-squares parameter of linear regression has zero full-data gradient", () => {
  const lr = createLinearRegressionLoss({ inputDim: 6, outputDim: 3, numSamples: 400, seed: 2 });
  const g = new Float32Array(lr.numParams);
  lr.lossAndGradient(lr.leastSquaresParams, Int32Array.from({ length: 400 }, (_, i) => i), g);
  // Gradient ~ X^T residual / n evaluated at float32-rounded parameters: ~1e-7 * |X^T X / n| ~ 1e-6.
  assert.ok(Math.max(...g.map(Math.abs)) < 1e-5);
  assert.equal(lr.learningCoefficient, 9);
});

test("a loss rebuilt from its spec is the same function", async () => {
  const models: MinibatchLoss[] = [
    createDeepLinearNetworkLoss({ widths: [4, 3, 2], rank: 1, numSamples: 30, noiseStd: 1, seed: 5 }),
    createNormalCrossingLoss({ a: 1, b: 2, numSamples: 30, noiseStd: 1, seed: 5 }),
    createLinearRegressionLoss({ inputDim: 3, numSamples: 30, seed: 5 }),
  ];
  for (const model of models) {
    const copy = await lossFromSpec((model as MinibatchLoss & { spec: never }).spec);
    const p = Float32Array.from({ length: model.numParams }, (_, i) => Math.cos(i));
    const batch = Int32Array.from([0, 4, 29]);
    assert.equal(copy.loss(p, batch), model.loss(p, batch));
  }
});

test("model factories name the bad option and its range", () => {
  assert.throws(() => createNormalCrossingLoss({ a: 0, b: 1, numSamples: 10, seed: 0 }), /createNormalCrossingLoss: a must be an integer >= 1, got 0/);
  assert.throws(() => normalCrossingLearningCoefficient(1, 1.5), RangeError);
  assert.throws(() => createDeepLinearNetworkLoss({ widths: [3, 2, 4], rank: 3, numSamples: 10, seed: 0 }), /rank must be an integer in \[0, 2\], got 3/);
  assert.throws(() => createLinearRegressionLoss({ inputDim: 5, numSamples: 4, seed: 0 }), /numSamples must be an integer >= inputDim = 5, got 4/);
  const dln = createDeepLinearNetworkLoss({ widths: [3, 2], rank: 1, numSamples: 10, seed: 0 });
  assert.throws(() => dln.loss(new Float32Array(6), Int32Array.from([10])), /sample index must be an integer in \[0, 9\], got 10/);
});
