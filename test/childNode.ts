/**
 * Node flags for the node processes a test starts: the runner's own V8 flags (from `npm test`, see
 * package.json and environment.md), without the test-runner ones. `--no-concurrent-recompilation`
 * is among them: with optimizing compilation on a background thread, Node 20 can deadlock at exit
 * (nodejs/node#54918), and a child that never exits would hold its test until the timeout.
 *
 * Run without arguments (as the test runner does for every file under test/) this module does nothing.
 */

/** `process.execArgv` without the `--test…` flags, followed by `args`: the argv of a child node process. */
export function childNodeArgs(...args: string[]): string[] {
  return [...process.execArgv.filter((flag) => !flag.startsWith("--test")), ...args];
}
