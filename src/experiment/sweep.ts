/**
 * Running a list of configurations through a cache: hits are read back, misses are computed in
 * groups and stored one by one, so an interrupted sweep resumes where it stopped.
 */
import { canonicalJson } from "../util/canonicalJson";
import type { RecordValidator, RunCache } from "./runCache";

/** Options of {@link runSweep}. */
export interface SweepOptions<C, R> {
  /** The configurations, in the order the results are returned. */
  configs: C[];
  cache: RunCache;
  /**
   * Computes the results of a group of configurations that all missed the cache (same order). Groups
   * share the value of `groupKey` (e.g. everything but the seed, trained together on both cores).
   */
  runGroup: (configs: C[]) => Promise<R[]>;
  /** Configurations with the same group key run in one call of runGroup (default: each alone). */
  groupKey?: (config: C) => unknown;
  /** Largest group (default 8; integer ≥ 1). */
  maxGroupSize?: number;
  /** Called after each group with the counts so far. */
  onRunsDone?: (done: number, total: number, computed: number) => void;
  /**
   * The records' schema check: a cached record that fails it is reported and recomputed, and a
   * computed one that fails it is not stored (put throws). Default: the cache's digest check only.
   */
  validate?: RecordValidator;
}

/** What a sweep returns. */
export interface SweepResult<R> {
  /** One result per configuration, in input order. */
  records: R[];
  /** How many were read from the cache and how many computed in this call. */
  cached: number;
  computed: number;
  elapsedMs: number;
}

/**
 * Runs a sweep through a cache. Each computed result is stored as soon as its group finishes, so a
 * sweep killed part-way loses at most the group in progress, and the next call computes only what is
 * missing. Duplicate configurations are computed once.
 *
 * @param options configs, cache, runGroup, groupKey, maxGroupSize (default 8), onRunsDone, validate.
 * @returns a {@link SweepResult}.
 * @throws whatever runGroup throws (results of earlier groups stay stored); Error when runGroup
 *   returns the wrong number of results.
 * @example
 * const cache = createRunCache({ directory: `${defaultCacheDirectory()}-doc-example`, version: "doc-sweep/1" });
 * cache.clear();
 * const square = (configs) => Promise.resolve(configs.map((c) => c.x * c.x));
 * (await runSweep({ configs: [{ x: 2 }, { x: 3 }], cache, runGroup: square })).records; // [4, 9]
 * (await runSweep({ configs: [{ x: 2 }, { x: 3 }], cache, runGroup: square })).cached; // 2
 * cache.clear(); // 2
 */
export async function runSweep<C, R>(options: SweepOptions<C, R>): Promise<SweepResult<R>> {
  const t0 = performance.now();
  const { configs, cache } = options;
  const maxGroupSize = options.maxGroupSize ?? 8;
  if (!Number.isInteger(maxGroupSize) || maxGroupSize < 1) throw new RangeError(`runSweep: maxGroupSize must be an integer ≥ 1, got ${maxGroupSize}`);
  const records: (R | undefined)[] = new Array(configs.length);
  const missing = new Map<string, number[]>(); // config key -> indices
  let cached = 0;
  configs.forEach((config, i) => {
    const hit = cache.get<R>(config, { validate: options.validate });
    if (hit !== null) {
      records[i] = hit;
      cached++;
      return;
    }
    const k = cache.key(config);
    const list = missing.get(k);
    if (list) list.push(i);
    else missing.set(k, [i]);
  });
  const groups = new Map<string, string[]>(); // group key -> config keys
  for (const [k, indices] of missing) {
    const g = options.groupKey ? canonicalJson(options.groupKey(configs[indices[0]!]!)) : k;
    const list = groups.get(g);
    if (list && list.length < maxGroupSize) list.push(k);
    else if (list) groups.set(`${g}#${k}`, [k]);
    else groups.set(g, [k]);
  }
  let computed = 0;
  let done = cached;
  for (const keys of groups.values()) {
    const group = keys.map((k) => configs[missing.get(k)![0]!]!);
    const results = await options.runGroup(group);
    if (!Array.isArray(results) || results.length !== group.length) {
      throw new Error(`runSweep: runGroup returned ${Array.isArray(results) ? results.length : typeof results} results for ${group.length} configurations`);
    }
    keys.forEach((k, j) => {
      cache.put(group[j], results[j], { validate: options.validate });
      for (const i of missing.get(k)!) records[i] = results[j];
      done += missing.get(k)!.length;
    });
    computed += group.length;
    options.onRunsDone?.(done, configs.length, computed);
  }
  return { records: records as R[], cached, computed, elapsedMs: performance.now() - t0 };
}
