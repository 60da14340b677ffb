/**
 * The generic path: any tfjs forward function over named parameter tensors becomes a {@link Model},
 * differentiated by tfjs (`tf.valueAndGrads`).
 *
 * Each call of `lossAndGradient` makes one tensor per parameter block from the flat vector and one
 * for the batch (gathered into reused buffers: nothing is allocated on the JavaScript side per step),
 * runs the forward function under the gradient tape, reads the outputs, computes the loss and its
 * gradient with respect to the outputs in float64 (the same `softmaxCrossEntropy` and `gaussianNll`
 * as the dense fast path), and backpropagates that output gradient through tfjs (the scalar
 * `sum(outputs * dL/doutputs)` has exactly the parameter gradient of the loss). Gradients are read
 * straight into the flat gradient vector; every tensor is disposed before the call returns. On wasm
 * the project kernels of `wasmKernels.ts` supply the gradients the backend lacks.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createRandom } from "../util/random";
import { gaussianNll } from "./gaussianNll";
import { checkModelParams, checkParameterBlocks, layoutBlocks, type EvaluateOptions, type Evaluation, type Model, type ModelDescription, type ModelInitOptions, type ModelLoss, type ParameterBlock } from "./model";
import type { ModelData } from "./modelData";
import { modelLossSpec } from "./modelLossSpec";
import { countCorrect, softmaxCrossEntropy } from "./softmaxCrossEntropy";
import type { SupervisedData } from "./supervisedData";
import { isTokenData, type TokenData } from "./tokenData";
import { registerProjectKernels } from "./wasmKernels";

/** The tfjs functions a forward function may call (the tfjs-core namespace). */
export type Tfjs = typeof tf;

/**
 * A forward function: named parameter tensors (shapes as the blocks say) and a batch of inputs to
 * outputs. Inputs are float32 `[batch, ...inputShape]` for vector and image data, int32
 * `[batch, contextLength]` for token data. Outputs: `[batch, classes]` logits (labelled data),
 * `[batch, outputs]` (regression), or `[batch, contextLength, vocabSize]` next-token logits.
 * A forward function that reads only its arguments (`tf` included) is portable: worker threads
 * rebuild it from its source text.
 */
export type ForwardFunction<C = unknown> = (params: Record<string, tf.Tensor>, inputs: tf.Tensor, tf: Tfjs, config: C) => tf.Tensor;

/**
 * Initialisation of a block: "he" N(0, 2 / fanIn); "glorot" U(±sqrt(6 / (fanIn + fanOut)));
 * `{ normal: std }`; "zeros"; "ones". fanIn is the product of all dimensions but the last, fanOut the
 * last times the product of all but the last two (Keras's convention for `[in, out]` matrices and
 * `[kh, kw, in, out]` kernels).
 */
export type BlockInit = "he" | "glorot" | "zeros" | "ones" | { normal: number };

/** A parameter block of an autodiff model, as its author writes it. */
export interface BlockSpec {
  name: string;
  shape: number[];
  /** Initialisation (default: "zeros" for biases, "ones" for gains, { normal: 0.02 } for embeddings, else "he"). */
  init?: BlockInit;
  /** Layer number (default: blocks sharing the name's first part, before a ".", share a layer, numbered in order). */
  layer?: number;
  /** Role (default from the name: "...bias" → bias, "...gain"/"...scale" → gain, "...embedding" → embedding, else weight). */
  role?: ParameterBlock["role"];
}

export interface AutodiffModelOptions<C = unknown> {
  /** A name for messages and descriptions. */
  name: string;
  /** The parameter blocks, in flat order. */
  blocks: BlockSpec[];
  /** The forward function (see {@link ForwardFunction}). */
  forward: ForwardFunction<C>;
  /** Shape of one input sample of vector or image data (default `[inputSize]`); e.g. [28, 28, 1]. */
  inputShape?: number[];
  /** Plain data handed to the forward function as its fourth argument (and stored in the description). */
  config?: C;
  /**
   * The description to report instead of the autodiff one (models built on this path, e.g.
   * `convolutionalModel`, describe themselves by their own kind and options).
   */
  description?: ModelDescription;
}

/** An autodiff model: a {@link Model} with its forward function. */
export interface AutodiffModel<C = unknown> extends Model {
  readonly forward: ForwardFunction<C>;
  readonly config: C;
  readonly inputShape: number[] | null;
}

let gradientsLoaded = false;
/** Models whose forward function has been checked for portability. */
const probed = new WeakSet<object>();

/** tfjs-core registers no gradients by itself; the @tensorflow/tfjs bundle registers all of them. */
function ensureGradients(): void {
  if (gradientsLoaded) return;
  if (!tf.getGradient("BatchMatMul")) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("@tensorflow/tfjs");
  }
  gradientsLoaded = true;
}

function defaultRole(name: string): ParameterBlock["role"] {
  const last = name.split(".").pop()!.toLowerCase();
  if (last.endsWith("bias")) return "bias";
  if (last.endsWith("gain") || last.endsWith("scale") || last === "gamma") return "gain";
  if (last.endsWith("embedding")) return "embedding";
  return "weight";
}

function defaultInit(role: ParameterBlock["role"]): BlockInit {
  return role === "bias" ? "zeros" : role === "gain" ? "ones" : role === "embedding" ? { normal: 0.02 } : "he";
}

/** Reads a float32 tensor into `out` (straight from the wasm heap when possible). */
function readInto(tensor: tf.Tensor, out: Float32Array): void {
  const backend = tf.backend() as unknown as { typedArrayFromHeap?: (t: tf.Tensor) => Float32Array };
  if (typeof backend.typedArrayFromHeap === "function") out.set(backend.typedArrayFromHeap(tensor));
  else out.set(tensor.dataSync() as Float32Array);
}

/** The source text of a function when it can be rebuilt from that text alone, else null. */
function portableSource(forward: (...args: never[]) => unknown): string | null {
  const source = Function.prototype.toString.call(forward);
  if (/\[native code\]/.test(source)) return null;
  try {
    const rebuilt = new Function(`return (${source});`)() as unknown;
    return typeof rebuilt === "function" ? source : null;
  } catch {
    return null; // a method shorthand or other text that is not an expression
  }
}

/**
 * Rebuilds a forward function from its source text. @internal used by the model registry.
 * @throws TypeError when the text is not a function expression.
 */
export function forwardFromSource(source: string): ForwardFunction {
  let rebuilt: unknown;
  try {
    rebuilt = new Function(`return (${source});`)();
  } catch (error) {
    throw new TypeError(`forwardFromSource: the source is not a function expression (${(error as Error).message})`);
  }
  if (typeof rebuilt !== "function") throw new TypeError(`forwardFromSource: the source is not a function expression`);
  return rebuilt as ForwardFunction;
}

/**
 * A model from a tfjs forward function over named parameter blocks, differentiated by tfjs.
 *
 * The generic path: any architecture tfjs can express (convolutions, attention, normalisation)
 * trains, captures and samples through the same calls as the dense fast path. Its loss is the
 * softmax cross-entropy of the outputs (labelled data, and next-token prediction on token data: nats
 * per predicted token) or the unit-variance Gaussian NLL (regression), in nats per sample.
 * Initialisation draws the blocks in flat order from one generator seeded by `seed`.
 *
 * @param options.name a non-empty name.
 * @param options.blocks the parameter blocks (unique names, positive integer shapes), in flat order.
 * @param options.forward `(params, inputs, tf, config) => outputs`; see {@link ForwardFunction}.
 * @param options.inputShape shape of one sample of vector or image data (default `[inputSize]`).
 * @param options.config plain data passed to `forward` (default null).
 * @returns an {@link AutodiffModel}. Its description is `{ kind: "autodiff", name, blocks, inputShape,
 *   config, forward: <source>, portable }`; portable models (forward reads only its arguments) are
 *   rebuilt from the source in worker threads, others train and sample in this thread.
 * @throws RangeError for bad blocks or names; TypeError when forward is not a function. Its losses
 *   throw RangeError when the forward's output shape does not fit the data, naming both shapes.
 * @example
 * const model = autodiffModel({
 *   name: "linear",
 *   blocks: [{ name: "dense.weight", shape: [2, 3] }, { name: "dense.bias", shape: [3] }],
 *   forward: (p, x, tf) => tf.add(tf.matMul(x, p["dense.weight"]), p["dense.bias"]),
 * });
 * model.numParams; // 9
 * model.description.portable; // true
 * @complexity per step: the forward and backward passes on the backend, plus O(d) to copy parameters
 *   in and gradients out.
 * Reference: arXiv 2503.22478 (v2 measures models of several families).
 */
export function autodiffModel<C = unknown>(options: AutodiffModelOptions<C>): AutodiffModel<C> {
  const fn = "autodiffModel";
  if (typeof options.name !== "string" || options.name === "") throw new RangeError(`${fn}: name must be a non-empty string, got ${JSON.stringify(options.name)}`);
  if (typeof options.forward !== "function") throw new TypeError(`${fn}: forward must be a function (params, inputs, tf, config) => outputs, got ${typeof options.forward}`);
  if (!Array.isArray(options.blocks) || options.blocks.length === 0) throw new RangeError(`${fn}: blocks must list at least one parameter block`);
  const groups = new Map<string, number>();
  const specs = options.blocks.map((b) => {
    const group = String(b.name).split(".")[0]!;
    if (!groups.has(group)) groups.set(group, groups.size);
    const role = b.role ?? defaultRole(String(b.name));
    return { name: b.name, shape: b.shape, layer: b.layer ?? groups.get(group)!, role, init: b.init ?? defaultInit(role) };
  });
  const blocks = layoutBlocks(specs);
  const numParams = checkParameterBlocks(fn, blocks);
  const inputShape = options.inputShape ? [...options.inputShape] : null;
  if (inputShape && inputShape.some((s) => !Number.isInteger(s) || s < 1)) throw new RangeError(`${fn}: inputShape must list positive integers, got ${JSON.stringify(inputShape)}`);
  const config = (options.config ?? null) as C;
  const source = options.description ? null : portableSource(options.forward);
  const description: ModelDescription = options.description ?? {
    kind: "autodiff",
    name: options.name,
    blocks: specs.map((s) => ({ name: s.name, shape: s.shape, layer: s.layer, role: s.role, init: s.init })),
    inputShape,
    config,
    forward: source ?? Function.prototype.toString.call(options.forward),
    portable: source !== null,
  };
  const model: AutodiffModel<C> = {
    description,
    numParams,
    blocks,
    forward: options.forward,
    config,
    inputShape,
    initialize(init: ModelInitOptions = {}) {
      const scheme = init.scheme;
      const std = init.std ?? 0.01;
      if (scheme !== undefined && scheme !== "he" && scheme !== "glorot" && scheme !== "smallNormal") {
        throw new RangeError(`${options.name}.initialize: scheme must be "he", "glorot" or "smallNormal", got ${JSON.stringify(scheme)}`);
      }
      if (!Number.isFinite(std) || std <= 0) throw new RangeError(`${options.name}.initialize: std must be a finite number > 0, got ${std}`);
      const rng = createRandom(init.seed ?? 0);
      const params = new Float32Array(numParams);
      blocks.forEach((b, i) => {
        const view = params.subarray(b.offset, b.offset + b.length);
        let rule = specs[i]!.init;
        if (scheme && b.role === "weight") rule = scheme === "smallNormal" ? { normal: std } : scheme;
        const shape = b.shape;
        const fanIn = shape.length > 1 ? shape.slice(0, -1).reduce((p, s) => p * s, 1) : shape[0]!;
        const fanOut = shape[shape.length - 1]! * (shape.length > 2 ? shape.slice(0, -2).reduce((p, s) => p * s, 1) : 1);
        if (rule === "zeros") view.fill(0);
        else if (rule === "ones") view.fill(1);
        else if (rule === "he") rng.fillNormal(view, 0, Math.sqrt(2 / fanIn));
        else if (rule === "glorot") {
          const limit = Math.sqrt(6 / (fanIn + fanOut));
          rng.fillUniform(view, -limit, limit);
        } else if (typeof rule === "object" && rule !== null && Number.isFinite(rule.normal) && rule.normal >= 0) rng.fillNormal(view, 0, rule.normal);
        else throw new RangeError(`${options.name}.initialize: block ${b.name} has an unknown init ${JSON.stringify(rule)}`);
      });
      return params;
    },
    createLoss(data: ModelData): ModelLoss {
      return new AutodiffLoss(model as unknown as AutodiffModel, data, options.name);
    },
  };
  return model;
}

/** Scratch buffers of one batch size. */
interface Batch {
  size: number;
  /** Inputs: float32 rows (vector data) or int32 token windows. */
  inputs: Float32Array | Int32Array;
  /** Labels per prediction (classification, tokens), or regression targets. */
  labels: Int32Array;
  targets: Float32Array;
  outputs: Float32Array;
  outputGradient: Float32Array;
}

class AutodiffLoss implements ModelLoss {
  readonly numParams: number;
  readonly numSamples: number;
  readonly kind: "crossEntropy" | "gaussian";
  readonly spec: ModelLoss["spec"];
  private readonly tokens: TokenData | null;
  private readonly vectors: SupervisedData | null;
  /** Predictions per sample (contextLength for tokens, else 1) and outputs per prediction. */
  private readonly perSample: number;
  private readonly width: number;
  private readonly sampleShape: number[];
  private readonly batches = new Map<number, Batch>();

  constructor(
    readonly model: AutodiffModel,
    readonly data: ModelData,
    private readonly name: string,
  ) {
    ensureGradients();
    if (tf.getBackend() === "wasm") registerProjectKernels();
    this.numParams = model.numParams;
    this.numSamples = data.numSamples;
    if (isTokenData(data)) {
      this.tokens = data;
      this.vectors = null;
      this.kind = "crossEntropy";
      this.perSample = data.contextLength;
      this.width = data.vocabSize;
      this.sampleShape = [data.contextLength];
    } else {
      this.tokens = null;
      this.vectors = data;
      this.kind = data.labels ? "crossEntropy" : "gaussian";
      this.perSample = 1;
      this.width = data.labels ? data.numClasses : data.outputSize;
      this.sampleShape = model.inputShape ?? [data.inputSize];
      const size = this.sampleShape.reduce((p, s) => p * s, 1);
      if (size !== data.inputSize) {
        throw new RangeError(`${name}.createLoss: inputShape ${JSON.stringify(this.sampleShape)} holds ${size} numbers, but the data's samples hold ${data.inputSize}`);
      }
    }
    if (model.description.kind === "autodiff" && model.description.portable === true && !probed.has(model)) {
      probed.add(model);
      if (!this.rebuildsIdentically()) (model.description as unknown as { portable: boolean }).portable = false;
    }
    this.spec = modelLossSpec(model, data);
  }

  /**
   * Whether the forward function rebuilt from its source gives the same outputs as the original on
   * one sample (false when it reads a name outside its arguments, which only the original can see).
   */
  private rebuildsIdentically(): boolean {
    try {
      const rebuilt = forwardFromSource(this.model.description.forward as string);
      const params = this.model.initialize({ seed: 1 });
      const batch = this.gather(Int32Array.from([0]));
      return tf.tidy(() => {
        const named = this.named(this.paramTensors(params));
        const inputs = this.inputTensor(batch);
        const a = this.outputsOf(named, inputs, batch).dataSync();
        const b = rebuilt(named, inputs, tf, this.model.config).dataSync();
        return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
      });
    } catch {
      return false;
    }
  }

  private batchFor(size: number): Batch {
    const cached = this.batches.get(size);
    if (cached) return cached;
    if (this.batches.size >= 4) this.batches.delete(this.batches.keys().next().value as number);
    const predictions = size * this.perSample;
    const batch: Batch = {
      size,
      inputs: this.tokens ? new Int32Array(size * this.perSample) : new Float32Array(size * this.vectors!.inputSize),
      labels: new Int32Array(predictions),
      targets: new Float32Array(this.kind === "gaussian" ? predictions * this.width : 0),
      outputs: new Float32Array(predictions * this.width),
      outputGradient: new Float32Array(predictions * this.width),
    };
    this.batches.set(size, batch);
    return batch;
  }

  private checkIndices(fn: string, indices: Int32Array): void {
    if (!(indices instanceof Int32Array)) throw new TypeError(`${fn}: indices must be an Int32Array, got ${Object.prototype.toString.call(indices)}`);
    if (indices.length === 0) throw new RangeError(`${fn}: indices must hold at least one sample index, got none`);
    const n = this.numSamples;
    for (let i = 0; i < indices.length; i++) {
      const v = indices[i]!;
      if (!(v >= 0 && v < n)) throw new RangeError(`${fn}: indices[${i}] must be in [0, ${n - 1}], got ${v}`);
    }
  }

  /** Gathers the inputs and labels (or targets) of `indices` into the batch buffers. */
  private gather(indices: Int32Array): Batch {
    const B = indices.length;
    const batch = this.batchFor(B);
    if (this.tokens) {
      const { tokens, starts, contextLength: T } = this.tokens;
      const inputs = batch.inputs as Int32Array;
      for (let b = 0; b < B; b++) {
        const s = starts[indices[b]!]!;
        for (let t = 0; t < T; t++) {
          inputs[b * T + t] = tokens[s + t]!;
          batch.labels[b * T + t] = tokens[s + t + 1]!;
        }
      }
    } else {
      const data = this.vectors!;
      const d = data.inputSize;
      const inputs = batch.inputs as Float32Array;
      for (let b = 0; b < B; b++) inputs.set(data.inputs.subarray(indices[b]! * d, (indices[b]! + 1) * d), b * d);
      if (data.labels) for (let b = 0; b < B; b++) batch.labels[b] = data.labels[indices[b]!]!;
      else {
        const k = this.width;
        for (let b = 0; b < B; b++) batch.targets.set(data.targets!.subarray(indices[b]! * k, (indices[b]! + 1) * k), b * k);
      }
    }
    return batch;
  }

  private inputTensor(batch: Batch): tf.Tensor {
    return this.tokens
      ? tf.tensor(batch.inputs as Int32Array, [batch.size, ...this.sampleShape], "int32")
      : tf.tensor(batch.inputs as Float32Array, [batch.size, ...this.sampleShape], "float32");
  }

  private paramTensors(params: Float32Array): tf.Tensor[] {
    return this.model.blocks.map((b) => tf.tensor(params.subarray(b.offset, b.offset + b.length), b.shape, "float32"));
  }

  private named(tensors: tf.Tensor[]): Record<string, tf.Tensor> {
    const out: Record<string, tf.Tensor> = {};
    this.model.blocks.forEach((b, i) => (out[b.name] = tensors[i]!));
    return out;
  }

  /** Runs the forward function and checks and flattens its outputs to `[predictions, width]`. */
  private outputsOf(params: Record<string, tf.Tensor>, inputs: tf.Tensor, batch: Batch): tf.Tensor2D {
    const out = this.model.forward(params, inputs, tf, this.model.config);
    if (!(out instanceof tf.Tensor)) throw new TypeError(`${this.name}: forward must return a tensor, got ${Object.prototype.toString.call(out)}`);
    const rows = batch.size * this.perSample;
    if (out.size !== rows * this.width || out.shape[out.shape.length - 1] !== this.width) {
      const expected = this.tokens ? `[${batch.size}, ${this.perSample}, ${this.width}]` : `[${batch.size}, ${this.width}]`;
      throw new RangeError(`${this.name}: forward returned outputs of shape ${JSON.stringify(out.shape)}; this data needs ${expected}`);
    }
    return tf.reshape(out, [rows, this.width]) as tf.Tensor2D;
  }

  private batchLoss(batch: Batch, gradient: Float32Array | null): number {
    return this.kind === "crossEntropy"
      ? softmaxCrossEntropy(batch.outputs, batch.labels, this.width, gradient)
      : gaussianNll(batch.outputs, batch.targets, batch.size, { gradient });
  }

  lossAndGradient(params: Float32Array, indices: Int32Array, gradient: Float32Array): number {
    checkModelParams(`${this.name}.lossAndGradient`, this.model, params);
    checkModelParams(`${this.name}.lossAndGradient`, this.model, gradient, "gradient");
    this.checkIndices(`${this.name}.lossAndGradient`, indices);
    const batch = this.gather(indices);
    let loss = NaN;
    tf.tidy(() => {
      const inputs = this.inputTensor(batch);
      const f = (...tensors: tf.Tensor[]): tf.Scalar => {
        const outputs = this.outputsOf(this.named(tensors), inputs, batch);
        readInto(outputs, batch.outputs);
        loss = this.batchLoss(batch, batch.outputGradient);
        // d/dw sum(outputs * G) = J^T G: the loss's gradient when G = dL/doutputs (held fixed).
        return tf.sum(tf.mul(outputs, tf.tensor(batch.outputGradient, outputs.shape, "float32")));
      };
      const { grads } = tf.valueAndGrads(f)(this.paramTensors(params));
      this.model.blocks.forEach((b, i) => readInto(grads[i]!, gradient.subarray(b.offset, b.offset + b.length)));
    });
    return loss;
  }

  loss(params: Float32Array, indices: Int32Array): number {
    checkModelParams(`${this.name}.loss`, this.model, params);
    this.checkIndices(`${this.name}.loss`, indices);
    const batch = this.forwardOnly(params, indices);
    return this.batchLoss(batch, null);
  }

  private forwardOnly(params: Float32Array, indices: Int32Array): Batch {
    const batch = this.gather(indices);
    tf.tidy(() => readInto(this.outputsOf(this.named(this.paramTensors(params)), this.inputTensor(batch), batch), batch.outputs));
    return batch;
  }

  outputs(params: Float32Array, indices: Int32Array): Float32Array {
    checkModelParams(`${this.name}.outputs`, this.model, params);
    this.checkIndices(`${this.name}.outputs`, indices);
    return this.forwardOnly(params, indices).outputs.slice();
  }

  evaluate(params: Float32Array, options: EvaluateOptions = {}): Evaluation {
    checkModelParams(`${this.name}.evaluate`, this.model, params);
    const chunk = options.batchSize ?? Math.max(1, Math.floor(1024 / this.perSample));
    if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`${this.name}.evaluate: batchSize must be an integer ≥ 1, got ${chunk}`);
    let indices = options.indices;
    if (!indices) indices = Int32Array.from({ length: this.numSamples }, (_, i) => i);
    this.checkIndices(`${this.name}.evaluate`, indices);
    let total = 0, correct = 0;
    for (let start = 0; start < indices.length; start += chunk) {
      const part = indices.subarray(start, Math.min(indices.length, start + chunk));
      const batch = this.forwardOnly(params, part);
      total += this.batchLoss(batch, null) * part.length;
      if (this.kind === "crossEntropy") correct += countCorrect(batch.outputs, batch.labels, this.width);
    }
    return {
      loss: total / indices.length,
      accuracy: this.kind === "crossEntropy" ? correct / (indices.length * this.perSample) : null,
      numSamples: indices.length,
    };
  }
}
