/**
 * The loss of a fully connected network on a data set, with its gradient by explicit backpropagation.
 *
 * Why hand-written: the obvious tfjs code (`optimizer.minimize` with `tf.grad`, then reading the
 * weights back) spends most of its time in kernel dispatch, gradient-tape bookkeeping, weight
 * re-packing and `transposeA` matrix products (about 13x slower than plain ones on the wasm backend).
 * On the wasm backend the matrix products run on the project's WebAssembly kernel (`gemm`), which
 * packs neither operand (the backend's XNNPACK product packs its right operand on every call) and
 * reads a transposed left operand through its strides, so no product needs a transpose; its sums equal
 * the backend's plain products to the bit (the only kind this loss ever asked of it), so results are
 * those the backend gave. On other backends the products run on the backend (each a plain `a x b`
 * product, the weight gradient transposed after), so results there keep the backend's bits too (the
 * plain engine of tiny networks reproduces the cpu backend's). Biases, activations, the loss and the
 * input transpose are plain loops over Float32Arrays, and results are read straight out of the
 * backend's memory into reused buffers.
 * Forward activations are kept transposed (`units x batch`), and row-major (`batch x units`) where the
 * backward pass reads them, as are the deltas:
 *
 *   forward   Z_l^T = W_l A_{l-1}^T                  (W_l is outputSize x inputSize)
 *   backward  dL/dW_l = dZ_l^T A_{l-1} = (A_{l-1}^T dZ_l)^T,  dA_{l-1} = dZ_l W_l,
 *             dZ_{l-1} = dA_{l-1} * [A_{l-1} > 0] (ReLU)
 */
import * as tf from "@tensorflow/tfjs-core";
import { addBiasAndActivate } from "./addBiasAndActivate";
import { checkParams, type DenseNetwork } from "./denseNetwork";
import { initializeParameters } from "./initializeParameters";
import type { EvaluateOptions, Evaluation, Model, ModelInitOptions, ModelLoss, ParameterBlock } from "./model";
import type { ModelData } from "./modelData";
import { modelLossSpec } from "./modelLossSpec";
import type { SupervisedData } from "./supervisedData";
import { isTokenData } from "./tokenData";
import { plainNetworkLoss, type TinyNetworkLoss, type TinyNetworkLossOptions } from "./tinyNetworkLoss";
import { countCorrect, softmaxCrossEntropy } from "./softmaxCrossEntropy";
import { gaussianNll } from "./gaussianNll";
import { gemm } from "./wasmGemm";

/** A network's loss on a data set: a {@link ModelLoss} plus the network and its predictions. */
export interface NetworkLoss extends ModelLoss {
  readonly model: DenseModel;
  readonly network: DenseNetwork;
  readonly data: SupervisedData;
  /** Network outputs (logits or regression outputs) for `indices`, row-major `indices.length x outputSize`. */
  outputs(params: Float32Array, indices: Int32Array): Float32Array;
}

/** The dense network as a {@link Model}: the fast path, with hand-written backpropagation. */
export interface DenseModel extends Model {
  readonly network: DenseNetwork;
  /** "backend": matrix products with the tfjs backend's bits (on wasm through the project's kernel); "plain": plain TypeScript (tiny networks). */
  readonly engine: "backend" | "plain";
  /** The loss on `data` (with engine "plain", a {@link TinyNetworkLoss}). */
  createLoss(data: ModelData): NetworkLoss;
}

/** Reads a float32 tensor into `out` without allocating (straight from the wasm heap when possible). */
function readInto(tensor: tf.Tensor, out: Float32Array): void {
  const backend = tf.backend() as unknown as { typedArrayFromHeap?: (t: tf.Tensor) => Float32Array };
  if (typeof backend.typedArrayFromHeap === "function") out.set(backend.typedArrayFromHeap(tensor));
  else out.set(tensor.dataSync() as Float32Array);
}

/** out (m x n) = a (m x k) b (k x n), all row-major: `gemm` on the wasm backend, else the backend's product. */
function productInto(a: Float32Array, m: number, k: number, b: Float32Array, n: number, out: Float32Array): void {
  if (tf.getBackend() === "wasm") gemm(a, b, out, m, k, n);
  else tf.tidy(() => readInto(tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])), out));
}

/**
 * The weight gradient dZ^T A (nOut x nIn) from the deltas dZ (B x nOut) and the activations, rows A
 * (B x nIn) or transposed At (nIn x B): `gemm` with dZ read transposed on the wasm backend, else the
 * backend's (At dZ)^T.
 */
function weightGradientInto(delta: Float32Array, rows: Float32Array, transposed: Float32Array, batch: number, nOut: number, nIn: number, out: Float32Array): void {
  if (tf.getBackend() === "wasm") gemm(delta, rows, out, nOut, batch, nIn, { transposeA: true });
  else tf.tidy(() => readInto(tf.transpose(tf.matMul(tf.tensor2d(transposed, [nIn, batch]), tf.tensor2d(delta, [batch, nOut]))), out));
}

/**
 * Writes the transpose of `src` (rows x cols, row-major) into `dst` (cols x rows). Eight source columns
 * per sweep down the rows, so each source cache line serves eight writes, into eight sequential
 * streams of `dst`.
 */
function transposeInto(src: Float32Array, rows: number, cols: number, dst: Float32Array): void {
  let c = 0;
  for (; c + 7 < cols; c += 8) {
    const base = c * rows;
    for (let r = 0, from = c; r < rows; r++, from += cols) {
      const o = base + r;
      dst[o] = src[from]!;
      dst[o + rows] = src[from + 1]!;
      dst[o + 2 * rows] = src[from + 2]!;
      dst[o + 3 * rows] = src[from + 3]!;
      dst[o + 4 * rows] = src[from + 4]!;
      dst[o + 5 * rows] = src[from + 5]!;
      dst[o + 6 * rows] = src[from + 6]!;
      dst[o + 7 * rows] = src[from + 7]!;
    }
  }
  for (; c < cols; c++) {
    const base = c * rows;
    for (let r = 0, from = c; r < rows; r++, from += cols) dst[base + r] = src[from]!;
  }
}

/**
 * Copies the samples `indices` of row-major `inputs` (numSamples x inputSize) into `rows` (B x
 * inputSize), whole rows at a time: one sequential stream per sample, which the hardware prefetches,
 * where reading eight columns of every sample at once missed the cache on each line of a data set
 * larger than the cache. Measured in the dense step of MLP 784-32-10 on 10,000 MNIST images, batch 64:
 * random batches cost 0.11 ms more than a batch already in cache when gathered eight columns at a time,
 * 0.05 ms more as rows then transposed.
 */
function gatherRows(inputs: Float32Array, inputSize: number, indices: Int32Array, rows: Float32Array): void {
  for (let b = 0; b < indices.length; b++) {
    const from = indices[b]! * inputSize;
    rows.set(inputs.subarray(from, from + inputSize), b * inputSize);
  }
}

/** Scratch buffers for one batch size. */
interface Workspace {
  batch: number;
  /** Transposed activations per layer (units x batch); [0] is the input, [L] the outputs. */
  activationsT: Float32Array[];
  /** Hidden activations (batch x units) for layers 1..L-1 (the ReLU masks of the backward pass); [0] is unused. */
  activations: Float32Array[];
  outputs: Float32Array;
  outputGradient: Float32Array;
  /** Two buffers the hidden layers' deltas (batch x units) alternate between. */
  deltas: [Float32Array, Float32Array];
  /** Bias gradient accumulators. */
  biasSums: Float64Array;
  batchLabels: Int32Array;
  batchTargets: Float32Array;
  /** The batch's inputs, row-major (batch x inputSize), before they are transposed into activationsT[0]. */
  inputRows: Float32Array;
}

class DenseNetworkLoss implements NetworkLoss {
  readonly numParams: number;
  readonly numSamples: number;
  readonly kind: "crossEntropy" | "gaussian";
  readonly network: DenseNetwork;
  readonly spec: ModelLoss["spec"];
  private readonly outputSize: number;
  /** Scratch buffers by batch size (training batches and evaluation chunks alternate). */
  private readonly workspaces = new Map<number, Workspace>();

  constructor(
    readonly model: DenseModel,
    readonly data: SupervisedData,
  ) {
    const network = model.network;
    this.network = network;
    this.spec = modelLossSpec(model, data);
    this.numParams = network.numParams;
    this.numSamples = data.numSamples;
    this.kind = data.labels ? "crossEntropy" : "gaussian";
    this.outputSize = network.widths[network.widths.length - 1]!;
  }

  private workspaceFor(batch: number): Workspace {
    const cached = this.workspaces.get(batch);
    if (cached) return cached;
    if (this.workspaces.size >= 4) this.workspaces.delete(this.workspaces.keys().next().value as number);
    const widths = this.network.widths;
    const L = widths.length - 1;
    let maxHidden = 1;
    for (let l = 0; l <= L; l++) maxHidden = Math.max(maxHidden, widths[l]!);
    const workspace: Workspace = {
      batch,
      activationsT: widths.map((w) => new Float32Array(w * batch)),
      activations: widths.slice(0, L).map((w, l) => new Float32Array(l === 0 ? 0 : w * batch)),
      outputs: new Float32Array(this.outputSize * batch),
      outputGradient: new Float32Array(this.outputSize * batch),
      deltas: [new Float32Array(maxHidden * batch), new Float32Array(maxHidden * batch)],
      biasSums: new Float64Array(maxHidden),
      batchLabels: new Int32Array(batch),
      inputRows: new Float32Array(widths[0]! * batch),
      batchTargets: new Float32Array(this.outputSize * batch),
    };
    this.workspaces.set(batch, workspace);
    return workspace;
  }

  private checkIndices(fn: string, indices: Int32Array): void {
    if (!(indices instanceof Int32Array)) {
      throw new TypeError(`${fn}: indices must be an Int32Array, got ${Object.prototype.toString.call(indices)}`);
    }
    if (indices.length === 0) throw new RangeError(`${fn}: indices must hold at least one sample index, got none`);
    const n = this.numSamples;
    for (let i = 0; i < indices.length; i++) {
      const v = indices[i]!;
      if (v < 0 || v >= n) throw new RangeError(`${fn}: indices[${i}] must be in [0, ${n - 1}], got ${v}`);
    }
  }

  /** Gathers the batch (inputs transposed, labels or targets) and runs the forward pass; `needRows` also keeps hidden activations row-major for the backward pass. */
  private forward(params: Float32Array, indices: Int32Array, needRows: boolean): Workspace {
    const B = indices.length;
    const ws = this.workspaceFor(B);
    gatherRows(this.data.inputs, this.data.inputSize, indices, ws.inputRows);
    transposeInto(ws.inputRows, B, this.data.inputSize, ws.activationsT[0]!);
    const layers = this.network.layers;
    const L = layers.length;
    const relu = this.network.activation === "relu";
    for (let l = 0; l < L; l++) {
      const layer = layers[l]!;
      const out = ws.activationsT[l + 1]!;
      const weights = params.subarray(layer.weightOffset, layer.weightOffset + layer.inputSize * layer.outputSize);
      productInto(weights, layer.outputSize, layer.inputSize, ws.activationsT[l]!, B, out);
      const hidden = l + 1 < L;
      addBiasAndActivate(out, params, layer, B, hidden && relu);
      if (hidden && needRows) transposeInto(out, layer.outputSize, B, ws.activations[l + 1]!);
    }
    transposeInto(ws.activationsT[L]!, this.outputSize, B, ws.outputs);
    if (this.data.labels) {
      const labels = this.data.labels;
      for (let b = 0; b < B; b++) ws.batchLabels[b] = labels[indices[b]!]!;
    } else {
      const targets = this.data.targets!;
      const k = this.outputSize;
      for (let b = 0; b < B; b++) ws.batchTargets.set(targets.subarray(indices[b]! * k, (indices[b]! + 1) * k), b * k);
    }
    return ws;
  }

  private batchLoss(ws: Workspace, gradient: Float32Array | null): number {
    return this.kind === "crossEntropy"
      ? softmaxCrossEntropy(ws.outputs, ws.batchLabels, this.outputSize, gradient)
      : gaussianNll(ws.outputs, ws.batchTargets, ws.batch, { gradient });
  }

  lossAndGradient(params: Float32Array, indices: Int32Array, gradient: Float32Array): number {
    checkParams("NetworkLoss.lossAndGradient", this.network, params);
    checkParams("NetworkLoss.lossAndGradient", this.network, gradient, "gradient");
    this.checkIndices("NetworkLoss.lossAndGradient", indices);
    const B = indices.length;
    const ws = this.forward(params, indices, true);
    const loss = this.batchLoss(ws, ws.outputGradient);
    const layers = this.network.layers;
    const relu = this.network.activation === "relu";
    // Deltas dL/dZ_l are kept row-major (batch x units); the output layer's is the loss gradient.
    let delta = ws.outputGradient;
    const biasSums = ws.biasSums;
    for (let l = layers.length - 1; l >= 0; l--) {
      const layer = layers[l]!;
      const nOut = layer.outputSize;
      const nIn = layer.inputSize;
      const wSize = nOut * nIn;
      // dL/dW_l = dZ_l^T A_{l-1}: (nOut x B)(B x nIn), written straight into the gradient.
      weightGradientInto(delta.subarray(0, B * nOut), l === 0 ? ws.inputRows : ws.activations[l]!, ws.activationsT[l]!, B, nOut, nIn, gradient.subarray(layer.weightOffset, layer.weightOffset + wSize));
      if (layer.biasOffset >= 0) {
        // Column sums, each accumulated in float64 over the batch in order.
        biasSums.fill(0, 0, nOut);
        for (let b = 0; b < B; b++) {
          const row = b * nOut;
          for (let o = 0; o < nOut; o++) biasSums[o] += delta[row + o]!;
        }
        for (let o = 0; o < nOut; o++) gradient[layer.biasOffset + o] = biasSums[o]!;
      }
      if (l === 0) break;
      // dA_{l-1} = dZ_l W_l: (B x nOut)(nOut x nIn).
      const deltaPrev = delta === ws.deltas[0] ? ws.deltas[1]! : ws.deltas[0]!;
      productInto(delta.subarray(0, B * nOut), B, nOut, params.subarray(layer.weightOffset, layer.weightOffset + wSize), nIn, deltaPrev.subarray(0, B * nIn));
      if (relu) {
        const a = ws.activations[l]!;
        for (let i = 0; i < B * nIn; i++) if (!(a[i]! > 0)) deltaPrev[i] = 0;
      }
      delta = deltaPrev;
    }
    return loss;
  }

  loss(params: Float32Array, indices: Int32Array): number {
    checkParams("NetworkLoss.loss", this.network, params);
    this.checkIndices("NetworkLoss.loss", indices);
    return this.batchLoss(this.forward(params, indices, false), null);
  }

  outputs(params: Float32Array, indices: Int32Array): Float32Array {
    checkParams("NetworkLoss.outputs", this.network, params);
    this.checkIndices("NetworkLoss.outputs", indices);
    return this.forward(params, indices, false).outputs.slice();
  }

  evaluate(params: Float32Array, options: EvaluateOptions = {}): Evaluation {
    checkParams("NetworkLoss.evaluate", this.network, params);
    const chunk = options.batchSize ?? 1024;
    if (!Number.isInteger(chunk) || chunk < 1) {
      throw new RangeError(`NetworkLoss.evaluate: batchSize must be an integer ≥ 1, got ${chunk}`);
    }
    let indices = options.indices;
    if (!indices) {
      indices = new Int32Array(this.numSamples);
      for (let i = 0; i < indices.length; i++) indices[i] = i;
    }
    this.checkIndices("NetworkLoss.evaluate", indices);
    let total = 0;
    let correct = 0;
    for (let start = 0; start < indices.length; start += chunk) {
      const part = indices.subarray(start, Math.min(indices.length, start + chunk));
      const ws = this.forward(params, part, false);
      total += this.batchLoss(ws, null) * part.length;
      if (this.kind === "crossEntropy") correct += countCorrect(ws.outputs, ws.batchLabels, this.outputSize);
    }
    return {
      loss: total / indices.length,
      accuracy: this.kind === "crossEntropy" ? correct / indices.length : null,
      numSamples: indices.length,
    };
  }
}

/**
 * The loss of `network` on `data` as a {@link MinibatchLoss}: softmax cross-entropy for labelled data,
 * the unit-variance Gaussian NLL (half squared error) for regression targets, in nats per sample.
 *
 * Computes the minibatch mean of the per-sample negative log-likelihood, the paper's L_n(w) restricted
 * to a batch, and its gradient by backpropagation (see the module comment for the layout). The matrix
 * products run on the project's WebAssembly kernel on the wasm backend (bit-identical to the backend's
 * own), on the active backend elsewhere; all tensors are created and disposed inside each call
 * (`tf.memory().numTensors` is unchanged). Same inputs and backend give bit-identical results. Not
 * safe to call from two async tasks at once (it reuses its buffers).
 *
 * @param network the network (its first width must equal `data.inputSize`; its last the number of
 *   classes or `data.outputSize`).
 * @param data the samples the loss averages over.
 * @returns a {@link NetworkLoss}: `lossAndGradient(params, indices, gradient)`, `loss`, `outputs`,
 *   `evaluate`. Those throw TypeError/RangeError for parameters of the wrong length or indices
 *   outside [0, numSamples - 1].
 * @throws RangeError when the network's input or output width does not fit the data.
 * @example
 * await setupBackend({ backend: "cpu" });
 * const data = supervisedData({ inputs: new Float32Array([1, 2]), inputSize: 2, targets: new Float32Array([1]) });
 * const loss = createNetworkLoss(deepLinearNetwork({ widths: [2, 1] }), data);
 * loss.loss(new Float32Array([0.5, 0.5]), new Int32Array([0])); // 0.125
 * @complexity O(B d) per call for batch size B and d parameters; two matrix products per layer
 *   forward and backward.
 * Reference: arXiv 2503.22478 (L_n as the average negative log-likelihood).
 */
export function createNetworkLoss(network: DenseNetwork, data: SupervisedData): NetworkLoss {
  return denseModel(network).createLoss(data);
}

/**
 * The named parameter blocks of a dense network: per layer `layer<l>.weight` (shape
 * `outputSize x inputSize`) and, with biases, `layer<l>.bias` (shape `outputSize`).
 * @example
 * denseParameterBlocks(denseNetwork({ widths: [2, 1] })).map((b) => b.name); // ["layer0.weight", "layer0.bias"]
 */
export function denseParameterBlocks(network: DenseNetwork): ParameterBlock[] {
  const blocks: ParameterBlock[] = [];
  for (const layer of network.layers) {
    const n = layer.inputSize * layer.outputSize;
    blocks.push({ name: `layer${layer.index}.weight`, offset: layer.weightOffset, length: n, shape: [layer.outputSize, layer.inputSize], layer: layer.index, role: "weight" });
    if (layer.biasOffset >= 0) {
      blocks.push({ name: `layer${layer.index}.bias`, offset: layer.biasOffset, length: layer.outputSize, shape: [layer.outputSize], layer: layer.index, role: "bias" });
    }
  }
  return blocks;
}

/**
 * A fully connected network as a {@link Model}: the fast path. Its loss is the hand-written
 * backpropagation of {@link createNetworkLoss} (softmax cross-entropy for labelled data, Gaussian NLL
 * for regression targets); its initialisation is {@link initializeParameters}; its description
 * `{ kind: "dense", widths, activation, bias }` rebuilds it in worker threads.
 *
 * @param network the network record (see {@link denseNetwork}).
 * @param options.engine "backend" (default: products on the tfjs backend, on wasm through the
 *   project's kernel with the backend's bits) or "plain" (plain TypeScript, for tiny networks: see
 *   {@link createTinyNetworkLoss}).
 * @returns a {@link DenseModel}; `createLoss(data)` throws RangeError when the network's input or
 *   output width does not fit the data, or the data are token sequences.
 * @example
 * const model = denseModel(denseNetwork({ widths: [784, 128, 10] }));
 * model.numParams; // 101770
 * model.blocks[2].name; // "layer1.weight"
 * model.description; // {"kind":"dense","widths":[784,128,10],"activation":"relu","bias":true}
 */
export function denseModel(network: DenseNetwork, options: { engine?: "backend" | "plain" } = {}): DenseModel {
  const engine = options.engine ?? "backend";
  if (engine !== "backend" && engine !== "plain") throw new RangeError(`denseModel: engine must be "backend" or "plain", got ${JSON.stringify(engine)}`);
  const model: DenseModel = {
    network,
    engine,
    description: { kind: "dense", widths: [...network.widths], activation: network.activation, bias: network.bias, ...(engine === "plain" ? { engine } : {}) },
    numParams: network.numParams,
    blocks: denseParameterBlocks(network),
    initialize(init: ModelInitOptions = {}) {
      return initializeParameters(network, init);
    },
    createLoss(data: ModelData): NetworkLoss {
      if (isTokenData(data)) {
        throw new RangeError(`createNetworkLoss: a dense network reads vectors, not token sequences; use transformerModel for text`);
      }
      if (engine === "plain") return plainNetworkLoss(model, data) as unknown as NetworkLoss;
      if (network.widths[0] !== data.inputSize) {
        throw new RangeError(`createNetworkLoss: network.widths[0] must equal data.inputSize = ${data.inputSize}, got ${network.widths[0]}`);
      }
      const last = network.widths[network.widths.length - 1]!;
      const expected = data.labels ? data.numClasses : data.outputSize;
      if (last !== expected) {
        throw new RangeError(
          `createNetworkLoss: the network's output width must equal the data's ${data.labels ? "numClasses" : "outputSize"} = ${expected}, got ${last}`,
        );
      }
      return new DenseNetworkLoss(model, data);
    },
  };
  return model;
}

/**
 * The cross-entropy loss of a small dense network in plain TypeScript: `denseModel(network, { engine:
 * "plain" }).createLoss(data)`. Same arithmetic as {@link createNetworkLoss} on the tfjs `cpu` backend
 * (transposed activations, float32 storage, matrix products accumulated in float64 over blocks of 48
 * and rounded into float32), so losses and gradients are bit-identical to it; only the tfjs dispatch
 * is gone. Meant for networks of up to a few thousand parameters (hundreds of them train in seconds).
 *
 * @param options.network the network (widths[0] = data.inputSize, last width = data.numClasses).
 * @param options.data labelled data (labels required).
 * @returns a {@link TinyNetworkLoss}.
 * @throws RangeError when the data has no labels or the widths do not fit the data.
 * @example
 * const data = classificationData(makeMoons({ count: 20, seed: 1 }));
 * const loss = createTinyNetworkLoss({ network: denseNetwork({ widths: [2, 3, 2] }), data });
 * loss.loss(new Float32Array(loss.numParams), new Int32Array([0, 1])); // ≈ 0.6931472
 */
export function createTinyNetworkLoss(options: TinyNetworkLossOptions): TinyNetworkLoss {
  return denseModel(options.network, { engine: "plain" }).createLoss(options.data) as unknown as TinyNetworkLoss;
}
