/**
 * The model interface: what the trainer, the samplers, trajectory capture and the experiment cache
 * need of a model, and nothing more. A model is a layout of named parameter blocks in one flat
 * Float32Array, a seeded initialisation, a loss on a data set with its gradient into that flat vector,
 * and a plain-data description from which the same model can be rebuilt (in a worker thread, or to
 * key a cache).
 *
 * Implementations: the hand-written dense network (`denseModel`, the fast path), the generic tfjs
 * autodiff path (`autodiffModel`), and the models built on it (`convolutionalModel`,
 * `transformerModel`).
 */
import type { MinibatchLoss } from "./minibatchLoss";
import type { ModelData } from "./modelData";

/** Where one named array of parameters sits in the flat vector. */
export interface ParameterBlock {
  /** Unique name within the model, e.g. "layer0.weight", "conv1.kernel", "block0.attention.query". */
  name: string;
  /** Offset of its first entry in the flat vector. */
  offset: number;
  /** Number of entries (the product of `shape`). */
  length: number;
  /** Shape, row-major (the last index varies fastest). */
  shape: number[];
  /** Layer the block belongs to (0 for the layer nearest the input): what layer selections pick. */
  layer: number;
  /** What the block is: weights (matrices, kernels), biases, embeddings, or normalisation gains. */
  role: "weight" | "bias" | "embedding" | "gain";
}

/**
 * A plain-data description of a model (JSON: numbers, strings, booleans, arrays and objects only):
 * enough to rebuild it with {@link modelFromDescription} and to key a cache. `kind` names the
 * builder in the model registry.
 */
export interface ModelDescription {
  readonly kind: string;
  readonly [key: string]: unknown;
}

/** Options of {@link Model.initialize}. */
export interface ModelInitOptions {
  /** Seed of the draws (default 0): the same seed gives the same vector on every machine and backend. */
  seed?: number;
  /** Weight scheme: "he", "glorot" or "smallNormal" (default: the model's own, He for ReLU layers). */
  scheme?: "he" | "glorot" | "smallNormal";
  /** Standard deviation of "smallNormal" weights (default 0.01; > 0). */
  std?: number;
}

/** Loss and accuracy of a model on a set of samples. */
export interface Evaluation {
  /** Mean loss in nats per sample (softmax cross-entropy or Gaussian NLL). */
  loss: number;
  /** Fraction of correct argmax predictions in [0, 1] for classification; null for regression. */
  accuracy: number | null;
  /** Number of samples evaluated. */
  numSamples: number;
}

export interface EvaluateOptions {
  /** Samples to evaluate (default: all, in order). */
  indices?: Int32Array;
  /** Samples per forward pass (default 1024; an integer ≥ 1). Larger is faster and uses more memory. */
  batchSize?: number;
}

/**
 * A recipe that rebuilds a loss in another thread: a compiled module, the name of the factory it
 * exports, and the factory's structured-cloneable options. The same shape as slt's `LossSpec`, so
 * every model loss can run SGLD chains in worker threads.
 */
export interface ModelLossSpec {
  module: string;
  factory: string;
  options: unknown;
}

/** A model's loss on one data set: a {@link MinibatchLoss} with evaluation. */
export interface ModelLoss extends MinibatchLoss {
  readonly model: Model;
  readonly data: ModelData;
  /** "crossEntropy" for labelled data and token sequences, "gaussian" for regression targets. */
  readonly kind: "crossEntropy" | "gaussian";
  /** Recipe to rebuild this loss in a worker thread; null when the model cannot be rebuilt there. */
  readonly spec: ModelLossSpec | null;
  /** Mean loss and accuracy over `indices` (default all samples), in chunks. */
  evaluate(params: Float32Array, options?: EvaluateOptions): Evaluation;
  /** Model outputs (logits or regression outputs) for `indices`, row-major, one row per prediction. */
  outputs(params: Float32Array, indices: Int32Array): Float32Array;
}

/**
 * A model: a parameter layout, a seeded initialisation, a description, and a loss on data.
 *
 * The parameters of every model live in one flat Float32Array of length `numParams`, laid out as
 * `blocks` say; optimizers, samplers and trajectories see only that vector.
 */
export interface Model {
  /** Plain-data description (rebuilds the model; keys caches). */
  readonly description: ModelDescription;
  /** Number of parameters d. */
  readonly numParams: number;
  /** The named blocks, in flat order, covering [0, numParams) without gaps. */
  readonly blocks: readonly ParameterBlock[];
  /** A fresh, seeded initial parameter vector of length numParams. */
  initialize(options?: ModelInitOptions): Float32Array;
  /** The loss of the model on `data` (throws RangeError when the data does not fit the model). */
  createLoss(data: ModelData): ModelLoss;
}

/**
 * Checks that a flat parameter vector fits a model.
 * @throws TypeError when it is not a Float32Array; RangeError when its length is not `numParams`.
 * @example
 * checkModelParams("f", { numParams: 2 }, new Float32Array(2)); // undefined
 */
export function checkModelParams(fn: string, model: { numParams: number }, params: Float32Array, name = "params"): void {
  if (!(params instanceof Float32Array)) {
    throw new TypeError(`${fn}: ${name} must be a Float32Array, got ${Object.prototype.toString.call(params)}`);
  }
  if (params.length !== model.numParams) {
    throw new RangeError(`${fn}: ${name} must have length ${model.numParams} (the model's numParams), got ${params.length}`);
  }
}

/**
 * Checks a list of parameter blocks: names unique, shapes of positive integers whose product is the
 * length, offsets contiguous from 0. Returns the total number of parameters.
 *
 * @throws RangeError naming the first block that breaks a rule.
 * @example
 * checkParameterBlocks("f", [{ name: "w", offset: 0, length: 6, shape: [2, 3], layer: 0, role: "weight" }]); // 6
 */
export function checkParameterBlocks(fn: string, blocks: readonly ParameterBlock[]): number {
  const names = new Set<string>();
  let offset = 0;
  blocks.forEach((b, i) => {
    if (typeof b.name !== "string" || b.name === "" || names.has(b.name)) {
      throw new RangeError(`${fn}: blocks[${i}].name must be a non-empty name not used before, got ${JSON.stringify(b.name)}`);
    }
    names.add(b.name);
    if (!Array.isArray(b.shape) || b.shape.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new RangeError(`${fn}: blocks[${i}] (${b.name}).shape must list positive integers, got ${JSON.stringify(b.shape)}`);
    }
    const size = b.shape.reduce((p, s) => p * s, 1);
    if (b.length !== size) throw new RangeError(`${fn}: blocks[${i}] (${b.name}).length must be the product of its shape (${size}), got ${b.length}`);
    if (b.offset !== offset) throw new RangeError(`${fn}: blocks[${i}] (${b.name}).offset must be ${offset} (blocks are contiguous, in order), got ${b.offset}`);
    if (!Number.isInteger(b.layer) || b.layer < 0) throw new RangeError(`${fn}: blocks[${i}] (${b.name}).layer must be an integer ≥ 0, got ${b.layer}`);
    offset += size;
  });
  if (offset < 1) throw new RangeError(`${fn}: a model needs at least one parameter, got blocks of total length 0`);
  return offset;
}

/**
 * Lays out blocks given by name, shape, layer and role one after another (offsets and lengths filled in).
 * @example
 * layoutBlocks([{ name: "w", shape: [2, 3], layer: 0, role: "weight" }, { name: "b", shape: [3], layer: 0, role: "bias" }])[1].offset; // 6
 */
export function layoutBlocks(specs: readonly { name: string; shape: number[]; layer: number; role: ParameterBlock["role"] }[]): ParameterBlock[] {
  let offset = 0;
  return specs.map((s) => {
    const length = s.shape.reduce((p, v) => p * v, 1);
    const block: ParameterBlock = { name: s.name, offset, length, shape: [...s.shape], layer: s.layer, role: s.role };
    offset += length;
    return block;
  });
}

/** Number of layers of a model: one more than the largest block layer. */
export function numLayers(model: { blocks: readonly ParameterBlock[] }): number {
  return model.blocks.reduce((m, b) => Math.max(m, b.layer + 1), 0);
}

/**
 * Positions in the flat vector of the parameters of chosen layers, ascending.
 *
 * @param model any model (or anything with `blocks`).
 * @param layers layer numbers, each an integer in [0, number of layers - 1], none repeated.
 * @throws RangeError for a layer number out of range or repeated.
 * @example
 * const model = denseModel(denseNetwork({ widths: [2, 2, 1] }));
 * blockParameterIndices(model, { layers: [1] }); // Int32Array [6, 7, 8]
 */
export function blockParameterIndices(model: { blocks: readonly ParameterBlock[] }, selection: { layers?: number[]; blocks?: string[] }): Int32Array {
  const fn = "blockParameterIndices";
  const L = numLayers(model);
  const chosen = new Set<ParameterBlock>();
  if (selection.layers) {
    const seen = new Set<number>();
    for (const l of selection.layers) {
      if (!Number.isInteger(l) || l < 0 || l >= L) throw new RangeError(`${fn}: layer numbers must be integers in [0, ${L - 1}], got ${l}`);
      if (seen.has(l)) throw new RangeError(`${fn}: layer ${l} is listed twice`);
      seen.add(l);
    }
    for (const b of model.blocks) if (seen.has(b.layer)) chosen.add(b);
  }
  if (selection.blocks) {
    for (const name of selection.blocks) {
      const b = model.blocks.find((x) => x.name === name);
      if (!b) throw new RangeError(`${fn}: no block named ${JSON.stringify(name)}; the model's blocks are ${model.blocks.map((x) => x.name).join(", ")}`);
      chosen.add(b);
    }
  }
  const list = [...chosen].sort((a, b) => a.offset - b.offset);
  const out = new Int32Array(list.reduce((s, b) => s + b.length, 0));
  let k = 0;
  for (const b of list) for (let i = 0; i < b.length; i++) out[k++] = b.offset + i;
  return out;
}

/**
 * One block of a flat parameter vector, as a view (writing into it writes into `params`).
 * @throws RangeError when no block has that name.
 * @example
 * const model = denseModel(denseNetwork({ widths: [2, 1] }));
 * blockView(model, new Float32Array([1, 2, 3]), "layer0.bias"); // Float32Array [3]
 */
export function blockView(model: { blocks: readonly ParameterBlock[] }, params: Float32Array, name: string): Float32Array {
  const b = model.blocks.find((x) => x.name === name);
  if (!b) throw new RangeError(`blockView: no block named ${JSON.stringify(name)}; the model's blocks are ${model.blocks.map((x) => x.name).join(", ")}`);
  return params.subarray(b.offset, b.offset + b.length);
}
