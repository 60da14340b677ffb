import * as fs from "node:fs";
import * as path from "node:path";
import type { MinibatchLoss } from "../model/minibatchLoss";
import { projectRoot } from "../util/projectRoot";
import { crc32 } from "../util/crc32";

/**
 * A recipe that rebuilds a {@link MinibatchLoss} in another thread: a compiled module, the name of
 * the factory it exports, and the factory's structured-cloneable options (seed included, so every
 * thread regenerates the same data). Models that carry a spec can be sampled by parallel workers;
 * others run on the sequential path.
 */
export interface LossSpec {
  /** Absolute path of the module exporting the factory (.js, or a .ts file under src/ whose compiled twin is in build/). */
  module: string;
  /** Name of the exported factory: `(options) => MinibatchLoss`. */
  factory: string;
  /** Options passed to the factory; must survive structured cloning. */
  options: unknown;
}

/** A MinibatchLoss that can be rebuilt elsewhere from its spec. */
export interface SpecifiedLoss extends MinibatchLoss {
  readonly spec: LossSpec;
}

/** True when `loss` carries a {@link LossSpec}. */
export function hasLossSpec(loss: MinibatchLoss): loss is SpecifiedLoss {
  const spec = (loss as Partial<SpecifiedLoss>).spec;
  return !!spec && typeof spec.module === "string" && typeof spec.factory === "string";
}

/**
 * A spec as text that identifies it: its JSON, with every typed array written as its type, length
 * and CRC-32 (specs may carry whole data sets, e.g. MNIST's 47 million pixels).
 * @example
 * describeLossSpec({ module: "/m.js", factory: "f", options: { x: new Uint8Array([1, 2]) } }); // "{\"module\":\"/m.js\",\"factory\":\"f\",\"options\":{\"x\":\"Uint8Array(2, crc32 b6cc4292)\"}}"
 */
export function describeLossSpec(spec: LossSpec): string {
  return JSON.stringify(spec, (_key, value: unknown) =>
    ArrayBuffer.isView(value) ? `${value.constructor.name}(${(value as unknown as { length: number }).length}, crc32 ${crc32(value).toString(16).padStart(8, "0")})` : value,
  );
}

/**
 * True when two specs rebuild the same loss: the same object, or equal {@link describeLossSpec} texts.
 * @example
 * const spec = { module: "/m.js", factory: "f", options: { n: 1 } };
 * sameLossSpec(spec, { ...spec, options: { n: 1 } }); // true
 */
export function sameLossSpec(a: LossSpec, b: LossSpec): boolean {
  return a === b || describeLossSpec(a) === describeLossSpec(b);
}

/**
 * The compiled JavaScript file for a module path: the path itself when it is .js, else the twin
 * under build/ of a .ts file in the project (what a notebook that runs TypeScript directly sees),
 * symbolic links resolved (notebooks/src/slt/x.ts has the twin build/src/slt/x.js).
 *
 * @throws Error when no compiled file exists (run `npm run build`).
 */
export function compiledModulePath(file: string): string {
  if (file.endsWith(".js") && fs.existsSync(file)) return file;
  const js = file.replace(/\.ts$/, ".js");
  if (fs.existsSync(js)) return js;
  // Real paths: a notebook reaches src/ through the link notebooks/src, whose twin is build/src.
  const real = (p: string): string => {
    try {
      return path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
    } catch {
      return p;
    }
  };
  const root = fs.realpathSync(projectRoot());
  const twin = path.join(root, "build", path.relative(root, real(js)));
  if (fs.existsSync(twin)) return twin;
  throw new Error(`compiledModulePath: no compiled JavaScript for ${file} (looked at ${js} and ${twin}); run npm run build`);
}

/**
 * Rebuilds the loss of a spec in the current thread. The factory may return the loss or a promise
 * of it (a model whose construction is asynchronous, e.g. one that first sets up a tfjs backend).
 *
 * @throws TypeError when the module does not export a function of that name.
 */
export async function lossFromSpec(spec: LossSpec): Promise<MinibatchLoss> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(compiledModulePath(spec.module)) as Record<string, unknown>;
  const factory = mod[spec.factory];
  if (typeof factory !== "function") {
    throw new TypeError(`lossFromSpec: ${spec.module} does not export a function ${spec.factory}`);
  }
  return await (factory as (o: unknown) => MinibatchLoss | Promise<MinibatchLoss>)(spec.options);
}
