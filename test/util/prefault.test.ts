import { test } from "node:test";
import assert from "node:assert/strict";
import { pageFaultMicros, prefaultDone, prefaultedFloat32Array, PREFAULT_MIN_MICROS_PER_PAGE } from "../../src/util/prefault";

test("prefaultedFloat32Array keeps every value the owner writes while its helper touches the pages", async () => {
  // 64 MiB: far above the size threshold, and the helper forced whatever faults cost here; the owner
  // writes a pattern into every page (the words the helper rewrites) and elsewhere while the helper
  // walks the same pages.
  const length = 16 * 1024 * 1024;
  const a = prefaultedFloat32Array(length, { minMicrosPerPage: 0 });
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
  const forced = prefaultedFloat32Array(2048, { minBytes: 0, minMicrosPerPage: 0 });
  assert.ok(forced.buffer instanceof SharedArrayBuffer);
  await prefaultDone(forced);
  assert.equal(forced.length, 2048);
  assert.throws(() => prefaultedFloat32Array(-1), /prefaultedFloat32Array: length must be an integer in \[0, 2\^31\), got -1/);
  assert.throws(() => prefaultedFloat32Array(1.5), /got 1.5/);
});

test("prefaultedFloat32Array starts no helper where page faults are cheap", () => {
  const micros = pageFaultMicros();
  assert.ok(micros > 0 && Number.isFinite(micros), `a fault costs ${micros} µs`);
  assert.equal(pageFaultMicros(), micros, "measured once per process");
  const cheap = prefaultedFloat32Array(2048, { minBytes: 0, minMicrosPerPage: micros * 2 });
  assert.ok(cheap.buffer instanceof ArrayBuffer, "faults cheaper than the threshold: a plain array");
  const dear = prefaultedFloat32Array(2048, { minBytes: 0, minMicrosPerPage: micros / 2 });
  assert.ok(dear.buffer instanceof SharedArrayBuffer, "faults dearer than the threshold: a helper");
  assert.ok(PREFAULT_MIN_MICROS_PER_PAGE > 0);
});
