import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { kernelEnvironment, parseArgs } from "../../scripts/reproduce";
import { childNodeArgs } from "../childNode";

test("reproduce reads AB_QUICK with the same parser as the notebooks, and hands the kernel the same mode", () => {
  for (const value of ["1", "true", "yes", "YES"]) {
    const args = parseArgs([], { AB_QUICK: value });
    assert.equal(args.quick, true, value);
    assert.equal(kernelEnvironment(args).AB_QUICK, "1");
  }
  for (const value of [undefined, "", "0", "false", "no"]) {
    const args = parseArgs([], { AB_QUICK: value });
    assert.equal(args.quick, false, String(value));
    assert.equal(kernelEnvironment(args).AB_QUICK, "0");
  }
  assert.equal(parseArgs(["--quick"], { AB_QUICK: "0" }).quick, true, "--quick wins over the environment");
  assert.throws(() => parseArgs([], { AB_QUICK: "maybe" }), /AB_QUICK must be 1, true, yes \(quick mode\) or 0, false, no \(full mode\), got "maybe"/);
});

test("reproduce gives each of the notebooks running at once an equal share of the cores, unless AB_THREADS is set", () => {
  const args = parseArgs([], {});
  assert.equal(kernelEnvironment(args, 2, {}, 2).AB_THREADS, "1", "two notebooks on two cores: one thread each");
  assert.equal(kernelEnvironment(args, 1, {}, 2).AB_THREADS, "2", "one notebook: every core");
  assert.equal(kernelEnvironment(args, 2, {}, 8).AB_THREADS, "4");
  assert.equal(kernelEnvironment(args, 3, {}, 2).AB_THREADS, "1", "never less than one");
  assert.equal(kernelEnvironment(args, 2, { AB_THREADS: "2" }, 2).AB_THREADS, "2", "the user's setting is kept");
  assert.throws(() => kernelEnvironment(args, 2, { AB_THREADS: "all" }, 2), /AB_THREADS must be an integer from 1 to 64 \(the threads a process may keep busy\), got "all"/);
});

test("reproduce refuses an empty or missing --only instead of running nothing", () => {
  assert.throws(() => parseArgs(["--only", ""], {}), /--only needs one or more notebook names/);
  assert.throws(() => parseArgs(["--only", ","], {}), /--only needs one or more notebook names/);
  assert.throws(() => parseArgs(["--only"], {}), /--only needs one or more notebook names/);
  assert.deepEqual(parseArgs(["--only", "00,03_weight"], {}).only, ["00", "03_weight"]);
});

test("npm run reproduce stops with a clear message for a bad AB_QUICK, before starting Jupyter", () => {
  const script = path.resolve(__dirname, "..", "..", "scripts", "reproduce.js");
  const run = spawnSync(process.execPath, childNodeArgs(script, "--only", "00"), { encoding: "utf8", env: { ...process.env, AB_QUICK: "yes please" } });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /AB_QUICK must be 1, true, yes \(quick mode\) or 0, false, no \(full mode\), got "yes please"/);
});
