/**
 * scripts/run_notebook.py reports a failing notebook against the cell that failed, with its error, and
 * leaves no output of an earlier run after the failure point in the `.failed.ipynb`.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { findPython, jupyterEnv, registerKernel, ROOT } from "../../scripts/jupyterEnv";

interface Cell {
  id?: string;
  cell_type: "code" | "markdown";
  source: string;
  metadata: Record<string, unknown>;
  outputs?: Record<string, unknown>[];
  execution_count?: number | null;
}

let cellId = 0;
const code = (source: string, outputs: Record<string, unknown>[] = []): Cell => ({ id: `cell-${cellId++}`, cell_type: "code", source, metadata: {}, outputs, execution_count: null });
const STALE_FIGURE = { output_type: "display_data", data: { "text/html": "<div>old figure from an earlier run</div>", "text/plain": "Figure \"old\"" }, metadata: {} };
const STALE_ERROR = { output_type: "error", ename: "OldError", evalue: "an error of an earlier run", traceback: [] };

function runNotebook(name: string, cells: Cell[]): { status: number | null; stderr: string; failed: { cells: Cell[] } | null; executed: { cells: Cell[] } | null; html: string | null } {
  registerKernel();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ab-run-notebook-"));
  const input = path.join(dir, `${name}.ipynb`);
  fs.writeFileSync(input, JSON.stringify({
    cells: [{ id: "title", cell_type: "markdown", source: "# A notebook that fails", metadata: {} }, ...cells],
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  }));
  const output = path.join(dir, "out", `${name}.ipynb`);
  fs.mkdirSync(path.dirname(output));
  const html = path.join(dir, "out", `${name}.html`);
  const run = spawnSync(findPython(), [path.join(ROOT, "scripts", "run_notebook.py"), "--input", input, "--output", output, "--html", html, "--cwd", dir, "--timeout", "120"], {
    env: jupyterEnv({ AB_QUICK: "1" }),
    encoding: "utf8",
  });
  const failedFile = output.replace(".ipynb", ".failed.ipynb");
  const read = (file: string): { cells: Cell[] } | null => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Cell[] }) : null);
  return { status: run.status, stderr: run.stderr, failed: read(failedFile), executed: read(output), html: fs.existsSync(html) ? fs.readFileSync(html, "utf8") : null };
}

test("a notebook that throws is reported at the throwing cell, with its source and error, and later outputs are cleared", { timeout: 180_000 }, () => {
  const { status, stderr, failed } = runNotebook("throws", [
    code("const answer = 6 * 7;\nconsole.log(`answer ${answer}`);"),
    code('function check(): void {\n  throw new RangeError("the check failed in cell 3");\n}\ncheck();'),
    code('console.log("never runs");', [STALE_FIGURE, STALE_ERROR]),
    code("answer + 1;", [{ output_type: "stream", name: "stdout", text: "stale output\n" }]),
  ]);
  assert.equal(status, 3, stderr);
  assert.match(stderr, /failed at cell 3 \(code cell 2\)/);
  assert.match(stderr, /the check failed in cell 3/);
  assert.match(stderr, /RangeError/);
  assert.match(stderr, /check\(\);/, "the failing cell's source");
  assert.doesNotMatch(stderr, /OldError|never runs/);
  assert.ok(failed, "the partial notebook is kept");
  assert.deepEqual(failed.cells[3]!.outputs, []);
  assert.deepEqual(failed.cells[4]!.outputs, []);
  assert.match(JSON.stringify(failed.cells[1]!.outputs), /answer 42/);
});

test("a notebook with a type error is reported at that cell with the compiler's message", { timeout: 180_000 }, () => {
  const { status, stderr, failed } = runNotebook("type-error", [
    code("const first = 1;"),
    code('const count: number = "three";'),
    code("first;", [STALE_FIGURE]),
  ]);
  assert.equal(status, 3, stderr);
  assert.match(stderr, /failed at cell 3 \(code cell 2\)/);
  assert.match(stderr, /const count: number = "three";/);
  assert.match(stderr, /not assignable to type 'number'/);
  assert.deepEqual(failed!.cells[3]!.outputs, []);
});

test("a notebook that runs keeps its execution counts, in the committed copy and on the site page", { timeout: 180_000 }, () => {
  const { status, stderr, executed, html } = runNotebook("runs", [
    code("const answer = 6 * 7;"),
    code("console.log(`answer ${answer}`);"),
    code("answer + 1;"),
  ]);
  assert.equal(status, 0, stderr);
  const cells = executed!.cells.filter((cell) => cell.cell_type === "code");
  assert.deepEqual(cells.map((cell) => cell.execution_count), [1, 2, 3], "code cells numbered in order, as a top-to-bottom run numbers them");
  assert.match(JSON.stringify(cells[2]!.outputs), /43/, "the last cell ran");
  assert.ok(cells.every((cell) => !("execution" in cell.metadata)), "no timing metadata in the committed copy");
  assert.match(html!, /\[1\]:/, "the site page shows the prompt [1]:");
  assert.doesNotMatch(html!, /\[ \]:/, "and no unexecuted-looking prompt");
});
