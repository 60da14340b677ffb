/**
 * Fault suite, experiment cache: a stored entry under any byte-level fault or any change of a field
 * reads back exactly or is reported (naming its file) and treated as missing (an entry that lost its
 * digest field reads as one of the older format: missing without a report); never returned altered,
 * never thrown at the caller.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as fc from "fast-check";
import { createRunCache } from "../../src/experiment/runCache";
import { schema } from "../../src/util/plainDataSchema";
import { applyFault, faultArbitrary, faultRuns } from "./faults";

const CONFIG = { widths: [784, 32, 10], learningRate: 0.05, llc: { checkpoints: [0.5, 1], descentSteps: 5 }, seed: 3 };
const RECORD = { alpha: 0.2734, testAccuracy: 0.9391, steps: [0, 1, 10, 100], trace: [1.5, 2.25, -3.125e-7], warnings: ["few draws"], returns: { failed: "too short" } };
const RECORD_SCHEMA = schema.object({
  alpha: schema.finite,
  testAccuracy: schema.finite,
  steps: schema.array(schema.integer),
  trace: schema.array(schema.finite),
  warnings: schema.array(schema.string),
  returns: schema.oneOf(schema.object({ failed: schema.string }), schema.object({ value: schema.finite })),
});
const validate = (r: unknown): string | null => schema.mismatch(r, RECORD_SCHEMA, "record");

// One stored entry; each case writes its damaged bytes over it and opens the cache afresh (so every
// case gets its own report), which keeps the cases free of fsyncs.
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "ab-fault-cache-"));
createRunCache({ directory, version: "fault/1" }).put(CONFIG, RECORD, { validate });
const CLEAN = new Uint8Array(fs.readFileSync(createRunCache({ directory, version: "fault/1" }).file(CONFIG)));

function freshCache(bytes: Uint8Array = CLEAN) {
  const reports: string[] = [];
  const cache = createRunCache({ directory, version: "fault/1", onInvalid: (file) => reports.push(file) });
  fs.writeFileSync(cache.file(CONFIG), bytes);
  return { cache, reports, file: cache.file(CONFIG) };
}

function readBack(cache: ReturnType<typeof freshCache>["cache"], reports: string[], file: string): void {
  const back = cache.get(CONFIG, { validate });
  let olderFormat = false;
  try {
    const entry = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    olderFormat = typeof entry === "object" && entry !== null && !Array.isArray(entry) && !("digest" in entry);
  } catch {
    olderFormat = false;
  }
  if (back === null && olderFormat) {
    assert.deepEqual(reports, [], "an entry of the format before digests is missing, not reported");
  } else if (back === null) {
    assert.deepEqual(reports, [file], "a rejected entry is reported once, naming its file");
  } else {
    assert.deepEqual(back, RECORD);
    assert.deepEqual(reports, []);
  }
}

test("a cache file with any byte-level fault reads back exactly or is reported and recomputed", () => {
  fc.assert(
    fc.property(faultArbitrary, (makeFault) => {
      const { cache, reports, file } = freshCache(applyFault(CLEAN, makeFault(CLEAN.length)));
      readBack(cache, reports, file);
    }),
    faultRuns(300),
  );
});

test("a cache entry with any field replaced reads back exactly or is reported and recomputed", () => {
  const paths = [["key"], ["version"], ["config"], ["config", "learningRate"], ["config", "llc", "numDraws"], ["storedAt"], ["digest"], ["record"], ["record", "alpha"], ["record", "steps"], ["record", "returns"], ["extra"]];
  fc.assert(
    fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 }), fc.boolean(), (where, value, remove) => {
      const { cache, reports, file } = freshCache();
      const entry = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
      let parent = entry;
      for (const key of where.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
      if (remove) delete parent[where[where.length - 1]!];
      else parent[where[where.length - 1]!] = value;
      fs.writeFileSync(file, JSON.stringify(entry));
      readBack(cache, reports, file);
    }),
    faultRuns(300),
  );
});
