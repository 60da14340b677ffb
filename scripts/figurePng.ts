/**
 * Static PNG copies of a notebook's Plotly figures, rendered headlessly with Chromium when
 * `npm run reproduce -- --update` writes outputs back (or with `--png`).
 *
 * A figure output travels as Plotly JSON (JupyterLab), HTML that draws it with plotly.js (classic
 * Notebook, exported pages) and text. Where no script runs, nothing is drawn: the classic Notebook
 * runs no output script until the notebook is trusted, and repository browsers run none at all. Each
 * figure output therefore also gets an `image/png` entry, and its HTML holds the same image inside
 * the figure's container, which the loader script removes before drawing the interactive figure: an
 * untrusted notebook shows the picture, a trusted one the interactive figure.
 *
 * Chromium is Debian's (`/usr/bin/chromium`, or `AB_CHROMIUM`), driven through `playwright-core`,
 * offline: plotly.js is loaded from the npm package, nothing is fetched.
 */
import * as fs from "node:fs";
import { encodeIndexedPng } from "../src/util/png";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";
/** The class of the static image inside a figure's HTML (the loader script removes it). */
export const STATIC_IMAGE_CLASS = "ab-figure-static";
/** Chromium flags: headless, offline, no GPU, nothing started in the background. */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}
interface Notebook {
  cells: { cell_type: string; outputs?: Output[] }[];
  metadata: Record<string, unknown> & { almost_bayesian?: Record<string, unknown> };
}
type PlotlyJson = { data: unknown[]; layout?: Record<string, unknown>; config?: Record<string, unknown> };

/** The Chromium to use: `AB_CHROMIUM`, else Debian's. */
export function chromiumPath(): string {
  return process.env.AB_CHROMIUM ?? "/usr/bin/chromium";
}

/** Figure outputs of a notebook (display data or results carrying Plotly JSON). */
export function figureOutputs(notebook: Notebook): Output[] {
  return notebook.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data !== undefined && PLOTLY_MIME in o.data);
}

/** The HTML of a figure output with `png` (base64) as the static image inside its container. */
export function withStaticImage(html: string, png: string, alt: string): string {
  const cleaned = html.replace(new RegExp(`<img class="${STATIC_IMAGE_CLASS}"[^>]*>`, "g"), "");
  const escaped = alt.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
  const image = `<img class="${STATIC_IMAGE_CLASS}" src="data:image/png;base64,${png}" alt="${escaped}" style="max-width:100%">`;
  // The container is the first element: <div id="ab-fig-..." class="ab-figure" ...></div>.
  return cleaned.replace(/^(<div [^>]*class="ab-figure"[^>]*>)/, `$1${image}`);
}

/**
 * Reduces an RGBA image (composited on white) to at most `maxColours` colours: the most frequent
 * colours form the palette (a plot's background, traces, text and axes), every other colour (the
 * anti-aliased edges) maps to its nearest palette colour.
 *
 * @returns RGB palette bytes and one index per pixel.
 * @example
 * quantize(new Uint8Array([255, 0, 0, 255, 250, 0, 0, 255, 0, 0, 255, 255]), 2).palette.length; // 6
 */
export function quantize(rgba: Uint8Array, maxColours = 256): { palette: Uint8Array; indices: Uint8Array } {
  const n = rgba.length / 4;
  const keys = new Uint32Array(n);
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const a = rgba[4 * i + 3]! / 255;
    const over = (c: number): number => Math.round(c * a + 255 * (1 - a));
    const key = (over(rgba[4 * i]!) << 16) | (over(rgba[4 * i + 1]!) << 8) | over(rgba[4 * i + 2]!);
    keys[i] = key;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const chosen = [...counts.entries()].sort((x, y) => y[1] - x[1]).slice(0, maxColours).map(([key]) => key);
  const palette = new Uint8Array(3 * chosen.length);
  chosen.forEach((key, j) => palette.set([key >> 16, (key >> 8) & 255, key & 255], 3 * j));
  const indexOf = new Map<number, number>(chosen.map((key, j) => [key, j]));
  const nearest = (key: number): number => {
    let best = 0;
    let bestDistance = Infinity;
    const r = key >> 16, g = (key >> 8) & 255, b = key & 255;
    for (let j = 0; j < chosen.length; j++) {
      const dr = r - palette[3 * j]!, dg = g - palette[3 * j + 1]!, db = b - palette[3 * j + 2]!;
      const d = 2 * dr * dr + 4 * dg * dg + 3 * db * db; // weighted towards the eye's sensitivity
      if (d < bestDistance) {
        bestDistance = d;
        best = j;
      }
    }
    return best;
  };
  const indices = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let j = indexOf.get(keys[i]!);
    if (j === undefined) {
      j = nearest(keys[i]!);
      indexOf.set(keys[i]!, j);
    }
    indices[i] = j;
  }
  return { palette, indices };
}

export interface RenderOptions {
  /** Width of the image in CSS pixels when the layout gives none (default 700). */
  width?: number;
  /** Device scale factor (default 1). */
  scale?: number;
}

/** The ways a notebook's figures are stored, tried in order until the notebook fits its budget. */
const VARIANTS = [
  { scale: 1, inHtml: true },
  { scale: 0.75, inHtml: true },
  { scale: 0.75, inHtml: false },
] as const;

/**
 * Adds `image/png` (and the static image in the HTML) to every figure output of a notebook file, in
 * place. Renders all figures of the file in one Chromium. When the notebook would reach
 * `budgetBytes`, the images are rendered at 0.75 scale, then kept out of the HTML (the `image/png`
 * entries stay).
 *
 * @param options.budgetBytes size the notebook should stay under (default 1,000,000 bytes).
 * @returns the number of figures rendered, the file's size afterwards in bytes, and the variant used.
 * @throws Error naming the figure when Chromium or plotly.js fails to render it.
 */
export async function renderNotebookFigures(
  file: string,
  options: RenderOptions & { budgetBytes?: number } = {},
): Promise<{ figures: number; bytes: number; scale: number; inHtml: boolean }> {
  const original = fs.readFileSync(file, "utf8");
  const budget = options.budgetBytes ?? 1_000_000;
  let result = { figures: 0, bytes: 0, scale: 1, inHtml: true };
  let text = original;
  for (const variant of VARIANTS) {
    const notebook = JSON.parse(original) as Notebook;
    const outputs = figureOutputs(notebook);
    if (outputs.length > 0) {
      const images = await renderFigures(outputs.map((o) => o.data![PLOTLY_MIME] as PlotlyJson), { ...options, scale: variant.scale });
      outputs.forEach((o, i) => {
        const { png, width, height } = images[i]!;
        o.data!["image/png"] = png;
        o.metadata = { ...(o.metadata ?? {}), "image/png": { width, height } };
        const html = o.data!["text/html"];
        const plain = o.data!["text/plain"];
        if (variant.inHtml && (typeof html === "string" || Array.isArray(html))) {
          o.data!["text/html"] = withStaticImage(Array.isArray(html) ? html.join("") : html, png, typeof plain === "string" ? plain : "figure");
        }
      });
    }
    notebook.metadata.almost_bayesian = { ...(notebook.metadata.almost_bayesian ?? {}), staticFigures: { count: outputs.length, scale: variant.scale, inHtml: variant.inHtml } };
    text = JSON.stringify(notebook, null, 1) + "\n";
    result = { figures: outputs.length, bytes: Buffer.byteLength(text), scale: variant.scale, inHtml: variant.inHtml };
    if (result.bytes < budget || outputs.length === 0) break;
  }
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
  return result;
}

/** Renders Plotly figures to PNG (base64) in one headless Chromium. */
export async function renderFigures(figures: PlotlyJson[], options: RenderOptions = {}): Promise<{ png: string; width: number; height: number }[]> {
  const executablePath = chromiumPath();
  if (!fs.existsSync(executablePath)) throw new Error(`renderFigures: Chromium not found at ${executablePath}: apt-get install chromium, or set AB_CHROMIUM`);
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent("<!doctype html><html><body></body></html>");
    await page.addScriptTag({ path: require.resolve("plotly.js-dist/plotly.js") });
    const results: { png: string; width: number; height: number }[] = [];
    for (const [i, figure] of figures.entries()) {
      const layout = figure.layout ?? {};
      const width = typeof layout.width === "number" ? layout.width : (options.width ?? 700);
      const height = typeof layout.height === "number" ? layout.height : 420;
      try {
        // Plotly draws the figure to a PNG; the page reads its pixels back so that Node can store them
        // as a palette PNG, a few times smaller than the browser's RGBA one.
        const scale = options.scale ?? 1;
        const pixels = await page.evaluate(
          async ({ fig, width, height, scale }) => {
            const P = (globalThis as unknown as { Plotly: { toImage: (f: unknown, o: unknown) => Promise<string> } }).Plotly;
            const url = await P.toImage({ data: fig.data, layout: { ...fig.layout, width, height } }, { format: "png", width, height, scale });
            // This runs in the page: its DOM types are not in this project's (Node) type library.
            type Img = { src: string; naturalWidth: number; naturalHeight: number; decode(): Promise<void> };
            type Canvas = { width: number; height: number; getContext(kind: "2d"): { drawImage(i: Img, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null };
            const page = globalThis as unknown as { Image: new () => Img; document: { createElement(tag: "canvas"): Canvas } };
            const image = new page.Image();
            image.src = url;
            await image.decode();
            const canvas = page.document.createElement("canvas");
            canvas.width = image.naturalWidth;
            canvas.height = image.naturalHeight;
            const context = canvas.getContext("2d")!;
            context.drawImage(image, 0, 0);
            const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
            let binary = "";
            for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
            return { width: canvas.width, height: canvas.height, rgba: btoa(binary) };
          },
          { fig: { data: figure.data, layout }, width, height, scale },
        );
        const { palette, indices } = quantize(new Uint8Array(Buffer.from(pixels.rgba, "base64")));
        const png = encodeIndexedPng(indices, pixels.width, pixels.height, palette);
        results.push({ png: png.toString("base64"), width, height });
      } catch (error) {
        throw new Error(`renderFigures: figure ${i + 1} of ${figures.length} failed to render: ${(error as Error).message}`);
      }
    }
    return results;
  } finally {
    await browser.close();
  }
}
