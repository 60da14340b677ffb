/**
 * Rules on the layout of src/ that the compiler does not check.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const SRC = path.join(ROOT, "src");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path.join(dir, e.name)] : [],
  );
}

test("every relative import in src names a file, not a folder, because the tslab kernel cannot resolve folder imports", () => {
  // tslab loads the modules it compiled by appending ".js" to the import path, so `./diffusion` fails
  // at run time in a notebook while `./diffusion/index` works (issue found with notebooks/src).
  const offenders: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from|import|require\()\s*["'](\.{1,2}\/[^"']*)["']/g)) {
      const target = path.resolve(path.dirname(file), m[1]!);
      if (fs.existsSync(target) && fs.statSync(target).isDirectory()) offenders.push(`${path.relative(ROOT, file)}: "${m[1]}" (write "${m[1]}/index")`);
    }
  }
  assert.deepEqual(offenders, []);
});

test("every folder of src has an index that src/index.ts re-exports", () => {
  const index = fs.readFileSync(path.join(SRC, "index.ts"), "utf8");
  const folders = fs.readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== "types").map((e) => e.name);
  for (const folder of folders) {
    assert.ok(fs.existsSync(path.join(SRC, folder, "index.ts")), `src/${folder}/index.ts is missing`);
    assert.ok(index.includes(`from "./${folder}/index"`), `src/index.ts does not re-export ./${folder}/index`);
  }
});

test("notebooks import the helpers through the notebooks/src link", () => {
  const link = path.join(ROOT, "notebooks", "src");
  assert.ok(fs.lstatSync(link).isSymbolicLink(), "notebooks/src must be a symbolic link (run npm run setup)");
  assert.equal(path.resolve(path.dirname(link), fs.readlinkSync(link)), SRC);
});

/** The folders of src by layer, bottom to top (ARCHITECTURE: imports only point down). */
const LAYERS: Record<string, number> = {
  util: 0, theory: 1, diffusion: 1, fractal: 1, data: 2, model: 2, train: 3, trajectory: 3, slt: 3,
  bayes: 4, experiment: 4, plot: 5, notebook: 6, env: 6,
};

/** Runtime (not type-only) relative imports of a file, resolved to files. */
function runtimeImports(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const deps: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s*["'](\.{1,2}\/[^"']*)["']/gm)) {
    if (m[2]) continue;
    const names = /\{([^}]*)\}/.exec(m[0])?.[1];
    if (m[1] === "import" && names && names.split(",").every((n) => n.trim() === "" || n.trim().startsWith("type "))) continue;
    deps.push(path.resolve(path.dirname(file), m[3]!) + ".ts");
  }
  return deps;
}

test("imports point down the layers: util, then math, data and models, dynamics, experiments, figures, notebook", () => {
  // env/backend.ts is the one home of global tfjs state and imports nothing of ours; worker entry
  // points and loss factories rebuilt in workers must choose the backend, so it may be imported from
  // any layer. Everything else in env/ and notebook/ is the top layer.
  const offenders: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = path.relative(SRC, file).split(path.sep);
    if (from.length < 2 || LAYERS[from[0]!] === undefined) continue;
    for (const dep of runtimeImports(file)) {
      const to = path.relative(SRC, dep).split(path.sep);
      if (to.length < 2 || LAYERS[to[0]!] === undefined || to.join("/") === "env/backend.ts") continue;
      if (LAYERS[to[0]!]! > LAYERS[from[0]!]!) offenders.push(`${from.join("/")} imports ${to.join("/")}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test("src has no import cycles, because the tslab kernel recurses forever on them", () => {
  // tslab caches a compiled side module only after it has run, so a cycle of runtime imports
  // (a imports b imports a) overflows the stack in a notebook even though Node itself copes.
  // `import type` is erased by the compiler and does not count.
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, "utf8");
    const deps: string[] = [];
    for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s*["'](\.{1,2}\/[^"']*)["']/gm)) {
      if (m[2]) continue;
      const spec = m[3]!;
      const clause = m[0];
      // `import { type A, type B } from` is type-only too.
      const names = /\{([^}]*)\}/.exec(clause)?.[1];
      if (m[1] === "import" && names && names.split(",").every((n) => n.trim() === "" || n.trim().startsWith("type "))) continue;
      deps.push(path.resolve(path.dirname(file), spec) + ".ts");
    }
    graph.set(file, deps.filter((d) => fs.existsSync(d)));
  }
  const state = new Map<string, "visiting" | "done">();
  const cycles: string[] = [];
  const visit = (file: string, stack: string[]): void => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "visiting") {
      cycles.push([...stack.slice(stack.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(" -> "));
      return;
    }
    state.set(file, "visiting");
    for (const dep of graph.get(file) ?? []) visit(dep, [...stack, file]);
    state.set(file, "done");
  };
  for (const file of graph.keys()) visit(file, []);
  assert.deepEqual(cycles, []);
});

test("src/index.ts exports what a notebook calls, not the internals: nothing tagged @internal, no checks or worker messages", () => {
  const index = fs.readFileSync(path.join(SRC, "index.ts"), "utf8");
  assert.ok(!/export \*/.test(index), "src/index.ts lists its exports (no export *)");
  const exported = new Set([...index.matchAll(/export \{([^}]*)\}/g)].flatMap((m) => m[1]!.split(",").map((n) => n.trim().replace(/^type /, "")).filter(Boolean)));
  const internal: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, "utf8");
    // A doc comment holding @internal, then the declaration it documents.
    for (const m of text.matchAll(/\/\*\*(?:(?!\*\/)[\s\S])*@internal(?:(?!\*\/)[\s\S])*\*\/\s*export\s+(?:declare\s+)?(?:async\s+)?(?:function|class|const|let|type|interface)\s+(\w+)/g)) internal.push(m[1]!);
  }
  assert.ok(internal.length >= 10, `found only ${internal.length} @internal declarations`);
  for (const name of [...internal, "checkOptimizerArgs", "compensatedMean", "WorkerRequest", "WorkerReply", "SgldWorkerJob", "QueueJobData", "QueueJobResult", "checkJobResult"]) {
    assert.ok(!exported.has(name), `src/index.ts exports the internal ${name}`);
  }
  const lib = require(path.join(ROOT, "build", "src", "index.js")) as Record<string, unknown>;
  for (const name of ["train", "startNotebook", "showVerdicts", "DivergenceError", "runMnistSweep", "runsFrame", "queueRunner", "localRunner", "RunFailedError"]) assert.equal(typeof lib[name], "function", name);
});

test("the API reference documents every folder of src, one module each", () => {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, "typedoc.json"), "utf8")) as { entryPoints: string[] };
  const folders = fs.readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== "types").map((e) => `src/${e.name}/index.ts`);
  assert.deepEqual([...config.entryPoints].sort(), folders.sort());
  for (const entry of config.entryPoints) assert.match(fs.readFileSync(path.join(ROOT, entry), "utf8"), /@module \w+/, `${entry} has no @module comment`);
});
