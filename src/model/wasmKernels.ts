/**
 * Project kernels for the tfjs wasm backend: the gradients its kernel set lacks or computes slowly,
 * so that models differentiated by tfjs (`autodiffModel`) train on wasm at the speed of its matrix
 * products.
 *
 * What tfjs-backend-wasm 4.22 ships and what this module adds (measured on this machine, one thread):
 * - `BatchMatMul`: the backend's XNNPACK product packs its right operand on every call, and with
 *   `transposeA` or `transposeB` it is about 10x slower than the plain product (the backward pass of
 *   every dense layer needs both); a batch of matrices (attention) runs as a plain loop. Replaced by
 *   the project's product `gemm` (wasmGemm.ts), which packs nothing, reads a transposed left operand
 *   through its strides and sums each entry in XNNPACK's order, so the results keep their bits.
 * - `Conv2DBackpropFilter` (the weight gradient of a convolution) is missing. Added: the input's
 *   patches gathered transposed (im2col, `K x N` for K = kh kw cin and N = batch x output positions)
 *   times the output gradient (`N x cout`), by `gemm`.
 * - `Conv2DBackpropInput` exists but is about 10x slower than the forward convolution. Replaced: the
 *   output gradient times the transposed filter (`N x cout` by `cout x K`, `gemm`) scattered back into
 *   the input's positions (col2im).
 * - `Identity` copies its input; tfjs clones every tensor a gradient function keeps, so a backward
 *   pass copied all its activations. Replaced by a reference to the same memory (as the cpu backend).
 * - `Sum` over leading axes (the gradient of every broadcast bias add) transposes first; replaced by
 *   column sums. `GatherV2` of rows (embedding lookups) runs about 90 ns per element; replaced by row
 *   copies.
 * - `UnsortedSegmentSum` (the gradient of `gather`, e.g. of an embedding lookup) is missing. Added as
 *   a loop over the rows.
 *
 * All kernels are float32 NHWC (tfjs's default layout); others throw an Error naming the kernel and
 * the unsupported setting. Their results match the cpu backend's to float32 rounding
 * (test/model/wasmKernels.test.ts).
 */
import * as tf from "@tensorflow/tfjs-core";
import { gemm } from "./wasmGemm";

/** The parts of the wasm backend these kernels use (its public kernel helpers). */
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
  incRef(dataId: tf.DataId): void;
}

type KernelArgs = { inputs: Record<string, tf.TensorInfo>; backend: WasmBackend; attrs: Record<string, unknown> };
type Kernel = (args: KernelArgs) => tf.TensorInfo;

let registered = false;
let plainMatMul: Kernel | null = null;
let originalSum: Kernel | null = null;
let originalGather: Kernel | null = null;

function floatView(backend: WasmBackend, info: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** `a (m x k) b (k x n)` as plain 2-D TensorInfos on the backend, by the project's product `gemm` (the caller disposes the result). */
function product(a: tf.TensorInfo, b: tf.TensorInfo, backend: WasmBackend): tf.TensorInfo {
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1]!;
  const out = backend.makeOutput([m, n], "float32");
  if (m > 0 && k > 0 && n > 0) gemm(floatView(backend, a), floatView(backend, b), floatView(backend, out), m, k, n);
  else floatView(backend, out).fill(0);
  return out;
}

const size = (shape: number[]): number => shape.reduce((p, v) => p * v, 1);

/**
 * Float32 products by the project's `gemm`, which reads a transposed left operand through its strides
 * and sums each entry in the order of XNNPACK's plain product (the bits the previous version of this
 * kernel gave, which transposed explicitly and ran each slice as a plain product, without the
 * backend's packing of the right operand on every call): one product, a batch of independent products
 * (attention), or a batch against one right operand (of batch size 1). Other broadcasts and dtypes go
 * to the backend's kernel.
 */
const batchMatMul: Kernel = (args) => {
  const { backend } = args;
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  if (a.dtype !== "float32" || b.dtype !== "float32") return plainMatMul!(args);
  const aBatch = a.shape.slice(0, -2), bBatch = b.shape.slice(0, -2);
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const m = transposeA ? aCols : aRows, k = transposeA ? aRows : aCols, n = transposeB ? bRows : bCols;
  const bInner = transposeB ? bCols : bRows;
  if (k !== bInner) {
    throw new Error(`BatchMatMul (project wasm kernel): inner shapes (${k}) and (${bInner}) of tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match`);
  }
  const shared = size(bBatch) === 1;
  const sameBatch = aBatch.length === bBatch.length && aBatch.every((v, i) => v === bBatch[i]);
  if (!shared && !sameBatch) return plainMatMul!(args);
  // With b's batch of size 1, b may still carry more (unit) batch axes than a: the output has the broadcast batch shape.
  const outBatch = tf.broadcast_util.assertAndGetBroadcastShape(aBatch, bBatch);
  const batch = size(aBatch);
  const out = backend.makeOutput([...outBatch, m, n], "float32");
  if (batch > 0 && m > 0 && k > 0 && n > 0) {
    gemm(floatView(backend, a), floatView(backend, b), floatView(backend, out), m, k, n, { transposeA, transposeB, batch, sharedB: shared && batch > 1 });
  } else {
    floatView(backend, out).fill(0);
  }
  return out;
};

/** A copy that shares the input's memory (tensors are immutable): tfjs clones every tensor a gradient keeps. */
const identity: Kernel = ({ inputs, backend }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
};

interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

function convGeometry(kernel: string, inShape: number[], filterShape: number[], attrs: Record<string, unknown>): ConvGeometry {
  const dataFormat = (attrs.dataFormat as string | undefined) ?? "NHWC";
  if (dataFormat !== "NHWC" && dataFormat !== "channelsLast") {
    throw new Error(`${kernel} (project wasm kernel): only the NHWC data format is supported, got ${dataFormat}`);
  }
  const dilations = attrs.dilations as number | number[] | undefined;
  if (dilations !== undefined && (Array.isArray(dilations) ? dilations.some((d) => d !== 1) : dilations !== 1)) {
    throw new Error(`${kernel} (project wasm kernel): only dilation 1 is supported, got ${JSON.stringify(dilations)}`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as "valid" | "same" | number,
    attrs.dimRoundingMode as "floor" | "round" | "ceil" | undefined,
    false,
    "channelsLast",
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/**
 * Writes the patches of `x` transposed: row k = (kh, kw, ci), column n = (b, oh, ow), zero where the
 * window reaches into the padding.
 */
function im2colTransposed(x: Float32Array, g: ConvGeometry, out: Float32Array): void {
  const N = g.batch * g.outHeight * g.outWidth;
  const C = g.inChannels;
  for (let kh = 0; kh < g.filterHeight; kh++) {
    for (let kw = 0; kw < g.filterWidth; kw++) {
      const rowBase = (kh * g.filterWidth + kw) * C * N;
      let n = 0;
      for (let b = 0; b < g.batch; b++) {
        for (let oh = 0; oh < g.outHeight; oh++) {
          const ih = oh * g.strideHeight + kh - g.padTop;
          const rowInside = ih >= 0 && ih < g.inHeight;
          for (let ow = 0; ow < g.outWidth; ow++, n++) {
            const iw = ow * g.strideWidth + kw - g.padLeft;
            if (!rowInside || iw < 0 || iw >= g.inWidth) {
              for (let c = 0; c < C; c++) out[rowBase + c * N + n] = 0;
            } else {
              const src = ((b * g.inHeight + ih) * g.inWidth + iw) * C;
              for (let c = 0; c < C; c++) out[rowBase + c * N + n] = x[src + c]!;
            }
          }
        }
      }
    }
  }
}

/** Adds the rows of `patches` (N x K, K = (kh, kw, ci)) back into the input positions they were read from. */
function col2im(patches: Float32Array, g: ConvGeometry, out: Float32Array): void {
  out.fill(0);
  const C = g.inChannels;
  const K = g.filterHeight * g.filterWidth * C;
  let n = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++, n++) {
        const row = n * K;
        for (let kh = 0; kh < g.filterHeight; kh++) {
          const ih = oh * g.strideHeight + kh - g.padTop;
          if (ih < 0 || ih >= g.inHeight) continue;
          for (let kw = 0; kw < g.filterWidth; kw++) {
            const iw = ow * g.strideWidth + kw - g.padLeft;
            if (iw < 0 || iw >= g.inWidth) continue;
            const dst = ((b * g.inHeight + ih) * g.inWidth + iw) * C;
            const src = row + (kh * g.filterWidth + kw) * C;
            for (let c = 0; c < C; c++) out[dst + c] += patches[src + c]!;
          }
        }
      }
    }
  }
}

const conv2DBackpropFilter: Kernel = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const filterShape = attrs.filterShape as number[];
  const g = convGeometry("Conv2DBackpropFilter", x.shape, filterShape, attrs);
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const N = g.batch * g.outHeight * g.outWidth;
  const patches = backend.makeOutput([K, N], "float32");
  im2colTransposed(floatView(backend, x), g, floatView(backend, patches));
  const dy2d: tf.TensorInfo = { dataId: dy.dataId, shape: [N, g.outChannels], dtype: "float32" };
  const result = product(patches, dy2d, backend);
  backend.disposeData(patches.dataId);
  return { dataId: result.dataId, shape: [...filterShape], dtype: "float32" };
};

const conv2DBackpropInput: Kernel = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const inputShape = attrs.inputShape as number[];
  const g = convGeometry("Conv2DBackpropInput", inputShape, filter.shape, attrs);
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const N = g.batch * g.outHeight * g.outWidth;
  // dy (N x cout) times the filter (K x cout) transposed: the patches' gradient, N x K.
  const patches = backend.makeOutput([N, K], "float32");
  if (N > 0 && K > 0 && g.outChannels > 0) gemm(floatView(backend, dy), floatView(backend, filter), floatView(backend, patches), N, g.outChannels, K, { transposeB: true });
  else floatView(backend, patches).fill(0);
  const out = backend.makeOutput([...inputShape], "float32");
  col2im(floatView(backend, patches), g, floatView(backend, out));
  backend.disposeData(patches.dataId);
  return out;
};

const unsortedSegmentSum: Kernel = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = attrs.numSegments as number;
  if (x.dtype !== "float32") throw new Error(`UnsortedSegmentSum (project wasm kernel): only float32 values are supported, got ${x.dtype}`);
  const rows = segmentIds.shape.reduce((p, s) => p * s, 1);
  const width = x.shape.slice(segmentIds.shape.length).reduce((p, s) => p * s, 1);
  const out = backend.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], "float32");
  const values = floatView(backend, x);
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array;
  const sums = floatView(backend, out);
  sums.fill(0);
  for (let r = 0; r < rows; r++) {
    const id = ids[r]!;
    if (id < 0 || id >= numSegments) continue; // as TensorFlow: out-of-range ids are dropped
    const dst = id * width, src = r * width;
    for (let j = 0; j < width; j++) sums[dst + j] += values[src + j]!;
  }
  return out;
};

/** Sums over leading axes (the gradients of broadcast adds and multiplies) as column sums in float64. */
const sum: Kernel = (args) => {
  const { inputs, backend, attrs } = args;
  const { x } = inputs as { x: tf.TensorInfo };
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((a, b) => a - b);
  const leading = axes.every((a, i) => a === i);
  if (x.dtype !== "float32" || !leading || axes.length === 0) return originalSum!(args);
  const outer = size(x.shape.slice(0, axes.length));
  const inner = size(x.shape.slice(axes.length));
  const kept = x.shape.slice(axes.length);
  const shape = attrs.keepDims ? [...axes.map(() => 1), ...kept] : kept;
  const out = backend.makeOutput(rank === axes.length && !attrs.keepDims ? [] : shape, "float32");
  const values = floatView(backend, x);
  const result = floatView(backend, out);
  const acc = new Float64Array(inner);
  for (let i = 0; i < outer; i++) {
    const row = i * inner;
    for (let j = 0; j < inner; j++) acc[j] += values[row + j]!;
  }
  result.set(acc);
  return out;
};

/** Gathers rows (axis 0, no batch dimensions: embedding lookups) by copying them; others go to the backend's kernel. */
const gather: Kernel = (args) => {
  const { inputs, backend, attrs } = args;
  const { x, indices } = inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
  if (axis !== 0 || (attrs.batchDims as number) !== 0 || x.dtype !== "float32" || indices.dtype !== "int32") return originalGather!(args);
  const rows = x.shape[0]!;
  const width = size(x.shape.slice(1));
  const count = size(indices.shape);
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], "float32");
  const ids = backend.typedArrayFromHeap(indices) as Int32Array;
  const values = floatView(backend, x);
  const result = floatView(backend, out);
  for (let i = 0; i < count; i++) {
    const id = ids[i]!;
    if (!(id >= 0 && id < rows)) {
      backend.disposeData(out.dataId);
      throw new RangeError(`GatherV2: indices[${i}] must be in [0, ${rows - 1}], got ${id}`);
    }
    result.set(values.subarray(id * width, (id + 1) * width), i * width);
  }
  return out;
};

/**
 * The backend's own `BatchMatMul` (XNNPACK), which {@link registerProjectKernels} replaced: for
 * benchmarks and tests that compare with it. Null until the project kernels are registered.
 *
 * @returns a function computing a b (2-D or batched float32 tensors, no transposes) as a new tensor.
 * @example
 * typeof backendMatMul; // "function"
 */
export function backendMatMul(): ((a: tf.Tensor, b: tf.Tensor) => tf.Tensor) | null {
  const kernel = plainMatMul;
  if (!kernel) return null;
  return (a, b) => {
    const backend = tf.backend() as unknown as WasmBackend;
    const out = kernel({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
    return tf.engine().makeTensorFromTensorInfo(out);
  };
}

/**
 * Registers the project kernels on the wasm backend (see the module comment): once per thread,
 * after `@tensorflow/tfjs-backend-wasm` has been loaded; a no-op before that and afterwards.
 *
 * @returns true when the kernels are (now) registered, false when the wasm backend is not loaded.
 * @example
 * typeof registerProjectKernels(); // "boolean"
 */
export function registerProjectKernels(): boolean {
  if (registered) return true;
  const matMul = tf.getKernel("BatchMatMul", "wasm");
  if (!matMul) return false;
  const backend = tf.findBackend("wasm") as unknown as WasmBackend | null;
  if (!backend) return false;
  plainMatMul = matMul.kernelFunc as unknown as Kernel;
  originalSum = tf.getKernel("Sum", "wasm").kernelFunc as unknown as Kernel;
  originalGather = tf.getKernel("GatherV2", "wasm").kernelFunc as unknown as Kernel;
  const replace = (kernelName: string, kernelFunc: Kernel): void => {
    if (tf.getKernel(kernelName, "wasm")) tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  };
  replace("BatchMatMul", batchMatMul);
  replace("Identity", identity);
  replace("Sum", sum);
  replace("GatherV2", gather);
  replace("Conv2DBackpropFilter", conv2DBackpropFilter);
  replace("Conv2DBackpropInput", conv2DBackpropInput);
  replace("UnsortedSegmentSum", unsortedSegmentSum);
  registered = true;
  return true;
}
