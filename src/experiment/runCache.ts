/**
 * A cache of experiment results on disk, keyed by the content hash of their full configuration.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { projectRoot } from "../util/projectRoot";
import { canonicalJson } from "../util/canonicalJson";

/** Options of {@link createRunCache}. */
export interface RunCacheOptions {
  /** Folder of the cache files (default `<project>/.cache/experiments`, git-ignored). */
  directory?: string;
  /**
   * Version of the code that produces the results (e.g. "mnist-run/1"). It is hashed with the
   * configuration, so bumping it when the computation changes invalidates every stored result.
   */
  version: string;
}

/** One stored result. */
export interface CacheEntry<R> {
  key: string;
  version: string;
  config: unknown;
  /** ISO time the result was stored. */
  storedAt: string;
  record: R;
}

/** A content-addressed store of results. */
export interface RunCache {
  readonly directory: string;
  readonly version: string;
  /** The key of a configuration: first 20 hex digits of sha256(canonical JSON of { version, config }). */
  key(config: unknown): string;
  /** The file a configuration's result lives in. */
  file(config: unknown): string;
  /** The stored result, or null when absent, unreadable or stored for another configuration. */
  get<R>(config: unknown): R | null;
  /** Stores a result atomically (written to a temporary file, then renamed over the final name). */
  put<R>(config: unknown, record: R): void;
  has(config: unknown): boolean;
  /** Deletes every result of this cache's folder; returns how many files were removed. */
  clear(): number;
}

/** The default cache folder: `.cache/experiments` in the project. */
export function defaultCacheDirectory(): string {
  return path.join(projectRoot(), ".cache", "experiments");
}

/**
 * Opens (creating when needed) a cache of results keyed by configuration.
 *
 * A result is stored under the hash of the canonical JSON ({@link canonicalJson}) of its
 * configuration and the code version, so a changed setting misses and re-runs while equal settings
 * hit, whatever order their keys were written in. Writes go to `<key>.json.tmp-<pid>-<n>` and are
 * renamed over `<key>.json` (rename is atomic on one file system), so a process killed mid-write never
 * leaves a half-written result under a real name; reads also check that the stored configuration
 * equals the requested one, and treat unparsable files as absent.
 *
 * @param options.directory folder (default `.cache/experiments` in the project); options.version code version.
 * @returns a {@link RunCache}.
 * @throws RangeError when version is empty.
 * @example
 * const cache = createRunCache({ directory: `${defaultCacheDirectory()}-doc-example`, version: "doc/1" });
 * cache.put({ b: 2, a: 1 }, { value: 42 });
 * cache.get({ a: 1, b: 2 }); // {"value":42}
 * cache.get({ a: 1, b: 3 }); // null
 * cache.clear(); // 1
 */
export function createRunCache(options: RunCacheOptions): RunCache {
  const version = options.version;
  if (typeof version !== "string" || version.length === 0) throw new RangeError(`createRunCache: version must be a non-empty string, got ${JSON.stringify(version)}`);
  const directory = options.directory ?? defaultCacheDirectory();
  let counter = 0;
  const key = (config: unknown): string => createHash("sha256").update(canonicalJson({ version, config })).digest("hex").slice(0, 20);
  const file = (config: unknown): string => path.join(directory, `${key(config)}.json`);
  const get = <R>(config: unknown): R | null => {
    let text: string;
    try {
      text = fs.readFileSync(file(config), "utf8");
    } catch {
      return null;
    }
    try {
      const entry = JSON.parse(text) as CacheEntry<R>;
      if (entry.version !== version || canonicalJson(entry.config) !== canonicalJson(config)) return null;
      return entry.record;
    } catch {
      return null;
    }
  };
  return {
    directory,
    version,
    key,
    file,
    get,
    has: (config) => get(config) !== null,
    put<R>(config: unknown, record: R): void {
      fs.mkdirSync(directory, { recursive: true });
      const entry: CacheEntry<R> = { key: key(config), version, config, storedAt: new Date().toISOString(), record };
      const target = file(config);
      const temporary = `${target}.tmp-${process.pid}-${counter++}`;
      fs.writeFileSync(temporary, JSON.stringify(entry));
      fs.renameSync(temporary, target);
    },
    clear(): number {
      if (!fs.existsSync(directory)) return 0;
      let removed = 0;
      for (const name of fs.readdirSync(directory)) {
        if (name.endsWith(".json") || name.includes(".json.tmp-")) {
          fs.rmSync(path.join(directory, name), { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}
