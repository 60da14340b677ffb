/**
 * The MIME bundle of a Plotly figure, the display layer's side of `plot/`: Plotly JSON for
 * JupyterLab, HTML that loads the shared plotly.js for the classic Notebook and exported pages, and
 * a text summary.
 */
import { createHash } from "node:crypto";
import type { Figure } from "../plot/figure";
import { escapeHtml, type MimeBundle } from "./display";

/** File name of the shared plotly.js copy that HTML outputs load, relative to the page or notebook. */
export const PLOTLY_SCRIPT = "plotly.js";

function titleOf(figure: Figure): string | undefined {
  const title = figure.layout?.title;
  if (typeof title === "string") return title;
  return title?.text;
}

/** A one-line plain-text description: title, trace kinds and sizes. */
export function figureSummary(figure: Figure): string {
  const traces = figure.data.map((trace) => {
    const t = trace as { type?: string; x?: ArrayLike<unknown>; z?: ArrayLike<unknown>; name?: string };
    const kind = t.type ?? "scatter";
    const n = t.x?.length ?? t.z?.length;
    return `${kind}${t.name ? ` "${t.name}"` : ""}${n !== undefined ? ` (${n} points)` : ""}`;
  });
  const title = titleOf(figure);
  return `Figure${title ? ` "${title.replace(/<[^>]*>/g, "")}"` : ""}: ${traces.length} trace${traces.length === 1 ? "" : "s"}${traces.length ? ` — ${traces.join(", ")}` : ""}`;
}

/** Significant digits kept for non-integer numbers of a figure: far below a pixel, half the bytes of full precision. */
const FIGURE_DIGITS = 6;

function compact(value: number): number {
  return Number.isInteger(value) || !Number.isFinite(value) ? value : +value.toPrecision(FIGURE_DIGITS);
}

/**
 * Converts typed arrays to plain arrays so the figure serialises as JSON arrays, and rounds
 * non-integer numbers to 6 significant digits (a figure stored in a notebook twice, as Plotly JSON
 * and in its HTML, is mostly numbers).
 */
function toJson(figure: Figure): { data: unknown[]; layout: unknown; config: unknown } {
  const plain = JSON.parse(
    JSON.stringify(figure, (_key, value) =>
      ArrayBuffer.isView(value) && !(value instanceof DataView)
        ? Array.from(value as unknown as ArrayLike<number>, compact)
        : typeof value === "number"
          ? compact(value)
          : value,
    ),
  );
  return { data: plain.data, layout: plain.layout ?? {}, config: { responsive: true, ...(plain.config ?? {}) } };
}

/**
 * The script that draws one figure in a plain HTML page or the classic Notebook. It loads plotly.js
 * once per page (one script tag shared by all figures; plotly.js 3 sets `window.Plotly` and does not
 * register with require.js, so this also works on pages that have require.js), so the library is
 * never embedded in an output.
 */
function loaderScript(divId: string, json: string): string {
  return `(function () {
  var id = ${JSON.stringify(divId)};
  var fig = ${json};
  function el() { return document.getElementById(id); }
  function draw(P) {
    if (!el()) return;
    // The static PNG that npm run reproduce -- --update puts inside the container, for readers who run no script.
    var still = el().querySelector("img.ab-figure-static");
    if (still) still.remove();
    P.newPlot(el(), fig.data, fig.layout, fig.config);
  }
  function fail(e) { if (el()) el().textContent = "plotly.js could not be loaded (" + (e && e.message || e) + "); expected ${PLOTLY_SCRIPT} beside this page: run npm run setup."; }
  if (window.Plotly) { draw(window.Plotly); return; }
  var url = window.__abPlotlyUrl;
  if (!url) {
    var cfg = document.getElementById("jupyter-config-data");
    var base = cfg ? JSON.parse(cfg.textContent).baseUrl : document.body.getAttribute("data-base-url");
    var m = /\\/(?:lab\\/tree|doc\\/tree|notebooks|tree)\\/(.*)\\/[^\\/]*$/.exec(decodeURIComponent(location.pathname));
    url = base && m ? base.replace(/\\/?$/, "/") + "files/" + m[1] + "/${PLOTLY_SCRIPT}" : "${PLOTLY_SCRIPT}";
  }
  window.__abPlotlyLoading = window.__abPlotlyLoading || new Promise(function (resolve, reject) {
    var s = document.createElement("script");
    s.src = url;
    s.onload = function () { resolve(window.Plotly); };
    s.onerror = function () { reject(new Error("failed to load " + url)); };
    document.head.appendChild(s);
  });
  window.__abPlotlyLoading.then(draw, fail);
})();`;
}

/**
 * The MIME bundle of a figure: `application/vnd.plotly.v1+json` (JupyterLab with the plotly
 * extension), `text/html` (classic Notebook, exported HTML; loads the shared plotly.js once per page),
 * and a `text/plain` summary.
 *
 * @param figure the figure; typed arrays in traces are converted to JSON arrays.
 * @param options.height CSS height of the HTML container in pixels (default: layout.height or 420).
 */
export function figureBundle(figure: Figure, options: { height?: number } = {}): MimeBundle {
  if (!figure || !Array.isArray(figure.data)) {
    throw new TypeError(`figureBundle: figure must be { data: Trace[], layout? }, got ${typeof figure}`);
  }
  const plain = toJson(figure);
  const json = JSON.stringify(plain).replace(/<\//g, "<\\/");
  const divId = `ab-fig-${createHash("sha1").update(json).digest("hex").slice(0, 12)}`;
  const height = options.height ?? figure.layout?.height ?? 420;
  const html =
    `<div id="${divId}" class="ab-figure" style="width:100%;height:${height}px" aria-label="${escapeHtml(figureSummary(figure))}"></div>\n` +
    `<script type="text/javascript">\n${loaderScript(divId, json)}\n</script>`;
  return {
    "application/vnd.plotly.v1+json": plain,
    "text/html": html,
    "text/plain": figureSummary(figure),
  };
}
