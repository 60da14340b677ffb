/**
 * A trajectory manifest is validated before it is trusted: even with a matching checksum (which any
 * editor can recompute), fields of the wrong kind, file names outside the folder and sizes the blocks
 * cannot hold are errors naming the manifest, found before anything large is allocated.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setupBackend } from "../../src/env/backend";
import { train } from "../../src/train/train";
import { readTrajectoryFile, readTrajectoryHeader } from "../../src/trajectory/trajectoryFile";
import { crc32 } from "../../src/util/crc32";
import { killableRunOptions } from "./killableRun";

let folder: string | null = null;
async function finishedFolder(): Promise<string> {
  if (!folder) {
    await setupBackend({ backend: "wasm" });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "ab-manifest-"));
    await train({ ...killableRunOptions(folder), numSteps: 30 });
  }
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "ab-manifest-copy-"));
  for (const name of fs.readdirSync(folder)) fs.copyFileSync(path.join(folder, name), path.join(copy, name));
  return copy;
}

/** Rewrites the manifest with a change and a correct checksum. */
function editManifest(dir: string, change: (header: Record<string, unknown>) => void): void {
  const file = path.join(dir, "manifest.json");
  const header = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  change(header);
  delete header.checksum;
  header.checksum = crc32(new TextEncoder().encode(JSON.stringify(header)));
  fs.writeFileSync(file, JSON.stringify(header, null, 1));
}

const corrupt = (dir: string, what: RegExp) => (e: Error) =>
  e.message.includes(path.join(dir, "manifest.json")) && /is corrupt or truncated/.test(e.message) && what.test(e.message);

test("a manifest with fields of the wrong kind is an error naming the field", async () => {
  const cases: [string, (h: Record<string, unknown>) => void, RegExp][] = [
    ["numSnapshots a string", (h) => (h.numSnapshots = "31"), /header\.numSnapshots must be an integer ≥ 0, got "31"/],
    ["blocks missing", (h) => delete h.blocks, /header\.blocks is missing/],
    ["a block's checksum negative", (h) => ((h.blocks as { checksum: number }[])[0]!.checksum = -1), /header\.blocks\[0\]\.checksum must be an integer ≥ 0/],
    ["dimension fractional", (h) => (h.dimension = 1.5), /header\.dimension must be an integer ≥ 0, got 1\.5/],
  ];
  for (const [what, change, message] of cases) {
    const dir = await finishedFolder();
    editManifest(dir, change);
    assert.throws(() => readTrajectoryHeader(dir), corrupt(dir, message), what);
  }
});

test("a manifest naming a file outside its folder, or a block out of order, is refused", async () => {
  const dir = await finishedFolder();
  editManifest(dir, (h) => ((h.blocks as { file: string }[])[0]!.file = "../../etc/passwd"));
  assert.throws(() => readTrajectoryFile(dir), corrupt(dir, /header\.blocks\[0\]\.file must be "block-000000\.bin", got "\.\.\/\.\.\/etc\/passwd"/));
  const swapped = await finishedFolder();
  editManifest(swapped, (h) => (h.blocks as unknown[]).reverse());
  assert.throws(() => readTrajectoryFile(swapped), corrupt(swapped, /header\.blocks\[0\]\.file must be "block-000000\.bin"/));
});

test("a manifest promising more snapshots than its blocks can hold is refused before allocating them", async () => {
  const dir = await finishedFolder();
  editManifest(dir, (h) => {
    h.numSnapshots = 1e12;
    (h.blocks as { numSnapshots: number }[])[0]!.numSnapshots = 1e12 - 24;
  });
  const before = process.memoryUsage().arrayBuffers;
  assert.throws(() => readTrajectoryFile(dir), corrupt(dir, /block-000000\.bin cannot hold 999999999976 snapshots of 123 numbers in \d+ bytes/));
  assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024);
  const sums = await finishedFolder();
  editManifest(sums, (h) => (h.numSnapshots = (h.numSnapshots as number) + 1));
  assert.throws(() => readTrajectoryFile(sums), corrupt(sums, /it lists 32 snapshots but its blocks list 31/));
});

test("a block file larger than its manifest entry is refused before it is read", async () => {
  const dir = await finishedFolder();
  fs.appendFileSync(path.join(dir, "block-000001.bin"), Buffer.alloc(1000));
  assert.throws(() => readTrajectoryFile(dir), (e: Error) => /block-000001\.bin is corrupt or truncated: it has \d+ bytes, the manifest says \d+/.test(e.message));
});
