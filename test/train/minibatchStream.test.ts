import { test } from "node:test";
import * as assert from "node:assert/strict";
import { createMinibatchStream } from "../../src/train/minibatchStream";
import { testSeed } from "../seeds";

test("without replacement every sample appears once per epoch, even when batches straddle epochs", () => {
  const stream = createMinibatchStream({ numSamples: 10, batchSize: 4, seed: 5 });
  const seen: number[] = [];
  for (let t = 0; t < 5; t++) seen.push(...stream.batchAt(t)); // 20 samples = two epochs
  assert.deepEqual(seen.slice(0, 10).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(seen.slice(10, 20).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.notDeepEqual(seen.slice(0, 10), seen.slice(10, 20));
});

test("batches are random access: batch t is the same whatever was drawn before", () => {
  for (const replacement of [false, true]) {
    const a = createMinibatchStream({ numSamples: 50, batchSize: 8, seed: 2, replacement });
    const b = createMinibatchStream({ numSamples: 50, batchSize: 8, seed: 2, replacement });
    const sequential = Array.from({ length: 20 }, (_, t) => Array.from(a.batchAt(t)));
    assert.deepEqual(Array.from(b.batchAt(17)), sequential[17]);
    assert.deepEqual(Array.from(b.batchAt(3)), sequential[3]);
  }
});

test("with replacement draws are uniform over the samples", () => {
  const stream = createMinibatchStream({ numSamples: 4, batchSize: 100, seed: testSeed(1), replacement: true });
  const counts = [0, 0, 0, 0];
  for (let t = 0; t < 100; t++) for (const i of stream.batchAt(t)) counts[i]!++;
  // Each count ~ Binomial(10000, 1/4): sd ≈ 43; allow 3.5 sd.
  for (const c of counts) assert.ok(Math.abs(c - 2500) < 3.5 * 43.3, `count ${c}`);
});

test("createMinibatchStream rejects a batch larger than the data set without replacement", () => {
  assert.throws(() => createMinibatchStream({ numSamples: 5, batchSize: 6 }), /batchSize must be an integer in \[1, 5\] \(numSamples, without replacement\), got 6/);
});
