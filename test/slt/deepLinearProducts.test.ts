import { test } from "node:test";
import * as assert from "node:assert/strict";
import { createDeepLinearNetworkLoss, deepLinearLayerOffsets, deepLinearPartialProduct, productMap } from "../../src/slt";

test("deepLinearPartialProduct multiplies the layers it is asked for, in order, and the identity for an empty range", () => {
  // Widths 2-3-1: W1 = [[1, 2], [3, 4], [5, 6]] (3 x 2), W2 = [[1, -1, 2]] (1 x 3), by hand:
  // W2 W1 = [1 - 3 + 10, 2 - 4 + 12] = [8, 10].
  const widths = [2, 3, 1];
  const offsets = deepLinearLayerOffsets(widths);
  assert.deepEqual(offsets, [0, 6, 9]);
  const params = Float32Array.of(1, 2, 3, 4, 5, 6, 1, -1, 2);
  assert.deepEqual(Array.from(deepLinearPartialProduct(widths, offsets, params, 1, 2)), [8, 10]);
  assert.deepEqual(Array.from(productMap(widths, offsets, params)), [8, 10]);
  assert.deepEqual(Array.from(deepLinearPartialProduct(widths, offsets, params, 1, 1)), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(deepLinearPartialProduct(widths, offsets, params, 2, 2)), [1, -1, 2]);
  // hi < lo: the identity of size H_(lo-1) (here H_1 = 3).
  assert.deepEqual(Array.from(deepLinearPartialProduct(widths, offsets, params, 2, 1)), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
});

test("productMap of a network's true parameter has the network's rank", () => {
  // Generic point of rank 2 on 5-7-4-6: the end-to-end map is 6 x 5 of rank 2, so every 3 x 3 minor
  // vanishes and some 2 x 2 minor does not (float32 parameters: minors below 1e-4 of the scale are zero).
  const dln = createDeepLinearNetworkLoss({ widths: [5, 7, 4, 6], rank: 2, numSamples: 10, trueParameter: "generic", seed: 3 });
  const m = productMap(dln.widths, dln.layerOffsets, dln.trueParams);
  assert.equal(m.length, 30);
  const at = (i: number, j: number) => m[i * 5 + j]!;
  const scale = Math.max(...Array.from(m, Math.abs));
  let largest2 = 0, largest3 = 0;
  for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) for (let c = 0; c < 5; c++) for (let d = c + 1; d < 5; d++) {
    largest2 = Math.max(largest2, Math.abs(at(a, c) * at(b, d) - at(a, d) * at(b, c)));
  }
  for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) for (let e = b + 1; e < 6; e++) for (let c = 0; c < 5; c++) for (let d = c + 1; d < 5; d++) for (let f = d + 1; f < 5; f++) {
    const det = at(a, c) * (at(b, d) * at(e, f) - at(b, f) * at(e, d)) - at(a, d) * (at(b, c) * at(e, f) - at(b, f) * at(e, c)) + at(a, f) * (at(b, c) * at(e, d) - at(b, d) * at(e, c));
    largest3 = Math.max(largest3, Math.abs(det));
  }
  assert.ok(largest2 > 1e-2 * scale ** 2, `a 2 x 2 minor is not zero: ${largest2}`);
  assert.ok(largest3 < 1e-4 * scale ** 3, `every 3 x 3 minor is zero: ${largest3}`);
});
