import { test } from "node:test";
import * as assert from "node:assert/strict";
import { crc32, crc32Portable } from "../../src/util/crc32";

test("crc32 of the standard check string is 0xCBF43926", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
});

test("crc32 of an empty view returns the running value, whatever buffer the view is on", () => {
  // Node 20's native zlib.crc32 returns 0 for a view on a zero-length ArrayBuffer (what
  // `new Float64Array(8).slice(3, 3)` creates) instead of the value it was given to continue from.
  const running = crc32(new TextEncoder().encode("abc"));
  const empties: [string, ArrayBufferView][] = [
    ["Float64Array#slice(n, n)", new Float64Array(8).slice(3, 3)],
    ["new Float32Array(0)", new Float32Array(0)],
    ["new Uint8Array(new ArrayBuffer(0))", new Uint8Array(new ArrayBuffer(0))],
    ["an empty subarray of a non-empty buffer", new Uint8Array(16).subarray(5, 5)],
    ["Buffer.alloc(0)", Buffer.alloc(0)],
  ];
  for (const [name, view] of empties) {
    assert.equal(crc32(view, running), running, name);
    assert.equal(crc32(view), 0, `${name} from 0`);
  }
});

test("crc32 continued over pieces equals crc32 of the whole, for every split including empty pieces", () => {
  const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff);
  const whole = crc32(bytes);
  for (const cut of [0, 1, 7, 150, 299, 300]) {
    const first = bytes.slice(0, cut);
    const second = bytes.slice(cut);
    assert.equal(crc32(second, crc32(first)), whole, `split at ${cut}`);
  }
});

test("crc32 reads any typed array as its underlying bytes", () => {
  const floats = new Float32Array([1.5, -2, 3.25]);
  assert.equal(crc32(floats), crc32(new Uint8Array(floats.buffer)));
  assert.equal(crc32(floats.subarray(1)), crc32(new Uint8Array(floats.buffer, 4, 8)));
});

test("the native and the table-driven CRC-32 agree on random bytes and continuations", () => {
  let state = 12345;
  const bytes = Uint8Array.from({ length: 4096 }, () => ((state = (state * 1103515245 + 12345) >>> 0) >>> 24));
  for (const [from, to] of [[0, 4096], [3, 17], [100, 100], [1000, 3001]] as const) {
    const piece = bytes.subarray(from, to);
    assert.equal(crc32(piece), crc32Portable(piece));
    assert.equal(crc32(piece, 0xdeadbeef), crc32Portable(piece, 0xdeadbeef));
  }
});
