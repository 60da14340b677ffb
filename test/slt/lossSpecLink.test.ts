import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { compiledModulePath } from "../../src/slt/lossSpec";

const ROOT = path.resolve(__dirname, "..", "..", "..");

test("compiledModulePath finds the build twin of a module reached through the notebooks' src link", () => {
  const linked = path.join(ROOT, "notebooks", "src", "slt", "sgldWorker.ts");
  assert.ok(fs.lstatSync(path.join(ROOT, "notebooks", "src")).isSymbolicLink(), "notebooks/src must be the link to ../src");
  assert.equal(compiledModulePath(linked), path.join(fs.realpathSync(ROOT), "build", "src", "slt", "sgldWorker.js"));
  assert.equal(compiledModulePath(path.join(ROOT, "src", "slt", "sgldWorker.ts")), path.join(fs.realpathSync(ROOT), "build", "src", "slt", "sgldWorker.js"));
  assert.throws(() => compiledModulePath(path.join(ROOT, "src", "slt", "noSuchModule.ts")), /npm run build/);
});
