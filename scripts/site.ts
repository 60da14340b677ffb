/**
 * The companion site's index page: the scorecard (every claim with the verdict its notebook computed,
 * scripts/scorecard.ts), then one row per notebook with the paper claim it reproduces (from the
 * notebook's `almost_bayesian` metadata), its run time and backend.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { NOTEBOOKS } from "./jupyterEnv";
import { scorecardHtml, scorecardRows } from "./scorecard";

export interface SiteEntry {
  file: string;
  html: string;
  seconds: number;
  backend: string | null;
  quick: boolean;
}

/** What a notebook says about itself in its metadata (`almost_bayesian.title`, `.reproduces`). */
export interface NotebookAbout {
  title: string;
  reproduces: string;
}

export function notebookAbout(file: string): NotebookAbout {
  const nb = JSON.parse(fs.readFileSync(path.join(NOTEBOOKS, file), "utf8")) as {
    metadata?: { almost_bayesian?: Partial<NotebookAbout> };
    cells: { cell_type: string; source: string | string[] }[];
  };
  const meta = nb.metadata?.almost_bayesian ?? {};
  const firstMarkdown = nb.cells.find((c) => c.cell_type === "markdown");
  const heading = firstMarkdown
    ? (Array.isArray(firstMarkdown.source) ? firstMarkdown.source.join("") : firstMarkdown.source).match(/^#\s+(.+)$/m)?.[1]
    : undefined;
  return { title: meta.title ?? heading ?? file, reproduces: meta.reproduces ?? "" };
}

const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export function writeSiteIndex(outDir: string, entries: SiteEntry[], run: { totalSeconds: number }): void {
  const rows = entries
    .map((e) => {
      const about = notebookAbout(e.file);
      return `<tr><td><a href="${escape(e.html)}">${escape(about.title)}</a><br><code>${escape(e.file)}</code></td>` +
        `<td>${escape(about.reproduces)}</td><td class="num">${e.seconds.toFixed(1)} s</td><td>${escape(e.backend ?? "—")}</td>` +
        `<td><a href="notebooks/${escape(e.file)}">ipynb</a></td></tr>`;
    })
    .join("\n");
  const scorecard = scorecardHtml(scorecardRows(entries.map((e) => path.join(outDir, "notebooks", e.file)).filter((f) => fs.existsSync(f))));
  const quick = entries.filter((e) => e.quick).length;
  const mode = quick === 0 ? "full mode" : quick === entries.length ? "quick mode (reduced sizes)" : `${quick} of ${entries.length} notebooks in quick mode`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>almost-bayesian: companion notebooks</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.5em;text-align:left;vertical-align:top}
td.num{text-align:right;white-space:nowrap}code{font-size:.85em;color:#555}
td.verdict.holds,td.verdict.pass{color:#1a7f37}td.verdict.does-not-hold,td.verdict.fail{color:#b42318}td.verdict.inconclusive,td.verdict.holds-in-part{color:#9a6700}
</style></head><body>
<h1>Almost Bayesian — a TypeScript companion</h1>
<p>Executable notebooks reproducing the experiments of <em>Almost Bayesian: The Fractal Dynamics of Stochastic
Gradient Descent</em> (Hennick &amp; De Baerdemacker, <a href="https://arxiv.org/abs/2503.22478">arXiv 2503.22478</a>).
Each page is a notebook executed by <code>npm run reproduce</code>, with interactive figures; the
<a href="api/index.html">API reference</a> documents the helpers they call, one page per folder of <code>src/</code>.</p>
<p>Run: ${escape(mode)}, ${entries.length} notebook(s), ${entries.reduce((s, e) => s + e.seconds, 0).toFixed(0)} s of notebook time (last run ${run.totalSeconds.toFixed(0)} s), finished ${escape(new Date().toISOString().replace("T", " ").slice(0, 16))} UTC.</p>
<h2>Scorecard</h2>
<p>Every claim the notebooks test, with the verdict each notebook computed from its own numbers in this run.</p>
${scorecard}
<h2>Notebooks</h2>
<table><thead><tr><th>Notebook</th><th>What it reproduces</th><th>Run time</th><th>Backend</th><th></th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
  fs.writeFileSync(path.join(outDir, "index.html"), html);
}
