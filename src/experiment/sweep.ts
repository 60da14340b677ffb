/**
 * Running a list of configurations through a cache: hits are read back, misses are computed in
 * groups and stored one by one, so an interrupted sweep resumes where it stopped.
 */
import { canonicalJson } from "../util/canonicalJson";
import type { RecordValidator, RunCache } from "./runCache";
import { defaultSweepRunner, localRunner, type RunnerStatus, type SweepRunner } from "./sweepRunner";

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
  /**
   * Who computes the missing runs: {@link localRunner} (this process, group by group) or a queueRunner
   * (workers on other machines, which need `kind`). Default: the runner set by
   * {@link setDefaultSweepRunner} when the sweep names a kind, else the local runner.
   */
  runner?: SweepRunner;
  /**
   * Name of the computation as queue workers know it (e.g. "mnist-run", see RunKind); without it the
   * sweep can run only locally.
   */
  kind?: string;
  /** Called with the runner's counts (queued, running, done, failed) and workers as they change. */
  onStatus?: (status: RunnerStatus) => void;
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
 * The missing runs are computed by the runner (default: this process, see {@link SweepOptions.runner});
 * every runner hands back the same records, and each is stored as it arrives.
 *
 * @param options configs, cache, runGroup, groupKey, maxGroupSize (default 8), onRunsDone, validate,
 *   runner, kind, onStatus.
 * @returns a {@link SweepResult}.
 * @throws whatever runGroup throws (results of earlier groups stay stored); Error when runGroup
 *   returns the wrong number of results; what the runner throws (a queue runner: RunFailedError
 *   after storing every run that succeeded).
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
  const stored = new Set<string>();
  const runner = options.runner ?? (options.kind !== undefined ? defaultSweepRunner() : null) ?? localRunner();
  await runner.run<C, R>({
    kind: options.kind,
    version: cache.version,
    key: (config) => cache.key(config),
    groups: [...groups.values()].map((keys) => keys.map((k) => configs[missing.get(k)![0]!]!)),
    runGroup: options.runGroup,
    validate: options.validate,
    store: (group, results) => {
      group.forEach((config, j) => {
        const k = cache.key(config);
        const indices = missing.get(k);
        if (!indices || stored.has(k)) throw new Error(`runSweep: the ${runner.description} runner returned a record for a configuration it was not asked for (key ${k})`);
        cache.put(config, results[j], { validate: options.validate });
        stored.add(k);
        for (const i of indices) records[i] = results[j];
        done += indices.length;
      });
      computed += group.length;
      options.onRunsDone?.(done, configs.length, computed);
    },
    onStatus: options.onStatus,
  });
  if (stored.size !== missing.size) throw new Error(`runSweep: the ${runner.description} runner finished with ${missing.size - stored.size} of ${missing.size} runs not computed`);
  return { records: records as R[], cached, computed, elapsedMs: performance.now() - t0 };
}
