/**
 * The one place that chooses the TensorFlow.js backend.
 *
 * Order of preference: `tensorflow` (native libtensorflow through the optional `@tensorflow/tfjs-node`,
 * used whenever it installed), then `wasm` (SIMD, single-threaded in Node), then `cpu` (plain
 * JavaScript). The environment variable `AB_BACKEND` overrides the choice; it is read when
 * {@link setupBackend} is called, never at import time. Call it once, at the top of a notebook or script.
 */
import * as tf from "@tensorflow/tfjs-core";
import { registerProjectKernels } from "../model/wasmKernels";

/** Backends this project knows how to load, fastest first. */
export const BACKEND_NAMES = ["tensorflow", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What {@link setupBackend} settled on. */
export interface BackendInfo {
  /** The active tfjs backend. */
  name: BackendName;
  /** Where the choice came from. */
  source: "argument" | "environment" | "automatic";
  /** Backends tried before this one, with the reason each was skipped. */
  skipped: { name: BackendName; reason: string }[];
  /** Worker threads the backend computes with (1 for wasm in Node and for cpu). */
  threads: number;
  /** Whether the wasm backend runs its SIMD build (false for other backends). */
  simd: boolean;
}

export interface SetupBackendOptions {
  /** Force a backend; default: the `AB_BACKEND` environment variable, else the first that loads. */
  backend?: BackendName;
  /** Environment to read `AB_BACKEND` from; default `process.env`. */
  env?: Record<string, string | undefined>;
}

function parseBackendName(value: string, origin: string): BackendName {
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new RangeError(
    `setupBackend: unknown backend "${value}" (from ${origin}); valid names are ${BACKEND_NAMES.join(", ")}. ` +
      `Unset it to choose automatically.`,
  );
}

async function tryLoad(name: BackendName): Promise<string | null> {
  try {
    if (name === "tensorflow") {
      // Registers the native backend; throws when the optional dependency did not install.
      require("@tensorflow/tfjs-node");
    } else if (name === "wasm") {
      require("@tensorflow/tfjs-backend-wasm");
    } else {
      require("@tensorflow/tfjs-backend-cpu");
    }
    const ok = await tf.setBackend(name);
    if (!ok) return `tf.setBackend("${name}") returned false`;
    await tf.ready();
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return message ?? "failed to load";
  }
}

/**
 * Chooses and initialises the tfjs backend (on wasm, with the project kernels of src/model/wasmKernels.ts).
 *
 * @param options.backend force one of {@link BACKEND_NAMES}; overrides the environment.
 * @returns what was chosen, why, and its thread count.
 * @throws RangeError for a backend name that is not one of {@link BACKEND_NAMES} (argument or
 *   `AB_BACKEND`); Error when an explicitly requested backend fails to load.
 * @example
 * const info = await setupBackend({ backend: "cpu" });
 * info.name; // "cpu"
 */
export async function setupBackend(options: SetupBackendOptions = {}): Promise<BackendInfo> {
  const env = options.env ?? process.env;
  let requested: BackendName | undefined;
  let source: BackendInfo["source"] = "automatic";
  if (options.backend !== undefined) {
    requested = parseBackendName(options.backend, "the backend option");
    source = "argument";
  } else if (env.AB_BACKEND !== undefined && env.AB_BACKEND !== "") {
    requested = parseBackendName(env.AB_BACKEND, "the AB_BACKEND environment variable");
    source = "environment";
  }
  const skipped: BackendInfo["skipped"] = [];
  const candidates = requested ? [requested] : [...BACKEND_NAMES];
  for (const name of candidates) {
    const failure = await tryLoad(name);
    if (failure === null) {
      // The gradients the wasm backend lacks or computes slowly (see src/model/wasmKernels.ts).
      if (name === "wasm") registerProjectKernels();
      const simd = name === "wasm" && tf.env().getBool("WASM_HAS_SIMD_SUPPORT");
      const threads =
        name === "tensorflow"
          ? Math.max(1, require("node:os").availableParallelism?.() ?? 1)
          : name === "wasm" && tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT")
            ? require("node:os").availableParallelism()
            : 1;
      return { name, source, skipped, threads, simd };
    }
    skipped.push({ name, reason: failure });
  }
  if (requested) {
    throw new Error(
      `setupBackend: backend "${requested}" (from ${source === "argument" ? "the backend option" : "AB_BACKEND"}) ` +
        `failed to load: ${skipped[0]?.reason}. Choose another of ${BACKEND_NAMES.join(", ")} or unset AB_BACKEND.`,
    );
  }
  throw new Error(`setupBackend: no backend loaded: ${skipped.map((s) => `${s.name}: ${s.reason}`).join("; ")}`);
}
