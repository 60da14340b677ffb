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
