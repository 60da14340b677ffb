import { createRandom, type Random } from "../util/random";
import { aoyagiLearningCoefficient } from "./aoyagiLearningCoefficient";
import type { LossSpec, SpecifiedLoss } from "./lossSpec";

/** Options of {@link createDeepLinearNetworkLoss}. */
export interface DeepLinearNetworkOptions {
  /** Layer widths [H_0 (input), H_1, ..., H_L (output)], integers >= 1, at least 2 entries. */
  widths: number[];
  /** Rank r of the true map, an integer in [0, min widths]. */
  rank: number;
  /** Number of data samples n, an integer >= 1. */
  numSamples: number;
  /**
   * Standard deviation of the noise added to the targets (default 0). The model's likelihood always
   * has unit noise variance; with noiseStd = 0 the true parameter is an exact minimiser of L_n, so an
   * LLC estimate at it measures the estimator alone (no data-fluctuation term).
   */
  noiseStd?: number;
  /** Seed of the true map and the data. */
  seed: number;
}

/** A deep linear network regression loss with its ground truth. */
export interface DeepLinearNetworkLoss extends SpecifiedLoss {
  readonly widths: readonly number[];
  readonly rank: number;
  /** Offsets of each layer W_l (l = 1..L) in the flat parameter vector; entry L is numParams. */
  readonly layerOffsets: readonly number[];
  /**
   * A true parameter w*: every layer has rank exactly r (W_l = A_l S_l A_{l-1}^T with orthonormal
   * A_l and orthogonal r x r S_l), the most singular point of the true set, where the local learning
   * coefficient equals Aoyagi's global one. All zeros when r = 0.
   */
  readonly trueParams: Float32Array;
  /** Aoyagi's learning coefficient of the architecture at rank r. */
  readonly learningCoefficient: number;
  /** Inputs, n x H_0 row-major. */
  readonly inputs: Float64Array;
  /** Targets, n x H_L row-major. */
  readonly targets: Float64Array;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Orthonormal columns (rows x cols, row-major) from a Gaussian matrix by modified Gram-Schmidt. */
export function randomOrthonormalColumns(rows: number, cols: number, random: Random): Float64Array {
  const q = random.fillNormal(new Float64Array(rows * cols));
  for (let j = 0; j < cols; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += q[i * cols + j]! * q[i * cols + p]!;
      for (let i = 0; i < rows; i++) q[i * cols + j]! -= dot * q[i * cols + p]!;
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += q[i * cols + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < rows; i++) q[i * cols + j]! /= norm;
  }
  return q;
}

function checkOptions(fn: string, o: DeepLinearNetworkOptions): void {
  if (!Array.isArray(o.widths) || o.widths.length < 2 || o.widths.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new RangeError(`${fn}: widths must be at least 2 integers >= 1, got ${JSON.stringify(o.widths)}`);
  }
  const minWidth = Math.min(...o.widths);
  if (!Number.isInteger(o.rank) || o.rank < 0 || o.rank > minWidth) {
    throw new RangeError(`${fn}: rank must be an integer in [0, ${minWidth}], got ${o.rank}`);
  }
  if (!Number.isInteger(o.numSamples) || o.numSamples < 1) {
    throw new RangeError(`${fn}: numSamples must be an integer >= 1, got ${o.numSamples}`);
  }
  const noise = o.noiseStd ?? 0;
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new RangeError(`${fn}: noiseStd must be finite and >= 0, got ${o.noiseStd}`);
}

/**
 * The Gaussian negative log-likelihood of a deep linear network x -> W_L ... W_1 x on data from a
 * true map of rank r, as a {@link MinibatchLoss} with hand-written forward and backward passes.
 *
 * Loss per sample (nats): (1/2) |y - W_L ... W_1 x|^2 + (H_L / 2) log(2 pi) (unit noise variance,
 * summed over outputs), so n beta (L - L*) is in the units of the learning coefficient lambda
 * (paper.md, "Aoyagi's learning coefficient"). Inputs x ~ N(0, I_{H_0}); targets y = W0 x + noiseStd * N(0, I).
 * Parameters: the layers W_l (H_l x H_{l-1}, row-major) concatenated from l = 1.
 *
 * @param options widths, rank, numSamples, noiseStd (default 0), seed; see {@link DeepLinearNetworkOptions}.
 * @returns the loss with trueParams (w*), learningCoefficient (Aoyagi), data and a worker spec.
 * @throws RangeError for widths, rank, numSamples or noiseStd out of range.
 * @example
 * const dln = createDeepLinearNetworkLoss({ widths: [3, 4, 2], rank: 1, numSamples: 100, seed: 1 });
 * dln.numParams; // 20
 * dln.learningCoefficient; // 3
 * dln.loss(dln.trueParams, Int32Array.from([0, 1, 2])) === 2 * 0.5 * Math.log(2 * Math.PI); // true
 *
 * Complexity: one lossAndGradient costs about 6 d m flops for d parameters and batch size m.
 * Reference: Furman & Lau 2024, arXiv 2402.03698 (deep linear networks as LLC ground truth).
 */
export function createDeepLinearNetworkLoss(options: DeepLinearNetworkOptions): DeepLinearNetworkLoss {
  const fn = "createDeepLinearNetworkLoss";
  checkOptions(fn, options);
  const widths = [...options.widths];
  const { rank, numSamples } = options;
  const noiseStd = options.noiseStd ?? 0;
  const random = createRandom(options.seed);
  const L = widths.length - 1;
  const layerOffsets = [0];
  for (let l = 1; l <= L; l++) layerOffsets.push(layerOffsets[l - 1]! + widths[l]! * widths[l - 1]!);
  const numParams = layerOffsets[L]!;

  // True parameter: W_l = A_l S_l A_{l-1}^T.
  const trueParams = new Float32Array(numParams);
  if (rank > 0) {
    const frames = widths.map((h) => randomOrthonormalColumns(h, rank, random));
    for (let l = 1; l <= L; l++) {
      const s = randomOrthonormalColumns(rank, rank, random);
      const a = frames[l]!, b = frames[l - 1]!;
      const rows = widths[l]!, cols = widths[l - 1]!;
      for (let i = 0; i < rows; i++) {
        for (let k = 0; k < cols; k++) {
          let v = 0;
          for (let p = 0; p < rank; p++) {
            let as = 0;
            for (let q = 0; q < rank; q++) as += a[i * rank + q]! * s[q * rank + p]!;
            v += as * b[k * rank + p]!;
          }
          trueParams[layerOffsets[l - 1]! + i * cols + k] = v;
        }
      }
    }
  }
  const trueMap = productMap(widths, layerOffsets, trueParams);
  const h0 = widths[0]!, hL = widths[L]!;
  const inputs = random.fillNormal(new Float64Array(numSamples * h0));
  const targets = new Float64Array(numSamples * hL);
  for (let n = 0; n < numSamples; n++) {
    for (let i = 0; i < hL; i++) {
      let v = 0;
      for (let k = 0; k < h0; k++) v += trueMap[i * h0 + k]! * inputs[n * h0 + k]!;
      targets[n * hL + i] = v + (noiseStd > 0 ? noiseStd * random.normal() : 0);
    }
  }
  const spec: LossSpec = { module: __filename, factory: "createDeepLinearNetworkLoss", options: { ...options, widths } };
  return new DeepLinearNetwork(widths, rank, layerOffsets, trueParams, aoyagiLearningCoefficient(widths, rank).lambda, inputs, targets, spec);
}

/** The end-to-end map W_L ... W_1 (H_L x H_0, row-major) of flat parameters. */
export function productMap(widths: readonly number[], layerOffsets: readonly number[], params: ArrayLike<number>): Float64Array {
  const L = widths.length - 1;
  const h0 = widths[0]!;
  let map = new Float64Array(h0 * h0);
  for (let i = 0; i < h0; i++) map[i * h0 + i] = 1;
  for (let l = 1; l <= L; l++) {
    const rows = widths[l]!, cols = widths[l - 1]!, off = layerOffsets[l - 1]!;
    const next = new Float64Array(rows * h0);
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < cols; k++) {
        const w = params[off + i * cols + k]!;
        if (w === 0) continue;
        for (let j = 0; j < h0; j++) next[i * h0 + j]! += w * map[k * h0 + j]!;
      }
    }
    map = next;
  }
  return map;
}

/** Implementation shared with the one-layer regular model. */
export class DeepLinearNetwork implements DeepLinearNetworkLoss {
  readonly numParams: number;
  readonly numSamples: number;
  private acts: Float64Array[] = [];
  private deltas: Float64Array[] = [];
  private batchCapacity = 0;
  private grads: Float64Array[] = [];

  constructor(
    readonly widths: readonly number[],
    readonly rank: number,
    readonly layerOffsets: readonly number[],
    readonly trueParams: Float32Array,
    readonly learningCoefficient: number,
    readonly inputs: Float64Array,
    readonly targets: Float64Array,
    readonly spec: LossSpec,
  ) {
    this.numParams = layerOffsets[layerOffsets.length - 1]!;
    this.numSamples = inputs.length / widths[0]!;
  }

  private ensureBuffers(batch: number): void {
    if (batch <= this.batchCapacity) return;
    this.acts = this.widths.map((h) => new Float64Array(batch * h));
    this.deltas = this.widths.map((h) => new Float64Array(batch * h));
    this.batchCapacity = batch;
  }

  private check(fn: string, params: Float32Array, indices: Int32Array): void {
    if (params.length !== this.numParams) {
      throw new RangeError(`DeepLinearNetwork.${fn}: params must have length ${this.numParams}, got ${params.length}`);
    }
    if (indices.length < 1) throw new RangeError(`DeepLinearNetwork.${fn}: indices must not be empty`);
  }

  /** Forward pass; returns the mean loss and leaves activations and output residuals in the buffers. */
  private forward(params: Float32Array, indices: Int32Array): number {
    const widths = this.widths, L = widths.length - 1, batch = indices.length;
    this.ensureBuffers(batch);
    const h0 = widths[0]!, hL = widths[L]!;
    const x = this.acts[0]!;
    for (let b = 0; b < batch; b++) {
      const n = indices[b]!;
      if (!(n >= 0 && n < this.numSamples)) {
        throw new RangeError(`DeepLinearNetwork: sample index must be an integer in [0, ${this.numSamples - 1}], got ${n}`);
      }
      x.set(this.inputs.subarray(n * h0, (n + 1) * h0), b * h0);
    }
    for (let l = 1; l <= L; l++) {
      const rows = widths[l]!, cols = widths[l - 1]!, off = this.layerOffsets[l - 1]!;
      const inp = this.acts[l - 1]!, out = this.acts[l]!;
      for (let b = 0; b < batch; b++) {
        const ib = b * cols;
        for (let i = 0; i < rows; i++) {
          const iw = off + i * cols;
          let v0 = 0, v1 = 0, v2 = 0, v3 = 0;
          let k = 0;
          for (; k + 3 < cols; k += 4) {
            v0 += params[iw + k]! * inp[ib + k]!;
            v1 += params[iw + k + 1]! * inp[ib + k + 1]!;
            v2 += params[iw + k + 2]! * inp[ib + k + 2]!;
            v3 += params[iw + k + 3]! * inp[ib + k + 3]!;
          }
          for (; k < cols; k++) v0 += params[iw + k]! * inp[ib + k]!;
          out[b * rows + i] = v0 + v1 + v2 + v3;
        }
      }
    }
    const out = this.acts[L]!, delta = this.deltas[L]!;
    let sum = 0;
    for (let b = 0; b < batch; b++) {
      const n = indices[b]!;
      for (let i = 0; i < hL; i++) {
        const r = out[b * hL + i]! - this.targets[n * hL + i]!;
        delta[b * hL + i] = r / batch;
        sum += r * r;
      }
    }
    return (0.5 * sum) / batch + hL * HALF_LOG_2PI;
  }

  loss(params: Float32Array, indices: Int32Array): number {
    this.check("loss", params, indices);
    return this.forward(params, indices);
  }

  lossAndGradient(params: Float32Array, indices: Int32Array, gradient: Float32Array): number {
    this.check("lossAndGradient", params, indices);
    if (gradient.length !== this.numParams) {
      throw new RangeError(`DeepLinearNetwork.lossAndGradient: gradient must have length ${this.numParams}, got ${gradient.length}`);
    }
    const value = this.forward(params, indices);
    const widths = this.widths, L = widths.length - 1, batch = indices.length;
    for (let l = L; l >= 1; l--) {
      const rows = widths[l]!, cols = widths[l - 1]!, off = this.layerOffsets[l - 1]!;
      const inp = this.acts[l - 1]!, delta = this.deltas[l]!;
      const grad = (this.grads[l] ??= new Float64Array(rows * cols));
      grad.fill(0);
      const prev = l > 1 ? this.deltas[l - 1]! : null;
      if (prev) prev.fill(0, 0, batch * cols);
      for (let b = 0; b < batch; b++) {
        const ib = b * cols;
        for (let i = 0; i < rows; i++) {
          const d = delta[b * rows + i]!;
          if (d === 0) continue;
          const ig = i * cols, iw = off + i * cols;
          if (prev) {
            for (let k = 0; k < cols; k++) {
              grad[ig + k]! += d * inp[ib + k]!;
              prev[ib + k]! += d * params[iw + k]!;
            }
          } else {
            for (let k = 0; k < cols; k++) grad[ig + k]! += d * inp[ib + k]!;
          }
        }
      }
      gradient.set(grad, off);
    }
    return value;
  }
}
