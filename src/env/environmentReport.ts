/**
 * A record of the computing environment, printed as the first output of every notebook so a reader
 * knows what produced the numbers below it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type { BackendInfo } from "./backend";
import { isQuickMode } from "./runMode";

export interface EnvironmentReport {
  backend: BackendInfo["name"];
  threads: number;
  simd: boolean;
  quickMode: boolean;
  node: string;
  platform: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  /** Package versions that shape the numbers (tfjs and friends, tslab, plotly.js). */
  versions: Record<string, string>;
}

/** The installed version of a package, found from its entry point (works for packages whose
 * "exports" hide package.json). */
function packageVersion(name: string): string {
  let dir: string;
  try {
    dir = path.dirname(require.resolve(name));
  } catch {
    return "not installed";
  }
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (!fs.existsSync(manifest)) continue;
    const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string; version?: string };
    if (pkg.name === name && pkg.version) return pkg.version;
  }
  return "unknown";
}

/**
 * Collects backend, thread count, versions and machine facts.
 *
 * @param backend the result of `setupBackend()`.
 * @returns a typed record; render it with `showEnvironment`.
 */
export function environmentReport(backend: BackendInfo): EnvironmentReport {
  if (tf.getBackend() !== backend.name) {
    throw new Error(
      `environmentReport: the active tfjs backend is "${tf.getBackend()}" but the report was asked for ` +
        `"${backend.name}"; call setupBackend() once and pass its result`,
    );
  }
  const cpus = os.cpus();
  return {
    backend: backend.name,
    threads: backend.threads,
    simd: backend.simd,
    quickMode: isQuickMode(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism ? os.availableParallelism() : cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    versions: {
      "@tensorflow/tfjs": tf.version_core,
      "@tensorflow/tfjs-backend-wasm": packageVersion("@tensorflow/tfjs-backend-wasm"),
      "@tensorflow/tfjs-node": packageVersion("@tensorflow/tfjs-node"),
      tslab: packageVersion("tslab"),
      "plotly.js-dist": packageVersion("plotly.js-dist"),
      danfojs: packageVersion("danfojs"),
      "simple-statistics": packageVersion("simple-statistics"),
    },
  };
}

/** One line: `backend wasm (SIMD, 1 thread) · node v20 · tfjs 4.22.0 · quick mode`. */
export function formatEnvironmentLine(report: EnvironmentReport): string {
  const threads = `${report.threads} thread${report.threads === 1 ? "" : "s"}`;
  const simd = report.backend === "wasm" ? (report.simd ? "SIMD, " : "no SIMD, ") : "";
  return (
    `backend: ${report.backend} (${simd}${threads}) · node ${report.node} · tfjs ${report.versions["@tensorflow/tfjs"]}` +
    ` · ${report.cores} cores, ${report.memoryGiB} GiB · ${report.quickMode ? "quick mode" : "full mode"}`
  );
}
