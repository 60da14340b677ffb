import { test } from "node:test";
import * as assert from "node:assert/strict";
import { aoyagiLearningCoefficient, createDeepLinearNetworkLoss, deepLinearLlcLowerBound, randomDeepLinearArchitectures } from "../../src/slt";
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
  // K = (w1 w2)^2 / 2: at (1, 0) quadratic in w2 alone (bound 1/2 = its λ); at the origin nothing is quadratic.
  assert.deepEqual(deepLinearLlcLowerBound([1, 1, 1], [1, 0]), { rank: 1, bound: 0.5, gap: Infinity, layerRanks: [1, 0] });
  assert.equal(deepLinearLlcLowerBound([1, 1, 1], [0, 0]).bound, 0);
  // Three factors: at (1, 1, 0) only w3 enters to first order; at (0, 0, 1) no direction does.
  assert.equal(deepLinearLlcLowerBound([1, 1, 1, 1], [1, 1, 0]).bound, 0.5);
  assert.equal(deepLinearLlcLowerBound([1, 1, 1, 1], [0, 0, 1]).bound, 0);
  // Rank-one true map of 2-2-2 with W1 = W2 = diag(1, 0): J has rank 3 (the entries of W2 W1 that can move at first order: 3 of 4).
  assert.equal(deepLinearLlcLowerBound([2, 2, 2], [1, 0, 0, 0, 1, 0, 0, 0]).rank, 3);
});

test("deepLinearLlcLowerBound never exceeds Aoyagi's λ at the most singular point, where the local coefficient is Aoyagi's", () => {
  const architectures = randomDeepLinearArchitectures({ count: 40, seed: 5, minLayers: 2, maxLayers: 6, minWidth: 1, maxWidth: 9, maxParams: 300 });
  let strict = 0;
  for (const [i, arch] of architectures.entries()) {
    const loss = createDeepLinearNetworkLoss({ widths: arch.widths, rank: arch.rank, numSamples: 4, seed: i, trueParameter: "mostSingular" });
    const bound = deepLinearLlcLowerBound(arch.widths, loss.trueParams);
    assert.ok(bound.bound <= arch.learningCoefficient, `${arch.widths.join("-")} r=${arch.rank}: bound ${bound.bound} > λ ${arch.learningCoefficient}`);
    assert.deepEqual(bound.layerRanks, arch.widths.slice(1).map(() => arch.rank), "every layer of rank r");
    if (bound.bound < arch.learningCoefficient) strict++;
  }
  // Deep networks below full rank have higher-order terms: the bound is then strictly below λ.
  assert.ok(strict >= 10, `strict in ${strict} of 40`);
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
