import { test } from "node:test";
import * as assert from "node:assert/strict";
import { lateDiffusion } from "../../src/experiment";
import { fractionalBrownianMotion } from "../../src/fractal";
import { denseNetwork } from "../../src/model";

// A 3-4-2 network has 26 parameters: layer 1 weights 0..11, biases 12..15, layer 2 weights 16..23, biases 24..25.
const net = denseNetwork({ widths: [3, 4, 2] });
const steps = Array.from({ length: 1001 }, (_, i) => 2 * i);

function trajectory(positions: Float64Array | Float32Array) {
  return { steps: Float64Array.from(steps), snapshots: Float32Array.from(positions), dimension: 26 };
}

test("lateDiffusion recovers the exponent of fractional Brownian weights, with no aging and exit times of d_w ≈ 1/H", () => {
  // fBm with H = 0.35 in every parameter: delta^2 ~ tau^(2H), so alpha_late = 0.35; increments are
  // stationary, so no aging; exits scale as xi^(1/H) = xi^2.86. Measured over 40 seeds (this window:
  // 500 captures, lags up to 50 captures): alpha 0.355 ± 0.016, aging 0.008 ± 0.021, exit d_w
  // 2.59 ± 0.085 (exits are seen at captures 7-75 apart, and the overshoot flattens the slope by 9 %).
  // Tolerances: 4 sd around the measured means.
  const w = fractionalBrownianMotion({ hurst: 0.35, numSnapshots: 1001, dimension: 26, seed: 517 })[0]!;
  const r = lateDiffusion(trajectory(w.positions), steps.slice(500), net);
  assert.equal(r.start, 1000);
  assert.equal(r.end, 2000);
  assert.equal(r.every, 2);
  assert.ok(Math.abs(r.fit.alpha - 0.355) < 0.064, `alpha_late ${r.fit.alpha}`);
  assert.ok(r.aging !== null && Math.abs(r.aging.exponent - 0.008) < 0.084, `aging ${r.aging?.exponent}`);
  assert.ok(r.exits !== null && Math.abs(r.exits.walkDimension - 2.59) < 0.34, `exit d_w ${r.exits?.walkDimension}`);
  assert.deepEqual(r.parts.map((p) => [p.name, p.size]), [["layer 1 weights", 12], ["layer 1 biases", 4], ["layer 2 weights", 8], ["layer 2 biases", 2]]);
  assert.equal(r.lags[0], 2, "lags are in steps");
  assert.ok(r.window.end <= 0.1 * 1000 + 1e-9, `the fit window ends at a tenth of the late window, got ${r.window.end}`);
});

test("lateDiffusion fits each layer's weights and biases apart", () => {
  // Layer 1 weights diffuse (fBm, H = 0.35: alpha 0.358 ± 0.023 over 40 seeds for its 12 coordinates, tolerance 4 sd);
  // every other parameter moves on a straight line, so its part has alpha_late = 1 exactly.
  const w = fractionalBrownianMotion({ hurst: 0.35, numSnapshots: 1001, dimension: 26, seed: 518 })[0]!;
  const x = Float64Array.from(w.positions);
  for (let i = 0; i < 1001; i++) for (let j = 12; j < 26; j++) x[i * 26 + j] = 0.01 * (j - 11) * i;
  const r = lateDiffusion(trajectory(x), steps.slice(500), net);
  const part = (name: string) => r.parts.find((p) => p.name === name)!;
  assert.ok(Math.abs(part("layer 1 weights").alpha - 0.358) < 0.093, `layer 1 weights ${part("layer 1 weights").alpha}`);
  for (const name of ["layer 1 biases", "layer 2 weights", "layer 2 biases"]) assert.ok(Math.abs(part(name).alpha - 1) < 1e-4, `${name}: ${part(name).alpha}`);
});

test("lateDiffusion measures from lags, not from the initial weights", () => {
  // w(t) = sqrt(t) v + Brownian noise: from w(0) the drift dominates (R ~ t^0.5 at every scale), while
  // the late lags see the noise (alpha 1/2 as well) - so use a drift t^0.9 instead: from w(0) R ~ t^0.9,
  // whereas over lags ≤ 100 steps late the drift moves 0.9 × 100 / 1000 ≈ 9 % of its size and the
  // noise dominates: alpha_late stays near 1/2 (tolerance 0.1, far from 0.9).
  const w = fractionalBrownianMotion({ hurst: 0.5, numSnapshots: 1001, dimension: 26, seed: 519 })[0]!;
  const x = Float64Array.from(w.positions);
  for (let i = 0; i < 1001; i++) for (let j = 0; j < 26; j++) x[i * 26 + j]! += 2 * (2 * i) ** 0.9 / 26;
  const r = lateDiffusion(trajectory(x), steps.slice(500), net);
  assert.ok(Math.abs(r.fit.alpha - 0.5) < 0.1, `alpha_late ${r.fit.alpha}`);
});

test("lateDiffusion fits every lag of a short window, and rejects missing or too few late steps", () => {
  // 16 late captures: 4 lags, fewer than 3 of them in lateWindow's decade, so all 4 are fitted; a straight line gives alpha_late = 1.
  const line = Float64Array.from({ length: 1001 * 26 }, (_, i) => Math.floor(i / 26) * 0.01 * ((i % 26) + 1));
  const short = lateDiffusion(trajectory(line), steps.slice(985), net);
  assert.deepEqual(short.window, { start: 2, end: 8 });
  assert.ok(Math.abs(short.fit.alpha - 1) < 1e-4, `alpha_late ${short.fit.alpha}`);
  const w = new Float32Array(1001 * 26);
  assert.throws(() => lateDiffusion(trajectory(w), steps.slice(992), net), /lateDiffusion: needs at least 10 late steps, got 9/);
  assert.throws(() => lateDiffusion(trajectory(w), [1, ...steps.slice(500)], net), /late step 1 was not captured/);
  assert.throws(() => lateDiffusion(trajectory(w), steps.slice(500), denseNetwork({ widths: [3, 5, 2] })), /the network has 32 parameters, the trajectory 26/);
});
