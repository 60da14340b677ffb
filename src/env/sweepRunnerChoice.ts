/**
 * Where a notebook's sweeps compute, chosen from the environment when the notebook starts: on the job
 * queue at `AB_REDIS` when it is set (workers on other machines, see queueRunner), else on this
 * machine. Read when called, never at import time.
 */
import { queueRunner } from "../experiment/queueRunner";
import type { SweepRunner } from "../experiment/sweepRunner";

/**
 * The runner that `AB_REDIS` asks for: a queue runner on that Redis URL, or null (local) when it is
 * unset or empty.
 *
 * @param env environment to read `AB_REDIS` from; default `process.env`.
 * @throws RangeError or TypeError naming AB_REDIS when it is not a Redis URL.
 * @example
 * sweepRunnerFromEnvironment({ AB_REDIS: "redis://10.0.0.5:6379" })?.description; // "queue at redis://10.0.0.5:6379"
 * sweepRunnerFromEnvironment({}); // null
 */
export function sweepRunnerFromEnvironment(env: Record<string, string | undefined> = process.env): SweepRunner | null {
  const url = env.AB_REDIS?.trim();
  if (!url) return null;
  try {
    return queueRunner({ redis: url });
  } catch (error) {
    const e = error as Error;
    const Kind = e instanceof RangeError ? RangeError : TypeError;
    throw new Kind(`AB_REDIS must be a Redis URL such as redis://host:6379 (or unset, to run sweeps on this machine): ${e.message}`);
  }
}
