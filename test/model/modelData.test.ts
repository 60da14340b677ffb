import { test } from "node:test";
import * as assert from "node:assert/strict";
import { subsetModelData } from "../../src/model/modelData";
import { supervisedData } from "../../src/model/supervisedData";
import { tokenData } from "../../src/model/tokenData";

test("subsetModelData keeps count distinct samples, rows intact, seeded, and the whole set when count ≥ n", () => {
  const n = 50;
  const inputs = Float32Array.from({ length: n * 3 }, (_, i) => i);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 7);
  const data = supervisedData({ inputs, inputSize: 3, labels, numClasses: 7 });
  const sub = subsetModelData(data, 12, 5);
  assert.equal(sub.numSamples, 12);
  assert.equal(sub.inputs.length, 36);
  const rows = new Set<number>();
  for (let i = 0; i < 12; i++) {
    const row = sub.inputs[i * 3]! / 3;
    assert.ok(Number.isInteger(row) && row >= 0 && row < n, "an original row");
    assert.deepEqual(Array.from(sub.inputs.subarray(i * 3, i * 3 + 3)), [3 * row, 3 * row + 1, 3 * row + 2], "row copied whole");
    assert.equal(sub.labels![i], row % 7, "label follows its row");
    if (i > 0) assert.ok(row > sub.inputs[(i - 1) * 3]! / 3, "ascending original order");
    rows.add(row);
  }
  assert.equal(rows.size, 12, "no sample twice");
  assert.deepEqual(subsetModelData(data, 12, 5).inputs, sub.inputs, "same seed, same subset");
  assert.notDeepEqual(subsetModelData(data, 12, 6).inputs, sub.inputs, "another seed, another subset");
  assert.equal(subsetModelData(data, n, 0), data);
  assert.throws(() => subsetModelData(data, 0, 0), /subsetModelData: count must be an integer ≥ 1, got 0/);
});

test("subsetModelData of token data selects window starts over the same stream", () => {
  const tokens = Uint8Array.from({ length: 101 }, (_, i) => i % 5);
  const data = tokenData({ tokens, vocabSize: 5, contextLength: 4 });
  const sub = subsetModelData(data, 6, 1);
  assert.equal(sub.numSamples, 6);
  assert.equal(sub.tokens, data.tokens, "the stream is shared, not copied");
  const all = new Set(Array.from(data.starts));
  for (const s of sub.starts) assert.ok(all.has(s), "a window of the original");
  assert.equal(new Set(Array.from(sub.starts)).size, 6);
});
