/**
 * How this project talks to Jupyter: a project-local Jupyter data folder (`.jupyter/`) holding the
 * tslab kernelspec, and a Python that has nbclient and nbconvert. Nothing is installed globally.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

export const ROOT = path.resolve(__dirname, "..", "..");
/** Project-local Jupyter data dir; put on JUPYTER_PATH so Jupyter finds the tslab kernel. */
export const JUPYTER_DATA = path.join(ROOT, ".jupyter");
export const NOTEBOOKS = path.join(ROOT, "notebooks");

/**
 * Writes `.jupyter/kernels/tslab/kernel.json`, pointing at this Node and `build/scripts/kernel.js`,
 * which starts this project's tslab with the patch that lets edited helpers reload.
 */
export function registerKernel(): string {
  const tslab = path.join(ROOT, "node_modules", "tslab", "dist", "main.js");
  if (!fs.existsSync(tslab)) {
    throw new Error(`setup: ${tslab} is missing; run npm ci first`);
  }
  const kernel = path.join(ROOT, "build", "scripts", "kernel.js");
  const dir = path.join(JUPYTER_DATA, "kernels", "tslab");
  fs.mkdirSync(dir, { recursive: true });
  const spec = {
    argv: [process.execPath, kernel, "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript (almost-bayesian)",
    language: "typescript",
  };
  fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  return dir;
}

/** Environment for Jupyter processes: the project-local data dir first on JUPYTER_PATH. */
export function jupyterEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const existing = process.env.JUPYTER_PATH;
  return {
    ...process.env,
    JUPYTER_PATH: existing ? `${JUPYTER_DATA}${path.delimiter}${existing}` : JUPYTER_DATA,
    ...extra,
  };
}

export const JUPYTER_INSTALL_HINT =
  "On Debian or Ubuntu: sudo apt-get install jupyter-client jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-notebook. " +
  "Elsewhere: pip install jupyterlab nbclient nbconvert. " +
  "To use a particular Python, set AB_PYTHON=/path/to/python3.";

/** Pythons tried for Jupyter: only $AB_PYTHON when it is set, else python3, /usr/bin/python3, python. */
export function defaultPythonCandidates(): string[] {
  return process.env.AB_PYTHON ? [process.env.AB_PYTHON] : ["python3", "/usr/bin/python3", "python"];
}

/**
 * Finds a Python that can import nbclient, nbconvert and nbformat (see {@link defaultPythonCandidates}).
 *
 * @throws Error saying what to install when none can.
 */
export function findPython(candidates: string[] = defaultPythonCandidates()): string {
  const tried: string[] = [];
  for (const python of candidates) {
    const probe = spawnSync(python, ["-c", "import nbclient, nbconvert, nbformat, jupyter_client"], { encoding: "utf8" });
    if (probe.status === 0) return python;
    tried.push(`${python} (${probe.error ? "not found" : (probe.stderr.trim().split("\n").pop() ?? "failed")})`);
  }
  throw new Error(`Jupyter is not available: no Python with nbclient and nbconvert was found (tried ${tried.join("; ")}). ${JUPYTER_INSTALL_HINT}`);
}

/** Finds the `jupyter` command next to the chosen Python, else on the PATH. */
export function findJupyter(python: string): string {
  const sibling = path.join(path.dirname(python), "jupyter");
  if (path.isAbsolute(python) && fs.existsSync(sibling)) return sibling;
  const probe = spawnSync("jupyter", ["--version"], { encoding: "utf8" });
  if (probe.status === 0) return "jupyter";
  throw new Error(`Jupyter is not available: the jupyter command was not found. ${JUPYTER_INSTALL_HINT}`);
}

/** Notebooks of the companion, in order: `notebooks/NN_name.ipynb`. */
export function listNotebooks(): string[] {
  return fs
    .readdirSync(NOTEBOOKS)
    .filter((f) => /^\d\d_.*\.ipynb$/.test(f))
    .sort();
}
