/**
 * Fault suite, crash consistency: a training run streamed to disk is killed (SIGKILL, in a child
 * process) at seeded random moments, resumed each time, and must end with a folder that is byte for
 * byte the folder of an uninterrupted run, and that reads back. After every kill the folder is either
 * empty of blocks or readable.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { setupBackend } from "../../src/env/backend";
import { train } from "../../src/train/train";
import { readTrajectoryFile, readTrajectoryHeader } from "../../src/trajectory/trajectoryFile";
import { createRandom } from "../../src/util/random";
import { killableRunOptions } from "../trajectory/killableRun";
import { FAULT_SEED } from "./faults";
import { childNodeArgs } from "../childNode";

const NUM_STEPS = 500;
const KILLS = 8;
const CHILD = path.join(__dirname, "..", "trajectory", "killableRun.js");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the training child; resolves its exit code once it ends. */
function startChild(dir: string) {
  const child = spawn(process.execPath, childNodeArgs(CHILD, dir, "wasm", String(NUM_STEPS)), { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stderr })));
  return { child, exited };
}

function folderBytes(dir: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(dir).sort().map((name) => [name, fs.readFileSync(path.join(dir, name))]));
}

test("a run killed at random moments and resumed ends byte-identical to an uninterrupted run", { timeout: 120_000 }, async (t) => {
  await setupBackend({ backend: "wasm" });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ab-crash-"));
  const reference = path.join(root, "reference");
  await train(killableRunOptions(reference, NUM_STEPS));
  const dir = path.join(root, "killed");
  const rng = createRandom(FAULT_SEED);
  const killedAt: string[] = [];
  for (let k = 0; k < KILLS; k++) {
    const before = (() => {
      try {
        return readTrajectoryHeader(dir)?.lastStep ?? -1;
      } catch {
        return -1;
      }
    })();
    const { child, exited } = startChild(dir);
    // Most kills land while blocks are being written (once this child has committed a block of its
    // own); one in four at any moment of the start-up.
    const duringStartup = rng.uniform() < 0.25;
    if (duringStartup) {
      await Promise.race([sleep(rng.uniform() * 600), exited]);
    } else {
      const started = Date.now();
      while (Date.now() - started < 30_000) {
        let header = null;
        try {
          header = readTrajectoryHeader(dir);
        } catch {
          header = null; // mid-rename; never invalid once read
        }
        if (header && header.blocks.length > 0 && header.lastStep > before) break;
        if (child.exitCode !== null) break;
        await sleep(5);
      }
      await Promise.race([sleep(rng.uniform() * 400), exited]);
    }
    child.kill("SIGKILL");
    const result = await exited;
    if (result.signal !== "SIGKILL") {
      assert.equal(result.code, 0, `the run failed instead of being killed: ${result.stderr}`);
      break; // it finished first
    }
    // Whatever the moment, the folder is consistent: no committed block yet, or a readable trajectory.
    const header = readTrajectoryHeader(dir);
    if (header && header.blocks.length > 0) {
      const stored = readTrajectoryFile(dir);
      killedAt.push(`step ${stored.header.lastStep}${stored.header.complete ? " (complete)" : ""}`);
    } else killedAt.push(header ? "before the first block" : "before the manifest");
  }
  t.diagnostic(`killed at: ${killedAt.join(", ")}`);
  const last = startChild(dir);
  const result = await last.exited;
  assert.equal(result.code, 0, result.stderr);
  assert.ok(killedAt.some((k) => k.startsWith("step") && !k.includes("complete")), `no kill landed mid-run: ${killedAt.join(", ")}`);
  const expected = folderBytes(reference);
  const actual = folderBytes(dir);
  assert.deepEqual([...actual.keys()], [...expected.keys()], `files after kills at ${killedAt.join(", ")}`);
  for (const [name, bytes] of expected) assert.ok(actual.get(name)!.equals(bytes), `${name} differs from the uninterrupted run's (kills at ${killedAt.join(", ")})`);
  const stored = readTrajectoryFile(dir);
  assert.equal(stored.header.complete, true);
  assert.deepEqual(stored.trajectory.snapshots, readTrajectoryFile(reference).trajectory.snapshots);
});
