import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { spawnSync } from "node:child_process";
import { encodeIdx, parseIdx, readIdx } from "../../src/data/idx";
import { childNodeArgs } from "../childNode";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ab-idx-"));

test("encodeIdx and parseIdx round-trip every element type", () => {
  const cases = [
    { type: "uint8", shape: [2, 3], data: new Uint8Array([0, 1, 2, 253, 254, 255]) },
    { type: "int8", shape: [3], data: new Int8Array([-128, 0, 127]) },
    { type: "int16", shape: [2], data: new Int16Array([-30000, 30000]) },
    { type: "int32", shape: [1, 2], data: new Int32Array([-(2 ** 31), 2 ** 31 - 1]) },
    { type: "float32", shape: [2], data: new Float32Array([1.5, -2.25]) },
    { type: "float64", shape: [2], data: new Float64Array([Math.PI, -Math.E]) },
  ] as const;
  for (const c of cases) {
    const back = parseIdx(encodeIdx({ type: c.type, shape: [...c.shape], data: c.data }));
    assert.equal(back.type, c.type);
    assert.deepEqual(back.shape, c.shape);
    assert.deepEqual(Array.from(back.data), Array.from(c.data));
  }
});

test("readIdx accepts gzipped files", () => {
  const file = path.join(tmp, "labels.gz");
  fs.writeFileSync(file, zlib.gzipSync(encodeIdx({ type: "uint8", shape: [4], data: new Uint8Array([3, 1, 4, 1]) })));
  assert.deepEqual(Array.from(readIdx(file).data), [3, 1, 4, 1]);
});

test("a truncated file is an error naming the file, the expected and the actual size", () => {
  const bytes = encodeIdx({ type: "uint8", shape: [10, 28, 28], data: new Uint8Array(7840) });
  const file = path.join(tmp, "truncated-idx3-ubyte");
  fs.writeFileSync(file, bytes.subarray(0, 5000));
  assert.throws(() => readIdx(file), (e: Error) => e.message.includes(file) && e.message.includes("should be 7856 bytes") && e.message.includes("is 5000 bytes") && e.message.includes("truncated"));
});

test("a file with the wrong magic number is rejected as not IDX", () => {
  const file = path.join(tmp, "not-idx");
  fs.writeFileSync(file, Buffer.from("PK\x03\x04 this is a zip"));
  assert.throws(() => readIdx(file), (e: Error) => e.message.includes(file) && e.message.includes("magic number 50 4b 03 04"));
});

test("a corrupt gzip stream and a missing file are clear errors", () => {
  const file = path.join(tmp, "corrupt.gz");
  const gz = zlib.gzipSync(encodeIdx({ type: "uint8", shape: [100], data: new Uint8Array(100) }));
  fs.writeFileSync(file, gz.subarray(0, gz.length - 10));
  assert.throws(() => readIdx(file), (e: Error) => e.message.includes(file) && e.message.includes("does not decompress"));
  assert.throws(() => readIdx(path.join(tmp, "absent")), /cannot read .*absent: ENOENT/);
});

test("extra bytes after the data are reported too", () => {
  const bytes = encodeIdx({ type: "uint8", shape: [4], data: new Uint8Array(4) });
  assert.throws(() => parseIdx(new Uint8Array([...bytes, 0]), "x"), /should be 12 bytes .* but is 13 bytes; the file is longer than its header says/);
});

/** A gzip file whose IDX header promises `header` elements but that inflates to about `megabytes` MB. */
function gzipBomb(megabytes: number): Buffer {
  const head = zlib.gzipSync(encodeIdx({ type: "uint8", shape: [10], data: new Uint8Array(10) }));
  const megabyteOfZeros = zlib.gzipSync(Buffer.alloc(1 << 20), { level: 9 }); // about 1 kB
  return Buffer.concat([head, ...Array.from({ length: megabytes }, () => megabyteOfZeros)]);
}

test("a gzip bomb is refused without inflating it: memory stays bounded", { timeout: 60_000 }, () => {
  // 1 GB of zeros behind a header that promises 18 bytes, in a 1 MB file. Measured in a child process,
  // whose peak resident memory would exceed 1 GB if the reader inflated the whole stream first.
  const file = path.join(tmp, "bomb-idx1-ubyte.gz");
  fs.writeFileSync(file, gzipBomb(1024));
  const script = `
    const { readIdx } = require(${JSON.stringify(path.resolve(__dirname, "../../src/data/idx.js"))});
    const before = process.resourceUsage().maxRSS;
    const t0 = Date.now();
    let message = "no error";
    try { readIdx(${JSON.stringify(file)}); } catch (e) { message = e.message; }
    console.log(JSON.stringify({ message, ms: Date.now() - t0, grewKb: process.resourceUsage().maxRSS - before }));`;
  const run = spawnSync(process.execPath, childNodeArgs("-e", script), { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { message: string; ms: number; grewKb: number };
  assert.match(result.message, /bomb-idx1-ubyte\.gz/);
  assert.match(result.message, /inflates to more than the 18 bytes its header promises/);
  assert.ok(result.grewKb < 100 * 1024, `peak memory grew by ${(result.grewKb / 1024).toFixed(0)} MB while refusing the bomb`);
});

test("a header that promises more than the size limit is refused before inflating", () => {
  // A header of shape [70000, 28, 28, 28] (1.5 GB of uint8) in a tiny gzip file.
  const header = new Uint8Array(4 + 16);
  const view = new DataView(header.buffer);
  header[2] = 0x08;
  header[3] = 4;
  [70000, 28, 28, 28].forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  assert.throws(
    () => parseIdx(zlib.gzipSync(header), "huge.gz"),
    (e: Error) => e instanceof RangeError && /huge\.gz: its header promises 1536640020 bytes \(shape \[70000, 28, 28, 28\] of uint8\), more than the limit of 1073741824 bytes/.test(e.message),
  );
  assert.throws(() => parseIdx(header, "huge"), /huge: its header promises 1536640020 bytes/);
  // The limit is an option: a larger one lets the size check report the truncation instead.
  assert.throws(() => parseIdx(zlib.gzipSync(header), "huge.gz", { maxBytes: 2 ** 31 }), /should be 1536640020 bytes .* but is 20 bytes; the file is truncated/);
});
