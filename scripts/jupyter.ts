/**
 * `npm run notebook` / `npm run lab`: opens the notebooks folder in the classic Notebook or JupyterLab
 * with the project-local tslab kernel. As root, Jupyter refuses to start without `--allow-root`: it is
 * passed, and said.
 */
import { spawnSync } from "node:child_process";
import { NOTEBOOKS, findJupyter, findPython, jupyterEnv } from "./jupyterEnv";

/** The Jupyter command line: the app, its arguments, and `--allow-root` when running as root. */
export function jupyterArgs(app: "notebook" | "lab", extra: string[], uid: number | null): { args: string[]; note: string | null } {
  const asRoot = uid === 0 && !extra.includes("--allow-root");
  return {
    args: [app, ...extra, ...(asRoot ? ["--allow-root"] : [])],
    note: asRoot ? "jupyter: running as root, so --allow-root is passed (Jupyter refuses to start as root without it)" : null,
  };
}

if (require.main === module) {
  const app = process.argv[2] === "lab" ? "lab" : "notebook";
  try {
    const jupyter = findJupyter(findPython());
    const { args, note } = jupyterArgs(app, process.argv.slice(3), typeof process.getuid === "function" ? process.getuid() : null);
    if (note) console.log(note);
    const result = spawnSync(jupyter, args, { cwd: NOTEBOOKS, env: jupyterEnv(), stdio: "inherit" });
    process.exit(result.status ?? 1);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
