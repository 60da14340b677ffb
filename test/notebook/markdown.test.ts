/**
 * Values in Markdown are text: checked through the Markdown renderer of the site export (nbconvert's
 * markdown2html), which leaves more raw HTML alive than JupyterLab's.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { findPython } from "../../scripts/jupyterEnv";
import { escapeMarkdown, md, neutralizeHtml } from "../../src/notebook/markdown";

/** Renders Markdown with nbconvert; returns the HTML, its tags and its visible text. */
function render(sources: string[]): { html: string; tags: string[]; text: string }[] {
  const script = `
import json, sys
from html.parser import HTMLParser
from nbconvert.filters.markdown import markdown2html
class Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag + "".join(" " + k for k, _ in attrs))
    def handle_data(self, data):
        self.text.append(data)
out = []
for source in json.load(sys.stdin):
    html = markdown2html(source)
    c = Collect()
    c.feed(html)
    out.append({"html": html, "tags": c.tags, "text": "".join(c.text).strip()})
print(json.dumps(out))`;
  const run = spawnSync(findPython(), ["-c", script], { input: JSON.stringify(sources), encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { html: string; tags: string[]; text: string }[];
}

const HOSTILE = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "[click](javascript:alert(1))",
  "*not emphasis* __nor this__ `nor code`",
  "$x^2$ and a | table | cell",
  "/data/fashion_mnist/t10k-images-idx3-ubyte.gz: ENOENT",
  "- not a list\n1. nor this\n# nor a heading\n> nor a quote",
  "&lt;already an entity&gt; and \\<backslashed\\>",
];

test("values interpolated with md render as exactly their text, with no markup", () => {
  const rendered = render(HOSTILE.map((value) => md`**Error:** ${value}`.markdown));
  rendered.forEach((r, i) => {
    assert.deepEqual(r.tags.filter((t) => t !== "p" && t !== "strong"), [], `tags from ${JSON.stringify(HOSTILE[i])}: ${r.html}`);
    assert.equal(r.text.replace(/\s+/g, " "), `Error: ${HOSTILE[i]}`.replace(/\s+/g, " "));
  });
  assert.equal(md`**Error:** ${HOSTILE[1]}`.text, `**Error:** ${HOSTILE[1]}`);
});

test("values inside a code span of the template stay in the span", () => {
  const rendered = render([md`Caught: \`${"train: x `y` <b>z</b>\nnext"}\`.`.markdown]);
  assert.deepEqual(rendered[0]!.tags, ["p", "code"]);
  assert.equal(rendered[0]!.text, "Caught: train: x \u02cby\u02cb <b>z</b> next.");
});

test("escapeMarkdown leaves plain words and numbers readable, and a Markdown string shows its raw HTML as text", () => {
  assert.equal(escapeMarkdown("accuracy 93.9 percent"), "accuracy 93.9 percent");
  const rendered = render([neutralizeHtml("**ok** <script>alert(1)</script> <img src=x onerror=alert(1)> `<kept>`")]);
  assert.deepEqual(rendered[0]!.tags, ["p", "strong", "code"]);
  assert.match(rendered[0]!.text, /<script>alert\(1\)<\/script> <img src=x onerror=alert\(1\)> <kept>/);
});
