import { test } from "node:test";
import * as assert from "node:assert/strict";
import { createDeepLinearNetworkLoss, deepLinearHessianSpectrum, deepLinearLlcLowerBound, localizedQuadraticLlc, randomDeepLinearArchitectures, symmetricEigen, symmetricEigenvalues } from "../../src/slt";
import { createRandom } from "../../src/util/random";

test("symmetricEigenvalues equals the Jacobi eigenvalues of symmetricEigen, repeated eigenvalues and tiny sizes included", () => {
  const random = createRandom(5);
  assert.equal(symmetricEigenvalues(new Float64Array(0), 0).length, 0);
  assert.throws(() => symmetricEigenvalues(new Float64Array(5), 2), /matrix must hold k x k = 2 x 2 values \(row-major\), got length 5/);
  assert.deepEqual(Array.from(symmetricEigenvalues(Float64Array.of(-3), 1)), [-3]);
  const cases: Float64Array[] = [];
  for (const k of [2, 3, 7, 40]) {
    const g = random.fillNormal(new Float64Array(k * k));
    cases.push(Float64Array.from({ length: k * k }, (_, ij) => g[ij]! + g[(ij % k) * k + Math.floor(ij / k)]!));
  }
  // A rank-2 projection of size 12 (eigenvalue 1 twice, 0 ten times) and a diagonal with a repeated value.
  const k = 12, u = random.fillNormal(new Float64Array(2 * k));
  const q = new Float64Array(k * k);
  const [n0, dot] = [Math.hypot(...u.subarray(0, k)), (x: Float64Array, y: Float64Array) => x.reduce((s, v, i) => s + v * y[i]!, 0)];
  const e0 = u.subarray(0, k).map((v) => v / n0);
  const e1raw = u.subarray(k).map((v, i) => v - dot(u.subarray(k), e0) * e0[i]!);
  const e1 = e1raw.map((v) => v / Math.hypot(...e1raw));
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) q[i * k + j] = e0[i]! * e0[j]! + e1[i]! * e1[j]!;
  cases.push(q, Float64Array.from({ length: 16 }, (_, ij) => (ij % 5 === 0 ? [2, 2, -1, 2][ij / 5]! : 0)));
  for (const m of cases) {
    const size = Math.round(Math.sqrt(m.length));
    const fast = symmetricEigenvalues(m, size);
    const jacobi = Array.from(symmetricEigen(m, size).values).sort((a, b) => a - b);
    const norm = Math.sqrt(m.reduce((s, v) => s + v * v, 0));
    // Both are backward stable: eigenvalues agree to a few hundred roundings of the matrix norm.
    for (let i = 0; i < size; i++) assert.ok(Math.abs(fast[i]! - jacobi[i]!) <= 1e-12 * norm, `size ${size}, eigenvalue ${i}: ${fast[i]} against ${jacobi[i]}`);
  }
});

test("localizedQuadraticLlc is the mean of n beta K over the exact Gaussian law of the localized posterior", () => {
  // K = (1/2) sum h_j u_j^2 under exp(-n beta K - gamma |u|^2 / 2): u_j ~ N(0, 1 / (n beta h_j + gamma)).
  const curvatures = [3, 0.5, 0.01, 0, 0.2], nBeta = 100, gamma = 10;
  const q = localizedQuadraticLlc(curvatures, nBeta, gamma);
  const random = createRandom(11);
  const draws = 200_000;
  let sum = 0, sumSq = 0;
  for (let t = 0; t < draws; t++) {
    let v = 0;
    for (const h of curvatures) v += 0.5 * nBeta * h * random.normal() ** 2 / (nBeta * h + gamma);
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / draws, se = Math.sqrt((sumSq / draws - mean * mean) / draws);
  // Independent draws: the mean is within 4 standard errors but for a chance of 6e-5.
  assert.ok(Math.abs(mean - q.value) < 4 * se, `Monte Carlo ${mean} ± ${se} against ${q.value}`);
  // A localizer-held direction (n beta h = 1 against gamma = 10) gives 1/22 of its 1/2; the share says how much is lost.
  assert.equal(q.rank, 4);
  assert.equal(q.limit, 2);
  assert.ok(Math.abs(q.localizerShare - (1 - q.value / 2)) < 1e-15);
  assert.equal(q.weakestRatio, 0.1);
});

test("localizedQuadraticLlc equals (n beta / 2) tr(H (n beta H + gamma I)^-1) on a non-diagonal rank-3 Hessian, and hand values", () => {
  // H = B B^T with B 5 x 3 random: the eigenvalues come from symmetricEigenvalues, the trace from a direct solve.
  const random = createRandom(17);
  const d = 5, b = random.fillNormal(new Float64Array(d * 3));
  const h = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let t = 0; t < 3; t++) h[i * d + j]! += b[i * 3 + t]! * b[j * 3 + t]!;
  const nBeta = 40, gamma = 7;
  // X = P^-1 H, P = n beta H + gamma I, by Gauss-Jordan elimination on [P | H].
  const aug = Array.from({ length: d }, (_, i) => [...Array.from({ length: d }, (_, j) => nBeta * h[i * d + j]! + (i === j ? gamma : 0)), ...Array.from(h.subarray(i * d, i * d + d))]);
  for (let c = 0; c < d; c++) {
    const pivot = aug[c]![c]!;
    for (let j = 0; j < 2 * d; j++) aug[c]![j]! /= pivot;
    for (let r = 0; r < d; r++) if (r !== c) { const f = aug[r]![c]!; for (let j = 0; j < 2 * d; j++) aug[r]![j]! -= f * aug[c]![j]!; }
  }
  let trace = 0; // tr(P^-1 H) = tr(H P^-1)
  for (let i = 0; i < d; i++) trace += aug[i]![d + i]!;
  const eigenvalues = Array.from(symmetricEigenvalues(h, d), (v) => (v > 1e-12 ? v : 0));
  const q = localizedQuadraticLlc(eigenvalues, nBeta, gamma);
  assert.equal(q.rank, 3);
  // Both sides are exact up to rounding: agreement to 1e-12 relative.
  assert.ok(Math.abs(q.value - (nBeta / 2) * trace) < 1e-12 * q.value, `${q.value} against ${(nBeta / 2) * trace}`);
  // By hand: n beta h = gamma halves a direction's 1/2; n beta h = 3 gamma keeps 3/4 of it.
  assert.equal(localizedQuadraticLlc([1, 0], 100, 100).value, 0.25);
  assert.equal(localizedQuadraticLlc([3, 1], 10, 10).value, 0.375 + 0.25);
});

test("localizedQuadraticLlc: rank / 2 without a localizer, nothing under an overwhelming one, and refusals", () => {
  const none = localizedQuadraticLlc([5, 1e-6, 0], 10, 0);
  assert.equal(none.value, 1);
  assert.equal(none.localizerShare, 0);
  assert.equal(none.weakestRatio, Infinity);
  const held = localizedQuadraticLlc([5, 1], 10, 1e12);
  assert.ok(held.value < 1e-9 && held.localizerShare > 1 - 1e-9);
  assert.deepEqual(localizedQuadraticLlc([], 10, 1), { value: 0, rank: 0, limit: 0, localizerShare: 0, weakestRatio: Infinity });
  assert.throws(() => localizedQuadraticLlc([1, -1e-9], 10, 1), /curvatures\[1\] must be finite and >= 0.*got -1e-9/);
  assert.throws(() => localizedQuadraticLlc([NaN], 10, 1), /curvatures\[0\]/);
  assert.throws(() => localizedQuadraticLlc([1], 0, 1), /nBeta must be finite and > 0, got 0/);
  assert.throws(() => localizedQuadraticLlc([1], 10, -1), /localization must be finite and >= 0, got -1/);
});

/** The Hessian of the loss at w by central differences of its full-batch gradient (d x d, row-major). */
function finiteDifferenceHessian(loss: ReturnType<typeof createDeepLinearNetworkLoss>, w: Float32Array): Float64Array {
  const d = w.length, all = Int32Array.from({ length: loss.numSamples }, (_, i) => i);
  const h = new Float64Array(d * d), gPlus = new Float32Array(d), gMinus = new Float32Array(d);
  for (let i = 0; i < d; i++) {
    const x = w.slice(), y = w.slice();
    x[i] = w[i]! + 2 ** -9;
    y[i] = w[i]! - 2 ** -9;
    const step = x[i]! - y[i]!; // the float32 difference actually taken
    loss.lossAndGradient(x, all, gPlus);
    loss.lossAndGradient(y, all, gMinus);
    for (let j = 0; j < d; j++) h[j * d + i] = (gPlus[j]! - gMinus[j]!) / step;
  }
  return h;
}

test("deepLinearHessianSpectrum equals the eigenvalues of the loss's own Hessian at a noise-free true parameter", () => {
  for (const [widths, rank, seed] of [[[3, 4, 2], 1, 1], [[2, 3, 3, 2], 1, 2], [[4, 2, 3], 2, 3]] as const) {
    const loss = createDeepLinearNetworkLoss({ widths: [...widths], rank, numSamples: 200, seed, inputDistribution: "uniform", inputScale: 2, trueParameter: "generic" });
    const spectrum = deepLinearHessianSpectrum(widths, loss.trueParams, loss.inputs);
    const d = loss.numParams;
    const h = finiteDifferenceHessian(loss, loss.trueParams);
    const sym = Float64Array.from(h, (v, ij) => (v + h[(ij % d) * d + Math.floor(ij / d)]!) / 2);
    const direct = Array.from(symmetricEigenvalues(sym, d)).reverse();
    const top = direct[0]!;
    // The loss is a polynomial of degree 2L in w and the gradient is float32: central differences at
    // 2^-9 are within about 1e-4 of the top curvature (measured 3e-6 .. 4e-5 here).
    for (let j = 0; j < spectrum.rank; j++) assert.ok(Math.abs(spectrum.curvatures[j]! - direct[j]!) < 3e-4 * top, `${widths.join("-")}: h_${j} ${spectrum.curvatures[j]} against ${direct[j]}`);
    for (let j = spectrum.rank; j < d; j++) assert.ok(Math.abs(direct[j]!) < 3e-4 * top, `${widths.join("-")}: flat direction ${j} has curvature ${direct[j]}`);
    assert.equal(spectrum.rank, deepLinearLlcLowerBound(widths, loss.trueParams).rank);
  }
});

test("deepLinearHessianSpectrum: its rank is the Jacobian rank on random deep networks, and it refuses bad input", () => {
  const architectures = randomDeepLinearArchitectures({ count: 12, seed: 7, minLayers: 2, maxLayers: 6, minWidth: 2, maxWidth: 12, maxParams: 400 });
  for (const [i, arch] of architectures.entries()) {
    const loss = createDeepLinearNetworkLoss({ widths: arch.widths, rank: arch.rank, numSamples: 100, seed: 50 + i, inputDistribution: "uniform", inputScale: 10, trueParameter: "generic" });
    const spectrum = deepLinearHessianSpectrum(arch.widths, loss.trueParams, loss.inputs);
    assert.equal(spectrum.rank, deepLinearLlcLowerBound(arch.widths, loss.trueParams).rank, arch.widths.join("-"));
    assert.ok(spectrum.gap > 1e6, `${arch.widths.join("-")}: gap ${spectrum.gap}`);
  }
  assert.throws(() => deepLinearHessianSpectrum([2, 2], [1, 2, 3], [1, 1]), /params must have 4 entries for widths 2-2, got 3/);
  assert.throws(() => deepLinearHessianSpectrum([2, 2], [1, 0, 0, 1], [1, 1, 1]), /inputs must hold n >= 1 rows of H_0 = 2 values/);
  assert.throws(() => deepLinearHessianSpectrum([2, 2], [1, 0, 0, 1], [1, NaN]), /inputs\[1\] must be finite/);
  assert.throws(() => deepLinearHessianSpectrum([2], [], []), /widths must be at least 2 integers/);
});
