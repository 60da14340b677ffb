import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRunCache } from "../../src/experiment/index";
import { canonicalJson } from "../../src/util/canonicalJson";

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "run-cache-"));

test("canonicalJson is the same text whatever order the keys were written in", () => {
  assert.equal(canonicalJson({ b: { y: 1, x: [3, { q: 1, p: 2 }] }, a: "s" }), canonicalJson({ a: "s", b: { x: [3, { p: 2, q: 1 }], y: 1 } }));
  assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
  assert.throws(() => canonicalJson({ a: NaN }), /value\.a must be a finite number/);
  assert.throws(() => canonicalJson({ a: new Float32Array(2) }), TypeError);
});

test("the run cache misses an unknown configuration and hits it after put, in any key order", () => {
  const cache = createRunCache({ directory: tempDir(), version: "t/1" });
  assert.equal(cache.get({ lr: 0.1, seed: 1 }), null);
  cache.put({ lr: 0.1, seed: 1 }, { alpha: 0.3 });
  assert.deepEqual(cache.get({ seed: 1, lr: 0.1 }), { alpha: 0.3 });
  assert.equal(cache.has({ seed: 1, lr: 0.1 }), true);
});

test("a changed setting or a new code version invalidates the cached result", () => {
  const directory = tempDir();
  const cache = createRunCache({ directory, version: "t/1" });
  cache.put({ lr: 0.1, nested: { draws: 200 } }, 1);
  assert.equal(cache.get({ lr: 0.1, nested: { draws: 201 } }), null);
  assert.equal(cache.get({ lr: 0.2, nested: { draws: 200 } }), null);
  assert.equal(createRunCache({ directory, version: "t/2" }).get({ lr: 0.1, nested: { draws: 200 } }), null);
  assert.equal(cache.get({ lr: 0.1, nested: { draws: 200 } }), 1);
});

test("a truncated or foreign cache file is treated as a miss, never trusted", () => {
  const cache = createRunCache({ directory: tempDir(), version: "t/1", onInvalid: () => undefined });
  cache.put({ a: 1 }, { ok: true });
  const file = cache.file({ a: 1 });
  const text = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, text.slice(0, text.length / 2));
  assert.equal(cache.get({ a: 1 }), null);
  // A file whose stored configuration differs from the one asked for (e.g. a hash collision).
  fs.writeFileSync(file, JSON.stringify({ key: "x", version: "t/1", config: { a: 2 }, storedAt: "", record: { ok: false } }));
  assert.equal(cache.get({ a: 1 }), null);
});

test("a write interrupted before its rename leaves no result under the real name", () => {
  const directory = tempDir();
  const cache = createRunCache({ directory, version: "t/1" });
  // The module object itself (the namespace import only has getters onto it).
  const nodeFs = require("node:fs") as { renameSync: typeof fs.renameSync };
  const rename = nodeFs.renameSync;
  nodeFs.renameSync = () => {
    throw new Error("failed between write and rename");
  };
  try {
    assert.throws(() => cache.put({ a: 1 }, { big: "x".repeat(1000) }), /failed between write and rename/);
  } finally {
    nodeFs.renameSync = rename;
  }
  assert.equal(fs.existsSync(cache.file({ a: 1 })), false);
  assert.equal(cache.get({ a: 1 }), null);
  assert.deepEqual(fs.readdirSync(directory), [], "a failed write removes its temporary file");
  // A process killed at that moment leaves the temporary: it is never read, and clear removes it.
  fs.writeFileSync(`${cache.file({ a: 1 })}.tmp-99-0`, "half a record");
  assert.equal(cache.get({ a: 1 }), null);
  assert.equal(cache.clear(), 1);
  cache.put({ a: 1 }, 7);
  assert.equal(cache.get({ a: 1 }), 7);
});
