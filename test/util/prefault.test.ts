import { test } from "node:test";
import assert from "node:assert/strict";
import { prefaultDone, prefaultedFloat32Array } from "../../src/util/prefault";

test("prefaultedFloat32Array keeps every value the owner writes while its helper touches the pages", async () => {
  // 64 MiB: far above the threshold, so a helper runs; the owner writes a pattern into every page
  // (the words the helper rewrites) and elsewhere while the helper walks the same pages.
  const length = 16 * 1024 * 1024;
  const a = prefaultedFloat32Array(length);
  assert.ok(a.buffer instanceof SharedArrayBuffer, "a helper was started for a big array");
  for (let i = 0; i < length; i += 1024) {
    a[i] = (i >> 10) + 0.25; // exact in float32
    a[i + 513] = -(i >> 10);
  }
  await prefaultDone(a);
  for (let i = 0; i < length; i += 1024) {
    if (a[i] !== (i >> 10) + 0.25 || a[i + 513] !== -(i >> 10)) assert.fail(`value at ${i} changed: ${a[i]}, ${a[i + 513]}`);
  }
  // Untouched words are still zero.
  assert.equal(a[1], 0);
  assert.equal(a[length - 1], 0);
});

test("prefaultedFloat32Array returns a plain zeroed array under the threshold and rejects bad lengths", async () => {
  const small = prefaultedFloat32Array(1000);
  assert.ok(small.buffer instanceof ArrayBuffer);
  assert.deepEqual(Array.from(small.subarray(0, 3)), [0, 0, 0]);
  const forced = prefaultedFloat32Array(2048, { minBytes: 0 });
  assert.ok(forced.buffer instanceof SharedArrayBuffer);
  await prefaultDone(forced);
  assert.equal(forced.length, 2048);
  assert.throws(() => prefaultedFloat32Array(-1), /prefaultedFloat32Array: length must be an integer in \[0, 2\^31\), got -1/);
  assert.throws(() => prefaultedFloat32Array(1.5), /got 1.5/);
});
