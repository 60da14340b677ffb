import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as os from "node:os";
import { computeThreads } from "../../src/util/computeThreads";
import { createNormalCrossingLoss } from "../../src/slt/normalCrossingLoss";
import { sampleSgld } from "../../src/slt/sampleSgld";

/** Runs `body` with AB_THREADS set to `value` (undefined: unset), restoring it afterwards. */
async function withThreads<T>(value: string | undefined, body: () => T | Promise<T>): Promise<T> {
  const saved = process.env.AB_THREADS;
  if (value === undefined) delete process.env.AB_THREADS;
  else process.env.AB_THREADS = value;
  try {
    return await body();
  } finally {
    if (saved === undefined) delete process.env.AB_THREADS;
    else process.env.AB_THREADS = saved;
  }
}

test("computeThreads is AB_THREADS when set, else the cores available", async () => {
  assert.equal(await withThreads(undefined, computeThreads), os.availableParallelism());
  assert.equal(await withThreads("", computeThreads), os.availableParallelism());
  assert.equal(await withThreads("1", computeThreads), 1);
  assert.equal(await withThreads("12", computeThreads), 12);
  assert.equal(computeThreads({ AB_THREADS: "3" }), 3, "from the environment given");
  for (const bad of ["0", "-1", "1.5", "two", "1e3", "65"]) {
    await withThreads(bad, () =>
      assert.throws(computeThreads, new RegExp(`AB_THREADS must be an integer from 1 to 64 .*got "${bad.replace(".", "\\.")}"; set it to a number`), bad),
    );
  }
});

test("sampleSgld runs its chains in this thread when AB_THREADS is 1, in two workers when it is 2, with the same traces", async () => {
  const loss = createNormalCrossingLoss({ a: 1, b: 1, numSamples: 200, seed: 0 });
  const options = { stepSize: 1e-4, localization: 1, numChains: 2, numBurnin: 20, numDraws: 30, seed: 5 };
  const one = await withThreads("1", () => sampleSgld(loss, loss.trueParams, options));
  assert.equal(one.diagnostics.mode, "sequential");
  assert.match(one.diagnostics.sequentialReason, /one thread/);
  const two = await withThreads("2", () => sampleSgld(loss, loss.trueParams, options));
  assert.equal(two.diagnostics.mode, "parallel");
  assert.equal(two.diagnostics.numWorkers, 2);
  assert.deepEqual(two.losses, one.losses);
});
