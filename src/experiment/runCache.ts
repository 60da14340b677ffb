/**
 * A cache of experiment results on disk, keyed by the content hash of their full configuration, whose
 * records are checked against a digest and a schema before they are trusted.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { projectRoot } from "../util/projectRoot";
import { canonicalJson } from "../util/canonicalJson";
import { schema } from "../util/plainDataSchema";
import { writeFileAtomic } from "../util/writeFileAtomic";

/** Checks a record read back (or about to be stored): null when it is valid, else what is wrong. */
export type RecordValidator = (record: unknown) => string | null;

/** Options of {@link createRunCache}. */
export interface RunCacheOptions {
  /** Folder of the cache files (default `<project>/.cache/experiments`, git-ignored). */
  directory?: string;
  /**
   * Version of the code that produces the results (e.g. "mnist-run/1"). It is hashed with the
   * configuration, so bumping it when the computation changes invalidates every stored result.
   */
  version: string;
  /**
   * Called once per file and reason when a stored entry is not trusted (the caller then recomputes it).
   * Default: a warning on stderr naming the file and the reason.
   */
  onInvalid?: (file: string, reason: string) => void;
  /** Largest cache file read, in bytes (default 64 MiB); a larger one is reported as invalid. */
  maxFileBytes?: number;
}

/** One stored result. */
export interface CacheEntry<R> {
  key: string;
  version: string;
  config: unknown;
  /** ISO time the result was stored. */
  storedAt: string;
  /** sha256 (hex) of the canonical JSON of `record`, checked on every read. */
  digest: string;
  record: R;
}

/** Options of {@link RunCache.get} and {@link RunCache.put}. */
export interface RecordOptions {
  /** The record's schema check (e.g. {@link validateMnistRunRecord}); default: the digest only. */
  validate?: RecordValidator;
}

/** A content-addressed store of results. */
export interface RunCache {
  readonly directory: string;
  readonly version: string;
  /** The key of a configuration: first 20 hex digits of sha256(canonical JSON of { version, config }). */
  key(config: unknown): string;
  /** The file a configuration's result lives in. */
  file(config: unknown): string;
  /**
   * The stored result, or null when absent or not trusted: unreadable, another configuration or
   * version, a digest that does not match the record, or a record that fails `validate` (each
   * reported through `onInvalid`).
   * @throws Error when the path is not a file (e.g. a directory), which recomputing cannot fix.
   */
  get<R>(config: unknown, options?: RecordOptions): R | null;
  /**
   * Stores a result atomically (written to a temporary file, flushed, then renamed over the final name).
   * @throws TypeError when the record, as JSON stores it, fails `validate` (nothing is stored); Error
   *   when the path is not a file.
   */
  put<R>(config: unknown, record: R, options?: RecordOptions): void;
  has(config: unknown, options?: RecordOptions): boolean;
  /** Deletes every result (and leftover temporary file) of this cache's folder; returns how many files were removed. */
  clear(): number;
}

/** The default cache folder: `.cache/experiments` in the project. */
export function defaultCacheDirectory(): string {
  return path.join(projectRoot(), ".cache", "experiments");
}

const ENTRY_SCHEMA = schema.object({
  key: schema.matching(/^[0-9a-f]{20}$/),
  version: schema.string,
  config: schema.unknown,
  storedAt: schema.string,
  digest: schema.matching(/^[0-9a-f]{64}$/),
  record: schema.unknown,
});

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/**
 * The cache key of a configuration computed by a given code version: the first 20 hex digits of the
 * sha256 of the canonical JSON of `{ version, config }` (what {@link RunCache.key} returns). Queue
 * workers compute it too, to check a job against its configuration.
 *
 * @throws TypeError when the configuration is not plain data (see canonicalJson).
 * @example
 * runKey("doc/1", { a: 1, b: 2 }) === runKey("doc/1", { b: 2, a: 1 }); // true
 */
export function runKey(version: string, config: unknown): string {
  return sha256(canonicalJson({ version, config })).slice(0, 20);
}

/**
 * Opens (creating when needed) a cache of results keyed by configuration.
 *
 * A result is stored under the hash of the canonical JSON ({@link canonicalJson}) of its
 * configuration and the code version, so a changed setting misses and re-runs while equal settings
 * hit, whatever order their keys were written in. Beside the record the entry holds the sha256 digest
 * of the record's canonical JSON. Writes go to `<key>.json.tmp-<pid>-<n>`, are flushed, and are renamed
 * over `<key>.json` (rename is atomic on one file system), so a process killed mid-write never leaves a
 * half-written result under a real name. A read trusts an entry only when it parses, has the shape of
 * an entry, was stored for the same key, version and configuration, its record matches its digest, and
 * the record passes the caller's schema check; anything else is reported (`onInvalid`) and treated as
 * missing, so the caller recomputes and overwrites it. Entries written before digests existed (no
 * `digest` field) are treated as missing without a report, like entries of another code version.
 *
 * @param options.directory folder (default `.cache/experiments` in the project); options.version code
 *   version; options.onInvalid reporter of untrusted entries (default: a warning on stderr);
 *   options.maxFileBytes (default 64 MiB).
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
  const maxFileBytes = options.maxFileBytes ?? 64 * 1024 * 1024;
  const reported = new Set<string>();
  const onInvalid =
    options.onInvalid ??
    ((file: string, reason: string) => {
      process.stderr.write(`runCache: ignoring ${file}: ${reason}; it will be recomputed\n`);
    });
  const report = (file: string, reason: string): null => {
    if (!reported.has(`${file}\n${reason}`)) {
      reported.add(`${file}\n${reason}`);
      onInvalid(file, reason);
    }
    return null;
  };
  let counter = 0;
  const key = (config: unknown): string => runKey(version, config);
  const file = (config: unknown): string => path.join(directory, `${key(config)}.json`);
  const refuseNonFile = (target: string, fn: string): boolean => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      return false; // absent
    }
    if (!stat.isFile()) {
      throw new Error(`runCache.${fn}: ${target} is ${stat.isDirectory() ? "a directory" : "something else"}, not a cache file; remove it (rm -r "${target}") and run again`);
    }
    if (stat.size > maxFileBytes) return true;
    return false;
  };
  const get = <R>(config: unknown, recordOptions: RecordOptions = {}): R | null => {
    const target = file(config);
    if (refuseNonFile(target, "get")) return report(target, `it is larger than ${maxFileBytes} bytes`);
    let text: string;
    try {
      text = fs.readFileSync(target, "utf8");
    } catch {
      return null; // absent
    }
    let entry: CacheEntry<R>;
    try {
      entry = JSON.parse(text) as CacheEntry<R>;
    } catch (error) {
      return report(target, `it is not valid JSON (${(error as Error).message})`);
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return report(target, "it is not a cache entry");
    // An entry without a digest is of the format before digests: stale like an entry of another code
    // version, so recomputed without a report (a notebook recomputing its cache shows no warnings).
    if (!("digest" in entry)) return null;
    const shape = schema.mismatch(entry, ENTRY_SCHEMA, "entry");
    if (shape) return report(target, `it is not a cache entry: ${shape}`);
    if (entry.version !== version) return report(target, `it was stored by version ${JSON.stringify(entry.version)}, not ${JSON.stringify(version)}`);
    let sameConfig = false;
    try {
      sameConfig = entry.key === key(config) && canonicalJson(entry.config) === canonicalJson(config);
    } catch {
      sameConfig = false;
    }
    if (!sameConfig) return report(target, "it was stored for another configuration");
    let digest = "";
    try {
      digest = sha256(canonicalJson(entry.record));
    } catch (error) {
      return report(target, `its record is not plain data (${(error as Error).message})`);
    }
    if (digest !== entry.digest) return report(target, "its digest does not match the record (the record was edited or corrupted)");
    const invalid = recordOptions.validate?.(entry.record);
    if (invalid) return report(target, `its record does not match the schema: ${invalid}`);
    return entry.record;
  };
  return {
    directory,
    version,
    key,
    file,
    get,
    has: (config, recordOptions) => get(config, recordOptions) !== null,
    put<R>(config: unknown, record: R, recordOptions: RecordOptions = {}): void {
      const target = file(config);
      // The record as it will read back: JSON has no NaN, undefined or typed arrays.
      const stored = JSON.parse(JSON.stringify(record) ?? "null") as R;
      const invalid = recordOptions.validate?.(stored);
      if (invalid) throw new TypeError(`runCache.put: the record for ${target} does not match its schema: ${invalid}; it was not stored`);
      const entry: CacheEntry<R> = { key: key(config), version, config, storedAt: new Date().toISOString(), digest: sha256(canonicalJson(stored)), record: stored };
      fs.mkdirSync(directory, { recursive: true });
      refuseNonFile(target, "put");
      writeFileAtomic(target, [new TextEncoder().encode(JSON.stringify(entry))], { temporary: `${target}.tmp-${process.pid}-${counter++}` });
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
