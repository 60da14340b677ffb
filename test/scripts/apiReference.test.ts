import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { childNodeArgs } from "../childNode";

const ROOT = path.resolve(__dirname, "..", "..", "..");

test("the API reference builds, as the last step of npm run reproduce does it", () => {
  // TypeDoc type-checks the sources on its own terms: once an error it found and tsc did not (a typed
  // array's buffer type) failed a full reproduction after every notebook had run.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "ab-api-"));
  try {
    const run = spawnSync(process.execPath, childNodeArgs(path.join(ROOT, "node_modules", "typedoc", "bin", "typedoc"), "--out", out), { cwd: ROOT, encoding: "utf8" });
    assert.equal(run.status, 0, `typedoc failed:\n${run.stdout}\n${run.stderr}`);
    assert.ok(fs.existsSync(path.join(out, "index.html")), "typedoc wrote no index.html");
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
