/**
 * Fault suite, trajectory folders: the manifest or any block under a truncation, bit flip, appended or
 * overwritten bytes, or deletion, reads back exactly or fails with an error naming the damaged file.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as fc from "fast-check";
import { setupBackend } from "../../src/env/backend";
import { train } from "../../src/train/train";
import { readTrajectoryFile, type StoredTrajectory } from "../../src/trajectory/trajectoryFile";
import { killableRunOptions } from "../trajectory/killableRun";
import { applyFault, faultArbitrary, faultRuns } from "./faults";

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), "ab-fault-trajectory-"));

function sameStored(a: StoredTrajectory, b: StoredTrajectory): void {
  assert.deepEqual(a.trajectory.steps, b.trajectory.steps);
  assert.deepEqual(a.trajectory.snapshots, b.trajectory.snapshots);
  assert.deepEqual(a.losses, b.losses);
  assert.equal(a.lossStart, b.lossStart);
  assert.deepEqual(a.records, b.records);
  assert.deepEqual(a.state.params, b.state.params);
  assert.deepEqual(a.state.buffers, b.state.buffers);
  assert.deepEqual(a.state.meta, b.state.meta);
  assert.equal(a.state.step, b.state.step);
  assert.deepEqual(a.header, b.header);
}

test("a trajectory folder with a damaged manifest or block reads back exactly or fails naming the file", async () => {
  await setupBackend({ backend: "cpu" });
  const original = path.join(ROOT, "original");
  await train({ ...killableRunOptions(original), numSteps: 30 });
  const files = fs.readdirSync(original).sort();
  const contents = new Map(files.map((f) => [f, new Uint8Array(fs.readFileSync(path.join(original, f)))]));
  const expected = readTrajectoryFile(original);
  let run = 0;
  fc.assert(
    fc.property(fc.constantFrom(...files), fc.option(faultArbitrary, { freq: 8 }), (name, makeFault) => {
      const dir = path.join(ROOT, `case-${run++}`);
      fs.mkdirSync(dir);
      for (const [f, bytes] of contents) fs.writeFileSync(path.join(dir, f), bytes);
      const target = path.join(dir, name);
      if (makeFault === null) fs.rmSync(target);
      else fs.writeFileSync(target, applyFault(contents.get(name)!, makeFault(contents.get(name)!.length)));
      try {
        sameStored(readTrajectoryFile(dir), expected);
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        assert.ok((error as Error).message.includes(target), `the error does not name ${name}: ${(error as Error).message}`);
      } finally {
        fs.rmSync(dir, { recursive: true });
      }
    }),
    faultRuns(500),
  );
});
