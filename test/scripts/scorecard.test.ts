import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { README_END, README_START, readVerdicts, scorecardHtml, scorecardMarkdown, scorecardRows, sourceHash, withScorecard } from "../../scripts/scorecard";
import { checksVerdict, formatInterval, intervalVerdict, verdict, verdictBundle, VERDICT_MIME } from "../../src/notebook/verdict";

const ROOT = path.resolve(__dirname, "..", "..", "..");

test("the README's scorecard is the one generated from the committed notebooks' verdicts", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  assert.equal(readme, withScorecard(readme, scorecardMarkdown(scorecardRows())), "README.md's scorecard is stale: run npm run reproduce -- --update, or node build/scripts/updateScorecard.js");
  assert.ok(readme.includes(README_START) && readme.includes(README_END));
});

test("verdict records travel in a notebook's outputs and come back as the scorecard's rows", () => {
  const records = [
    verdict({ id: "alpha", claim: "late α < 1/2", verdict: intervalVerdict({ mean: 0.31, lower: 0.27, upper: 0.35 }, { below: 0.5 }), numbers: [{ label: "α", value: { mean: 0.31, lower: 0.27, upper: 0.35 }, paper: "< 0.5" }] }),
    checksVerdict("engine", "the engine works", [{ check: "a", ok: true }, { check: "b | c", ok: false }]),
  ];
  const notebook = { cells: [{ cell_type: "code", source: "x", outputs: [{ data: verdictBundle(records) }] }], metadata: { almost_bayesian: { title: "T" } } };
  assert.deepEqual(readVerdicts(notebook), JSON.parse(JSON.stringify(records)));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ab-scorecard-"));
  const file = path.join(dir, "99_test.ipynb");
  fs.writeFileSync(file, JSON.stringify(notebook));
  const rows = scorecardRows([file]);
  assert.deepEqual(rows.map((r) => [r.notebook, r.record!.id, r.record!.verdict]), [["99_test", "alpha", "holds"], ["99_test", "engine", "fail"]]);
  const markdown = scorecardMarkdown(rows);
  assert.match(markdown, /\| late α < 1\/2 \| \*\*holds\*\* \| α: 0\.310 \[0\.270, 0\.350\] \(paper < 0\.5\) \|/);
  assert.match(markdown, /\*\*fail\*\*/);
  assert.equal(markdown.split("\n").length, 4, "a | inside a cell must not split the row");
  assert.match(scorecardHtml(rows), /<td class="verdict holds"><strong>holds<\/strong><\/td>/);
  assert.ok(!scorecardHtml([{ notebook: "x", title: "<script>", record: null }]).includes("<script>"));
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a notebook's code fingerprint changes with its code cells and not with its outputs or text", () => {
  const nb = (code: string, output: string, text = "# t") => ({ cells: [{ cell_type: "markdown", source: text }, { cell_type: "code", source: [code], outputs: [{ data: { "text/plain": output } }] }], metadata: {} });
  assert.equal(sourceHash(nb("a = 1", "1")), sourceHash(nb("a = 1", "2", "# other")));
  assert.notEqual(sourceHash(nb("a = 1", "1")), sourceHash(nb("a = 2", "1")));
});

test("verdict helpers format intervals and decide from them", () => {
  assert.equal(formatInterval({ estimate: -0.1234, lower: -0.2, upper: -1e-5 }, 2), "-0.12 [-0.20, 0.00]");
  assert.equal(formatInterval({ mean: 1, lower: 0.5, upper: 2 }, 1), "1.0 [0.5, 2.0]");
  assert.equal(intervalVerdict({ estimate: 1, lower: 0.5, upper: 1.5 }, { above: 0 }), "holds");
  assert.equal(intervalVerdict({ estimate: -1, lower: -1.5, upper: -0.5 }, { above: 0 }), "does not hold");
  assert.equal(intervalVerdict({ estimate: 0.1, lower: -0.5, upper: 0.6 }, { above: 0 }), "inconclusive");
  assert.equal(intervalVerdict({ estimate: 0.6, lower: 0.55, upper: 0.7 }, { below: 0.5 }), "does not hold");
  const v = verdict({ id: "x", claim: "c", verdict: "holds", numbers: { n: 3, s: "text" } }, { quick: true });
  assert.deepEqual(v.numbers.map((n) => [n.text, n.estimate]), [["3", 3], ["text", null]]);
  const bundle = verdictBundle([v]);
  assert.ok(VERDICT_MIME in bundle);
  assert.match(String(bundle["text/markdown"]), /^\*\*Holds\*\* — c \*\(quick mode/);
  // Texts from a record show as written: no markup, no HTML.
  const risky = verdictBundle([verdict({ id: "r", claim: "α_k <img src=x onerror=alert(1)> *x*", verdict: "holds", numbers: { "a|b": "[1](javascript:x)" } })]);
  assert.doesNotMatch(String(risky["text/markdown"]), /<img|\*x\*|\[1\]\(/);
  assert.match(String(risky["text/plain"]), /α_k <img src=x onerror=alert\(1\)> \*x\*/);
  assert.throws(() => verdict({ id: "", claim: "c", verdict: "holds" }), RangeError);
});
