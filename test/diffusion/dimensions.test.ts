import { test } from "node:test";
import * as assert from "node:assert/strict";
import { effectiveDiffusion, spectralDimensionFromLlc, walkDimension } from "../../src/diffusion";
import { SIERPINSKI_GASKET } from "../../src/fractal";

test("walkDimension, spectralDimensionFromLlc and effectiveDiffusion satisfy the paper's identities", () => {
  // Alexander–Orbach on the gasket: d_s = 2 d_f / d_w (exact, float64 rounding only).
  const g = SIERPINSKI_GASKET;
  assert.ok(Math.abs(g.spectralDimension - (2 * g.fractalDimension) / g.walkDimension) < 1e-14);
  assert.equal(walkDimension(1), 2);
  // Paper's table: TinyStories-1M, lambda = 32, alpha = 0.33 → d_s = 21.12 (reported 21.4 from unrounded alpha).
  const r = spectralDimensionFromLlc({ learningCoefficient: 32, displacementExponent: 0.33 });
  assert.ok(Math.abs(r.spectralDimension - 21.12) < 1e-12);
  assert.ok(Math.abs(r.walkDimension - 2 * 32 / r.spectralDimension) < 1e-12); // d_w = 2 lambda / d_s
  assert.equal(r.withinBound, true);
  assert.equal(spectralDimensionFromLlc({ learningCoefficient: 1, displacementExponent: 0.6 }).withinBound, false);
  assert.equal(effectiveDiffusion(0.5, 2), 1); // Brownian: D_xi = 1 at every scale
  assert.ok(Math.abs(effectiveDiffusion(0.5, g.walkDimension) - 0.5 ** (2 - g.walkDimension)) < 1e-15);
  assert.throws(() => walkDimension(0), /walkDimension: msdExponent must be a finite number > 0, got 0/);
  assert.throws(() => effectiveDiffusion(-1, 2), RangeError);
  assert.throws(() => spectralDimensionFromLlc({ learningCoefficient: 0, displacementExponent: 1 }), /learningCoefficient/);
});
