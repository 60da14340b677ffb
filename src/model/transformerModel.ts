/**
 * A decoder-only transformer language model: token and learned position embeddings, pre-LayerNorm
 * blocks of causal multi-head attention and an MLP, a final LayerNorm and an output projection.
 */
import type * as tf from "@tensorflow/tfjs-core";
import { autodiffModel, type AutodiffModel, type Tfjs } from "./autodiffModel";

/** Options of {@link transformerModel} (plain data: also its description). */
export interface TransformerModelOptions {
  /** Vocabulary size V (integer ≥ 2). */
  vocabSize: number;
  /** Context length T: tokens read per sample (integer ≥ 1); the data's contextLength must match. */
  contextLength: number;
  /** Width d of the residual stream (default 64); a multiple of numHeads. */
  modelDim?: number;
  /** Number of blocks (default 2). */
  numLayers?: number;
  /** Attention heads per block (default 4). */
  numHeads?: number;
  /** Hidden width of each block's MLP (default 4 modelDim). */
  mlpDim?: number;
  /** MLP nonlinearity (default "relu", as PyTorch's TransformerEncoderLayer; "gelu": the tanh approximation, as GPT-2). */
  activation?: "relu" | "gelu";
}

interface TransformerConfig {
  vocabSize: number;
  contextLength: number;
  modelDim: number;
  numLayers: number;
  numHeads: number;
  mlpDim: number;
  activation: "relu" | "gelu";
}

const masks = new Map<number, Float32Array>();

/** The causal mask: 0 on and below the diagonal, -1e9 above (a query never sees later tokens). */
function causalMask(T: number): Float32Array {
  let m = masks.get(T);
  if (!m) {
    m = new Float32Array(T * T);
    for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) m[i * T + j] = -1e9;
    masks.set(T, m);
  }
  return m;
}

/** LayerNorm over the last axis (epsilon 1e-5, as PyTorch), with gain and bias. */
function layerNorm(tf: Tfjs, x: tf.Tensor, gain: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), gain), bias);
}

function gelu(tf: Tfjs, x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

function transformerForward(p: Record<string, tf.Tensor>, inputs: tf.Tensor, tf: Tfjs, c: TransformerConfig): tf.Tensor {
  const B = inputs.shape[0]!, T = inputs.shape[1]!, d = c.modelDim, H = c.numHeads, dh = d / H;
  if (T !== c.contextLength) throw new RangeError(`transformerModel: the data's windows hold ${T} tokens, the model's contextLength is ${c.contextLength}; build the data with tokenData({ contextLength: ${c.contextLength} })`);
  const rows = B * T;
  // Embeddings: gather rows of the token table (its gradient is a segment sum), plus positions.
  let h = tf.add(tf.reshape(tf.gather(p.tokenEmbedding!, tf.reshape(inputs, [rows])), [B, T, d]), p.positionEmbedding!);
  const mask = tf.tensor(causalMask(T), [T, T]);
  const heads = (x: tf.Tensor): tf.Tensor => tf.transpose(tf.reshape(x, [B, T, H, dh]), [0, 2, 1, 3]);
  for (let l = 0; l < c.numLayers; l++) {
    const b = `block${l}`;
    const a = tf.reshape(layerNorm(tf, h, p[`${b}.norm1.gain`]!, p[`${b}.norm1.bias`]!), [rows, d]);
    const q = heads(tf.add(tf.matMul(a, p[`${b}.attention.query`]!), p[`${b}.attention.queryBias`]!));
    const k = heads(tf.add(tf.matMul(a, p[`${b}.attention.key`]!), p[`${b}.attention.keyBias`]!));
    const v = heads(tf.add(tf.matMul(a, p[`${b}.attention.value`]!), p[`${b}.attention.valueBias`]!));
    const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)), mask);
    const attended = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), v), [0, 2, 1, 3]), [rows, d]);
    const projected = tf.add(tf.matMul(attended, p[`${b}.attention.output`]!), p[`${b}.attention.outputBias`]!);
    h = tf.add(h, tf.reshape(projected, [B, T, d]));
    const m = tf.reshape(layerNorm(tf, h, p[`${b}.norm2.gain`]!, p[`${b}.norm2.bias`]!), [rows, d]);
    const pre = tf.add(tf.matMul(m, p[`${b}.mlp.weight1`]!), p[`${b}.mlp.bias1`]!);
    const hidden = c.activation === "gelu" ? gelu(tf, pre) : tf.relu(pre);
    const out = tf.add(tf.matMul(hidden, p[`${b}.mlp.weight2`]!), p[`${b}.mlp.bias2`]!);
    h = tf.add(h, tf.reshape(out, [B, T, d]));
  }
  const final = tf.reshape(layerNorm(tf, h, p["final.norm.gain"]!, p["final.norm.bias"]!), [rows, d]);
  return tf.reshape(tf.add(tf.matMul(final, p["output.weight"]!), p["output.bias"]!), [B, T, c.vocabSize]);
}

/**
 * A decoder-only transformer language model on the generic (autodiff) path.
 *
 * Architecture (GPT-2's, with PyTorch's defaults where they differ in detail): x_0 = E[token] + P[position];
 * per block, x += Attention(LN_1(x)) with causal masking and `numHeads` heads of width d / numHeads
 * (scores scaled by 1 / sqrt(d / numHeads)), then x += W_2 act(W_1 LN_2(x) + b_1) + b_2; logits =
 * LN_f(x) W_out + b_out (untied from the embedding). LayerNorm epsilon 1e-5. Initialisation: the
 * embeddings N(0, 0.02^2), matrices Glorot uniform (PyTorch's attention default), biases 0, gains 1. The loss is the
 * next-token cross-entropy in nats per token over all T positions of every window of
 * {@link tokenData}.
 *
 * @param options see {@link TransformerModelOptions}: positive integers, modelDim a multiple of numHeads.
 * @returns an {@link AutodiffModel} whose description `{ kind: "transformer", ... }` rebuilds it.
 * @throws RangeError naming the option out of range.
 * @example
 * const lm = transformerModel({ vocabSize: 96, contextLength: 64, modelDim: 64, numLayers: 2, numHeads: 4, mlpDim: 256 });
 * lm.numParams; // 116576
 * @complexity per window: about 2 T (12 d^2 L + 2 T d L + d V) multiply-adds forward (L layers with
 *   mlpDim 4d).
 * Reference: Vaswani et al. 2017; Radford et al. 2019 (pre-LayerNorm); arXiv 2503.22478 v2 (language
 * model rows of the table).
 */
export function transformerModel(options: TransformerModelOptions): AutodiffModel<TransformerConfig> {
  const fn = "transformerModel";
  const modelDim = options.modelDim ?? 64;
  const config: TransformerConfig = {
    vocabSize: options.vocabSize,
    contextLength: options.contextLength,
    modelDim,
    numLayers: options.numLayers ?? 2,
    numHeads: options.numHeads ?? 4,
    mlpDim: options.mlpDim ?? 4 * modelDim,
    activation: options.activation ?? "relu",
  };
  for (const [name, low] of [["vocabSize", 2], ["contextLength", 1], ["modelDim", 1], ["numLayers", 1], ["numHeads", 1], ["mlpDim", 1]] as const) {
    const v = config[name];
    if (!Number.isInteger(v) || v < low) throw new RangeError(`${fn}: ${name} must be an integer ≥ ${low}, got ${v}`);
  }
  if (modelDim % config.numHeads !== 0) throw new RangeError(`${fn}: modelDim (${modelDim}) must be a multiple of numHeads, got numHeads ${config.numHeads}`);
  if (config.activation !== "relu" && config.activation !== "gelu") throw new RangeError(`${fn}: activation must be "relu" or "gelu", got ${JSON.stringify(config.activation)}`);
  const { vocabSize: V, contextLength: T, mlpDim: M, numLayers: L } = config;
  const d = modelDim;
  const blocks: { name: string; shape: number[]; layer: number; role?: "weight" | "bias" | "embedding" | "gain"; init?: "glorot" }[] = [
    { name: "tokenEmbedding", shape: [V, d], layer: 0, role: "embedding" },
    { name: "positionEmbedding", shape: [T, d], layer: 0, role: "embedding" },
  ];
  for (let l = 0; l < L; l++) {
    const b = `block${l}`, layer = l + 1;
    blocks.push(
      { name: `${b}.norm1.gain`, shape: [d], layer },
      { name: `${b}.norm1.bias`, shape: [d], layer },
      { name: `${b}.attention.query`, shape: [d, d], layer, init: "glorot" },
      { name: `${b}.attention.queryBias`, shape: [d], layer },
      { name: `${b}.attention.key`, shape: [d, d], layer, init: "glorot" },
      { name: `${b}.attention.keyBias`, shape: [d], layer },
      { name: `${b}.attention.value`, shape: [d, d], layer, init: "glorot" },
      { name: `${b}.attention.valueBias`, shape: [d], layer },
      { name: `${b}.attention.output`, shape: [d, d], layer, init: "glorot" },
      { name: `${b}.attention.outputBias`, shape: [d], layer },
      { name: `${b}.norm2.gain`, shape: [d], layer },
      { name: `${b}.norm2.bias`, shape: [d], layer },
      { name: `${b}.mlp.weight1`, shape: [d, M], layer, init: "glorot" },
      { name: `${b}.mlp.bias1`, shape: [M], layer },
      { name: `${b}.mlp.weight2`, shape: [M, d], layer, init: "glorot" },
      { name: `${b}.mlp.bias2`, shape: [d], layer },
    );
  }
  blocks.push(
    { name: "final.norm.gain", shape: [d], layer: L + 1 },
    { name: "final.norm.bias", shape: [d], layer: L + 1 },
    { name: "output.weight", shape: [d, V], layer: L + 1, init: "glorot" },
    { name: "output.bias", shape: [V], layer: L + 1 },
  );
  return autodiffModel<TransformerConfig>({ name: fn, blocks, forward: transformerForward, config, description: { kind: "transformer", ...config } });
}
