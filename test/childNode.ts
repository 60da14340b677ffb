/**
 * Node flags for the node processes a test starts: those of the runner's own flags (from `npm test`,
 * see package.json and environment.md) that children need. `--no-concurrent-recompilation`: with
 * optimizing compilation on a background thread, Node 20 can deadlock at exit (nodejs/node#54918),
 * and a child that never exits would hold its test until the timeout.
 *
 * Run without arguments (as the test runner does for every file under test/) this module does nothing.
 */

/** The flags of this process that its node children share. */
const SHARED_FLAGS = new Set(["--no-concurrent-recompilation"]);

/** This process's {@link SHARED_FLAGS}, followed by `args`: the argv of a child node process. */
export function childNodeArgs(...args: string[]): string[] {
  return [...process.execArgv.filter((flag) => SHARED_FLAGS.has(flag)), ...args];
}
