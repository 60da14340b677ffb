import type { DenseNetwork } from "./denseNetwork";

/** Dead ReLU units of a network on a set of inputs. */
export interface DeadUnits {
  /** Per hidden layer, the units whose pre-activation is ≤ 0 on every input. */
  perLayer: number[];
  /** Their sum, the number of hidden units, and the share dead. */
  total: number;
  hidden: number;
  fraction: number;
}

/**
 * Counts dead ReLU units: hidden units whose pre-activation z = W h + b is ≤ 0 on every given input,
 * so their output and every gradient through them are 0 there and SGD cannot revive them from these
 * data. High-learning-rate Adam is known to kill units this way; a network with many dead units has
 * frozen weights, which lowers both its displacement exponent and its LLC.
 *
 * @param network a dense ReLU network (layout of `params`); linear networks have no dead units by this rule
 *   but are counted the same way (z ≤ 0 everywhere).
 * @param params flat parameters in the network's layout (length numParams).
 * @param inputs row-major `numSamples x widths[0]` inputs; only the first `maxSamples` rows are used.
 * @param maxSamples number of inputs examined (default all), integer ≥ 1.
 * @returns a {@link DeadUnits} record.
 * @throws RangeError when params or inputs do not fit the network.
 * @example
 * // 1 input, 2 hidden units (weights 1 and -1, biases 0), 1 output; inputs 1 and 2: unit 2 never fires.
 * const net = denseNetwork({ widths: [1, 2, 1] });
 * deadUnits(net, new Float32Array([1, -1, 0, 0, 1, 1, 0]), new Float32Array([1, 2])).perLayer; // [1]
 * @complexity O(numSamples x numParams).
 */
export function deadUnits(network: DenseNetwork, params: Float32Array | Float64Array, inputs: Float32Array | Float64Array, maxSamples = Infinity): DeadUnits {
  const fn = "deadUnits";
  if (params.length !== network.numParams) throw new RangeError(`${fn}: params must hold the network's ${network.numParams} parameters, got ${params.length}`);
  const inSize = network.widths[0]!;
  if (inputs.length === 0 || inputs.length % inSize !== 0) throw new RangeError(`${fn}: inputs must be rows of ${inSize} numbers, got ${inputs.length} numbers`);
  if (!(maxSamples >= 1)) throw new RangeError(`${fn}: maxSamples must be ≥ 1, got ${maxSamples}`);
  const n = Math.min(inputs.length / inSize, maxSamples);
  const hiddenLayers = network.layers.slice(0, -1);
  const alive = hiddenLayers.map((l) => new Uint8Array(l.outputSize));
  for (let s = 0; s < n; s++) {
    let h: Float32Array | Float64Array = inputs.subarray(s * inSize, (s + 1) * inSize);
    hiddenLayers.forEach((layer, li) => {
      const z = new Float64Array(layer.outputSize);
      for (let o = 0; o < layer.outputSize; o++) {
        let v = layer.biasOffset >= 0 ? params[layer.biasOffset + o]! : 0;
        const row = layer.weightOffset + o * layer.inputSize;
        for (let i = 0; i < layer.inputSize; i++) v += params[row + i]! * h[i]!;
        if (v > 0) alive[li]![o] = 1;
        z[o] = network.activation === "relu" ? Math.max(0, v) : v;
      }
      h = z;
    });
  }
  const perLayer = alive.map((a) => a.length - a.reduce((s, v) => s + v, 0));
  const total = perLayer.reduce((s, v) => s + v, 0);
  const hidden = alive.reduce((s, a) => s + a.length, 0);
  return { perLayer, total, hidden, fraction: hidden > 0 ? total / hidden : 0 };
}
