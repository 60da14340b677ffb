import { test } from "node:test";
import * as assert from "node:assert/strict";
import { aoyagiLearningCoefficient, createDeepLinearNetworkLoss, deepLinearLlcLowerBound, randomDeepLinearArchitectures, twoLayerLocalLearningCoefficient } from "../../src/slt";
import { createRandom } from "../../src/util/random";

test("deepLinearLlcLowerBound of a single layer (a regular model) is d / 2, Aoyagi's λ", () => {
  const random = createRandom(1);
  for (const [a, b] of [[1, 1], [3, 2], [7, 5], [4, 9]] as const) {
    const w = random.fillNormal(new Float64Array(a * b));
    const bound = deepLinearLlcLowerBound([a, b], w);
    assert.equal(bound.bound, (a * b) / 2, `${a}-${b}`);
    assert.equal(bound.bound, aoyagiLearningCoefficient([a, b], Math.min(a, b)).lambda);
  }
});

test("deepLinearLlcLowerBound equals Aoyagi's λ for two layers with a full-width bottleneck (r = H_1): the model is regular up to GL(H_1)", () => {
  // rank J = H_1 (H_0 + H_2) - H_1^2: the parameter count less the dimension of the symmetry W1 -> G W1, W2 -> W2 G^-1.
  let checked = 0;
  for (let a = 1; a <= 6; a++) {
    for (let b = 1; b <= 6; b++) {
      for (let h = 1; h <= Math.min(a, b); h++) {
        const loss = createDeepLinearNetworkLoss({ widths: [a, h, b], rank: h, numSamples: 4, seed: 10 * a + b });
        assert.equal(deepLinearLlcLowerBound([a, h, b], loss.trueParams).bound, loss.learningCoefficient, `${a}-${h}-${b}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 50);
});

test("deepLinearLlcLowerBound on hand-checked points of 1-1-1 and 1-1-1-1", () => {
  // K = (w1 w2)^2 / 2: at (1, 0) quadratic in w2 alone (λ = 1/2); at the origin nothing is quadratic
  // (Jacobian bound 0), but K is the normal crossing (1, 1), whose λ is 1/2: the reduction knows it.
  const atOne = deepLinearLlcLowerBound([1, 1, 1], [1, 0]);
  assert.deepEqual({ ...atOne, reduction: undefined }, { rank: 1, jacobianBound: 0.5, reduction: undefined, aoyagiBound: 0.5, bound: 0.5, exact: true, gap: Infinity, layerRanks: [1, 0] });
  assert.deepEqual(atOne.reduction.groups, [[1, 2]], "w1 = 1 has full column rank: one merged layer, a regular model");
  const origin = deepLinearLlcLowerBound([1, 1, 1], [0, 0]);
  assert.deepEqual([origin.jacobianBound, origin.bound, origin.exact], [0, 0.5, true]);
  // Three factors: at (1, 1, 0) K is quadratic in w3 (λ 1/2); at (0, 0, 1) it is (w1 w2)^2 near the origin (λ 1/2).
  assert.deepEqual([deepLinearLlcLowerBound([1, 1, 1, 1], [1, 1, 0]).bound, deepLinearLlcLowerBound([1, 1, 1, 1], [1, 1, 0]).exact], [0.5, true]);
  const third = deepLinearLlcLowerBound([1, 1, 1, 1], [0, 0, 1]);
  assert.deepEqual([third.jacobianBound, third.bound, third.exact, third.reduction.groups], [0, 0.5, true, [[1, 1], [2, 3]]]);
  // Rank-one true map of 2-2-2 with W1 = W2 = diag(1, 0): J has rank 3 (the entries of W2 W1 that can move at first order: 3 of 4).
  assert.equal(deepLinearLlcLowerBound([2, 2, 2], [1, 0, 0, 0, 1, 0, 0, 0]).rank, 3);
});

test("deepLinearLlcLowerBound's own bounds never exceed Aoyagi's λ at the most singular point, where the local coefficient is Aoyagi's", () => {
  const architectures = randomDeepLinearArchitectures({ count: 40, seed: 5, minLayers: 2, maxLayers: 6, minWidth: 1, maxWidth: 9, maxParams: 300 });
  let strict = 0, twoLayers = 0;
  for (const [i, arch] of architectures.entries()) {
    const loss = createDeepLinearNetworkLoss({ widths: arch.widths, rank: arch.rank, numSamples: 4, seed: i, trueParameter: "mostSingular" });
    const bound = deepLinearLlcLowerBound(arch.widths, loss.trueParams);
    const what = `${arch.widths.join("-")} r=${arch.rank}`;
    assert.equal(bound.aoyagiBound, arch.learningCoefficient, what);
    assert.ok(bound.jacobianBound <= arch.learningCoefficient && bound.reduction.lambda <= arch.learningCoefficient, `${what}: rank(J) / 2 ${bound.jacobianBound}, reduction ${bound.reduction.lambda} > λ ${arch.learningCoefficient}`);
    assert.equal(bound.bound, arch.learningCoefficient, what);
    assert.deepEqual(bound.layerRanks, arch.widths.slice(1).map(() => arch.rank), "every layer of rank r");
    if (arch.widths.length === 3) {
      assert.ok(bound.exact && bound.reduction.lambda === arch.learningCoefficient, `${what}: two layers are exact`);
      twoLayers++;
    }
    if (Math.max(bound.jacobianBound, bound.reduction.lambda) < arch.learningCoefficient) strict++;
  }
  // Deep networks below full rank have higher-order terms: the first two bounds are then strictly below λ.
  assert.ok(strict >= 10 && twoLayers >= 3, `strict in ${strict} of 40, ${twoLayers} two-layer networks`);
});

test("deepLinearLlcLowerBound does not throw when rank decisions near the tolerance contradict each other: it skips that cut", () => {
  // diag(1, 1e-6, 0), diag(1e-2, 1e2, 0), diag(1, 1, 0): the product W_2 W_1 keeps rank 1 at relTol 1e-5
  // while W_3 W_2 and W_3 W_2 W_1 are decided separately; a cut built on them would break Sylvester's
  // inequality (a = 1, b = 2, r = 2).
  const diag = (...d: number[]) => [d[0]!, 0, 0, 0, d[1]!, 0, 0, 0, d[2]!];
  const bound = deepLinearLlcLowerBound([3, 3, 3, 3], [...diag(1, 1e-6, 0), ...diag(1e-2, 1e2, 0), ...diag(1, 1, 0)]);
  assert.ok(Number.isFinite(bound.bound) && bound.bound >= bound.aoyagiBound);
  assert.equal(bound.exact, false);
});

test("deepLinearLlcLowerBound at a generic point of notebook 02's validation exceeds Aoyagi's λ", () => {
  // Network 13 of the validation (20-5-5-20-5-2, r = 1, data seed 1013): layer ranks 1, 2, 3, 3, 2. An
  // independent SVD of the same Jacobian (numpy, float64) gives rank 40, singular values dropping by
  // more than 1e6 at the cut: the local coefficient there is at least 20, above Aoyagi's 12.5.
  const [arch] = randomDeepLinearArchitectures({ count: 24, seed: 7, minLayers: 2, maxLayers: 6, minWidth: 2, maxWidth: 20, maxParams: 1000 }).slice(13, 14);
  assert.deepEqual(arch!.widths, [20, 5, 5, 20, 5, 2]);
  const loss = createDeepLinearNetworkLoss({ widths: arch!.widths, rank: 1, numSamples: 4, seed: 1013, inputDistribution: "uniform", inputScale: 10, trueParameter: "generic" });
  const bound = deepLinearLlcLowerBound(arch!.widths, loss.trueParams);
  assert.equal(bound.rank, 40);
  assert.deepEqual(bound.layerRanks, [1, 2, 3, 3, 2]);
  assert.ok(bound.gap > 1e4, `gap ${bound.gap}`);
  assert.ok(bound.bound > loss.learningCoefficient);
});

test("deepLinearLlcLowerBound separates the rank from float32 rounding by a wide gap on drawn networks", () => {
  // Flat directions of float32 parameters sit near 1e-7 of the largest column, kept ones above ~1e-3:
  // a gap under 1e4 would mean the tolerance 1e-5 decides by luck.
  const architectures = randomDeepLinearArchitectures({ count: 12, seed: 9, minLayers: 2, maxLayers: 5, minWidth: 2, maxWidth: 12, maxParams: 400 });
  for (const [i, arch] of architectures.entries()) {
    const loss = createDeepLinearNetworkLoss({ widths: arch.widths, rank: arch.rank, numSamples: 4, seed: i, trueParameter: "generic" });
    const bound = deepLinearLlcLowerBound(arch.widths, loss.trueParams);
    assert.ok(bound.gap > 1e4, `${arch.widths.join("-")} r=${arch.rank}: gap ${bound.gap}`);
  }
});

test("deepLinearLlcLowerBound rejects bad input with the value and the expectation", () => {
  assert.throws(() => deepLinearLlcLowerBound([3], []), /widths must be at least 2 integers >= 1, got \[3\]/);
  assert.throws(() => deepLinearLlcLowerBound([2, 2], [1, 2, 3]), /params must have 4 entries for widths 2-2, got 3/);
  assert.throws(() => deepLinearLlcLowerBound([1, 1, 1], [1, NaN]), /params\[1\] must be finite, got NaN/);
  assert.throws(() => deepLinearLlcLowerBound([1, 1], [1], { relTol: 0 }), /relTol must be in \(0, 1\), got 0/);
});

test("twoLayerLocalLearningCoefficient is Aoyagi & Watanabe's coefficient at the most singular point (a = b = r), for every small shape", () => {
  let checked = 0;
  for (let n = 1; n <= 7; n++) for (let h = 1; h <= 7; h++) for (let m = 1; m <= 7; m++) {
    for (let r = 0; r <= Math.min(n, h, m); r++) {
      assert.equal(twoLayerLocalLearningCoefficient(n, h, m, r, r, r), aoyagiLearningCoefficient([n, h, m], r).lambda, `${n}-${h}-${m} r=${r}`);
      checked++;
    }
  }
  assert.ok(checked > 1000);
});

test("twoLayerLocalLearningCoefficient lies between Aoyagi's λ (the smallest over the true set) and d / 2 at every point, and is regular where a factor merges", () => {
  let above = 0;
  for (let n = 1; n <= 6; n++) for (let h = 1; h <= 6; h++) for (let m = 1; m <= 6; m++) {
    for (let a = 0; a <= Math.min(n, h); a++) for (let b = 0; b <= Math.min(h, m); b++) {
      for (let r = Math.max(0, a + b - h); r <= Math.min(a, b); r++) {
        const local = twoLayerLocalLearningCoefficient(n, h, m, a, b, r);
        const global = aoyagiLearningCoefficient([n, h, m], r).lambda;
        assert.ok(local >= global && local <= (n * h + h * m) / 2, `${n}-${h}-${m} a=${a} b=${b} r=${r}: ${local} outside [${global}, ${(n * h + h * m) / 2}]`);
        // A of full column rank or B of full row rank: (A, B) -> B A is a submersion, the model is regular.
        if (a === n || b === m) assert.equal(local, (n * m) / 2, `${n}-${h}-${m} a=${a} b=${b} r=${r}`);
        if (local > global) above++;
      }
    }
  }
  assert.ok(above > 500, `local above Aoyagi's λ at ${above} points`);
});

test("twoLayerLocalLearningCoefficient by hand, and its checks of input", () => {
  assert.equal(twoLayerLocalLearningCoefficient(1, 1, 1, 1, 0, 0), 0.5);
  // 17 -> 7 -> 14 with A = 0 and B of rank 2: |B A|^2 = |B_1 A_1'|^2 + |B~ A_2|^2, 2 x 17 quadratic
  // coordinates and two layers 17 -> 5 -> 12 at the origin (Aoyagi & Watanabe: 30).
  assert.equal(twoLayerLocalLearningCoefficient(17, 7, 14, 0, 2, 0), 17 + aoyagiLearningCoefficient([17, 5, 12], 0).lambda);
  assert.equal(aoyagiLearningCoefficient([17, 5, 12], 0).lambda, 30);
  assert.throws(() => twoLayerLocalLearningCoefficient(0, 1, 1, 0, 0, 0), /N must be an integer >= 1, got 0/);
  assert.throws(() => twoLayerLocalLearningCoefficient(3, 3, 3, 2, 2, 0), /ranks a = 2, b = 2, r = 0 are impossible for widths 3-3-3/);
  assert.throws(() => twoLayerLocalLearningCoefficient(3, 3, 3, 1, 2, 2), /impossible/);
});

/** A random matrix (row-major rows x cols) of rank k: U V^T with Gaussian U (rows x k), V (cols x k). */
function randomOfRank(rows: number, cols: number, k: number, random: ReturnType<typeof createRandom>): Float64Array {
  const u = random.fillNormal(new Float64Array(rows * k)), v = random.fillNormal(new Float64Array(cols * k));
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) for (let t = 0; t < k; t++) out[i * cols + j]! += u[i * k + t]! * v[j * k + t]!;
  return out;
}

test("deepLinearLlcLowerBound on two layers: the exact value is rank(J) / 2 (from an independent rank of the Jacobian) plus two layers at the origin", () => {
  // A (h x n) = U_A V_A^T of rank a; B (m x h) of rank b whose kernel holds exactly a - r directions of range(A).
  const random = createRandom(3);
  let checked = 0;
  for (let trial = 0; trial < 60; trial++) {
    const n = 1 + random.integer(6), h = 1 + random.integer(6), m = 1 + random.integer(6);
    const a = random.integer(Math.min(n, h) + 1), b = random.integer(Math.min(h, m) + 1);
    if (a + b > h + Math.min(a, b)) continue;
    const r = Math.max(0, a + b - h) + random.integer(Math.min(a, b) - Math.max(0, a + b - h) + 1);
    // Hidden basis e_1..e_h: range(A) = span(e_1..e_a); B vanishes on e_(r+1)..e_a and on e_(a+b-r+1)..e_h.
    const A = new Float64Array(h * n), B = new Float64Array(m * h);
    const va = randomOfRank(a, n, a, random), wb = randomOfRank(m, b, b, random);
    for (let i = 0; i < a; i++) for (let j = 0; j < n; j++) A[i * n + j] = va[i * n + j]!;
    const live = [...Array.from({ length: r }, (_, i) => i), ...Array.from({ length: b - r }, (_, i) => a + i)];
    for (let i = 0; i < m; i++) for (const [t, col] of live.entries()) B[i * h + col] = wb[i * b + t]!;
    const bound = deepLinearLlcLowerBound([n, h, m], [...A, ...B]);
    assert.deepEqual(bound.layerRanks, [a, b], `${n}-${h}-${m}`);
    assert.ok(bound.exact);
    assert.equal(bound.bound, twoLayerLocalLearningCoefficient(n, h, m, a, b, r));
    const origin = n - a > 0 && h - a - b + r > 0 && m - b > 0 ? aoyagiLearningCoefficient([n - a, h - a - b + r, m - b], 0).lambda : 0;
    assert.equal(bound.bound - origin, bound.jacobianBound, `${n}-${h}-${m} a=${a} b=${b} r=${r}`);
    checked++;
  }
  assert.ok(checked >= 40, `checked ${checked}`);
});

test("deepLinearLlcLowerBound does not see an invertible layer inserted after the first: the same network, the same reduction", () => {
  const architectures = randomDeepLinearArchitectures({ count: 12, seed: 11, minLayers: 2, maxLayers: 4, minWidth: 2, maxWidth: 7, maxParams: 200 });
  const random = createRandom(12);
  for (const [i, arch] of architectures.entries()) {
    const { widths } = arch;
    const loss = createDeepLinearNetworkLoss({ widths, rank: arch.rank, numSamples: 4, seed: i, trueParameter: "generic" });
    const before = deepLinearLlcLowerBound(widths, loss.trueParams);
    // Insert an invertible H_1 x H_1 layer G after W_1 (the network H_0-H_1-H_1-...).
    const h1 = widths[1]!, h0 = widths[0]!;
    const g = randomOfRank(h1, h1, h1, random);
    const params = [...loss.trueParams.slice(0, h0 * h1), ...g, ...loss.trueParams.slice(h0 * h1)];
    const after = deepLinearLlcLowerBound([h0, h1, ...widths.slice(1)], params);
    assert.equal(after.reduction.lambda, before.reduction.lambda, `${widths.join("-")}`);
    assert.equal(after.exact, before.exact);
  }
});

test("deepLinearLlcLowerBound never falls below Aoyagi's λ when exact, on generic points of 2 to 6 layers (the local coefficient is at least the smallest one)", () => {
  const architectures = randomDeepLinearArchitectures({ count: 60, seed: 13, minLayers: 2, maxLayers: 6, minWidth: 2, maxWidth: 10, maxParams: 400 });
  let exact = 0, above = 0;
  for (const [i, arch] of architectures.entries()) {
    const loss = createDeepLinearNetworkLoss({ widths: arch.widths, rank: arch.rank, numSamples: 4, seed: 100 + i, trueParameter: "generic" });
    const bound = deepLinearLlcLowerBound(arch.widths, loss.trueParams);
    assert.ok(bound.bound <= loss.numParams / 2, `${arch.widths.join("-")}: ${bound.bound} above d / 2`);
    if (!bound.exact) continue;
    exact++;
    assert.ok(bound.bound >= arch.learningCoefficient && bound.bound >= bound.jacobianBound, `${arch.widths.join("-")} r=${arch.rank}: exact ${bound.bound}, Aoyagi ${arch.learningCoefficient}, rank(J) / 2 ${bound.jacobianBound}`);
    if (bound.bound > arch.learningCoefficient) above++;
  }
  assert.ok(exact >= 20 && above >= 3, `exact at ${exact} of 60 points, above Aoyagi's λ at ${above}`);
});

test("deepLinearLlcLowerBound at notebook 02's generic points: 17-10-7-19-18 is at least 47 (by hand), 20-5-5-8-12-10-20 exactly 64", () => {
  const architectures = randomDeepLinearArchitectures({ count: 24, seed: 7, minLayers: 2, maxLayers: 6, minWidth: 2, maxWidth: 20, maxParams: 1000 });
  const at = (i: number) => {
    const arch = architectures[i]!;
    const loss = createDeepLinearNetworkLoss({ widths: arch.widths, rank: arch.rank, numSamples: 4, seed: 1000 + i, inputDistribution: "uniform", inputScale: 10, trueParameter: "generic" });
    return { arch, bound: deepLinearLlcLowerBound(arch.widths, loss.trueParams) };
  };
  // W_1 = 0, W_2 of full row rank (merge: X = W_2 W_1 free), then 17 -> 7 -> 14 on the rows of range(W_4).
  const first = at(7);
  assert.deepEqual([first.arch.widths, first.arch.rank, first.arch.learningCoefficient], [[17, 10, 7, 19, 18], 0, 35]);
  assert.deepEqual([first.bound.layerRanks, first.bound.reduction.widths, first.bound.bound, first.bound.exact, first.bound.reduction.cut], [[0, 7, 2, 14], [17, 7, 19, 18], 47, false, 2]);
  // W_2 of full row rank merges into W_1; W_3, then W_4 W_3 and W_5 W_4 W_3 of full column rank merge on:
  // two layers 20 -> 5 -> 20 at ranks 3, 2 and product rank 2.
  const second = at(18);
  assert.deepEqual([second.arch.widths, second.arch.rank, second.arch.learningCoefficient], [[20, 5, 5, 8, 12, 10, 20], 2, 42.5]);
  assert.deepEqual([second.bound.reduction.widths, second.bound.reduction.ranks, second.bound.bound, second.bound.exact], [[20, 5, 20], [3, 2], 64, true]);
  assert.equal(second.bound.bound, twoLayerLocalLearningCoefficient(20, 5, 20, 3, 2, 2));
  assert.ok(second.bound.reduction.gap > 1e4);
});
