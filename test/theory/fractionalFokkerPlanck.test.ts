import { test } from "node:test";
import * as assert from "node:assert/strict";
import { fractionalFokkerPlanck, gammaFunction, mittagLeffler } from "../../src/theory";

test("fractionalFokkerPlanck force-free MSD grows as 2 K t^a / Gamma(1 + a)", () => {
  // The discrete Laplacian maps x^2 to 2 exactly, so the MSD obeys D^a M = 2K up to the L1 time error,
  // first order at fixed t for the t^a start: with 400 steps the relative error at t = 1 is < 1 %.
  const a = 0.6;
  const k = 0.5;
  const s = fractionalFokkerPlanck({ order: a, domain: { min: -20, max: 20, numCells: 400 }, diffusion: k, initial: (x) => Math.exp(-x * x / (2 * 0.01)), timeStep: 1 / 400, numSteps: 400, recordEvery: 100 });
  const n = s.x.length;
  const m0 = msd(s, 0, n);
  for (let r = 1; r < s.times.length; r++) {
    const expected = (2 * k * s.times[r]! ** a) / gammaFunction(1 + a);
    assert.ok(Math.abs((msd(s, r, n) - m0) / expected - 1) < 0.01, `t ${s.times[r]}: ${msd(s, r, n) - m0} vs ${expected}`);
  }
});

function msd(s: ReturnType<typeof fractionalFokkerPlanck>, r: number, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) m += s.x[i]! ** 2 * s.density[r * n + i]! * s.cellWidth;
  return m;
}

test("fractionalFokkerPlanck relaxes a Fourier mode like E_a(-lambda t^a)", () => {
  // cos(pi x / L) is an exact eigenvector of the zero-flux cell-centred Laplacian with eigenvalue
  // lambda = (4K/h^2) sin^2(pi h / 2L), so only the L1 time error remains: < 1 % of the initial amplitude.
  const a = 0.7;
  const n = 50;
  const length = 1;
  const k = 0.1;
  const s = fractionalFokkerPlanck({ order: a, domain: { min: 0, max: length, numCells: n }, diffusion: k, initial: (x) => 1 + 0.5 * Math.cos((Math.PI * x) / length), timeStep: 0.01, numSteps: 500, recordEvery: 100 });
  const h = length / n;
  const lambda = ((4 * k) / (h * h)) * Math.sin((Math.PI * h) / (2 * length)) ** 2;
  for (let r = 1; r < s.times.length; r++) {
    let amp = 0;
    for (let i = 0; i < n; i++) amp += (2 / n) * s.density[r * n + i]! * Math.cos((Math.PI * s.x[i]!) / length);
    const expected = 0.5 * mittagLeffler(a, -lambda * s.times[r]! ** a);
    assert.ok(Math.abs(amp - expected) < 0.005, `t ${s.times[r]}: ${amp} vs ${expected}`);
  }
});

test("fractionalFokkerPlanck reaches the stationary density exp(-gamma V / K) / Z and conserves mass", () => {
  // Scharfetter–Gummel fluxes make exp(-gamma V / K) the exact discrete steady state; the remaining
  // distance decays like E_a(-lambda t^a) ~ 1 / (lambda t^a Gamma(1 - a)) ≈ 1e-5 at t = 1e8 (a = 0.8).
  const k = 0.5;
  const potential = (x: number) => 0.5 * x * x + 0.3 * Math.sin(3 * x);
  const s = fractionalFokkerPlanck({ order: 0.8, domain: { min: -4, max: 4, numCells: 80 }, diffusion: k, potential, initial: (x) => (Math.abs(x - 1) < 0.5 ? 1 : 0), timeStep: 1e6, numSteps: 100, recordEvery: 100 });
  const n = s.x.length;
  const last = s.density.subarray(n, 2 * n);
  let z = 0;
  for (let i = 0; i < n; i++) z += Math.exp(-potential(s.x[i]!) / k) * s.cellWidth;
  let mass = 0;
  for (let i = 0; i < n; i++) {
    const expected = Math.exp(-potential(s.x[i]!) / k) / z;
    assert.ok(Math.abs(last[i]! - expected) < 1e-4 * Math.max(expected, 1e-3), `cell ${i}: ${last[i]} vs ${expected}`);
    mass += last[i]! * s.cellWidth;
  }
  assert.ok(Math.abs(mass - 1) < 1e-9); // conserved up to rounding over 100 solves with memory sums of size ~1e2
  assert.throws(() => fractionalFokkerPlanck({ order: 0, domain: { min: 0, max: 1, numCells: 10 }, diffusion: 1, initial: () => 1, timeStep: 1, numSteps: 1 }), /order must be in \(0, 1\], got 0/);
});
