import { createRandom, type Random } from "../util/random";
import { aoyagiLearningCoefficient } from "./aoyagiLearningCoefficient";
import { deepLinearLayerOffsets, productMap } from "./deepLinearProducts";
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
  /**
   * Distribution of the inputs x (default "normal"): "normal" draws x ~ N(0, inputScale^2 I);
   * "uniform" draws each coordinate uniformly on [-inputScale, inputScale] (Furman & Lau 2024 use
   * [-10, 10]).
   */
  inputDistribution?: "normal" | "uniform";
  /** Scale of the inputs (default 1): the standard deviation ("normal") or half-width ("uniform"), > 0. */
  inputScale?: number;
  /**
   * Which point of the true set {w : W_L ... W_1 = W0} is w* (default "mostSingular"):
   * - "mostSingular": every layer has rank exactly r, W_l = A_l S_l A_(l-1)^T with orthonormal A_l and
   *   orthogonal r x r S_l: the most singular point, where the local learning coefficient is Aoyagi's
   *   global one by construction.
   * - "generic": each layer W_l = U_l diag(s_l) V_l^T with random orthonormal U_l, V_l, singular values
   *   uniform in [0.5, 1.5] and a random rank r_l in [r, min(H_l, H_(l-1))], one random layer having
   *   rank exactly r (when r < min widths), so the product has rank r: a generic point of the true
   *   set with some layers rank-reduced, as Furman & Lau 2024 draw their true parameters.
   */
  trueParameter?: "mostSingular" | "generic";
  /** Seed of the true map and the data. */
  seed: number;
}

/** A deep linear network regression loss with its ground truth. */
export interface DeepLinearNetworkLoss extends SpecifiedLoss {
  readonly widths: readonly number[];
  readonly rank: number;
  /** Offsets of each layer W_l (l = 1..L) in the flat parameter vector; entry L is numParams. */
  readonly layerOffsets: readonly number[];
  /** A true parameter w* (see {@link DeepLinearNetworkOptions.trueParameter}); all zeros when r = 0. */
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
  const dist = o.inputDistribution ?? "normal";
  if (dist !== "normal" && dist !== "uniform") throw new RangeError(`${fn}: inputDistribution must be "normal" or "uniform", got ${JSON.stringify(o.inputDistribution)}`);
  const scale = o.inputScale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`${fn}: inputScale must be a finite number > 0, got ${o.inputScale}`);
  const point = o.trueParameter ?? "mostSingular";
  if (point !== "mostSingular" && point !== "generic") {
    throw new RangeError(`${fn}: trueParameter must be "mostSingular" or "generic", got ${JSON.stringify(o.trueParameter)}`);
  }
}

/** Adds U diag(s) V^T (rows x cols, U rows x k and V cols x k with orthonormal columns) into out at offset. */
function writeLowRankLayer(out: Float32Array, offset: number, rows: number, cols: number, u: Float64Array, s: ArrayLike<number>, v: Float64Array, k: number): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let value = 0;
      for (let p = 0; p < k; p++) value += u[i * k + p]! * s[p]! * v[j * k + p]!;
      out[offset + i * cols + j] = value;
    }
  }
}

/**
 * The Gaussian negative log-likelihood of a deep linear network x -> W_L ... W_1 x on data from a
 * true map of rank r, as a {@link MinibatchLoss} with a hand-written gradient.
 *
 * Loss per sample (nats): (1/2) |y - W_L ... W_1 x|^2 + (H_L / 2) log(2 pi) (unit noise variance,
 * summed over outputs), so n beta (L - L*) is in the units of the learning coefficient lambda
 * (paper.md, "Aoyagi's learning coefficient"). Inputs x ~ N(0, s^2 I) or uniform on [-s, s]^H_0;
 * targets y = W0 x + noiseStd * N(0, I) with W0 = the product map at w*.
 * Parameters: the layers W_l (H_l x H_(l-1), row-major) concatenated from l = 1.
 *
 * Variant: the loss of a linear map depends on a minibatch only through its moments, so a minibatch
 * of m samples costs O(m H_0 (H_0 + H_L)) to reduce plus O(d H_0) for the products, instead of
 * O(m d) for a per-sample pass: with E = W_L ... W_1 - W0 and xi = y - W0 x,
 *   L_B = (1/2) tr(E S_xx E^T) - tr(E S_x,xi) + (1/2) S_xi,xi + (H_L/2) log 2 pi,
 *   dL_B / dW_l = (W_L ... W_(l+1))^T (E S_xx - S_xi,x) (W_(l-1) ... W_1)^T,
 * S the batch means of x x^T, x xi^T and |xi|^2; exact (not an approximation), and exactly the
 * constant at w* when the data are noise-free.
 *
 * @param options widths, rank, numSamples, noiseStd (default 0), inputDistribution and inputScale
 *   (default N(0, 1)), trueParameter (default "mostSingular"), seed; see {@link DeepLinearNetworkOptions}.
 * @returns the loss with trueParams (w*), learningCoefficient (Aoyagi), data and a worker spec.
 * @throws RangeError for options out of range.
 * @example
 * const dln = createDeepLinearNetworkLoss({ widths: [3, 4, 2], rank: 1, numSamples: 100, seed: 1 });
 * dln.numParams; // 20
 * dln.learningCoefficient; // 3
 * dln.loss(dln.trueParams, Int32Array.from([0, 1, 2])) === 2 * 0.5 * Math.log(2 * Math.PI); // true
 *
 * Complexity: one lossAndGradient costs about m H_0 (H_0 / 2 + H_L) + 3 d H_0 multiply-adds.
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
  const layerOffsets = deepLinearLayerOffsets(widths);
  const numParams = layerOffsets[L]!;

  const trueParams = new Float32Array(numParams);
  if ((options.trueParameter ?? "mostSingular") === "mostSingular") {
    // W_l = A_l S_l A_{l-1}^T: every layer of rank exactly r.
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
  } else {
    // Generic: layer ranks r_l in [r, min(H_l, H_(l-1))], one of them exactly r unless r = min widths.
    const maxRanks = Array.from({ length: L }, (_, l) => Math.min(widths[l + 1]!, widths[l]!));
    const ranks = maxRanks.map((m) => rank + random.integer(m - rank + 1));
    if (rank < Math.min(...widths) && !ranks.includes(rank)) ranks[random.integer(L)] = rank;
    for (let l = 1; l <= L; l++) {
      const k = ranks[l - 1]!;
      if (k === 0) continue;
      const u = randomOrthonormalColumns(widths[l]!, k, random);
      const v = randomOrthonormalColumns(widths[l - 1]!, k, random);
      const s = Array.from({ length: k }, () => 0.5 + random.uniform());
      writeLowRankLayer(trueParams, layerOffsets[l - 1]!, widths[l]!, widths[l - 1]!, u, s, v, k);
    }
  }
  const trueMap = productMap(widths, layerOffsets, trueParams);
  const h0 = widths[0]!, hL = widths[L]!;
  const scale = options.inputScale ?? 1;
  const inputs = new Float64Array(numSamples * h0);
  if ((options.inputDistribution ?? "normal") === "normal") {
    random.fillNormal(inputs);
    if (scale !== 1) for (let i = 0; i < inputs.length; i++) inputs[i]! *= scale;
  } else {
    for (let i = 0; i < inputs.length; i++) inputs[i] = scale * (2 * random.uniform() - 1);
  }
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

/** Implementation shared with the one-layer regular model (see createDeepLinearNetworkLoss for the algebra). */
export class DeepLinearNetwork implements DeepLinearNetworkLoss {
  readonly numParams: number;
  readonly numSamples: number;
  /** W0 = the product map at trueParams (H_L x H_0). */
  private readonly trueMap: Float64Array;
  /** xi = y - W0 x per sample (n x H_L), and whether it is identically zero. */
  private readonly residuals: Float64Array;
  private readonly noiseFree: boolean;
  /** Work buffers: batch moments, prefix products P_l = W_l ... W_1, and the backward products. */
  private readonly sxx: Float64Array;
  private readonly sxr: Float64Array;
  private readonly prefix: Float64Array[];
  private readonly back: Float64Array[];
  /** Moments of the whole data set (computed on first use) and a scratch mark array: a full batch costs O(n) to recognise, not O(n H_0^2). */
  private full: { sxx: Float64Array; sxr: Float64Array; srr: number } | null = null;
  private marks: Uint8Array | null = null;

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
    const h0 = widths[0]!, L = widths.length - 1, hL = widths[L]!;
    this.numSamples = inputs.length / h0;
    this.trueMap = productMap(widths, layerOffsets, trueParams);
    this.residuals = new Float64Array(this.numSamples * hL);
    let noiseFree = true;
    for (let n = 0; n < this.numSamples; n++) {
      for (let i = 0; i < hL; i++) {
        let v = 0;
        for (let k = 0; k < h0; k++) v += this.trueMap[i * h0 + k]! * inputs[n * h0 + k]!;
        const r = targets[n * hL + i]! - v;
        this.residuals[n * hL + i] = r;
        if (r !== 0) noiseFree = false;
      }
    }
    this.noiseFree = noiseFree;
    this.sxx = new Float64Array(h0 * h0);
    this.sxr = new Float64Array(h0 * hL);
    this.prefix = widths.map((h) => new Float64Array(h * h0));
    this.back = widths.map((h) => new Float64Array(h * h0));
  }

  private check(fn: string, params: Float32Array, indices: Int32Array): void {
    if (params.length !== this.numParams) {
      throw new RangeError(`DeepLinearNetwork.${fn}: params must have length ${this.numParams}, got ${params.length}`);
    }
    if (indices.length < 1) throw new RangeError(`DeepLinearNetwork.${fn}: indices must not be empty`);
  }

  /**
   * Batch moments S_xx (upper triangle mirrored), S_x,xi (H_0 x H_L) and S_xi,xi, then the prefix
   * products and E = P_L - W0 (left in prefix[L]). Returns the mean loss.
   */
  private isFullBatch(indices: Int32Array): boolean {
    const n = this.numSamples;
    if (indices.length !== n) return false;
    const marks = (this.marks ??= new Uint8Array(n));
    marks.fill(0);
    for (let b = 0; b < n; b++) {
      const i = indices[b]!;
      if (!(i >= 0 && i < n) || marks[i]) return false;
      marks[i] = 1;
    }
    return true;
  }

  private forward(params: Float32Array, indices: Int32Array): number {
    const widths = this.widths, L = widths.length - 1;
    const h0 = widths[0]!, hL = widths[L]!;
    let srr: number;
    if (this.isFullBatch(indices)) {
      if (!this.full) {
        this.full = { sxx: new Float64Array(0), sxr: new Float64Array(0), srr: 0 };
        const all = Int32Array.from({ length: this.numSamples }, (_, i) => i);
        srr = this.batchMoments(all);
        this.full = { sxx: Float64Array.from(this.sxx), sxr: Float64Array.from(this.sxr), srr };
      }
      this.sxx.set(this.full.sxx);
      this.sxr.set(this.full.sxr);
      srr = this.full.srr;
    } else srr = this.batchMoments(indices);
    return this.products(params, srr, h0, hL, L);
  }

  /** Batch means S_xx, S_x,xi into this.sxx, this.sxr; returns S_xi,xi. */
  private batchMoments(indices: Int32Array): number {
    const widths = this.widths, L = widths.length - 1, batch = indices.length;
    const h0 = widths[0]!, hL = widths[L]!;
    const x = this.inputs, res = this.residuals, sxx = this.sxx, sxr = this.sxr;
    sxx.fill(0);
    sxr.fill(0);
    let srr = 0;
    for (let b = 0; b < batch; b++) {
      const n = indices[b]!;
      if (!(n >= 0 && n < this.numSamples)) {
        throw new RangeError(`DeepLinearNetwork: sample index must be an integer in [0, ${this.numSamples - 1}], got ${n}`);
      }
      const ix = n * h0;
      for (let i = 0; i < h0; i++) {
        const xi = x[ix + i]!;
        const row = i * h0;
        for (let j = i; j < h0; j++) sxx[row + j]! += xi * x[ix + j]!;
      }
      if (!this.noiseFree) {
        const ir = n * hL;
        for (let i = 0; i < h0; i++) {
          const xi = x[ix + i]!;
          for (let o = 0; o < hL; o++) sxr[i * hL + o]! += xi * res[ir + o]!;
        }
        for (let o = 0; o < hL; o++) srr += res[ir + o]! * res[ir + o]!;
      }
    }
    const inv = 1 / batch;
    for (let i = 0; i < h0; i++) {
      for (let j = i; j < h0; j++) {
        const v = sxx[i * h0 + j]! * inv;
        sxx[i * h0 + j] = v;
        sxx[j * h0 + i] = v;
      }
    }
    if (!this.noiseFree) {
      for (let i = 0; i < sxr.length; i++) sxr[i]! *= inv;
      srr *= inv;
    }
    return srr;
  }

  /** Prefix products, E = P_L - W0, the loss and G = dL/dM (into back[L]). */
  private products(params: Float32Array, srr: number, h0: number, hL: number, L: number): number {
    const widths = this.widths, sxx = this.sxx, sxr = this.sxr;
    // Prefix products P_l = W_l P_(l-1), P_1 = W_1.
    const p1 = this.prefix[1]!;
    const off1 = this.layerOffsets[0]!;
    for (let i = 0; i < widths[1]! * h0; i++) p1[i] = params[off1 + i]!;
    for (let l = 2; l <= L; l++) {
      const rows = widths[l]!, cols = widths[l - 1]!, off = this.layerOffsets[l - 1]!;
      const prev = this.prefix[l - 1]!, out = this.prefix[l]!;
      out.fill(0);
      for (let i = 0; i < rows; i++) {
        const o = i * h0;
        for (let k = 0; k < cols; k++) {
          const w = params[off + i * cols + k]!;
          if (w === 0) continue;
          const pk = k * h0;
          for (let j = 0; j < h0; j++) out[o + j]! += w * prev[pk + j]!;
        }
      }
    }
    // E = P_L - W0; loss = 1/2 tr(E S_xx E^T) - tr(E S_x,xi) + 1/2 S_xi,xi.
    const e = this.prefix[L]!, w0 = this.trueMap;
    for (let i = 0; i < e.length; i++) e[i]! -= w0[i]!;
    const g = this.back[L]!;
    let quad = 0, cross = 0;
    for (let o = 0; o < hL; o++) {
      const eo = o * h0;
      for (let j = 0; j < h0; j++) {
        let v = 0;
        for (let k = 0; k < h0; k++) v += e[eo + k]! * sxx[k * h0 + j]!;
        // G = E S_xx - S_xi,x: the gradient with respect to the product map.
        const c = this.noiseFree ? 0 : sxr[j * hL + o]!;
        g[eo + j] = v - c;
        quad += v * e[eo + j]!;
        cross += c * e[eo + j]!;
      }
    }
    return 0.5 * quad - cross + 0.5 * srr + hL * HALF_LOG_2PI;
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
    const widths = this.widths, L = widths.length - 1, h0 = widths[0]!;
    // Backward: G_L = G; dW_l = G_l P_(l-1)^T (P_0 = I); G_(l-1) = W_l^T G_l.
    for (let l = L; l >= 1; l--) {
      const rows = widths[l]!, cols = widths[l - 1]!, off = this.layerOffsets[l - 1]!;
      const gl = this.back[l]!;
      if (l === 1) {
        for (let i = 0; i < rows * cols; i++) gradient[off + i] = gl[i]!;
        break;
      }
      const prev = this.prefix[l - 1]!;
      for (let i = 0; i < rows; i++) {
        const gi = i * h0;
        for (let k = 0; k < cols; k++) {
          const pk = k * h0;
          let v = 0;
          for (let j = 0; j < h0; j++) v += gl[gi + j]! * prev[pk + j]!;
          gradient[off + i * cols + k] = v;
        }
      }
      const down = this.back[l - 1]!;
      down.fill(0);
      for (let i = 0; i < rows; i++) {
        const gi = i * h0;
        for (let k = 0; k < cols; k++) {
          const w = params[off + i * cols + k]!;
          if (w === 0) continue;
          const dk = k * h0;
          for (let j = 0; j < h0; j++) down[dk + j]! += w * gl[gi + j]!;
        }
      }
    }
    return value;
  }
}
