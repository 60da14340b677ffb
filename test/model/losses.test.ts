import { test } from "node:test";
import * as assert from "node:assert/strict";
import { countCorrect, softmaxCrossEntropy } from "../../src/model/softmaxCrossEntropy";
import { gaussianNll } from "../../src/model/gaussianNll";

test("softmaxCrossEntropy of uniform logits is log C nats per sample", () => {
  const logits = new Float32Array(3 * 5);
  assert.ok(Math.abs(softmaxCrossEntropy(logits, new Int32Array([0, 4, 2]), 5) - Math.log(5)) < 1e-12);
});

test("softmaxCrossEntropy stays finite for huge logits and its gradient rows sum to zero", () => {
  const logits = new Float32Array([1000, -1000, 0, 3, 1, 2]);
  const gradient = new Float32Array(6);
  const loss = softmaxCrossEntropy(logits, new Int32Array([1, 0]), 3, gradient);
  // Row 0: logsumexp = 1000 exactly in float64 (other terms underflow), so the loss is 2000.
  // Row 1: log(e^3 + e^1 + e^2) - 3.
  const expected = (2000 + Math.log(Math.exp(3) + Math.exp(1) + Math.exp(2)) - 3) / 2;
  assert.ok(Math.abs(loss - expected) < 1e-9);
  for (let r = 0; r < 2; r++) assert.ok(Math.abs(gradient[3 * r]! + gradient[3 * r + 1]! + gradient[3 * r + 2]!) < 1e-7);
  assert.throws(() => softmaxCrossEntropy(logits, new Int32Array([1, 3]), 3), /labels\[1\] must be an integer in \[0, 2\], got 3/);
});

test("countCorrect counts argmax hits", () => {
  assert.equal(countCorrect(new Float32Array([0, 1, 1, 0, 0, 1]), new Int32Array([1, 0, 0]), 2), 2);
});

test("gaussianNll is half the squared error per sample, and adds (k/2) log 2 pi on request", () => {
  const out = new Float32Array([1, 2, 3, 4]);
  const tgt = new Float32Array([0, 0, 3, 2]);
  const gradient = new Float32Array(4);
  assert.equal(gaussianNll(out, tgt, 2, { gradient }), (0.5 * (1 + 4) + 0.5 * 4) / 2);
  assert.deepEqual(Array.from(gradient), [0.5, 1, 0, 1]);
  const withConstant = gaussianNll(out, tgt, 2, { includeConstant: true });
  assert.ok(Math.abs(withConstant - (2.25 + Math.log(2 * Math.PI))) < 1e-12);
  assert.throws(() => gaussianNll(out, tgt, 3), /numSamples must be a non-negative integer dividing outputs.length = 4, got 3/);
});
