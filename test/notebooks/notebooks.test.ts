/**
 * Notebook tests: every notebook executes in quick mode (AB_QUICK=1) through the same runner as
 * `npm run reproduce`, and one page of the generated site is opened in headless Chromium to check
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

const ROOT = path.resolve(__dirname, "..", "..", "..");
const SITE = fs.mkdtempSync(path.join(os.tmpdir(), "ab-site-"));
const CHROMIUM = process.env.AB_CHROMIUM ?? "/usr/bin/chromium";

for (const notebook of listNotebooks()) {
  test(`notebook ${notebook} executes in quick mode without error`, () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, "build", "scripts", "reproduce.js"), "--quick", "--only", notebook, "--out", SITE], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(run.status, 0, `reproduce failed:\n${run.stdout}\n${run.stderr}`);
    const executed = JSON.parse(fs.readFileSync(path.join(SITE, "notebooks", notebook), "utf8")) as { cells: { outputs?: { output_type: string }[] }[] };
    const errors = executed.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "error");
    assert.deepEqual(errors, []);
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
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
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
