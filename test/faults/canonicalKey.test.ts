/**
 * Fault suite, canonical JSON and cache keys: configurations equal as data get equal keys whatever
 * their key order and number spelling; configurations that differ get different keys; values whose
 * JSON would hide a difference are refused.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { canonicalJson } from "../../src/util/canonicalJson";
import { createRunCache } from "../../src/experiment/runCache";
import { faultRuns } from "./faults";

const cache = createRunCache({ directory: "/nonexistent/never-written", version: "key/1" });

/** The same data with every object's keys in another order. */
function shuffleKeys(value: unknown, order: number[]): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, order));
  if (value && typeof value === "object") {
    const keys = Object.keys(value);
    const shuffled = keys.map((k, i) => ({ k, r: order[i % order.length]! + i / 1000 })).sort((a, b) => a.r - b.r).map((e) => e.k);
    return Object.fromEntries(shuffled.map((k) => [k, shuffleKeys((value as Record<string, unknown>)[k], order)]));
  }
  return value;
}

/** The same data read back from JSON text whose numbers are spelled another way (1 as 1e+0, 0.5 as 5e-1, ...). */
function respellNumbers(value: unknown): unknown {
  const write = (v: unknown): string => {
    if (typeof v === "number") return v.toExponential();
    if (Array.isArray(v)) return `[${v.map(write).join(",")}]`;
    if (v && typeof v === "object") return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`).join(",")}}`;
    return JSON.stringify(v);
  };
  return JSON.parse(write(value)) as unknown;
}

test("equal configurations get equal keys across key order and number spelling", () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (config, order) => {
      const same = respellNumbers(shuffleKeys(config, order));
      assert.equal(canonicalJson(same), canonicalJson(config));
      assert.equal(cache.key(same), cache.key(config));
      // Canonical JSON reads back to the same data.
      assert.equal(canonicalJson(JSON.parse(canonicalJson(config))), canonicalJson(config));
    }),
    faultRuns(500),
  );
});

test("configurations that differ as data get different keys", () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (a, b) => {
      fc.pre(canonicalJson(a) !== canonicalJson(b));
      assert.notEqual(cache.key(a), cache.key(b));
    }),
    faultRuns(500),
  );
  // Neighbouring numbers, and values JSON.stringify would confuse with others.
  const pairs: [unknown, unknown][] = [
    [{ lr: 0.1 }, { lr: 0.1 + Number.EPSILON / 8 }],
    [{ lr: 1e-5 }, { lr: 1.0000000000000001e-5 + 1e-21 }],
    [[1, null], [1]],
    [{ a: "1" }, { a: 1 }],
    [{ a: [] }, { a: {} }],
    [{ "a.b": 1 }, { a: { b: 1 } }],
  ];
  for (const [a, b] of pairs) if (canonicalJson(a) !== canonicalJson(b)) assert.notEqual(cache.key(a), cache.key(b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
});

test("a value that JSON would not tell apart is refused wherever it is nested", () => {
  const lossy = fc.constantFrom<[string, () => unknown]>(
    ["Set", () => new Set([1])],
    ["Map", () => new Map([[1, 2]])],
    ["Date", () => new Date(0)],
    ["NaN", () => NaN],
    ["undefined in an array", () => [undefined]],
    ["function", () => () => 1],
    ["class instance", () => new (class Options {})()],
  );
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 3 }), lossy, fc.array(fc.oneof(fc.constant("array"), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 3 }), (base, [, make], where) => {
      let value: unknown = make();
      for (const step of where) value = step === "array" ? [base, value] : { [step]: value, other: base };
      assert.throws(() => canonicalJson(value), TypeError);
      assert.throws(() => cache.key(value), TypeError);
    }),
    faultRuns(300),
  );
});
