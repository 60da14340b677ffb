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
 * unpatched, and test/scripts/kernel.test.ts fails. A second change queues the sends of each ZeroMQ
 * socket (see {@link queueSends}), so that a notebook streaming output cannot kill the kernel.
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

/** What {@link queueSends} wraps: a socket class's prototype with zeromq 6's promise-returning send. */
export interface SendingPrototype {
  send(message: unknown): Promise<void>;
}

const QUEUED = Symbol("almost-bayesian send queue");

/**
 * Makes the sends of every socket built from `proto` wait for each other: one at a time per socket, in
 * the order they were asked for. zeromq 6, tslab's transport, refuses a send while an earlier one on
 * the same socket still waits ("Socket is busy writing", EBUSY), which happens when a notebook streams
 * output faster than Jupyter reads it (the iopub queue is full); tslab sends without waiting, so the
 * error killed the kernel (seen at the last cell of notebook 09 after 12 minutes of progress output).
 * A send that fails is reported through `report` instead of ending the kernel; later sends go on.
 *
 * @param proto the prototype whose `send` is wrapped (zeromq's Socket prototype; idempotent).
 * @param report where failures are reported (default: stderr).
 * @example
 * const proto = { send: async (m: unknown) => {} };
 * queueSends(proto); queueSends(proto); // wrapped once
 */
export function queueSends(proto: SendingPrototype, report: (message: string) => void = (m) => process.stderr.write(m)): void {
  const marked = proto as SendingPrototype & { [QUEUED]?: true };
  if (marked[QUEUED]) return;
  const send = proto.send;
  const tails = new WeakMap<object, Promise<void>>();
  const queued = function (this: object, message: unknown): Promise<void> {
    const next = (tails.get(this) ?? Promise.resolve()).then(() => send.call(this, message));
    const settled = next.catch((error: unknown) => {
      report(`almost-bayesian kernel: a message could not be sent (${error instanceof Error ? error.message : String(error)}); the kernel goes on\n`);
    });
    tails.set(this, settled);
    return settled;
  };
  // zeromq declares `send` read-only but configurable: redefine it rather than assign.
  Object.defineProperty(proto, "send", { value: queued, writable: false, enumerable: false, configurable: true });
  Object.defineProperty(proto, QUEUED, { value: true });
}

/** Queues the sends of zeromq's sockets as tslab loads it (see {@link queueSends}). */
export function installSendQueue(root: string): void {
  const zmq = require(require.resolve("zeromq", { paths: [path.join(root, "node_modules", "tslab")] })) as { Publisher: { prototype: object } };
  queueSends(Object.getPrototypeOf(zmq.Publisher.prototype) as SendingPrototype);
}

if (require.main === module) {
  installExecutorPatch();
  const ROOT = path.resolve(__dirname, "..", "..");
  installSendQueue(ROOT);
  (require(path.join(ROOT, "node_modules", "tslab", "dist", "main.js")) as { main: () => void }).main();
}
