/**
 * The cross-entropy loss of a small fully connected ReLU network in plain TypeScript over typed
 * arrays: no tfjs, so that hundreds of tiny networks train in seconds (per-call tfjs dispatch costs
 * more than the arithmetic of a 2-16-2 network).
 */
import { addBiasAndActivate } from "./addBiasAndActivate";
import { checkParams, type DenseNetwork } from "./denseNetwork";
import type { EvaluateOptions, Evaluation, Model, ModelLoss, ModelLossSpec } from "./model";
import { modelLossSpec } from "./modelLossSpec";
import type { SupervisedData } from "./supervisedData";
import { countCorrect, softmaxCrossEntropy } from "./softmaxCrossEntropy";

/** Options of {@link createTinyNetworkLoss}. */
export interface TinyNetworkLossOptions {
  /** A ReLU or linear network whose last width is `data.numClasses`. */
  network: DenseNetwork;
  /** Labelled data (classification); its inputs are read, never copied. */
  data: SupervisedData;
}

/** The {@link ModelLoss} of a small dense network in plain TypeScript, plus full-data loss and accuracy. */
export interface TinyNetworkLoss extends ModelLoss {
  readonly network: DenseNetwork;
  readonly data: SupervisedData;
  /** Recipe to rebuild this loss in a worker thread (so SGLD chains can run in parallel). */
  readonly spec: ModelLossSpec;
  /** Mean cross-entropy over all n samples (nats per sample). */
  fullLoss(params: Float32Array): number;
  /** Fraction of all n samples classified correctly, in [0, 1]. */
  accuracy(params: Float32Array): number;
}

/** The matrix-product blocking of tfjs's cpu backend (`backend.blockSize`). */
const BLOCK = 48;

/**
 * out (m x n) = a (m x k) b (k x n), row-major, with the cpu backend's float32 accumulation: float64
 * partial sums over blocks of 48 along k, each added into the float32 result.
 */
function matMul(a: Float32Array, m: number, k: number, b: Float32Array, n: number, out: Float32Array): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let k0 = 0; k0 < k; k0 += BLOCK) {
        const k1 = Math.min(k, k0 + BLOCK);
        let sum = 0;
        for (let t = k0; t < k1; t++) sum += a[i * k + t]! * b[t * n + j]!;
        acc = Math.fround(acc + sum);
      }
      out[i * n + j] = acc;
    }
  }
}

function transpose(src: Float32Array, rows: number, cols: number, dst: Float32Array): void {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c]!;
}

/**
 * The softmax cross-entropy of a small dense network on labelled data, with its gradient, in plain
 * TypeScript: the loss of `denseModel(network, { engine: "plain" })` (see createTinyNetworkLoss).
 *
 * Computes L_B(w) = (1/B) sum_{i in B} -log softmax(f_w(x_i))_{y_i}, the paper's L_n restricted to a
 * minibatch (nats per sample), and its gradient by backpropagation. Variant: the same arithmetic as
 * {@link createNetworkLoss} on the tfjs `cpu` backend (transposed activations, float32 storage, matrix
 * products accumulated in float64 over blocks of 48 and rounded into float32), so losses and
 * gradients are bit-identical to it; only the tfjs dispatch is gone. Meant for networks of up to a
 * few thousand parameters; larger ones belong on tfjs.
 *
 * @param model the plain-engine dense model whose loss this is (its `network`: widths[0] =
 *   data.inputSize, last width = data.numClasses).
 * @param data labelled data (labels required).
 * @returns a {@link TinyNetworkLoss}: `lossAndGradient`, `loss`, `evaluate`, `outputs`, `fullLoss`,
 *   `accuracy`, and a `spec`. Its methods throw TypeError/RangeError for parameters of the wrong
 *   length or indices outside [0, n - 1].
 * @throws RangeError when the data has no labels or the widths do not fit the data.
 * @complexity O(B d) per call for batch size B and d parameters.
 * @internal built by `denseModel(network, { engine: "plain" }).createLoss(data)`.
 */
export function plainNetworkLoss(model: Model & { readonly network: DenseNetwork }, data: SupervisedData): TinyNetworkLoss {
  const fn = "createTinyNetworkLoss";
  const network = model.network;
  if (!data.labels) throw new RangeError(`${fn}: data must carry class labels (cross-entropy), got regression targets`);
  if (network.widths[0] !== data.inputSize) throw new RangeError(`${fn}: network.widths[0] must equal data.inputSize = ${data.inputSize}, got ${network.widths[0]}`);
  const C = network.widths[network.widths.length - 1]!;
  if (C !== data.numClasses) throw new RangeError(`${fn}: the network's output width must equal data.numClasses = ${data.numClasses}, got ${C}`);
  const labels = data.labels;
  const layers = network.layers;
  const L = layers.length;
  const relu = network.activation === "relu";
  const maxWidth = Math.max(...network.widths);
  const maxWeights = Math.max(...layers.map((l) => l.inputSize * l.outputSize));
  let cachedBatch = -1;
  let actT: Float32Array[] = [], act: Float32Array[] = [];
  let outputs = new Float32Array(0), outGrad = new Float32Array(0), deltaT = new Float32Array(0), deltaPrevT = new Float32Array(0);
  const weightsT = new Float32Array(maxWeights);
  let batchLabels = new Int32Array(0);
  const buffers = (B: number): void => {
    if (B === cachedBatch) return;
    cachedBatch = B;
    actT = network.widths.map((w) => new Float32Array(w * B));
    act = network.widths.slice(0, L).map((w) => new Float32Array(w * B));
    outputs = new Float32Array(C * B);
    outGrad = new Float32Array(C * B);
    deltaT = new Float32Array(maxWidth * B);
    deltaPrevT = new Float32Array(maxWidth * B);
    batchLabels = new Int32Array(B);
  };
  const checkIndices = (name: string, indices: Int32Array): void => {
    if (!(indices instanceof Int32Array)) throw new TypeError(`${name}: indices must be an Int32Array, got ${Object.prototype.toString.call(indices)}`);
    if (indices.length === 0) throw new RangeError(`${name}: indices must hold at least one sample index, got none`);
    for (let i = 0; i < indices.length; i++) {
      const v = indices[i]!;
      if (!(v >= 0 && v < data.numSamples)) throw new RangeError(`${name}: indices[${i}] must be in [0, ${data.numSamples - 1}], got ${v}`);
    }
  };
  const forward = (params: Float32Array, indices: Int32Array, needRows: boolean): void => {
    const B = indices.length;
    buffers(B);
    const d0 = data.inputSize;
    const xT = actT[0]!, x = act[0]!;
    for (let b = 0; b < B; b++) {
      const base = indices[b]! * d0;
      for (let j = 0; j < d0; j++) {
        const v = data.inputs[base + j]!;
        xT[j * B + b] = v;
        if (needRows) x[b * d0 + j] = v;
      }
    }
    for (let l = 0; l < L; l++) {
      const layer = layers[l]!;
      const out = actT[l + 1]!;
      matMul(params.subarray(layer.weightOffset, layer.weightOffset + layer.inputSize * layer.outputSize), layer.outputSize, layer.inputSize, actT[l]!, B, out);
      const hidden = l + 1 < L;
      addBiasAndActivate(out, params, layer, B, hidden && relu);
      if (hidden && needRows) transpose(out, layer.outputSize, B, act[l + 1]!);
    }
    transpose(actT[L]!, C, B, outputs);
    for (let b = 0; b < B; b++) batchLabels[b] = labels[indices[b]!]!;
  };
  const all = Int32Array.from({ length: data.numSamples }, (_, i) => i);
  const self: TinyNetworkLoss = {
    model,
    network,
    data,
    kind: "crossEntropy",
    numParams: network.numParams,
    numSamples: data.numSamples,
    spec: modelLossSpec(model, data)!,
    lossAndGradient(params, indices, gradient) {
      checkParams("TinyNetworkLoss.lossAndGradient", network, params);
      checkParams("TinyNetworkLoss.lossAndGradient", network, gradient, "gradient");
      checkIndices("TinyNetworkLoss.lossAndGradient", indices);
      const B = indices.length;
      forward(params, indices, true);
      const loss = softmaxCrossEntropy(outputs, batchLabels, C, outGrad);
      let dT = deltaT, dPrevT = deltaPrevT;
      transpose(outGrad, B, C, dT);
      for (let l = L - 1; l >= 0; l--) {
        const layer = layers[l]!;
        const nOut = layer.outputSize, nIn = layer.inputSize, wSize = nOut * nIn;
        matMul(dT.subarray(0, nOut * B), nOut, B, act[l]!, nIn, gradient.subarray(layer.weightOffset, layer.weightOffset + wSize));
        if (layer.biasOffset >= 0) {
          for (let o = 0; o < nOut; o++) {
            let s = 0;
            for (let b = 0; b < B; b++) s += dT[o * B + b]!;
            gradient[layer.biasOffset + o] = s;
          }
        }
        if (l === 0) break;
        transpose(params.subarray(layer.weightOffset, layer.weightOffset + wSize), nOut, nIn, weightsT);
        matMul(weightsT.subarray(0, wSize), nIn, nOut, dT.subarray(0, nOut * B), B, dPrevT.subarray(0, nIn * B));
        if (relu) {
          const aT = actT[l]!;
          for (let i = 0; i < nIn * B; i++) if (!(aT[i]! > 0)) dPrevT[i] = 0;
        }
        const swap = dT;
        dT = dPrevT;
        dPrevT = swap;
      }
      return loss;
    },
    loss(params, indices) {
      checkParams("TinyNetworkLoss.loss", network, params);
      checkIndices("TinyNetworkLoss.loss", indices);
      forward(params, indices, false);
      return softmaxCrossEntropy(outputs, batchLabels, C, null);
    },
    fullLoss(params) {
      return self.loss(params, all);
    },
    outputs(params, indices) {
      checkParams("TinyNetworkLoss.outputs", network, params);
      checkIndices("TinyNetworkLoss.outputs", indices);
      forward(params, indices, false);
      return outputs.slice();
    },
    evaluate(params, options: EvaluateOptions = {}): Evaluation {
      checkParams("TinyNetworkLoss.evaluate", network, params);
      const indices = options.indices ?? all;
      checkIndices("TinyNetworkLoss.evaluate", indices);
      forward(params, indices, false);
      const loss = softmaxCrossEntropy(outputs, batchLabels, C, null);
      return { loss, accuracy: countCorrect(outputs, batchLabels, C) / indices.length, numSamples: indices.length };
    },
    accuracy(params) {
      checkParams("TinyNetworkLoss.accuracy", network, params);
      forward(params, all, false);
      let correct = 0;
      for (let b = 0; b < all.length; b++) {
        let best = 0;
        for (let c = 1; c < C; c++) if (outputs[b * C + c]! > outputs[b * C + best]!) best = c;
        if (best === batchLabels[b]) correct++;
      }
      return correct / all.length;
    },
  };
  return self;
}
