/**
 * `npm run bench [-- name ...]`: runs every `bench/<name>.bench.ts` (compiled) in its own process, one
 * after another so they do not compete for the two cores, and prints their reports. Each benchmark
 * prints its numbers as ratios against a baseline measured in the same run.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const only = process.argv.slice(2);
const files = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith(".bench.js"))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();
if (files.length === 0) {
  console.error(`bench: no benchmark matches ${only.join(", ") || "(none exist yet)"}; available: ${fs.readdirSync(__dirname).filter((f) => f.endsWith(".bench.js")).join(", ")}`);
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file.replace(/\.bench\.js$/, "")} ===`);
  const result = spawnSync(process.execPath, [path.join(__dirname, file)], { stdio: "inherit" });
  if (result.status !== 0) {
    failed++;
    console.error(`bench: ${file} exited with ${result.status}`);
  }
}
process.exit(failed ? 1 : 0);
