/**
 * Fully connected networks described as plain data: layer widths, activation and whether layers have
 * biases, with the layout of all their parameters in one flat vector.
 *
 * Parameter order (the flat vector every optimizer, sampler and trajectory in this project uses):
 * layer by layer from the input; within a layer, the weight matrix first, row-major with shape
 * `outputSize x inputSize` (row o holds the weights into unit o, as in PyTorch's `nn.Linear.weight`),
 * then the `outputSize` biases (absent when `bias` is false).
 */

/** Hidden-layer nonlinearity: `relu` (max(0, z)) or `linear` (none: a deep linear network). */
export type Activation = "relu" | "linear";

/** Where one layer's parameters sit in the flat vector. */
export interface DenseLayerLayout {
  /** Layer number, 0 for the layer that reads the input. */
  index: number;
  inputSize: number;
  outputSize: number;
  /** Offset of the weight matrix (`outputSize x inputSize`, row-major). */
  weightOffset: number;
  /** Offset of the biases, or -1 when the network has none. */
  biasOffset: number;
  /** Offset one past this layer's last parameter. */
  end: number;
}

/** A fully connected network: a plain, serialisable record (it can be sent to worker threads). */
export interface DenseNetwork {
  /** Layer widths from input to output, e.g. [784, 128, 10]. */
  widths: number[];
  /** Nonlinearity after every layer except the last (the last layer is always affine). */
  activation: Activation;
  /** Whether every layer has biases. */
  bias: boolean;
  /** Total number of parameters d. */
  numParams: number;
  /** Layout of each of the `widths.length - 1` layers. */
  layers: DenseLayerLayout[];
}

export interface DenseNetworkOptions {
  /** Layer widths from input to output; at least two positive integers (default none: required). */
  widths: number[];
  /** Hidden nonlinearity (default "relu"). */
  activation?: Activation;
  /** Whether layers have biases (default true). */
  bias?: boolean;
}

/**
 * Describes a fully connected network and lays out its parameters.
 *
 * Variant: `z_l = W_l a_{l-1} + b_l`, `a_l = activation(z_l)` for hidden layers and `a_L = z_L`
 * (logits or regression outputs) for the last.
 *
 * @param options.widths layer widths, input first; each an integer in [1, 2^24]; at least 2 entries.
 * @param options.activation "relu" (default) or "linear".
 * @param options.bias whether layers have biases (default true).
 * @returns the network record with `numParams` and per-layer offsets into the flat vector.
 * @throws RangeError when fewer than two widths are given or a width is not a positive integer.
 * @example
 * const net = denseNetwork({ widths: [784, 128, 10] });
 * net.numParams; // 101770
 * net.layers[1].weightOffset; // 100480
 */
export function denseNetwork(options: DenseNetworkOptions): DenseNetwork {
  const widths = options.widths;
  if (!Array.isArray(widths) || widths.length < 2) {
    throw new RangeError(`denseNetwork: widths must list at least 2 layer widths (input and output), got ${JSON.stringify(widths)}`);
  }
  widths.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 1 || w > 16777216) {
      throw new RangeError(`denseNetwork: widths[${i}] must be an integer in [1, 2^24], got ${w}`);
    }
  });
  const activation = options.activation ?? "relu";
  if (activation !== "relu" && activation !== "linear") {
    throw new RangeError(`denseNetwork: activation must be "relu" or "linear", got ${JSON.stringify(activation)}`);
  }
  const bias = options.bias ?? true;
  const layers: DenseLayerLayout[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const inputSize = widths[l]!;
    const outputSize = widths[l + 1]!;
    const weightOffset = offset;
    offset += inputSize * outputSize;
    const biasOffset = bias ? offset : -1;
    if (bias) offset += outputSize;
    layers.push({ index: l, inputSize, outputSize, weightOffset, biasOffset, end: offset });
  }
  return { widths: [...widths], activation, bias, numParams: offset, layers };
}

/**
 * A deep linear network `x -> W_L ... W_1 x`: no activation and, by default, no biases (the models
 * whose learning coefficient Aoyagi's formula gives exactly).
 *
 * @param options.widths layer widths H_0 (input) .. H_L (output).
 * @param options.bias whether layers have biases (default false).
 * @throws RangeError as {@link denseNetwork}.
 * @example
 * deepLinearNetwork({ widths: [3, 2, 4] }).numParams; // 14
 */
export function deepLinearNetwork(options: { widths: number[]; bias?: boolean }): DenseNetwork {
  return denseNetwork({ widths: options.widths, activation: "linear", bias: options.bias ?? false });
}

/** Checks that a flat parameter vector fits a network. @internal */
export function checkParams(fn: string, network: DenseNetwork, params: Float32Array, name = "params"): void {
  if (!(params instanceof Float32Array)) {
    throw new TypeError(`${fn}: ${name} must be a Float32Array, got ${Object.prototype.toString.call(params)}`);
  }
  if (params.length !== network.numParams) {
    throw new RangeError(`${fn}: ${name} must have length ${network.numParams} (the network's numParams), got ${params.length}`);
  }
}
