/**
 * The diffusion estimators' documented errors: NaN abscissae are refused, and a composite estimator
 * names itself (not the function it calls) when its input cannot be fitted.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { createWalk, fitPowerLaw, summarizeDiffusion } from "../../src/diffusion/index";

test("fitPowerLaw throws on a NaN x, as documented, instead of skipping it", () => {
  const y = [1, 2, 3, 4, 5];
  for (const at of [0, 2, 4]) {
    const x = [1, 2, 3, 4, 5];
    x[at] = NaN;
    assert.throws(() => fitPowerLaw(x, y), (e: Error) => e instanceof RangeError && e.message.includes(`x[${at}] = NaN`));
    assert.throws(() => fitPowerLaw(x, y, { start: 2, end: 4 }), (e: Error) => e instanceof RangeError && e.message.includes(`x[${at}] = NaN`));
  }
});

test("summarizeDiffusion names itself and the lag when the walks return exactly to their reference", () => {
  // A walk that comes back to its start every 8 steps: the MSD is 0 at lags 8, 16, ...
  const positions = Float64Array.from({ length: 64 }, (_, i) => (i % 8 === 0 ? 0 : Math.sqrt(i % 8)));
  assert.throws(
    () => summarizeDiffusion([createWalk(positions, 1)], { numResamples: 0 }),
    (e: Error) => e instanceof RangeError && e.message.startsWith("summarizeDiffusion: the ensemble MSD is 0 at lag 8") && !e.message.includes("fitPowerLaw") && !e.message.includes("localSlope"),
  );
});
