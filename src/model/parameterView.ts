/**
 * Moving between the flat parameter vector and per-layer weight matrices and bias vectors.
 */
import { checkParams, type DenseNetwork } from "./denseNetwork";

/** One layer's parameters: weights `outputSize x inputSize` row-major, and biases (null without). */
export interface LayerParameters {
  weights: Float32Array;
  bias: Float32Array | null;
}

/**
 * Views the flat vector as per-layer weights and biases, without copying: writing into a view writes
 * into `params`.
 *
 * @param network the network whose layout `params` follows.
 * @param params flat parameters, length `network.numParams`.
 * @returns one record per layer; `weights` has length outputSize * inputSize (row o = weights into
 *   unit o), `bias` has length outputSize or is null.
 * @throws TypeError / RangeError when `params` is not a Float32Array of length numParams.
 * @example
 * const net = denseNetwork({ widths: [2, 1] });
 * const layers = unflattenParameters(net, new Float32Array([1, 2, 3]));
 * layers[0].bias; // Float32Array [3]
 */
export function unflattenParameters(network: DenseNetwork, params: Float32Array): LayerParameters[] {
  checkParams("unflattenParameters", network, params);
  return network.layers.map((layer) => ({
    weights: params.subarray(layer.weightOffset, layer.weightOffset + layer.inputSize * layer.outputSize),
    bias: layer.biasOffset >= 0 ? params.subarray(layer.biasOffset, layer.biasOffset + layer.outputSize) : null,
  }));
}

/**
 * Packs per-layer weights and biases into one new flat vector, in the network's order (layer by
 * layer, weights then biases).
 *
 * @param layers one record per layer with `weights` of length outputSize * inputSize (row-major,
 *   `outputSize x inputSize`) and `bias` of length outputSize (null or omitted when the network has none).
 * @returns a new Float32Array of length `network.numParams`.
 * @throws RangeError naming the layer when the count or a length does not match.
 * @example
 * const net = denseNetwork({ widths: [2, 1] });
 * flattenParameters(net, [{ weights: new Float32Array([1, 2]), bias: new Float32Array([3]) }]); // Float32Array [1, 2, 3]
 */
export function flattenParameters(network: DenseNetwork, layers: { weights: ArrayLike<number>; bias?: ArrayLike<number> | null }[]): Float32Array {
  if (layers.length !== network.layers.length) {
    throw new RangeError(`flattenParameters: layers must have ${network.layers.length} entries (one per layer), got ${layers.length}`);
  }
  const out = new Float32Array(network.numParams);
  network.layers.forEach((layout, l) => {
    const given = layers[l]!;
    const wSize = layout.inputSize * layout.outputSize;
    if (given.weights.length !== wSize) {
      throw new RangeError(`flattenParameters: layers[${l}].weights must have length ${wSize} (${layout.outputSize} x ${layout.inputSize}), got ${given.weights.length}`);
    }
    out.set(given.weights, layout.weightOffset);
    if (layout.biasOffset >= 0) {
      if (!given.bias || given.bias.length !== layout.outputSize) {
        throw new RangeError(`flattenParameters: layers[${l}].bias must have length ${layout.outputSize}, got ${given.bias ? given.bias.length : given.bias}`);
      }
      out.set(given.bias, layout.biasOffset);
    } else if (given.bias && given.bias.length > 0) {
      throw new RangeError(`flattenParameters: layers[${l}].bias must be null: the network has no biases, got length ${given.bias.length}`);
    }
  });
  return out;
}

/**
 * Positions in the flat vector of the parameters of chosen layers (weights and biases), ascending.
 *
 * @param layers layer numbers, each an integer in [0, number of layers - 1].
 * @throws RangeError for a layer number out of range or repeated.
 * @example
 * const net = denseNetwork({ widths: [2, 2, 1] });
 * layerParameterIndices(net, [1]); // Int32Array [6, 7, 8]
 */
export function layerParameterIndices(network: DenseNetwork, layers: number[]): Int32Array {
  const seen = new Set<number>();
  for (const l of layers) {
    if (!Number.isInteger(l) || l < 0 || l >= network.layers.length) {
      throw new RangeError(`layerParameterIndices: layer numbers must be integers in [0, ${network.layers.length - 1}], got ${l}`);
    }
    if (seen.has(l)) throw new RangeError(`layerParameterIndices: layer ${l} is listed twice`);
    seen.add(l);
  }
  const chosen = [...seen].sort((a, b) => a - b);
  const size = chosen.reduce((s, l) => s + network.layers[l]!.end - network.layers[l]!.weightOffset, 0);
  const out = new Int32Array(size);
  let k = 0;
  for (const l of chosen) {
    const layer = network.layers[l]!;
    for (let i = layer.weightOffset; i < layer.end; i++) out[k++] = i;
  }
  return out;
}
