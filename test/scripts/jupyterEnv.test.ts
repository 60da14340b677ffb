import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { findPython, jupyterEnv, JUPYTER_DATA, listNotebooks, registerKernel } from "../../scripts/jupyterEnv";
import { childNodeArgs } from "../childNode";

test("missing Jupyter is a clear message saying what to install", () => {
  assert.throws(
    () => findPython(["/nonexistent/python3"]),
    (e: Error) =>
      e.message.startsWith("Jupyter is not available") &&
      e.message.includes("/nonexistent/python3 (not found)") &&
      e.message.includes("apt-get install jupyter-client jupyter-nbconvert python3-nbclient") &&
      e.message.includes("pip install jupyterlab"),
  );
});

test("npm run reproduce stops with that message when the chosen Python has no Jupyter", () => {
  const script = path.resolve(__dirname, "..", "..", "scripts", "reproduce.js");
  const run = spawnSync(process.execPath, childNodeArgs(script, "--quick", "--only", "00"), {
    encoding: "utf8",
    env: { ...process.env, AB_PYTHON: "/nonexistent/python3" },
  });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /^Jupyter is not available: .*\/nonexistent\/python3 \(not found\).*apt-get install jupyter-client/);
});

test("the tslab kernel is registered in the project-local Jupyter folder", () => {
  const dir = registerKernel();
  assert.ok(dir.startsWith(JUPYTER_DATA));
  const spec = JSON.parse(fs.readFileSync(path.join(dir, "kernel.json"), "utf8")) as { argv: string[]; language: string };
  assert.equal(spec.language, "typescript");
  assert.ok(spec.argv[1]!.endsWith(path.join("build", "scripts", "kernel.js")));
  assert.ok(jupyterEnv().JUPYTER_PATH!.split(path.delimiter)[0] === JUPYTER_DATA);
});

test("notebooks are listed in their numbered order", () => {
  const names = listNotebooks();
  assert.ok(names.includes("00_setup.ipynb"));
  assert.deepEqual(names, [...names].sort());
});
