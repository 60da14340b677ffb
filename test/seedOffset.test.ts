import { test } from "node:test";
import * as assert from "node:assert/strict";
import { seedNote, seedOffset, testSeed } from "./seeds";

test("stochastic tests run at this run's seed offset, printed so a failure can be replayed", (t) => {
  // The offset is AB_TEST_SEED_OFFSET or, unset, the day number modulo 1000 (see test/seeds.ts).
  t.diagnostic(seedNote());
  const offset = seedOffset();
  assert.ok(Number.isSafeInteger(offset) && offset >= 0);
  assert.equal(testSeed(7, 0), 7);
  assert.equal(testSeed(7, 3), 3007);
  assert.equal(testSeed(7), 7 + 1000 * offset);
});
