/**
 * The kinds of run a queue worker computes: the built-in ones, and those of modules named on its
 * command line (`--kinds path/to/module.js`, a module exporting `runKinds: RunKind[]`).
 */
import * as path from "node:path";
import { mnistRunKind } from "./mnistRun";
import type { RunKind } from "./runKind";

/** The kinds every worker computes. A new kind of sweep adds its kind here. */
export const runKinds: RunKind[] = [mnistRunKind as RunKind];

function isRunKind(value: unknown): value is RunKind {
  const k = value as Partial<RunKind> | null;
  return typeof k === "object" && k !== null && typeof k.name === "string" && typeof k.version === "function" && typeof k.validate === "function" && typeof k.open === "function";
}

/**
 * The built-in kinds and those exported (as `runKinds`) by each module, by name.
 *
 * @param modules paths of compiled modules (relative paths are taken from the current folder).
 * @throws Error naming the module when it cannot be loaded or exports no `runKinds` array of kinds;
 *   RangeError when two kinds share a name.
 */
export function loadRunKinds(modules: string[] = []): Map<string, RunKind> {
  const all: RunKind[] = [...runKinds];
  for (const file of modules) {
    const resolved = path.resolve(file);
    let exported: unknown;
    try {
      exported = (require(resolved) as { runKinds?: unknown }).runKinds;
    } catch (error) {
      throw new Error(`loadRunKinds: cannot load ${resolved}: ${(error as Error).message}`);
    }
    if (!Array.isArray(exported) || !exported.every(isRunKind)) {
      throw new Error(`loadRunKinds: ${resolved} must export runKinds, an array of kinds of run ({ name, version(), validate, open() })`);
    }
    all.push(...exported);
  }
  const byName = new Map<string, RunKind>();
  for (const kind of all) {
    if (byName.has(kind.name)) throw new RangeError(`loadRunKinds: two kinds of run are named ${JSON.stringify(kind.name)}`);
    byName.set(kind.name, kind);
  }
  return byName;
}
