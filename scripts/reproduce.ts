/**
 * `npm run reproduce`: the main job. Executes every notebook in notebooks/ with Jupyter (nbclient) on
 * the tslab kernel and writes a static companion site:
 *
 *   site/index.html            table of notebooks: what each reproduces, run time, backend
 *   site/NN_name.html          each executed notebook with its interactive figures
 *   site/notebooks/*.ipynb     the executed notebooks
 *   site/plotly.js             the one shared copy of plotly.js the pages load
 *   site/api/                  the API reference (TypeDoc, one page per folder of src/; not with --only)
 *
 * Options: --quick (or AB_QUICK=1) runs every notebook at reduced size; --only NAME[,NAME] runs a
 * subset; --jobs N runs up to N notebooks at once (default 2; a notebook that reads another's cached
 * runs waits for it, see scripts/notebookSchedule.ts); --out DIR writes the site elsewhere; --update
 * writes the executed notebooks back into notebooks/ (how committed notebooks get their outputs, with
 * the fingerprint of the code that made them) and regenerates the README's scorecard from their verdicts, with a static PNG beside every figure
 * (scripts/figurePng.ts; `--png` adds them without updating). A failing cell stops the run, naming
 * the notebook and the cell.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { NOTEBOOKS, ROOT, findPython, jupyterEnv, listNotebooks } from "./jupyterEnv";
import { renderNotebookFigures } from "./figurePng";
import { recordSourceHash, updateReadmeScorecard } from "./scorecard";
import { writeSiteIndex, type SiteEntry } from "./site";
import { scheduleNotebooks } from "./notebookSchedule";
import { parseQuickFlag } from "../src/env/runMode";
import { computeThreads } from "../src/util/computeThreads";

export interface Args {
  quick: boolean;
  png: boolean;
  only: string[] | null;
  out: string;
  update: boolean;
  /** Notebooks run at once. */
  jobs: number;
}

/**
 * The options of a run: `--quick` or `AB_QUICK` (read by {@link parseQuickFlag}, as the notebooks read
 * it), `--only NAME[,NAME]`, `--jobs N` (default 2), `--out DIR`, `--update` (which implies `--png`), `--png`.
 * @throws RangeError for an unknown option, an empty `--only`, a bad `--jobs` or a bad AB_QUICK.
 */
export function parseArgs(argv: string[], env: Record<string, string | undefined> = process.env): Args {
  const args: Args = { quick: parseQuickFlag(env.AB_QUICK), png: false, only: null, out: path.join(ROOT, "site"), update: false, jobs: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--quick") args.quick = true;
    else if (a === "--update") args.update = args.png = true;
    else if (a === "--png") args.png = true;
    else if (a === "--only") {
      args.only = (argv[++i] ?? "").split(",").map((o) => o.trim()).filter(Boolean);
      if (args.only.length === 0) throw new RangeError("reproduce: --only needs one or more notebook names or prefixes, e.g. --only 00_setup or --only 03,04");
    }
    else if (a === "--out") args.out = path.resolve(argv[++i] ?? "site");
    else if (a === "--jobs") {
      const text = argv[++i] ?? "";
      args.jobs = Number(text);
      if (!/^[1-9][0-9]*$/.test(text) || args.jobs > 8) throw new RangeError(`reproduce: --jobs needs the number of notebooks to run at once, an integer from 1 to 8, got ${JSON.stringify(text)}`);
    }
    else throw new RangeError(`reproduce: unknown option ${a}; valid: --quick, --only NAME[,NAME], --jobs N, --out DIR, --update, --png`);
  }
  return args;
}

/**
 * The environment of the notebook kernels: the mode this run parsed, spelled as the kernel reads it,
 * and AB_THREADS (see computeThreads), the threads each of `concurrent` notebooks running at once may
 * keep busy.
 */
export function kernelEnvironment(
  args: Pick<Args, "quick">,
  concurrent = 1,
  env: Record<string, string | undefined> = process.env,
  cores: number = os.availableParallelism(),
): Record<string, string> {
  // Each of `concurrent` notebooks gets an equal share of the cores for its worker threads: two
  // notebooks with two workers each on two cores spend about 12 % more CPU time on the same chains.
  // The share is fixed when a kernel starts, so the last notebook of a run keeps one thread even once
  // it runs alone. A thread count the user set is kept (checked: a bad one stops the run at once).
  const threads = env.AB_THREADS !== undefined && env.AB_THREADS !== "" ? String(computeThreads(env)) : String(Math.max(1, Math.floor(cores / concurrent)));
  return { AB_QUICK: args.quick ? "1" : "0", AB_THREADS: threads };
}

/**
 * Entries of this run plus those of earlier runs into the same site (kept in site/runs.json) for
 * notebooks not run now, so `--only 04` updates one row of the index instead of dropping the others.
 */
function mergeEntries(outDir: string, entries: SiteEntry[]): SiteEntry[] {
  const file = path.join(outDir, "runs.json");
  let previous: SiteEntry[] = [];
  try {
    previous = JSON.parse(fs.readFileSync(file, "utf8")) as SiteEntry[];
  } catch {
    previous = [];
  }
  const ran = new Set(entries.map((e) => e.file));
  const merged = [
    ...previous.filter((e) => !ran.has(e.file) && fs.existsSync(path.join(outDir, e.html)) && fs.existsSync(path.join(NOTEBOOKS, e.file))),
    ...entries,
  ].sort((a, b) => a.file.localeCompare(b.file));
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(merged, null, 2));
  fs.renameSync(`${file}.tmp`, file);
  return merged;
}

/** Runs a command to its end, collecting its output (stdout and stderr as text). */
function runProcess(command: string, argv: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const python = findPython();
  let names = listNotebooks();
  if (args.only) {
    const unknown = args.only.filter((o) => !names.some((n) => n.startsWith(o)));
    if (unknown.length) throw new RangeError(`reproduce: --only ${unknown.join(",")} matches no notebook; available: ${names.join(", ")}`);
    names = names.filter((n) => args.only!.some((o) => n.startsWith(o)));
  }
  fs.mkdirSync(path.join(args.out, "notebooks"), { recursive: true });
  fs.copyFileSync(require.resolve("plotly.js-dist/plotly.js"), path.join(args.out, "plotly.js"));
  const mode = args.quick ? "quick" : "full";
  console.log(`reproduce: ${names.length} notebook(s), ${mode} mode, up to ${Math.min(args.jobs, names.length)} at once, site in ${path.relative(ROOT, args.out) || "."}`);
  const started = Date.now();
  const concurrent = Math.min(args.jobs, names.length);
  kernelEnvironment(args, concurrent); // a bad AB_THREADS stops the run here, not in a kernel an hour in
  let done = 0;
  const runOne = async (name: string): Promise<SiteEntry> => {
    const stem = name.replace(/\.ipynb$/, "");
    if (args.jobs > 1) console.log(`reproduce: ${stem} started`);
    const output = path.join(args.out, "notebooks", name);
    fs.rmSync(output.replace(".ipynb", ".failed.ipynb"), { force: true });
    const html = path.join(args.out, `${stem}.html`);
    const run = await runProcess(
      python,
      [path.join(ROOT, "scripts", "run_notebook.py"), "--input", path.join(NOTEBOOKS, name), "--output", output, "--html", html, "--cwd", NOTEBOOKS, ...(args.quick ? ["--quick"] : [])],
      jupyterEnv(kernelEnvironment(args, concurrent)),
    );
    if (run.status !== 0) {
      console.log(`reproduce: ${stem} failed`);
      process.stderr.write(run.stderr);
      throw new Error(`reproduce: notebook ${name} failed (see the cell named above); partial output in ${path.relative(ROOT, output.replace(".ipynb", ".failed.ipynb"))}`);
    }
    const result = JSON.parse(run.stdout.trim().split("\n").pop()!) as { seconds: number; cpuSeconds?: number; backend: string | null };
    recordSourceHash(output);
    let figures = "";
    if (args.png) {
      const t0 = Date.now();
      const rendered = await renderNotebookFigures(output);
      figures = `, ${rendered.figures} PNG figure(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s` +
        `${rendered.scale !== 1 ? ` at scale ${rendered.scale}` : ""}${rendered.inHtml ? "" : " (not in the HTML)"}, ${(rendered.bytes / 1024).toFixed(0)} kB`;
      if (rendered.bytes >= 1024 * 1024) throw new Error(`reproduce: ${name} with its PNG figures is ${rendered.bytes} bytes; committed notebooks must stay under 1 MB`);
    }
    const cpu = result.cpuSeconds !== undefined ? `, CPU ${result.cpuSeconds.toFixed(0)} s` : "";
    console.log(`[${++done}/${names.length}] ${stem}: ${result.seconds.toFixed(1)} s${cpu} (${result.backend ?? "no backend report"})${figures}`);
    if (args.update) fs.copyFileSync(output, path.join(NOTEBOOKS, name));
    return { file: name, html: `${stem}.html`, seconds: result.seconds, backend: result.backend, quick: args.quick };
  };
  const entries = await scheduleNotebooks(names, concurrent, runOne);
  if (!args.only) {
    // The API reference, one page per folder of src/, which each notebook's first output links to.
    const docs = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typedoc", "bin", "typedoc"), "--out", path.join(args.out, "api")], { cwd: ROOT, encoding: "utf8" });
    if (docs.status !== 0) throw new Error(`reproduce: the API reference (typedoc) failed:\n${docs.stdout}\n${docs.stderr}`);
    console.log(`reproduce: API reference in ${path.relative(ROOT, path.join(args.out, "api"))}`);
  }
  writeSiteIndex(args.out, mergeEntries(args.out, entries), { totalSeconds: (Date.now() - started) / 1000 });
  if (args.update && updateReadmeScorecard()) console.log("reproduce: README.md scorecard updated from the notebooks' verdicts");
  console.log(`reproduce: done in ${((Date.now() - started) / 1000).toFixed(0)} s; open ${path.relative(ROOT, path.join(args.out, "index.html"))}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
