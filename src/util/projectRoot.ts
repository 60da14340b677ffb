import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The project's root folder (the one whose package.json is named `almost-bayesian`), found by walking
 * up from this module. Works from `src/` under ts compilation, from `build/`, and from the notebooks'
 * `src` link, so data and cache paths never depend on the current directory.
 *
 * @throws Error when no such folder is above this module.
 */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === "almost-bayesian") return dir;
      } catch {
        // not a readable manifest: keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`projectRoot: no package.json named almost-bayesian above ${__dirname}`);
    dir = parent;
  }
}
