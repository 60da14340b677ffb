import * as os from "node:os";

/**
 * How many threads the helpers' parallel work may keep busy in this process: the size of the worker
 * pools that run SGLD chains, train ensembles and calibrate LLC samplers (unless a call asks for a
 * size). It is the environment variable `AB_THREADS` when set, otherwise the cores available to the
 * process.
 *
 * Why a setting: `npm run reproduce` runs two notebooks at once on a machine of two cores and gives
 * each one thread (`AB_THREADS=1`). Two notebooks with two workers each put four busy threads on two
 * cores, which costs about 12 % more CPU time for the same chains (the threads evict each other's
 * caches), and the run is bound by CPU time.
 *
 * @param env where to read `AB_THREADS` (default: this process's environment).
 * @returns an integer from 1 to 64 (the most workers a training ensemble takes).
 * @throws RangeError when `AB_THREADS` is set but not an integer from 1 to 64, naming the value and the fix.
 * @example
 * computeThreads() >= 1; // true
 */
export function computeThreads(env: Record<string, string | undefined> = process.env): number {
  const raw = env.AB_THREADS;
  if (raw === undefined || raw === "") {
    return typeof os.availableParallelism === "function" ? os.availableParallelism() : Math.max(1, os.cpus().length);
  }
  const value = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isInteger(value) || value < 1 || value > 64) {
    throw new RangeError(`AB_THREADS must be an integer from 1 to 64 (the threads a process may keep busy), got ${JSON.stringify(raw)}; set it to a number such as 2, or unset it to use every core`);
  }
  return value;
}
