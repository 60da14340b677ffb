/**
 * Named, seeded initialisation of a network's flat parameter vector.
 */
import { createRandom, type Seed } from "../util/random";
import type { DenseNetwork } from "./denseNetwork";

/**
 * `he`: weights N(0, 2 / fan_in) (He et al. 2015, for ReLU); `glorot`: weights
 * U(-sqrt(6 / (fan_in + fan_out)), +sqrt(...)) (Glorot & Bengio 2010); `smallNormal`: weights
 * N(0, std^2) with a fixed small std (near-zero starts, as in deep linear network studies).
 */
export type InitScheme = "he" | "glorot" | "smallNormal";

export interface InitOptions {
  /** Scheme (default "he" for ReLU networks, "glorot" for linear ones). */
  scheme?: InitScheme;
  /** Seed of the draws (default 0). */
  seed?: Seed;
  /** Standard deviation of `smallNormal` weights (default 0.01; > 0). Ignored by other schemes. */
  std?: number;
}

/**
 * Draws initial parameters for a network. Biases start at zero in every scheme.
 *
 * Weights are drawn layer by layer in the flat order with one generator seeded by `seed`, so the same
 * seed always gives the same vector on every machine and backend.
 *
 * @param network the network to initialise.
 * @param options.scheme "he" | "glorot" | "smallNormal" (default by activation, see {@link InitOptions}).
 * @param options.seed non-negative safe integer (default 0).
 * @param options.std `smallNormal` standard deviation, finite and > 0 (default 0.01).
 * @returns a new Float32Array of length `network.numParams`.
 * @throws RangeError for an unknown scheme or a non-positive std.
 * @example
 * const net = denseNetwork({ widths: [4, 3, 2] });
 * initializeParameters(net, { seed: 1 }).length; // 23
 * initializeParameters(net, { seed: 1 })[12]; // 0
 */
export function initializeParameters(network: DenseNetwork, options: InitOptions = {}): Float32Array {
  const scheme = options.scheme ?? (network.activation === "relu" ? "he" : "glorot");
  const std = options.std ?? 0.01;
  if (scheme !== "he" && scheme !== "glorot" && scheme !== "smallNormal") {
    throw new RangeError(`initializeParameters: scheme must be "he", "glorot" or "smallNormal", got ${JSON.stringify(scheme)}`);
  }
  if (!Number.isFinite(std) || std <= 0) {
    throw new RangeError(`initializeParameters: std must be a finite number > 0, got ${std}`);
  }
  const rng = createRandom(options.seed ?? 0);
  const params = new Float32Array(network.numParams);
  for (const layer of network.layers) {
    const n = layer.inputSize * layer.outputSize;
    const w = params.subarray(layer.weightOffset, layer.weightOffset + n);
    if (scheme === "he") {
      rng.fillNormal(w, 0, Math.sqrt(2 / layer.inputSize));
    } else if (scheme === "glorot") {
      const limit = Math.sqrt(6 / (layer.inputSize + layer.outputSize));
      rng.fillUniform(w, -limit, limit);
    } else {
      rng.fillNormal(w, 0, std);
    }
  }
  return params;
}
