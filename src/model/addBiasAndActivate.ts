import type { DenseLayerLayout } from "./denseNetwork";

/**
 * Adds a layer's biases to its pre-activations and applies ReLU in place. The pre-activations are
 * stored transposed, `outputSize x batchSize` row-major (one row per unit), as both network losses
 * keep them. One shared kernel, so the tfjs-backed and the plain-TypeScript losses stay bit-identical.
 *
 * @param out pre-activations of one layer, length layer.outputSize * batchSize; overwritten.
 * @param params the flat parameter vector (biases read at layer.biasOffset; none when it is -1).
 * @param relu apply max(0, x) after the bias (hidden layers of ReLU networks).
 * @example
 * const layer = { index: 0, inputSize: 1, outputSize: 1, weightOffset: 0, biasOffset: 1, end: 2 };
 * const out = new Float32Array([-2, 0.5]);
 * addBiasAndActivate(out, new Float32Array([0, 1]), layer, 2, true);
 * out; // Float32Array [0, 1.5]
 */
export function addBiasAndActivate(out: Float32Array, params: Float32Array, layer: DenseLayerLayout, batchSize: number, relu: boolean): void {
  for (let o = 0; o < layer.outputSize; o++) {
    const bias = layer.biasOffset >= 0 ? params[layer.biasOffset + o]! : 0;
    const base = o * batchSize;
    if (relu) {
      for (let b = 0; b < batchSize; b++) {
        const v = out[base + b]! + bias;
        out[base + b] = v > 0 ? v : 0;
      }
    } else if (bias !== 0) {
      for (let b = 0; b < batchSize; b++) out[base + b] = out[base + b]! + bias;
    }
  }
}
