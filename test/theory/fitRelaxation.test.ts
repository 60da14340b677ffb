import { test } from "node:test";
import * as assert from "node:assert/strict";
import { fitRelaxation, mittagLeffler, relaxationBasis } from "../../src/theory";
import { checkCase } from "../stochastic";
import { RELAXATION_CORRELATED_NOISE, RELAXATION_EXPONENTIAL_FALSE_POSITIVES, RELAXATION_MITTAG_LEFFLER, RELAXATION_TIMES, relaxationTestBasis } from "./theoryCases";

test("fitRelaxation recovers the order and time scale of noisy Mittag-Leffler relaxations", async () => {
  await checkCase(RELAXATION_MITTAG_LEFFLER);
});

test("fitRelaxation classifies noisy exponential relaxations as exponential", async () => {
  await checkCase(RELAXATION_EXPONENTIAL_FALSE_POSITIVES);
});

test("the bootstrap interval of a covers the truth when replicates carry correlated noise", async () => {
  await checkCase(RELAXATION_CORRELATED_NOISE);
});

test("fitRelaxation caps the weight of nearly noiseless points and takes given weights", () => {
  // Twelve replicates whose first point has almost no spread (as the design-fixed initial excess of a
  // perturbation): its 1 / se² would be ~10⁴ × the median; the cap holds every weight ≤ 4 × the median.
  const t = RELAXATION_TIMES;
  const replicates = Array.from({ length: 12 }, (_, r) => t.map((s, i) => Math.exp(-s / 100) + (i === 0 ? 1e-6 : 0.02) * Math.sin(3 * r + i)));
  const fit = fitRelaxation(t, replicates, { basis: relaxationTestBasis(), numResamples: 20 });
  const sorted = Float64Array.from(fit.weights).sort();
  const median = (sorted[14]! + sorted[15]!) / 2;
  assert.ok(Math.max(...fit.weights) <= 4 * median * (1 + 1e-12), `largest weight ${Math.max(...fit.weights)} against median ${median}`);
  const uncapped = fitRelaxation(t, replicates, { basis: relaxationTestBasis(), numResamples: 20, maxWeightRatio: 1e8 });
  assert.ok(Math.max(...uncapped.weights) > 1e3 * median);
  const given = fitRelaxation(t, replicates, { basis: relaxationTestBasis(), numResamples: 20, weights: t.map(() => 2) });
  assert.ok(given.weights.every((w) => w === 2));
  assert.throws(() => fitRelaxation(t, replicates, { basis: relaxationTestBasis(), weights: [1] }), /fitRelaxation: weights must have 30 values/);
  assert.throws(() => fitRelaxation(t, replicates, { basis: relaxationTestBasis(), maxWeightRatio: 0.5 }), /maxWeightRatio must be a finite number ≥ 1/);
});

test("fitRelaxation recovers every parameter of a noiseless Mittag-Leffler curve", () => {
  // Exact data: the only errors are the order grid (0.01) and the basis interpolation (< 1e-5), so a
  // is exact on the grid, τ within 1 % and y∞, A within 1e-3.
  const t = RELAXATION_TIMES;
  const y = t.map((s) => -0.3 + 2 * mittagLeffler(0.6, -((s / 50) ** 0.6)));
  const fit = fitRelaxation(t, y, { basis: relaxationTestBasis() });
  assert.equal(fit.mittagLeffler.order, 0.6);
  assert.ok(Math.abs(fit.mittagLeffler.timeScale / 50 - 1) < 0.01, `τ ${fit.mittagLeffler.timeScale}`);
  assert.ok(Math.abs(fit.mittagLeffler.offset + 0.3) < 1e-3 && Math.abs(fit.mittagLeffler.amplitude - 2) < 1e-3);
  assert.ok(fit.mittagLeffler.residualSumOfSquares < 1e-8 && fit.exponential.residualSumOfSquares > 1e-2);
  assert.ok(fit.aicDifference > 100);
  // One curve: no replicates to bootstrap, so no interval and no decision.
  assert.equal(fit.exponentialExcluded, false);
  assert.ok(Number.isNaN(fit.order.lower));
});

test("fitRelaxation of an exponential curve returns order 1 and the exponential's parameters", () => {
  const t = RELAXATION_TIMES;
  const fit = fitRelaxation(t, t.map((s) => 1 + 3 * Math.exp(-s / 200)), { basis: relaxationTestBasis() });
  assert.equal(fit.mittagLeffler.order, 1);
  assert.ok(Math.abs(fit.exponential.timeScale / 200 - 1) < 1e-3);
  assert.ok(Math.abs(fit.exponential.offset - 1) < 1e-4 && Math.abs(fit.exponential.amplitude - 3) < 1e-4);
});

test("fitRelaxation with a fixed offset fits the amplitude alone", () => {
  const t = RELAXATION_TIMES;
  const fit = fitRelaxation(t, t.map((s) => 2 * mittagLeffler(0.4, -((s / 10) ** 0.4))), { basis: relaxationTestBasis(), offset: 0 });
  assert.equal(fit.mittagLeffler.offset, 0);
  assert.equal(fit.mittagLeffler.order, 0.4);
  assert.ok(Math.abs(fit.mittagLeffler.amplitude - 2) < 1e-3);
});

test("fitRelaxation of a sum of exponentials with rates over three decades returns a < 1", () => {
  // What the fit cannot tell apart: E_a(−t^a) is a mixture of exponentials, and a mixture with rates
  // log-uniform over 10⁻³..1 is fitted by a Mittag-Leffler with a well below 1 (about 0.3-0.5 here),
  // excluding the exponential. A referee must not read a < 1 as memory without such a control.
  const t = RELAXATION_TIMES;
  const rates = Array.from({ length: 40 }, (_, k) => 10 ** (-3 + (3 * k) / 39));
  const clean = t.map((s) => rates.reduce((sum, r) => sum + Math.exp(-r * s), 0) / rates.length);
  const replicates = Array.from({ length: 8 }, (_, r) => clean.map((v, i) => v + 1e-3 * Math.sin(7 * i + r)));
  const fit = fitRelaxation(t, replicates, { basis: relaxationTestBasis(), numResamples: 50 });
  assert.ok(fit.mittagLeffler.order < 0.8, `a ${fit.mittagLeffler.order}`);
  assert.ok(fit.exponentialExcluded);
});

test("fitRelaxation rejects bad input with errors naming the function", () => {
  const t = RELAXATION_TIMES;
  assert.throws(() => fitRelaxation([1, 2, 3], [1, 2, 3]), /fitRelaxation: times must hold at least 4/);
  assert.throws(() => fitRelaxation([1, 3, 2, 4], [1, 2, 3, 4]), /fitRelaxation: times must be strictly ascending/);
  assert.throws(() => fitRelaxation([0, 1, 2, 3], [1, 2, 3, 4]), /fitRelaxation: times must be positive/);
  assert.throws(() => fitRelaxation(t, [1, 2]), /fitRelaxation: every curve must have 30 values/);
  assert.throws(() => fitRelaxation(t, t.map((_, i) => (i === 3 ? NaN : 1))), /fitRelaxation: curve 0 has a non-finite value/);
  assert.throws(() => fitRelaxation(t, [t, t], { basis: relaxationTestBasis(), numResamples: 5 }), /numResamples must be an integer ≥ 20/);
  assert.throws(() => fitRelaxation(t.slice(1), t.slice(1), { basis: relaxationTestBasis() }), /the basis was built for other times/);
  assert.throws(() => relaxationBasis(t, { orderStep: 0.3 }), /relaxationBasis: orderStep must be/);
});

test("fitRelaxation of a pure power law returns its exponent with τ at the lower search bound", () => {
  // t^(−a) is the tail of E_a(−(t/τ)^a) (times a constant) once t ≫ τ: the best τ is the smallest
  // searched (t_min / 100), where the shape is within 1e-4 of the tail at every time.
  const t = RELAXATION_TIMES;
  const fit = fitRelaxation(t, t.map((s) => s ** -0.5), { basis: relaxationTestBasis() });
  assert.ok(Math.abs(fit.mittagLeffler.order - 0.5) <= 0.01, `a ${fit.mittagLeffler.order}`);
  assert.ok(fit.mittagLeffler.timeScaleAtBound);
});
