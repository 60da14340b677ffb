/**
 * The site export sanitises what notebooks put on a page: scripts, event handlers and javascript: URLs
 * from outputs or Markdown never reach site/, while the figures still draw.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { findPython, jupyterEnv, ROOT } from "../../scripts/jupyterEnv";
import { figureBundle } from "../../src/notebook/figureBundle";

const ATTACKS = ["<script>alert('md')</script>", "<img src=x onerror=alert('img')>", "<a href=\"javascript:alert('link')\">link</a>", "<svg onload=alert('svg')></svg>", "<iframe src=\"https://example.org\"></iframe>"];

function exportPage(cells: object[], metadata: object = {}): { status: number | null; stderr: string; html: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ab-site-export-"));
  const input = path.join(dir, "hostile.ipynb");
  fs.writeFileSync(input, JSON.stringify({ cells, metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" }, ...metadata }, nbformat: 4, nbformat_minor: 5 }));
  const html = path.join(dir, "hostile.html");
  const run = spawnSync(findPython(), [path.join(ROOT, "scripts", "run_notebook.py"), "--export-only", "--input", input, "--output", path.join(dir, "out.ipynb"), "--html", html, "--cwd", dir], { env: jupyterEnv(), encoding: "utf8" });
  return { status: run.status, stderr: run.stderr, html: fs.existsSync(html) ? fs.readFileSync(html, "utf8") : "" };
}

let id = 0;
const code = (outputs: object[]): object => ({ id: `c${id++}`, cell_type: "code", source: "show(x);", metadata: {}, outputs, execution_count: null });
const display = (data: Record<string, unknown>): object => ({ output_type: "display_data", data, metadata: {} });

test("<script>, event handlers and javascript: URLs from outputs and Markdown do not survive into the page", () => {
  const figure = figureBundle({ data: [{ type: "scatter", x: [1, 2], y: [3, 4], name: "</script><script>alert('trace')</script>" }], layout: { title: { text: "<img src=x onerror=alert('title')>" } } });
  const { status, stderr, html } = exportPage([
    { id: "m", cell_type: "markdown", source: `# Title\n\n${ATTACKS.join("\n\n")}\n\n[link](javascript:alert('mdlink'))`, metadata: {} },
    code(ATTACKS.map((a) => display({ "text/markdown": `**value:** ${a}`, "text/plain": a }))),
    code(ATTACKS.map((a) => display({ "text/html": `<div class="ab-table">${a}<p style="color:red">kept</p></div>`, "text/plain": a }))),
    code([display({ "application/javascript": "alert('js')", "text/plain": "js" })]),
    code([display({ "image/png": "iVBORw0KGgo=\" onerror=\"alert('png')", "text/plain": "png" })]),
    code([display({ "image/svg+xml": "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert('svg')</script></svg>", "text/plain": "svg" })]),
    code([display(figure as Record<string, unknown>)]),
  ], { almost_bayesian: { title: "</title><script>alert('title')</script>" } });
  assert.equal(status, 0, stderr);
  const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
  assert.deepEqual(scripts, ['<script id="ab-site-figures">'], "the figure loader is the only script");
  const loaderStart = html.indexOf('<script id="ab-site-figures">');
  const loader = html.slice(loaderStart, html.indexOf("</script>", loaderStart));
  const page = html.slice(0, loaderStart) + html.slice(loaderStart + loader.length);
  // (Inside tags: the attacks themselves remain on the page as escaped text.)
  assert.doesNotMatch(page, /<[a-z][^<>]*\son[a-z]+\s*=/i, "no event handler attribute");
  assert.doesNotMatch(page, /<[a-z][^<>]*(href|src)\s*=\s*["']?\s*javascript:/i, "no javascript: URL");
  assert.doesNotMatch(html, /<iframe/i);
  assert.doesNotMatch(html, /alert\('(md|img|link|js|png|svg|mdlink|title)'\)<\/script>/);
  // What was attacked is still there as text, and harmless markup is kept.
  assert.match(html, /&lt;script&gt;alert\('md'\)&lt;\/script&gt;/);
  assert.match(html, /<p style="color:red">kept<\/p>/);
  // The figure: a placeholder and its data in the loader, with no way to close the script early.
  assert.match(html, /<div id="ab-fig-0" class="ab-figure"/);
  const payload = /var figures = (.*);\n/.exec(loader)![1]!;
  assert.doesNotMatch(payload, /[<>&]/, "the figure data inside the loader holds no <, > or &: a trace name cannot end the script");
  assert.match(loader, /\\u003c\/script\\u003e\\u003cscript\\u003ealert\('trace'\)/, "the trace name is kept, escaped");
});

test("the check of a finished page finds what the sanitiser must have removed", () => {
  // The page check stands behind the sanitiser: run_notebook.py refuses to write a page that fails it.
  const pages = [
    "<p>fine <a href='https://arxiv.org'>x</a> <img src='data:image/png;base64,AAAA'></p>",
    "<p><script>alert(1)</script></p>",
    "<p><img src=x onerror=alert(1)></p>",
    "<a href=' JaVaScRiPt:alert(1)'>x</a>",
    "<iframe src='https://example.org'></iframe>",
  ];
  const script = [
    "import json, sys",
    "sys.path.insert(0, sys.argv[1])",
    "import site_html",
    "out = []",
    "for page in json.load(sys.stdin):",
    "    try:",
    "        site_html.check_page(page, None)",
    "        out.append('clean')",
    "    except site_html.PageProblem as problem:",
    "        out.append(str(problem))",
    "print(json.dumps(out))",
  ].join("\n");
  const run = spawnSync(findPython(), ["-c", script, path.join(ROOT, "scripts")], { input: JSON.stringify(pages), encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const results = JSON.parse(run.stdout) as string[];
  const check = (page: string): string => results[pages.indexOf(page)]!;
  assert.equal(check(pages[0]!), "clean");
  assert.match(check(pages[1]!), /a <script> other than the figure loader/);
  assert.match(check(pages[2]!), /an onerror attribute on <img>/);
  assert.match(check(pages[3]!), /a javascript: URL in href of <a>/);
  assert.match(check(pages[4]!), /an <iframe>/);
});
