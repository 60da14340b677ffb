import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spectralDimensionFromReturns } from "../../src/diffusion";
import { latticeWalk } from "../../src/fractal";
import { checkCase } from "../stochastic";
import { GASKET_PRODUCT_RETURNS, LATTICE_RETURNS, LATTICE_RETURNS_8 } from "./diffusionCases";

test("spectralDimensionFromReturns recovers d_s = d on lattices up to d = 6", async () => {
  // Exact returns (radius 1/2) of 10 walks x 2e5 steps, fitted over as many decades as the returns stay
  // countable (see LATTICE_RETURNS); the O(1/tau) lattice correction is ≈ 1 %. Over 20 seed offsets:
  // bias -1.5 % to +0.2 %, sd 0.7-1.4 % (spread.md), so 6 % (7 % for d = 4).
  await checkCase(LATTICE_RETURNS);
});

test("spectralDimensionFromReturns reaches d_s = 8 on Z^8 once the window skips the pre-asymptotic lags", async () => {
  // 2e6 pairs; returns are countable up to lag ≈ 22; lags below 6 carry O(d / tau) corrections, so the fit
  // starts at 6. Bias -0.4 %, sd 1.1 % over 20 seed offsets (spread.md); tolerance 6 %.
  await checkCase(LATTICE_RETURNS_8);
});

test("spectralDimensionFromReturns measures d_s above 2 on products of Sierpinski gaskets", async () => {
  // d_s = k 2 log 3 / log 5 = 1.37, 2.73, 4.10 for k = 1, 2, 3, each fitted over whole log-periods of
  // the gasket's oscillation (see GASKET_PRODUCT_RETURNS): bias -0.7 to -1.3 %, sd 0.6-1.3 % over 20
  // seed offsets (spread.md), so 6 %.
  await checkCase(GASKET_PRODUCT_RETURNS);
});

test("spectralDimensionFromReturns fails loudly when nothing returns", () => {
  const walks = latticeWalk({ dimension: 40, numSteps: 2000, seed: 1 });
  assert.throws(() => spectralDimensionFromReturns(walks, { radius: 0.5, minLag: 50 }), /no lag has 30 returns/);
});
