/**
 * `npm run setup`: everything a fresh checkout needs after `npm ci`, idempotent:
 * registers the tslab kernel in the project-local Jupyter folder, makes sure notebooks/src links to
 * ../src (how notebooks import the typed helpers), and puts the shared plotly.js beside the notebooks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { NOTEBOOKS, ROOT, registerKernel } from "./jupyterEnv";

function ensureSourceLink(): void {
  const link = path.join(NOTEBOOKS, "src");
  let ok = false;
  try {
    ok = fs.lstatSync(link).isSymbolicLink() && path.resolve(NOTEBOOKS, fs.readlinkSync(link)) === path.join(ROOT, "src");
  } catch {
    ok = false;
  }
  if (!ok) {
    // A checkout without symlink support leaves a text file holding "../src": replace it.
    fs.rmSync(link, { force: true, recursive: false });
    fs.symlinkSync("../src", link, "dir");
    console.log("setup: linked notebooks/src -> ../src");
  }
}

function copyPlotly(): void {
  const from = require.resolve("plotly.js-dist/plotly.js");
  const to = path.join(NOTEBOOKS, "plotly.js");
  const stale = !fs.existsSync(to) || fs.statSync(to).size !== fs.statSync(from).size;
  if (stale) fs.copyFileSync(from, to);
}

ensureSourceLink();
copyPlotly();
const kernelDir = registerKernel();
console.log(`setup: tslab kernel registered in ${path.relative(ROOT, kernelDir)} (JUPYTER_PATH=.jupyter)`);
