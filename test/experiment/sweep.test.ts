import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRunCache, runSweep } from "../../src/experiment/index";

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "sweep-"));

interface C {
  lr: number;
  seed: number;
}
const configs: C[] = [0.1, 0.2, 0.3].flatMap((lr) => [0, 1].map((seed) => ({ lr, seed })));

test("runSweep computes each group once, stores every result, and reads them back on the next call", async () => {
  const cache = createRunCache({ directory: tempDir(), version: "t/1" });
  const calls: C[][] = [];
  const runGroup = async (group: C[]): Promise<number[]> => {
    calls.push(group);
    return group.map((c) => c.lr * 10 + c.seed);
  };
  const first = await runSweep({ configs, cache, runGroup, groupKey: (c) => c.lr });
  assert.deepEqual(first.records, [1, 2, 2, 3, 3, 4]);
  assert.equal(first.computed, 6);
  assert.equal(calls.length, 3, "seeds of one learning rate form one group");
  const second = await runSweep({ configs, cache, runGroup, groupKey: (c) => c.lr });
  assert.deepEqual(second.records, first.records);
  assert.equal(second.cached, 6);
  assert.equal(calls.length, 3);
});

test("an interrupted sweep resumes with only the missing configurations", async () => {
  const cache = createRunCache({ directory: tempDir(), version: "t/1" });
  let groups = 0;
  const failing = async (group: C[]): Promise<number[]> => {
    if (++groups === 2) throw new Error("interrupted");
    return group.map((c) => c.lr);
  };
  await assert.rejects(runSweep({ configs, cache, runGroup: failing, groupKey: (c) => c.lr }), /interrupted/);
  const computedAgain: C[] = [];
  const resumed = await runSweep({
    configs,
    cache,
    groupKey: (c) => c.lr,
    runGroup: async (group) => {
      computedAgain.push(...group);
      return group.map((c) => c.lr);
    },
  });
  assert.equal(resumed.cached, 2, "the group finished before the interruption is kept");
  assert.deepEqual(computedAgain.map((c) => c.lr), [0.2, 0.2, 0.3, 0.3]);
  assert.deepEqual(resumed.records, [0.1, 0.1, 0.2, 0.2, 0.3, 0.3]);
});

test("a changed setting re-runs only the configurations it changes", async () => {
  const cache = createRunCache({ directory: tempDir(), version: "t/1" });
  const runGroup = async (group: C[]): Promise<number[]> => group.map((c) => c.lr);
  await runSweep({ configs, cache, runGroup });
  const changed = configs.map((c) => (c.lr === 0.3 ? { ...c, lr: 0.4 } : c));
  const again = await runSweep({ configs: changed, cache, runGroup });
  assert.equal(again.cached, 4);
  assert.equal(again.computed, 2);
});

test("runSweep rejects a group runner that returns the wrong number of results", async () => {
  const cache = createRunCache({ directory: tempDir(), version: "t/1" });
  await assert.rejects(runSweep({ configs, cache, runGroup: async () => [], groupKey: () => 0, maxGroupSize: 8 }), /returned 0 results for 6 configurations/);
  assert.equal(cache.has(configs[0]), false);
});
