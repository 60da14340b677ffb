/**
 * The tslab kernel of this project: tslab 1.0, started with one change to its module cache so that
 * editing a helper in `src/` and re-running a notebook's import cell reaches the notebook.
 *
 * tslab compiles the helpers a cell imports and keeps each compiled module it has run in a cache.
 * When a helper file changes it recompiles that file and drops only that file's module from the
 * cache, so `src/index` and the folder `index` files, which re-export it, keep handing out the old
 * module: an edited function keeps its old body and a new export is missing until the kernel
 * restarts. The patched executor drops every cached module as soon as one that was already loaded is
 * recompiled, so the next import runs all of them afresh from their compiled code (a few hundred
 * milliseconds). Node's own modules (tfjs, plotly, the backend in use) are not reloaded, so the
 * backend and its tensors stay as they were.
 *
 * The patch is applied while Node loads tslab's `dist/executor.js` (the installed file is not
 * changed); if a tslab upgrade changes the code it replaces, the kernel says so on stderr and runs
 * unpatched, and test/scripts/kernel.test.ts fails.
 */
import * as path from "node:path";
import Module = require("node:module");

/** The code of tslab 1.0's executor that evicts only the recompiled module. */
export const EXECUTOR_ORIGINAL = `        for (const out of outs) {
            if (sideModules.has(out.path)) {
                sideModules.delete(out.path);
            }
            sideOutputs.set(out.path, out.data);
        }`;

/** Its replacement: a recompiled module that was already loaded evicts every loaded module. */
export const EXECUTOR_PATCHED = `        // almost-bayesian: a recompiled module that was already loaded evicts every loaded module, so
        // that modules re-exporting it (index files) are rebuilt too (scripts/kernel.ts).
        if (outs.some((out) => sideModules.has(out.path))) {
            sideModules.clear();
        }
        for (const out of outs) {
            sideOutputs.set(out.path, out.data);
        }`;

/**
 * The executor's source with the reload patch, or null when the expected code is not there.
 *
 * @example
 * patchExecutor("nothing to patch"); // null
 */
export function patchExecutor(source: string): string | null {
  if (source.includes(EXECUTOR_PATCHED)) return source;
  return source.includes(EXECUTOR_ORIGINAL) ? source.replace(EXECUTOR_ORIGINAL, EXECUTOR_PATCHED) : null;
}

/** Installs the load-time patch of tslab's executor in this process. */
export function installExecutorPatch(): void {
  const executor = path.join("tslab", "dist", "executor.js");
  type Compile = (this: Module, content: string, filename: string) => unknown;
  const proto = Module.prototype as unknown as { _compile: Compile };
  const compile = proto._compile;
  proto._compile = function (content: string, filename: string) {
    if (filename.endsWith(executor)) {
      const patched = patchExecutor(content);
      if (patched === null) {
        process.stderr.write(`almost-bayesian kernel: ${filename} is not the tslab 1.0 executor this patch expects; editing a helper will need a kernel restart\n`);
      } else {
        content = patched;
      }
    }
    return compile.call(this, content, filename);
  };
}

if (require.main === module) {
  installExecutorPatch();
  const ROOT = path.resolve(__dirname, "..", "..");
  (require(path.join(ROOT, "node_modules", "tslab", "dist", "main.js")) as { main: () => void }).main();
}
