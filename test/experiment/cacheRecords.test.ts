/**
 * Records read back from the experiment cache are checked against their digest and their schema before
 * use; a bad one is reported and recomputed, never returned.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRunCache, runSweep } from "../../src/experiment/index";
import { schema, type PlainDataSchema } from "../../src/util/plainDataSchema";

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "cache-records-"));
const RECORD: PlainDataSchema = schema.object({ testAccuracy: schema.finite, alpha: schema.finite, steps: schema.array(schema.integer) });
const validate = (record: unknown): string | null => schema.mismatch(record, RECORD, "record");

function openCache() {
  const reports: string[] = [];
  const cache = createRunCache({ directory: tempDir(), version: "t/1", onInvalid: (file, reason) => reports.push(`${path.basename(file)}: ${reason}`) });
  return { cache, reports };
}

function edit(file: string, change: (entry: Record<string, unknown>) => void): void {
  const entry = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  change(entry);
  fs.writeFileSync(file, JSON.stringify(entry));
}

test("an edited record fails its digest: it is reported and treated as missing, never returned", () => {
  const { cache, reports } = openCache();
  cache.put({ lr: 0.1 }, { testAccuracy: 0.68, alpha: 0.3, steps: [1, 2] }, { validate });
  assert.deepEqual(cache.get({ lr: 0.1 }, { validate }), { testAccuracy: 0.68, alpha: 0.3, steps: [1, 2] });
  edit(cache.file({ lr: 0.1 }), (e) => ((e.record as { testAccuracy: number }).testAccuracy = 0.99));
  assert.equal(cache.get({ lr: 0.1 }, { validate }), null);
  assert.equal(reports.length, 1);
  assert.match(reports[0]!, /digest does not match the record/);
});

test("a record that matches its digest but not its schema is reported and not returned", () => {
  const { cache, reports } = openCache();
  // A record stored without a schema check (or by an older version of the code)...
  cache.put({ lr: 0.1 }, { testAccuracy: 0.68, alpha: "oops", steps: [1] });
  assert.equal(cache.get({ lr: 0.1 }, { validate }), null);
  assert.match(reports[0]!, /record\.alpha must be a finite number, got "oops"/);
  cache.put({ lr: 0.2 }, {});
  assert.equal(cache.get({ lr: 0.2 }, { validate }), null);
  assert.match(reports[1]!, /record\.testAccuracy is missing/);
  // ... and put refuses to store one.
  assert.throws(() => cache.put({ lr: 0.3 }, { testAccuracy: NaN, alpha: 1, steps: [] }, { validate }), /record\.testAccuracy must be a finite number, got null.*not stored/);
  assert.equal(fs.existsSync(cache.file({ lr: 0.3 })), false);
});

test("entries without a digest are missing; entries of another shape or not JSON are reported", () => {
  const { cache, reports } = openCache();
  cache.put({ lr: 0.1 }, { testAccuracy: 0.5, alpha: 0.2, steps: [] });
  const file = cache.file({ lr: 0.1 });
  edit(file, (e) => delete e.digest);
  assert.equal(cache.get({ lr: 0.1 }), null);
  fs.writeFileSync(file, JSON.stringify([1, 2, 3]));
  assert.equal(cache.get({ lr: 0.1 }), null);
  fs.writeFileSync(file, "{ not json");
  assert.equal(cache.get({ lr: 0.1 }), null);
  // An entry without a digest is of the older format: missing, recomputed, but not reported.
  assert.equal(reports.length, 2);
  assert.match(reports[0]!, /not a cache entry/);
  assert.match(reports[1]!, /not valid JSON/);
});

test("a sweep recomputes a bad record and stores the new one", async () => {
  const { cache, reports } = openCache();
  let computed = 0;
  const runGroup = (configs: { lr: number }[]) => Promise.resolve(configs.map((c) => (computed++, { testAccuracy: 0.5 + c.lr, alpha: 0.25, steps: [0, 1] })));
  await runSweep({ configs: [{ lr: 0.1 }], cache, runGroup, validate });
  edit(cache.file({ lr: 0.1 }), (e) => ((e.record as { alpha: unknown }).alpha = "oops"));
  const again = await runSweep({ configs: [{ lr: 0.1 }], cache, runGroup, validate });
  assert.equal(again.computed, 1);
  assert.equal(computed, 2);
  assert.deepEqual(again.records[0], { testAccuracy: 0.6, alpha: 0.25, steps: [0, 1] });
  assert.equal(reports.length, 1);
  assert.deepEqual(cache.get({ lr: 0.1 }, { validate }), again.records[0]);
});

test("a directory in place of a cache file is a clear error, and no temporary file is left", () => {
  const { cache } = openCache();
  fs.mkdirSync(cache.file({ lr: 0.1 }), { recursive: true });
  assert.throws(() => cache.get({ lr: 0.1 }), (e: Error) => e.message.includes(cache.file({ lr: 0.1 })) && /is a directory, not a cache file/.test(e.message));
  assert.throws(() => cache.put({ lr: 0.1 }, { x: 1 }), /is a directory, not a cache file/);
  assert.deepEqual(fs.readdirSync(cache.directory).filter((n) => n.includes(".tmp")), []);
});
