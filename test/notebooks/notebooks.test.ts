/**
 * Notebook tests: every notebook executes in quick mode (AB_QUICK=1) through the same runner as
 * `npm run reproduce` (00_setup also with static PNG figures), committed notebooks carry a PNG beside
 * every figure once re-run with `--update`, a figure's HTML shows its PNG where no script runs, and one page of the generated site is opened in headless Chromium to check
 * that a Plotly figure really rendered (its SVG is in the DOM), that the page carries its notebook's
 * title and that it loads nothing from file: URLs.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { listNotebooks } from "../../scripts/jupyterEnv";
import { readVerdicts, sourceHash } from "../../scripts/scorecard";
import { VERDICT_MIME, verdictMarkdown, type VerdictRecord } from "../../src/notebook/verdict";
import { CHROMIUM_ARGS, figureOutputs, PLOTLY_MIME, STATIC_IMAGE_CLASS, withStaticImage } from "../../scripts/figurePng";
import { figureBundle } from "../../src/notebook/figureBundle";
import { pointsFigure } from "../../src/plot/pointsFigure";
import { makeMoons } from "../../src/data/moons";
import { childNodeArgs } from "../childNode";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const SITE = fs.mkdtempSync(path.join(os.tmpdir(), "ab-site-"));
const CHROMIUM = process.env.AB_CHROMIUM ?? "/usr/bin/chromium";

/** Outcomes a verdict may have. */
const OUTCOMES = ["holds", "holds in part", "does not hold", "inconclusive", "pass", "fail"];
/** Verdict ids of each notebook's quick run, for the committed-notebook tests. */
const quickVerdictIds = new Map<string, string[]>();

/** The notebook whose quick run also renders static PNGs of its figures (the `--update` path). */
const PNG_NOTEBOOK = "00_setup.ipynb";

for (const notebook of listNotebooks()) {
  test(`notebook ${notebook} executes in quick mode without error`, () => {
    const png = notebook === PNG_NOTEBOOK ? ["--png"] : [];
    const run = spawnSync(process.execPath, childNodeArgs(path.join(ROOT, "build", "scripts", "reproduce.js"), "--quick", "--only", notebook, "--out", SITE, ...png), {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(run.status, 0, `reproduce failed:\n${run.stdout}\n${run.stderr}`);
    const executed = JSON.parse(fs.readFileSync(path.join(SITE, "notebooks", notebook), "utf8")) as { cells: { outputs?: { output_type: string }[] }[] };
    const errors = executed.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "error");
    assert.deepEqual(errors, []);
    // The notebook read as data: at least one figure and one verdict, each verdict a complete record.
    assert.ok(figureOutputs(executed as never).length >= 1, `${notebook} shows no figure`);
    const verdicts = readVerdicts(executed as never);
    assert.ok(verdicts.length >= 1, `${notebook} emits no verdict (showVerdicts)`);
    for (const v of verdicts) {
      assert.ok(OUTCOMES.includes(v.verdict), `${notebook}: verdict ${v.id} has outcome ${JSON.stringify(v.verdict)}`);
      assert.ok(v.claim.length > 10 && v.numbers.length >= 1, `${notebook}: verdict ${v.id} lacks a claim or numbers`);
      assert.equal(v.quick, true, `${notebook}: verdict ${v.id} of a quick run must say so`);
    }
    assert.equal(new Set(verdicts.map((v) => v.id)).size, verdicts.length, `${notebook}: verdict ids repeat`);
    quickVerdictIds.set(notebook, verdicts.map((v) => v.id));
    const size = fs.statSync(path.join(ROOT, "notebooks", notebook)).size;
    assert.ok(size < 1024 * 1024, `committed ${notebook} is ${size} bytes; it must stay under 1 MB`);
  });
}

function serve(dir: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith(".html") ? "text/html" : file.endsWith(".js") ? "text/javascript" : "application/octet-stream";
    res.writeHead(200, { "content-type": type });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as { port: number };
    resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
  }));
}

test("a page of the companion site renders its Plotly figures in headless Chromium", { timeout: 120_000 }, async () => {
  assert.ok(fs.existsSync(path.join(SITE, "00_setup.html")), "the 00_setup notebook test must run first");
  const html = fs.readFileSync(path.join(SITE, "00_setup.html"), "utf8");
  // A page served from elsewhere must not ask the reader's disk for scripts (Debian's nbconvert does).
  assert.deepEqual(html.match(/(?:src|href)="file:[^"]*"/g) ?? [], []);
  const title = (JSON.parse(fs.readFileSync(path.join(ROOT, "notebooks", "00_setup.ipynb"), "utf8")) as { metadata: { almost_bayesian: { title: string } } }).metadata.almost_bayesian.title;
  assert.ok(fs.existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: apt-get install chromium, or set AB_CHROMIUM`);
  const { chromium } = await import("playwright-core");
  const server = await serve(SITE);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/index.html`);
    await page.click('a[href="00_setup.html"]');
    assert.equal(await page.title(), title);
    await page.waitForSelector(".ab-figure .main-svg", { timeout: 60_000 });
    const figures = await page.locator(".ab-figure").count();
    const rendered = await page.locator(".ab-figure .main-svg").count();
    assert.ok(figures >= 2, `expected at least 2 figures on 00_setup.html, found ${figures}`);
    assert.ok(rendered >= figures, `only ${rendered} SVG layers for ${figures} figures`);
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    server.close();
  }
});

type Output = { output_type: string; data?: Record<string, unknown>; metadata?: Record<string, { width?: number; height?: number }> };
type NotebookJson = { cells: { outputs?: Output[] }[]; metadata: { almost_bayesian?: { staticFigures?: { count: number; inHtml: boolean } } } };

/** Width and height from a PNG's IHDR chunk. */
function pngSize(base64: string): { width: number; height: number } {
  const bytes = Buffer.from(base64, "base64");
  assert.equal(bytes.subarray(1, 4).toString(), "PNG", "image/png is not a PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Checks that every figure output of a notebook carries a PNG of its size (and in its HTML when so recorded). */
function assertStaticFigures(name: string, notebook: NotebookJson): void {
  const figures = figureOutputs(notebook as never) as Output[];
  const record = notebook.metadata.almost_bayesian?.staticFigures;
  assert.ok(record, `${name}: no staticFigures record`);
  assert.equal(record.count, figures.length, `${name}: ${figures.length} figures, ${record.count} rendered`);
  for (const [i, output] of figures.entries()) {
    const png = output.data!["image/png"];
    assert.equal(typeof png, "string", `${name}: figure ${i + 1} has no image/png`);
    const size = pngSize(png as string);
    const stated = output.metadata?.["image/png"];
    assert.ok(size.width >= 200 && size.height >= 100, `${name}: figure ${i + 1} PNG is ${size.width}x${size.height}`);
    assert.ok(stated && Math.abs(size.width / stated.width! - size.height / stated.height!) < 0.02, `${name}: figure ${i + 1} PNG ${size.width}x${size.height} disagrees with its metadata`);
    if (record.inHtml) assert.ok((output.data!["text/html"] as string).includes(`class="${STATIC_IMAGE_CLASS}" src="data:image/png;base64,${png as string}"`), `${name}: figure ${i + 1}'s HTML lacks its PNG`);
  }
}

test("a freshly executed notebook carries a static PNG beside every figure (reproduce --png, as --update)", () => {
  const file = path.join(SITE, "notebooks", PNG_NOTEBOOK);
  assert.ok(fs.existsSync(file), `the ${PNG_NOTEBOOK} notebook test must run first`);
  const notebook = JSON.parse(fs.readFileSync(file, "utf8")) as NotebookJson;
  assert.ok(figureOutputs(notebook as never).length >= 2);
  assertStaticFigures(PNG_NOTEBOOK, notebook);
  assert.ok(fs.statSync(file).size < 1024 * 1024);
});

for (const name of listNotebooks()) {
  test(`committed notebook ${name} carries a static PNG beside every figure`, (t) => {
    const notebook = JSON.parse(fs.readFileSync(path.join(ROOT, "notebooks", name), "utf8")) as NotebookJson;
    if (!notebook.metadata.almost_bayesian?.staticFigures) {
      // Outputs written before static figures existed: meaningful once the notebook is re-run with --update.
      t.skip("outputs predate static PNG figures: run npm run reproduce -- --only NAME --update");
      return;
    }
    assertStaticFigures(name, notebook);
  });
}

test("a figure's HTML shows its static PNG where no script runs and the interactive figure where scripts run", { timeout: 120_000 }, async () => {
  const notebook = JSON.parse(fs.readFileSync(path.join(SITE, "notebooks", PNG_NOTEBOOK), "utf8")) as NotebookJson;
  const png = figureOutputs(notebook as never)[0]!.data!["image/png"] as string;
  const html = withStaticImage(figureBundle(pointsFigure(makeMoons({ count: 50, noise: 0.1, seed: 1 })))["text/html"] as string, png, "moons");
  assert.deepEqual(Object.keys(figureBundle({ data: [] })).sort(), [PLOTLY_MIME, "text/html", "text/plain"].sort());
  fs.writeFileSync(path.join(SITE, "static-figure.html"), `<!doctype html><html><body>${html}</body></html>`);
  const { chromium } = await import("playwright-core");
  const server = await serve(SITE);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    // As the classic Notebook shows an untrusted output, or a repository browser: no script runs.
    const still = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await still.goto(`${server.url}/static-figure.html`);
    const shown = await still.locator(`img.${STATIC_IMAGE_CLASS}`).evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth);
    assert.ok(Number(shown) >= 200, `static image not shown (naturalWidth ${shown})`);
    // With scripts (a trusted notebook, the site): the interactive figure replaces the picture.
    const live = await browser.newPage();
    await live.goto(`${server.url}/static-figure.html`);
    await live.waitForSelector(".ab-figure .main-svg", { timeout: 60_000 });
    assert.equal(await live.locator(`img.${STATIC_IMAGE_CLASS}`).count(), 0);
  } finally {
    await browser.close();
    server.close();
  }
});

for (const name of listNotebooks()) {
  test(`committed notebook ${name}: outputs computed by its current code, verdicts as the quick run's, displayed as recorded`, (t) => {
    const notebook = JSON.parse(fs.readFileSync(path.join(ROOT, "notebooks", name), "utf8")) as NotebookJson & { metadata: { almost_bayesian?: { sourceHash?: string } } };
    const recorded = notebook.metadata.almost_bayesian?.sourceHash;
    if (!recorded) {
      // Outputs written before reproduce recorded the code's fingerprint: meaningful once re-run with --update.
      t.skip("outputs predate the recorded code fingerprint: run npm run reproduce -- --only NAME --update");
      return;
    }
    assert.equal(sourceHash(notebook as never), recorded, `${name}: code cells changed since the committed outputs were computed (stale outputs): re-run with npm run reproduce -- --only ${name.slice(0, 2)} --update`);
    const verdicts = readVerdicts(notebook as never);
    assert.ok(verdicts.length >= 1, `${name}: the committed outputs hold no verdict`);
    assert.ok(verdicts.every((v) => v.quick === false), `${name}: committed verdicts must come from a full run`);
    const quick = quickVerdictIds.get(name);
    if (quick) assert.deepEqual(verdicts.map((v) => v.id), quick, `${name}: the committed run and the quick run emit different claims`);
    // Each verdict output displays exactly what its records say.
    for (const output of notebook.cells.flatMap((c) => c.outputs ?? [])) {
      const records = (output.data?.[VERDICT_MIME] as { verdicts: VerdictRecord[] } | undefined)?.verdicts;
      // nbformat stores multi-line text as an array of lines.
      const text = output.data?.["text/markdown"];
      if (records) assert.ok((Array.isArray(text) ? text.join("") : String(text)).endsWith(verdictMarkdown(records)), `${name}: a verdict's text differs from its records`);
    }
  });
}
