import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { BACKEND_NAMES, setupBackend } from "../../src/env/backend";
import { isQuickMode, parseQuickFlag, quickOrFull } from "../../src/env/runMode";
import { environmentReport, formatEnvironmentLine } from "../../src/env/environmentReport";

test("an unknown backend name is an error that lists the valid ones", async () => {
  await assert.rejects(setupBackend({ env: { AB_BACKEND: "webgpu" } }), (e: Error) =>
    e instanceof RangeError && e.message.includes('unknown backend "webgpu"') && e.message.includes("AB_BACKEND") && e.message.includes(BACKEND_NAMES.join(", ")));
});

test("AB_BACKEND chooses the backend and the argument overrides it", async () => {
  const fromEnv = await setupBackend({ env: { AB_BACKEND: "cpu" } });
  assert.equal(fromEnv.name, "cpu");
  assert.equal(fromEnv.source, "environment");
  assert.equal(tf.getBackend(), "cpu");
  const fromArg = await setupBackend({ backend: "wasm", env: { AB_BACKEND: "cpu" } });
  assert.equal(fromArg.name, "wasm");
  assert.equal(fromArg.source, "argument");
  assert.equal(tf.getBackend(), "wasm");
});

test("automatic choice takes the first backend that loads, recording why others were skipped", async () => {
  const info = await setupBackend({ env: {} });
  assert.equal(info.source, "automatic");
  assert.ok(BACKEND_NAMES.includes(info.name));
  const before = BACKEND_NAMES.indexOf(info.name);
  assert.equal(info.skipped.length, before, "every faster backend is listed as skipped");
  for (const s of info.skipped) assert.ok(s.reason.length > 0);
  const report = environmentReport(info);
  assert.match(formatEnvironmentLine(report), new RegExp(`^backend: ${info.name} `));
  assert.equal(report.versions["@tensorflow/tfjs"], tf.version.tfjs);
});

test("quick mode reads AB_QUICK and rejects other values", () => {
  assert.equal(isQuickMode({}), false);
  assert.equal(isQuickMode({ AB_QUICK: "1" }), true);
  assert.equal(quickOrFull({ quick: 1, full: 2 }, { AB_QUICK: "0" }), 2);
  for (const yes of ["1", "true", "yes", "TRUE", " Yes "]) assert.equal(isQuickMode({ AB_QUICK: yes }), true, yes);
  for (const no of ["", "0", "false", "no", "False", "NO"]) assert.equal(isQuickMode({ AB_QUICK: no }), false, no);
  for (const bad of ["2", "on", "quick", "y", "01"]) {
    assert.throws(() => isQuickMode({ AB_QUICK: bad }), (e: Error) => e instanceof RangeError && e.message === `AB_QUICK must be 1, true, yes (quick mode) or 0, false, no (full mode), got "${bad}"`);
  }
  assert.equal(parseQuickFlag(undefined), false);
});
