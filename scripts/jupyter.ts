/**
 * `npm run notebook` / `npm run lab`: opens the notebooks folder in the classic Notebook or JupyterLab
 * with the project-local tslab kernel.
 */
import { spawnSync } from "node:child_process";
import { NOTEBOOKS, findJupyter, findPython, jupyterEnv } from "./jupyterEnv";

const app = process.argv[2] === "lab" ? "lab" : "notebook";
try {
  const jupyter = findJupyter(findPython());
  const result = spawnSync(jupyter, [app, ...process.argv.slice(3)], { cwd: NOTEBOOKS, env: jupyterEnv(), stdio: "inherit" });
  process.exit(result.status ?? 1);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
