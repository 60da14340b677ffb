/**
 * What a trained classifier computes, as numbers: its class probabilities on fixed probe inputs
 * (the function-space view of a network, blind to every parameter symmetry).
 */
import { checkParams, type DenseNetwork } from "../model/denseNetwork";

/** A rectangular grid of probe points in the plane. */
export interface ProbeGrid {
  /** Points, row-major `numPoints x 2`, x fastest. */
  inputs: Float32Array;
  numPoints: number;
  /** Grid coordinates along each axis. */
  xs: Float64Array;
  ys: Float64Array;
}

/**
 * A regular grid of probe points over a rectangle of the plane.
 *
 * @param options.xRange, options.yRange [min, max] with min < max (default [-1.5, 2.5] and [-1.2, 1.7],
 *   the two-moons data with a margin).
 * @param options.size points per axis, an integer in [2, 1000] (default 24).
 * @returns a {@link ProbeGrid} of size^2 points.
 * @throws RangeError for a size out of range or an empty range.
 * @example
 * probeGrid({ size: 2, xRange: [0, 1], yRange: [0, 2] }).inputs; // Float32Array [0, 0, 1, 0, 0, 2, 1, 2]
 */
export function probeGrid(options: { xRange?: [number, number]; yRange?: [number, number]; size?: number } = {}): ProbeGrid {
  const [x0, x1] = options.xRange ?? [-1.5, 2.5];
  const [y0, y1] = options.yRange ?? [-1.2, 1.7];
  const size = options.size ?? 24;
  if (!Number.isInteger(size) || size < 2 || size > 1000) throw new RangeError(`probeGrid: size must be an integer in [2, 1000], got ${size}`);
  if (!(x1 > x0) || !(y1 > y0)) throw new RangeError(`probeGrid: xRange and yRange must be [min, max] with min < max, got ${JSON.stringify([x0, x1])}, ${JSON.stringify([y0, y1])}`);
  const xs = Float64Array.from({ length: size }, (_, i) => x0 + ((x1 - x0) * i) / (size - 1));
  const ys = Float64Array.from({ length: size }, (_, i) => y0 + ((y1 - y0) * i) / (size - 1));
  const inputs = new Float32Array(2 * size * size);
  for (let j = 0; j < size; j++) for (let i = 0; i < size; i++) {
    inputs[2 * (j * size + i)] = xs[i]!;
    inputs[2 * (j * size + i) + 1] = ys[j]!;
  }
  return { inputs, numPoints: size * size, xs, ys };
}

/**
 * The class probabilities softmax(f_w(x)) of a dense network at given inputs, in float64.
 *
 * Forward pass z_l = W_l a_{l-1} + b_l, a_l = relu(z_l) (or identity for linear networks) for hidden
 * layers, softmax of the last layer's outputs (shifted by their maximum).
 *
 * @param network the network; @param params its flat parameters (length numParams).
 * @param inputs row-major `numInputs x widths[0]`.
 * @returns row-major `numInputs x numClasses` probabilities, each row summing to 1.
 * @throws TypeError/RangeError for parameters of the wrong length or inputs not a multiple of widths[0].
 * @example
 * const net = denseNetwork({ widths: [1, 2] });
 * classProbabilities(net, new Float32Array([0, 0, 0, Math.log(3)]), new Float32Array([5]))[1]; // ≈ 0.7500000
 * @complexity O(numInputs d).
 */
export function classProbabilities(network: DenseNetwork, params: Float32Array, inputs: Float32Array): Float64Array {
  checkParams("classProbabilities", network, params);
  const d0 = network.widths[0]!;
  if (inputs.length % d0 !== 0) throw new RangeError(`classProbabilities: inputs.length must be a multiple of widths[0] = ${d0}, got ${inputs.length}`);
  const count = inputs.length / d0;
  const C = network.widths[network.widths.length - 1]!;
  const out = new Float64Array(count * C);
  const maxWidth = Math.max(...network.widths);
  let a = new Float64Array(maxWidth), z = new Float64Array(maxWidth);
  const relu = network.activation === "relu";
  const L = network.layers.length;
  for (let s = 0; s < count; s++) {
    for (let j = 0; j < d0; j++) a[j] = inputs[s * d0 + j]!;
    for (let l = 0; l < L; l++) {
      const layer = network.layers[l]!;
      for (let o = 0; o < layer.outputSize; o++) {
        let v = layer.biasOffset >= 0 ? params[layer.biasOffset + o]! : 0;
        const row = layer.weightOffset + o * layer.inputSize;
        for (let k = 0; k < layer.inputSize; k++) v += params[row + k]! * a[k]!;
        z[o] = l + 1 < L && relu && v < 0 ? 0 : v;
      }
      const t = a;
      a = z;
      z = t;
    }
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, a[c]!);
    let sum = 0;
    for (let c = 0; c < C; c++) sum += out[s * C + c] = Math.exp(a[c]! - max);
    for (let c = 0; c < C; c++) out[s * C + c]! /= sum;
  }
  return out;
}

/**
 * Function-space features of many networks: each network's class probabilities on the probe inputs,
 * one row per network.
 *
 * @param network the architecture all parameter vectors share.
 * @param paramsList parameter vectors (each length numParams).
 * @param inputs probe inputs, row-major `G x widths[0]`.
 * @param options.decisions replace probabilities by the one-hot predicted class (default false): the
 *   decision regions only, blind to how confident the network is (a posterior sample and a long-trained
 *   SGD run with the same boundary then coincide). For two classes the RMS distance between such
 *   features is sqrt of the fraction of probe points where the decisions differ.
 * @returns row-major `paramsList.length x (G numClasses)` features.
 * @throws as {@link classProbabilities}.
 * @example
 * const net = denseNetwork({ widths: [1, 2] });
 * functionFeatures(net, [new Float32Array(4)], new Float32Array([1])); // Float64Array [0.5, 0.5]
 */
export function functionFeatures(network: DenseNetwork, paramsList: Float32Array[], inputs: Float32Array, options: { decisions?: boolean } = {}): Float64Array {
  if (paramsList.length < 1) throw new RangeError(`functionFeatures: paramsList must hold at least one parameter vector, got none`);
  const first = classProbabilities(network, paramsList[0]!, inputs);
  const out = new Float64Array(paramsList.length * first.length);
  out.set(first, 0);
  for (let m = 1; m < paramsList.length; m++) out.set(classProbabilities(network, paramsList[m]!, inputs), m * first.length);
  if (options.decisions) {
    const C = network.widths[network.widths.length - 1]!;
    for (let r = 0; r < out.length; r += C) {
      let best = r;
      for (let c = r + 1; c < r + C; c++) if (out[c]! > out[best]!) best = c;
      for (let c = r; c < r + C; c++) out[c] = c === best ? 1 : 0;
    }
  }
  return out;
}
