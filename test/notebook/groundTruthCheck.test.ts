import { test } from "node:test";
import * as assert from "node:assert/strict";
import { checkTableRows, groundTruthCheck } from "../../src/notebook";

test("groundTruthCheck passes inside the tolerance and fails outside it, relative or absolute", () => {
  const near = groundTruthCheck("a", 2, 2.09, { relative: 0.05 });
  assert.equal(near.errorKind, "relative");
  assert.ok(Math.abs(near.error - 0.045) < 1e-12);
  assert.equal(near.pass, true);
  assert.equal(groundTruthCheck("a", 2, 2.11, { relative: 0.05 }).pass, false);
  assert.equal(groundTruthCheck("b", 0.5, 0.46, { absolute: 0.05 }).pass, true);
  assert.equal(groundTruthCheck("b", 0.5, 0.44, { absolute: 0.05 }).pass, false);
  assert.equal(groundTruthCheck("c", 1, NaN, { absolute: 1 }).pass, false);
  assert.throws(() => groundTruthCheck("d", 1, 1, {}), /tolerance must give exactly one of relative or absolute/);
  assert.throws(() => groundTruthCheck("d", 1, 1, { relative: 0.1, absolute: 0.1 }), /exactly one/);
  assert.throws(() => groundTruthCheck("d", 0, 1, { relative: 0.1 }), /non-zero truth/);
});

test("checkTableRows formats signed errors, tolerances and the result", () => {
  const rows = checkTableRows([groundTruthCheck("x", 2, 1.9, { relative: 0.1 }), groundTruthCheck("y", 0.5, 0.52, { absolute: 0.01 })]);
  assert.deepEqual(rows[0], { estimator: "x", truth: "2", estimate: "1.9", error: "−5.0 %", tolerance: "10 %", result: "pass" });
  assert.deepEqual(rows[1], { estimator: "y", truth: "0.5", estimate: "0.52", error: "+0.020", tolerance: "0.01", result: "FAIL" });
});
