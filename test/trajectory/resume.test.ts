/**
 * Resuming a trajectory folder: configurations compare as data, not as text, and a folder whose
 * manifest is gone never loses its blocks.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setupBackend } from "../../src/env/backend";
import { train } from "../../src/train/train";
import { readTrajectoryFile, readTrajectoryHeader } from "../../src/trajectory/trajectoryFile";
import { killableRunOptions } from "./killableRun";

const tmp = (name: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `ab-${name}-`));
const stopAt = (step: number) => ({
  onStep: (s: number) => {
    if (s === step) throw new Error("stop");
  },
});

test("resuming with the same options written in another key order continues the run", async () => {
  await setupBackend({ backend: "wasm" });
  const dir = tmp("key-order");
  const base = { ...killableRunOptions(dir), numSteps: 60 };
  const expected = await train({ ...base, trajectoryFile: null });
  await assert.rejects(train(base, stopAt(30)), /stop/);
  const reordered = {
    ...base,
    phases: base.phases!.map((p) => ({ optimizer: Object.fromEntries(Object.entries(p.optimizer).reverse()) as typeof p.optimizer, fromStep: p.fromStep })),
    capture: { schedule: { every: 1, kind: "every" as const } },
  };
  const resumed = await train(reordered);
  assert.ok(resumed.resumedFromStep > 0, "it resumed instead of refusing or restarting");
  assert.deepEqual(resumed.params, expected.params);
});

test("a folder whose manifest was deleted is refused, and its blocks are kept", async () => {
  await setupBackend({ backend: "wasm" });
  const dir = tmp("no-manifest");
  const options = { ...killableRunOptions(dir), numSteps: 40 };
  await train(options);
  const blocks = fs.readdirSync(dir).filter((n) => n.startsWith("block-")).sort();
  assert.ok(blocks.length >= 2);
  fs.rmSync(path.join(dir, "manifest.json"));
  await assert.rejects(train(options), (e: Error) =>
    /holds \d+ block files but no manifest\.json/.test(e.message) && e.message.includes(dir) && /mode "overwrite"/.test(e.message));
  assert.deepEqual(fs.readdirSync(dir).filter((n) => n.startsWith("block-")).sort(), blocks, "no block was deleted");
  // overwrite is the explicit way to discard them
  const fresh = await train({ ...options, trajectoryFile: { ...options.trajectoryFile!, mode: "overwrite" } });
  assert.equal(fresh.resumedFromStep, 0);
  assert.equal(readTrajectoryFile(dir).header.complete, true);
});

test("a run stopped before its first block resumes from an empty manifest", async () => {
  await setupBackend({ backend: "wasm" });
  const dir = tmp("first-block");
  const options = { ...killableRunOptions(dir), numSteps: 30 };
  await assert.rejects(train(options, stopAt(2)), /stop/);
  const header = readTrajectoryHeader(dir)!;
  assert.equal(header.blocks.length, 0, "the manifest is written before the first block");
  assert.throws(() => readTrajectoryFile(dir), /holds no committed block yet/);
  // What a kill between the first block's rename and the manifest's leaves: an unlisted block.
  fs.writeFileSync(path.join(dir, "block-000000.bin"), "a block the manifest never listed");
  const resumed = await train(options);
  assert.equal(resumed.resumedFromStep, 0);
  assert.deepEqual(resumed.params, (await train({ ...options, trajectoryFile: null })).params);
});
