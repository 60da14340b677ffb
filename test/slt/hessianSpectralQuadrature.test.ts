import { test } from "node:test";
import * as assert from "node:assert/strict";
import type { MinibatchLoss } from "../../src/model/minibatchLoss";
import { hessianSpectralQuadrature, hessianTopEigenvalue, quadraticDescentExcess } from "../../src/slt/index";
import { fitRelaxation, relaxationBasis } from "../../src/theory/index";
import { createRandom } from "../../src/util/random";

/** L(w) = ½ Σ h_j w_j²: Hessian diag(h) exactly, whatever the samples. */
function diagonalQuadratic(h: number[]): MinibatchLoss {
  const d = h.length;
  const value = (w: Float32Array) => h.reduce((s, hj, j) => s + 0.5 * hj * w[j]! * w[j]!, 0);
  return {
    numParams: d, numSamples: 1,
    lossAndGradient(w, _indices, gradient) { for (let j = 0; j < d; j++) gradient[j] = h[j]! * w[j]!; return value(w); },
    loss: (w) => value(w),
  };
}

// The relaxation test's setting: η = 0.05, curvatures log-uniform from ηh = 1/3000 to ηh = 0.5, 28 log-spaced steps to 3000.
const eta = 0.05;
const logUniform = (d: number) => Array.from({ length: d }, (_, j) => Math.exp(Math.log(1 / 150) + ((j + 0.5) / d) * Math.log(1500)));
const steps = [...new Set(Array.from({ length: 30 }, (_, i) => Math.round(3000 ** (i / 29))))];
const exactExcess = (h: number[], delta: Float64Array) => steps.map((t) => h.reduce((s, hj, j) => (hj > 0 ? s + 0.5 * hj * delta[j]! ** 2 * (1 - eta * hj) ** (2 * t) : s), 0));

test("hessianSpectralQuadrature predicts the gradient-descent excess of a quadratic with a known spectrum", () => {
  const h = logUniform(400);
  const loss = diagonalQuadratic(h);
  const basis = relaxationBasis(steps);
  for (const seed of [1, 2]) {
    const delta = createRandom(seed).fillNormal(new Float64Array(h.length));
    const radius = Math.hypot(...delta);
    const exact = exactExcess(h, delta);
    const q = hessianSpectralQuadrature(loss, new Float32Array(h.length), delta, { iterations: 80 });
    assert.equal(q.iterations, 80);
    assert.ok(Math.abs(q.weights.reduce((s, w) => s + w, 0) - 1) < 1e-12);
    const predicted = quadraticDescentExcess(q, radius, eta, steps);
    // The 80-point Gauss quadrature is exact for polynomials of degree ≤ 159 in θ, and θ(1 − ηθ)^(2t) on
    // [0, 10] is approximated by one to ~1e-8 of its maximum (measured: largest error 1.3e-8 of the
    // initial excess at seeds 1–3, 1e-5 at 40 steps, 3e-4 at 20); the Hessian-vector products are exact
    // for a quadratic up to float32 rounding of w ± step·u (~1e-7 relative). Tolerance 1e-5 of the
    // initial excess covers both with a factor ≥ 100.
    for (let i = 0; i < steps.length; i++) {
      assert.ok(Math.abs(predicted.excess[i]! - exact[i]!) <= 1e-5 * exact[0]!, `step ${steps[i]}: ${predicted.excess[i]} against ${exact[i]} (seed ${seed})`);
    }
    assert.equal(predicted.nonPositiveWeight, 0);
    // The fitted order of the prediction is that of the exact sum (same grid point).
    const aExact = fitRelaxation(steps, exact, { basis }).mittagLeffler.order;
    const aPredicted = fitRelaxation(steps, predicted.excess, { basis }).mittagLeffler.order;
    assert.equal(aPredicted, aExact);
  }
});

test("hessianSpectralQuadrature with m = d is the exact spectral measure, and negative curvature is reported", () => {
  const h = [-0.2, -0.01, 0.05, 0.3, 1, 2.5, 4, 9];
  const delta = Float64Array.from(h, (_, j) => 1 + j / 4);
  const q = hessianSpectralQuadrature(diagonalQuadratic(h), new Float32Array(h.length), delta, { iterations: 50 });
  assert.equal(q.iterations, h.length);
  const norm2 = delta.reduce((s, v) => s + v * v, 0);
  // Exact up to float32 rounding of the finite differences (~1e-7 relative) and Jacobi (1e-15): 1e-5.
  h.forEach((hj, j) => {
    assert.ok(Math.abs(q.nodes[j]! - hj) < 1e-5 * Math.max(1, Math.abs(hj)), `node ${j}: ${q.nodes[j]} against ${hj}`);
    assert.ok(Math.abs(q.weights[j]! - delta[j]! ** 2 / norm2) < 1e-5, `weight ${j}`);
  });
  const p = quadraticDescentExcess(q, Math.sqrt(norm2), eta, steps);
  const expectedWeight = (delta[0]! ** 2 + delta[1]! ** 2) / norm2;
  assert.ok(Math.abs(p.nonPositiveWeight - expectedWeight) < 1e-5);
  assert.ok(Math.abs(p.nonPositiveExcess - 0.5 * (-0.2 * delta[0]! ** 2 - 0.01 * delta[1]! ** 2)) < 1e-4);
  const exact = exactExcess(h, delta);
  for (let i = 0; i < steps.length; i++) assert.ok(Math.abs(p.excess[i]! - exact[i]!) < 1e-5 * exact[0]!);
});

test("hessianTopEigenvalue still finds the largest eigenvalue through the shared Lanczos", () => {
  const h = logUniform(100);
  const top = hessianTopEigenvalue(diagonalQuadratic(h), new Float32Array(h.length), { maxIterations: 100 });
  assert.ok(top.converged && Math.abs(top.value / h[h.length - 1]! - 1) < 1e-3, `${top.value}`);
});

test("hessianSpectralQuadrature and quadraticDescentExcess reject bad input", () => {
  const loss = diagonalQuadratic([1, 2]);
  assert.throws(() => hessianSpectralQuadrature(loss, new Float32Array(2), [1]), /hessianSpectralQuadrature: direction must have the 2 entries/);
  assert.throws(() => hessianSpectralQuadrature(loss, new Float32Array(2), [0, 0]), /direction must be finite and non-zero/);
  assert.throws(() => hessianSpectralQuadrature(loss, new Float32Array(2), [1, 0], { iterations: 0 }), /iterations must be an integer >= 1/);
  assert.throws(() => hessianSpectralQuadrature(loss, new Float32Array(2), [1, 0], { indices: Int32Array.of(3) }), /indices must be/);
  assert.throws(() => quadraticDescentExcess({ nodes: [1], weights: [] }, 1, 0.1, [0]), /quadraticDescentExcess: nodes and weights/);
  assert.throws(() => quadraticDescentExcess({ nodes: [1], weights: [1] }, 0, 0.1, [0]), /radius must be positive/);
});
