import { test } from "node:test";
import * as assert from "node:assert/strict";
import {
  checkSgldMetric,
  createDeepLinearNetworkLoss,
  createLinearRegressionLoss,
  deepLinearLlcLowerBound,
  hessianMetric,
  lanczos,
  metricUpdate,
  randomOrthonormalColumns,
  resolveSgldSettings,
  sampleSgld,
  sgldMetricFingerprint,
  symmetricEigen,
  type SgldMetric,
} from "../../src/slt";
import { createRandom } from "../../src/util/random";
import { SGLD_METRIC_GAUSSIAN, designMoments, sgldMetricGaussian } from "./sltCases";
import { checkValues } from "../stochastic";
import { seedOffset } from "../seeds";

/** A random metric of rank k in dimension d (orthonormal rows from Gram-Schmidt). */
function randomMetric(d: number, k: number, seed: number): SgldMetric {
  const random = createRandom(seed);
  const columns = randomOrthonormalColumns(d, k, random);
  const basis = new Float64Array(k * d);
  for (let j = 0; j < k; j++) for (let i = 0; i < d; i++) basis[j * d + i] = columns[i * k + j]!;
  return { numParams: d, basis, values: Float64Array.from({ length: k }, () => 0.01 + random.uniform()), rest: 0.3 };
}

/** M^power as a dense d x d matrix: rest^power I + sum_j (values_j^power - rest^power) u_j u_j^T. */
function denseMetric(metric: SgldMetric, power: number): Float64Array {
  const d = metric.numParams, k = metric.values.length;
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) out[i * d + i] = metric.rest ** power;
  for (let j = 0; j < k; j++) {
    const c = metric.values[j]! ** power - metric.rest ** power;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out[a * d + b]! += c * metric.basis[j * d + a]! * metric.basis[j * d + b]!;
  }
  return out;
}

const times = (m: Float64Array, v: ArrayLike<number>, d: number): Float64Array =>
  Float64Array.from({ length: d }, (_, a) => {
    let s = 0;
    for (let b = 0; b < d; b++) s += m[a * d + b]! * v[b]!;
    return s;
  });

test("metricUpdate is w - (eps/2) M a + sqrt(eps) M^(1/2) xi with M and its square root written out as dense matrices", () => {
  // k = 4, 5, 7: the update's blocks of rows and their remainders.
  for (const k of [4, 5, 7]) checkMetricUpdate(9, k);
});

function checkMetricUpdate(d: number, k: number): void {
  const eps = 0.07;
  const metric = randomMetric(d, k, 3);
  const random = createRandom(5);
  const w = random.fillNormal(new Float64Array(d)), drift = random.fillNormal(new Float64Array(d)), noise = random.fillNormal(new Float64Array(d));
  const m = denseMetric(metric, 1), root = denseMetric(metric, 0.5);
  // The square root squares to M: the noise has covariance eps M.
  const rootSquared = Float64Array.from({ length: d * d }, (_, ab) => {
    const a = Math.floor(ab / d), b = ab % d;
    let s = 0;
    for (let c = 0; c < d; c++) s += root[a * d + c]! * root[c * d + b]!;
    return s;
  });
  for (let i = 0; i < d * d; i++) assert.ok(Math.abs(rootSquared[i]! - m[i]!) < 1e-12);
  const expected = Float64Array.from(w);
  const md = times(m, drift, d), rn = times(root, noise, d);
  for (let i = 0; i < d; i++) expected[i]! += -(eps / 2) * md[i]! + Math.sqrt(eps) * rn[i]!;
  const updated = Float64Array.from(w);
  metricUpdate(updated, drift, noise, metric, eps, new Float64Array(k));
  for (let i = 0; i < d; i++) assert.ok(Math.abs(updated[i]! - expected[i]!) < 1e-12, `k ${k}, coordinate ${i}: ${updated[i]} against ${expected[i]}`);
}

test("checkSgldMetric names what makes a metric invalid, and the fingerprint follows every entry", () => {
  const metric = randomMetric(6, 2, 1);
  checkSgldMetric("t", metric, 6);
  assert.throws(() => checkSgldMetric("t", metric, 7), /t: metric.numParams must equal the loss's numParams 7, got 6/);
  assert.throws(() => checkSgldMetric("t", { ...metric, rest: 0 }, 6), /metric.rest must be a finite number > 0, got 0/);
  assert.throws(() => checkSgldMetric("t", { ...metric, values: Float64Array.of(1, -1) }, 6), /metric.values\[1\] must be a finite number > 0, got -1/);
  assert.throws(() => checkSgldMetric("t", { ...metric, basis: metric.basis.subarray(0, 6) }, 6), /metric.basis must be a Float64Array of k x d = 2 x 6 entries, got 6/);
  const skewed = Float64Array.from(metric.basis);
  skewed[7]! += 0.01;
  assert.throws(() => checkSgldMetric("t", { ...metric, basis: skewed }, 6), /orthonormal rows, but row 0 . row 1 =|orthonormal rows, but row 1 . row 1 =/);
  const print = sgldMetricFingerprint(metric);
  assert.equal(sgldMetricFingerprint({ ...metric, basis: Float64Array.from(metric.basis) }), print);
  assert.notEqual(sgldMetricFingerprint({ ...metric, rest: 0.31 }), print);
  assert.notEqual(sgldMetricFingerprint({ ...metric, values: Float64Array.of(metric.values[0]!, metric.values[1]! * (1 + 1e-15)) }), print);
  assert.notEqual(sgldMetricFingerprint({ ...metric, basis: skewed }), print);
});

test("lanczos diagonalising only at the end finds the Ritz values of diagonalising at every step", () => {
  const d = 30;
  const random = createRandom(2);
  const a = random.fillNormal(new Float64Array(d * d));
  const sym = Float64Array.from({ length: d * d }, (_, ij) => a[ij]! + a[(ij % d) * d + Math.floor(ij / d)]!);
  const op = (v: Float64Array, out: Float64Array) => out.set(times(sym, v, d));
  const start = random.fillNormal(new Float64Array(d));
  const each = lanczos(op, start, 20), once = lanczos(op, start, 20, undefined, { diagonalizeEachStep: false });
  assert.deepEqual(once.alphas, each.alphas);
  assert.deepEqual(Array.from(once.values), Array.from(each.values));
  assert.deepEqual(Array.from(once.vectors), Array.from(each.vectors));
  assert.throws(() => lanczos(op, start, 5, () => false, { diagonalizeEachStep: false }), /a stopping rule reads every step's Ritz values/);
  // Run to d, the Ritz values are the eigenvalues.
  const full = lanczos(op, start, d, undefined, { diagonalizeEachStep: false });
  const exact = Array.from(symmetricEigen(sym, d).values).sort((x, y) => x - y);
  const found = Array.from(full.values).sort((x, y) => x - y);
  // Full reorthogonalisation keeps the basis orthonormal to ~1e-13; the eigenvalues are O(10).
  for (let i = 0; i < d; i++) assert.ok(Math.abs(found[i]! - exact[i]!) < 1e-9, `${found[i]} against ${exact[i]}`);
});

test("hessianMetric on a linear regression is (n beta H + s I)^(-1) on the eigenvectors of the exact Hessian, with the floor rule", () => {
  const p = 5, outputs = 2, n = 400;
  const lr = createLinearRegressionLoss({ inputDim: p, outputDim: outputs, numSamples: n, seed: 4 });
  const sxx = designMoments(lr.inputs, n, p);
  const d = lr.numParams;
  // The Hessian of the mean loss (1/2)|y - W x|^2: one copy of X^T X / n per output (W row-major, outputs x inputs).
  const hessian = new Float64Array(d * d);
  for (let o = 0; o < outputs; o++) for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) hessian[(o * p + i) * d + o * p + j] = sxx[i * p + j]!;
  const exact = Array.from(symmetricEigen(sxx, p).values).sort((a, b) => b - a);
  const nBeta = 60;
  const built = hessianMetric(lr, lr.leastSquaresParams, { nBeta, localization: 1, anisotropy: 1e3 });
  // In exact arithmetic Lanczos sees one vector per distinct eigenvalue (p); rounding splits the copies,
  // so it finds between p and d = p x outputs directions, each an eigenvector.
  const k = built.metric.values.length;
  assert.ok(k >= p && k <= d, `${k} directions`);
  checkSgldMetric("test", built.metric, d);
  // Central differences are exact on a quadratic up to the float32 rounding of w* +- delta v (~1e-5 relative).
  assert.ok(Math.abs(built.hMax / exact[0]! - 1) < 1e-4);
  assert.equal(built.floor, Math.max((nBeta * built.hMax) / 1e3, 1));
  assert.equal(built.metric.rest, 1 / built.floor);
  for (let j = 0; j < k; j++) {
    const nearest = exact.reduce((best, h) => (Math.abs(h - built.curvatures[j]!) < Math.abs(best - built.curvatures[j]!) ? h : best));
    assert.ok(Math.abs(built.curvatures[j]! / nearest - 1) < 1e-4, `curvature ${j}: ${built.curvatures[j]} against ${nearest}`);
    assert.ok(Math.abs(built.metric.values[j]! * (nBeta * built.curvatures[j]! + built.floor) - 1) < 1e-12);
    const u = built.metric.basis.subarray(j * d, (j + 1) * d);
    const hu = times(hessian, u, d);
    let residual = 0;
    for (let i = 0; i < d; i++) residual += (hu[i]! - built.curvatures[j]! * u[i]!) ** 2;
    assert.ok(Math.sqrt(residual) < 1e-4 * exact[0]!, `eigenvector ${j}: residual ${Math.sqrt(residual)}`);
  }
  // A coarser anisotropy keeps only the directions with n beta h_j >= s.
  const coarse = hessianMetric(lr, lr.leastSquaresParams, { nBeta, localization: 1, anisotropy: 1.2 });
  assert.ok(coarse.metric.values.length >= 1 && Array.from(coarse.curvatures).every((h) => nBeta * h >= coarse.floor));
  assert.ok(coarse.metric.values.length < k);
  assert.ok(coarse.preconditionedPrecision <= 1 + 1e-12);
  assert.throws(() => hessianMetric(lr, lr.leastSquaresParams, { nBeta: 0, localization: 1 }), /hessianMetric: nBeta must be a finite number > 0, got 0/);
  assert.throws(() => hessianMetric(lr, lr.leastSquaresParams, { nBeta: 1, localization: 1, anisotropy: 0.5 }), /anisotropy must be a finite number >= 1, got 0.5/);
});

test("hessianMetric on a deep linear network spans the directions the certified rank counts", () => {
  // At a true parameter the Hessian is J^T S_xx J, of the rank of J that deepLinearLlcLowerBound certifies:
  // with an anisotropy below the conditioning's spread the metric keeps exactly those directions.
  for (const [widths, rank, point] of [[[4, 5, 3], 2, "mostSingular"], [[3, 4, 4, 2], 1, "generic"], [[5, 3, 4], 3, "generic"]] as const) {
    const dln = createDeepLinearNetworkLoss({ widths: [...widths], rank, numSamples: 2000, seed: 3, trueParameter: point });
    const certified = deepLinearLlcLowerBound([...widths], dln.trueParams);
    const built = hessianMetric(dln, dln.trueParams, { nBeta: 200, localization: 1, anisotropy: 1e4 });
    assert.equal(built.metric.values.length, certified.rank, `${widths.join("-")} r ${rank} ${point}`);
  }
});

test("resolveSgldSettings asks a metric for preconditioner \"metric\" and refuses it elsewhere", () => {
  const lr = createLinearRegressionLoss({ inputDim: 3, numSamples: 100, seed: 1 });
  const metric = randomMetric(lr.numParams, 1, 1);
  assert.equal(resolveSgldSettings(lr, { preconditioner: "metric", metric }).metric, metric);
  assert.equal(resolveSgldSettings(lr, {}).metric, null);
  assert.throws(() => resolveSgldSettings(lr, { preconditioner: "metric" }), /preconditioner "metric" needs options.metric \(an SgldMetric\); build one with hessianMetric/);
  assert.throws(() => resolveSgldSettings(lr, { metric }), /options.metric is used only with preconditioner "metric", got preconditioner "none"/);
  assert.throws(() => resolveSgldSettings(lr, { preconditioner: "metric", metric, preconditionerAdaptation: "burnIn", numBurnin: 10 }), /a "metric" preconditioner is constant already/);
  assert.throws(() => resolveSgldSettings(lr, { preconditioner: "metric", metric: randomMetric(4, 1, 1) }), /metric.numParams must equal the loss's numParams 3, got 4/);
});

test("chains with a metric are the same in workers and in this thread, and continued chains equal fresh ones", async () => {
  const dln = createDeepLinearNetworkLoss({ widths: [4, 5, 3], rank: 2, numSamples: 300, seed: 7 });
  const nBeta = 300 / Math.log(300);
  const { metric } = hessianMetric(dln, dln.trueParams, { nBeta, localization: 1 });
  const options = { preconditioner: "metric" as const, metric, stepSize: 0.01, localization: 1, numChains: 3, batchSize: 16, seed: 11 };
  const long = { ...options, numBurnin: 150, numDraws: 50 };
  const direct = await sampleSgld(dln, dln.trueParams, { ...long, workers: false });
  const parallel = await sampleSgld(dln, dln.trueParams, { ...long, workers: 2 });
  assert.equal(parallel.diagnostics.mode, "parallel");
  for (const field of ["losses", "burnInLosses", "distances", "virials"] as const) assert.deepEqual(parallel[field], direct[field], field);
  for (const where of [{ workers: false }, { workers: 2 }] as const) {
    const short = await sampleSgld(dln, dln.trueParams, { ...long, numBurnin: 75, numDraws: 25, keepChainStates: true, ...where });
    const continued = await sampleSgld(dln, dln.trueParams, { ...long, continueFrom: short.chainStates!, ...where });
    for (const field of ["losses", "burnInLosses", "distances", "virials"] as const) assert.deepEqual(continued[field], direct[field], `${field} ${JSON.stringify(where)}`);
    // A state of another metric is refused.
    const other = { ...metric, rest: metric.rest * 2 };
    await assert.rejects(sampleSgld(dln, dln.trueParams, { ...long, metric: other, continueFrom: short.chainStates!, ...where }), /resume holds a state of another chain, setting or centre/);
  }
});

test("SGLD with a constant Hessian metric reproduces the exact stationary law of its Euler scheme", async () => {
  // Linear regression with full batches and a metric whose floor catches some directions: the chain is
  // the Euler scheme x' = (I - (eps/2) M P) x + sqrt(eps) M^(1/2) xi, whose stationary covariance is
  // computed exactly (sgldMetricGaussian); its eps -> 0 limit is the posterior's, whatever M. The error
  // in Monte Carlo standard errors is the case SGLD_METRIC_GAUSSIAN (tolerance 3.5, from the spread table).
  const r = await sgldMetricGaussian(seedOffset());
  assert.ok(r.directions >= 1 && r.directions < r.numParams, `the floor must catch some directions: ${r.directions} of ${r.numParams} kept`);
  checkValues(SGLD_METRIC_GAUSSIAN, { z: r.z });
  assert.ok(Math.abs(r.exact - r.limit) > 8 * r.mcse, `the test must resolve the step-size effect: ${r.exact} against ${r.limit} ± ${r.mcse}`);
});
