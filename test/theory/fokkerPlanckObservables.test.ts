import { test } from "node:test";
import * as assert from "node:assert/strict";
import { cosineModeRelaxation, fokkerPlanckMsd, fractionalFokkerPlanck, gammaFunction, mittagLeffler } from "../../src/theory";

test("fokkerPlanckMsd of the force-free solution grows as 2 K t^a / Gamma(1 + a)", () => {
  // As in the solver's own test: the L1 time error is first order at fixed t; < 1 % at t = 1 with 400 steps.
  const a = 0.6;
  const k = 0.5;
  const s = fractionalFokkerPlanck({ order: a, domain: { min: -20, max: 20, numCells: 400 }, diffusion: k, initial: (x) => Math.exp(-x * x / 0.02), timeStep: 1 / 400, numSteps: 400, recordEvery: 400 });
  const m = fokkerPlanckMsd(s);
  assert.ok(Math.abs((m[1]! - m[0]!) / ((2 * k) / gammaFunction(1 + a)) - 1) < 0.01, `${m[1]! - m[0]!}`);
  // About another origin the second moment shifts by the squared distance (mean 0, mass 1): exact up to rounding.
  const shifted = fokkerPlanckMsd(s, 3);
  assert.ok(Math.abs(shifted[1]! - m[1]! - 9) < 1e-9);
});

test("cosineModeRelaxation follows E_a(-lambda t^a) with the discrete eigenvalue", () => {
  // Exact eigenvector; only the L1 time error remains (< 1 % of the initial amplitude, as in the solver test).
  const a = 0.7;
  const s = fractionalFokkerPlanck({ order: a, domain: { min: 2, max: 3, numCells: 50 }, diffusion: 0.1, initial: (x) => 1 + 0.5 * Math.cos(Math.PI * (x - 2)), timeStep: 0.01, numSteps: 500, recordEvery: 100 });
  const r = cosineModeRelaxation(s, { mode: 1, diffusion: 0.1 });
  assert.ok(Math.abs(r.rate / (0.1 * Math.PI ** 2) - 1) < 1e-3); // h = 0.02: sin^2 correction ≈ (pi h)^2 / 12
  assert.equal(r.amplitude[0], 1);
  for (let i = 1; i < r.times.length; i++) {
    assert.ok(Math.abs(r.amplitude[i]! - mittagLeffler(a, -r.rate * r.times[i]! ** a)) < 0.01, `t ${r.times[i]}: ${r.amplitude[i]}`);
  }
  assert.throws(() => cosineModeRelaxation(s, { mode: 2, diffusion: 0.1 }), /no component on mode 2/);
  assert.throws(() => cosineModeRelaxation(s, { mode: 0, diffusion: 0.1 }), /mode must be an integer ≥ 1, got 0/);
});
