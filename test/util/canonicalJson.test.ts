import { test } from "node:test";
import * as assert from "node:assert/strict";
import { canonicalJson } from "../../src/util/canonicalJson";

test("canonicalJson refuses values whose JSON would lose what tells them apart", () => {
  class Options {
    rate = 1;
  }
  const refused: [string, unknown][] = [
    ["a Set", { layers: new Set([1, 2]) }],
    ["a Map", { table: new Map([["a", 1]]) }],
    ["a Date", { at: new Date(0) }],
    ["a class instance", { options: new Options() }],
    ["a RegExp", { pattern: /x/ }],
    ["a function", { f: () => 1 }],
    ["undefined in an array", [1, undefined, 2]],
    ["a hole in an array", [1, , 2]], // eslint-disable-line no-sparse-arrays
    ["NaN", { x: NaN }],
    ["Infinity", [Infinity]],
    ["a bigint", { n: 1n }],
    ["a symbol", { s: Symbol("s") }],
    ["a boxed number", { n: Object(1) }],
    ["undefined itself", undefined],
  ];
  for (const [what, value] of refused) {
    assert.throws(() => canonicalJson(value), TypeError, what);
  }
  // The message names where the value sits.
  assert.throws(() => canonicalJson({ model: { layers: new Set([1]) } }), /value\.model\.layers is a Set/);
});

test("canonicalJson encodes plain data with sorted keys, and undefined members as absent", () => {
  assert.equal(canonicalJson({ b: [1, "x", null, true], a: { d: 0.1, c: -0 } }), '{"a":{"c":0,"d":0.1},"b":[1,"x",null,true]}');
  assert.equal(canonicalJson({ a: undefined, b: 1 }), canonicalJson({ b: 1 }));
  assert.equal(canonicalJson(Object.assign(Object.create(null) as object, { z: 1, y: 2 })), '{"y":2,"z":1}');
  assert.equal(canonicalJson(1e-1), canonicalJson(0.1));
});
