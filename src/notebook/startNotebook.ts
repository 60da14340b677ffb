import { inspect } from "node:util";
import { setupBackend, type BackendInfo, type BackendName } from "../env/backend";
import { environmentReport, formatEnvironmentLine, type EnvironmentReport } from "../env/environmentReport";
import { isQuickMode } from "../env/runMode";
import { sweepRunnerFromEnvironment } from "../env/sweepRunnerChoice";
import { setDefaultSweepRunner } from "../experiment/sweepRunner";
import { setDefaultProgress } from "../util/progress";
import { displayBundle, escapeHtml, type MimeBundle } from "./display";
import { progressBar } from "./progress";

/** MIME type under which the environment report travels (the site generator reads it). */
export const ENVIRONMENT_MIME = "application/vnd.almost-bayesian.environment+json";

/** Where the API reference lies relative to a site page (`npm run docs`, or `npm run reproduce`). */
export const API_REFERENCE = "api/index.html";

/**
 * The bundle of an environment report: one summary line, a details table, the JSON record, and a link
 * to the API reference (one page per folder of `src/`), so each notebook's import cell links to it.
 */
export function environmentBundle(report: EnvironmentReport): MimeBundle {
  const line = formatEnvironmentLine(report);
  const versions = Object.entries(report.versions)
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`)
    .join("");
  return {
    [ENVIRONMENT_MIME]: report,
    "text/html":
      `<div class="ab-environment"><strong>${escapeHtml(line)}</strong>` +
      `<details><summary>versions and machine</summary><table>${versions}` +
      `<tr><td>platform</td><td>${escapeHtml(report.platform)}</td></tr><tr><td>cpu</td><td>${escapeHtml(report.cpu)}</td></tr></table></details>` +
      `<div>Helpers: <a href="${API_REFERENCE}">API reference</a> (in the companion site; <code>npm run docs</code> writes it to <code>site/api/</code>)</div></div>`,
    "text/plain": `${line}\nHelpers: API reference in site/${API_REFERENCE} (npm run docs)`,
  };
}

export interface NotebookSession {
  backend: BackendInfo;
  report: EnvironmentReport;
  /** Whether the notebook runs at its reduced quick-mode size (AB_QUICK=1). */
  quick: boolean;
  /** Where sweeps compute: "local", or "queue at redis://host:6379" when AB_REDIS is set. */
  runner: string;
}

/**
 * The first cell of every notebook: chooses the tfjs backend, then shows backend, versions and thread
 * count as the notebook's first output, and makes {@link progressBar} the default progress reporter of
 * long loops (training, ensembles, sweeps), and has a cell's printed value shown at any depth (a
 * configuration object prints whole). When `AB_REDIS` is set, the notebook's sweeps (those that name
 * a kind of run, such as runMnistSweep) compute on the job queue at that URL, which a second line says.
 *
 * @param options.backend force a backend (default: AB_BACKEND, else the fastest that loads).
 */
export async function startNotebook(options: { backend?: BackendName } = {}): Promise<NotebookSession> {
  const backend = await setupBackend(options.backend ? { backend: options.backend } : {});
  const runner = sweepRunnerFromEnvironment();
  setDefaultSweepRunner(runner);
  const report = environmentReport(backend);
  setDefaultProgress(progressBar());
  // tslab prints a cell's last value with console.log: show configurations whole (not "[Array]" past
  // depth 2) and one short property per line.
  Object.assign(inspect.defaultOptions, { depth: null, breakLength: 100 });
  displayBundle(environmentBundle(report));
  if (runner) {
    const line = `Sweeps compute on the job queue (${runner.description.replace(/^queue at /, "")}); start workers with npm run worker -- --redis <url>.`;
    displayBundle({ "text/html": `<div>${escapeHtml(line)}</div>`, "text/plain": line });
  }
  return { backend, report, quick: isQuickMode(), runner: runner?.description ?? "local" };
}
