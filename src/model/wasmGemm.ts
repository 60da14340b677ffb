/**
 * The project's float32 matrix product, a WebAssembly SIMD kernel (src/model/wasmGemm.wat) that
 * packs neither operand.
 *
 * Why: the wasm backend's XNNPACK product packs its right operand on every call, and a step of SGD
 * hands it fresh weights or fresh activations every time: the two products of the MLP 784-128-10
 * step cost about 2.6x the product with a resident operand. This kernel reads the left operand an
 * entry at a time through two strides (a transposed left operand costs nothing) and the right one row
 * by row, and sums every entry in the order of XNNPACK's plain product (k ascending from zero, multiply
 * then add), so its results equal that product's to the bit (test/model/wasmGemm.test.ts) while a
 * fresh 64x784x128 product took 0.61x the backend's resident one in the same bench run.
 *
 * Operands are copied into the kernel's own memory and the result copied out (O(mk + kn + mn), against
 * O(mkn) for the product).
 */
import { WASM_GEMM_BASE64 } from "./wasmGemmBinary";

/** The parts of the WebAssembly API used here (the project's type libraries do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

interface GemmExports {
  memory: WasmMemory;
  gemm(a: number, b: number, c: number, m: number, k: number, n: number, aRow: number, aK: number, ldb: number, ldc: number): void;
}

let kernel: GemmExports | null = null;

function instance(): GemmExports {
  if (!kernel) {
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    kernel = new wasm.Instance(new wasm.Module(Buffer.from(WASM_GEMM_BASE64, "base64")), {}).exports as unknown as GemmExports;
  }
  return kernel;
}

const PAGE_FLOATS = 65536 / 4;

let view: Float32Array | null = null;

/** A float32 view of the kernel's memory holding at least `floats` entries (the memory grows as needed, and the view is made again then). */
function heap(floats: number): Float32Array {
  const { memory } = instance();
  const have = memory.buffer.byteLength / 4;
  if (have < floats) memory.grow(Math.ceil((floats - have) / PAGE_FLOATS));
  if (!view || view.buffer !== memory.buffer) view = new Float32Array(memory.buffer);
  return view;
}

/** Rounds a float count up to a multiple of 4 (16-byte aligned operands). */
const aligned = (floats: number): number => (floats + 3) & ~3;

/** Options of {@link gemm}. */
export interface GemmOptions {
  /** `a` holds the k x m transpose of the left operand (row-major) rather than the m x k operand. */
  transposeA?: boolean;
  /** `b` holds the n x k transpose of the right operand (row-major) rather than the k x n operand. */
  transposeB?: boolean;
  /** How many independent products (default 1): a, b and out hold that many matrices one after another. */
  batch?: number;
  /** With batch > 1: one right operand shared by every product (default false). */
  sharedB?: boolean;
}

function checkDims(fn: string, m: number, k: number, n: number, batch: number): void {
  for (const [name, v] of [["m", m], ["k", k], ["n", n], ["batch", batch]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: ${name} must be an integer >= 1, got ${v}`);
  }
}

function checkLength(fn: string, name: string, array: Float32Array, want: number, shape: string): void {
  if (!(array instanceof Float32Array)) throw new TypeError(`${fn}: ${name} must be a Float32Array, got ${Object.prototype.toString.call(array)}`);
  if (array.length !== want) throw new RangeError(`${fn}: ${name} must hold ${shape} = ${want} entries, got ${array.length}; pass a subarray of that length`);
}

/**
 * out = op(a) op(b) in float32 for row-major matrices: op(a) is m x k, op(b) is k x n, out m x n,
 * each entry summed over k in order (the wasm backend's XNNPACK product to the bit).
 *
 * @param a the left operand, m x k (or k x m with transposeA), row-major; with batch, that many one after another.
 * @param b the right operand, k x n (or n x k with transposeB); with batch and not sharedB, that many.
 * @param out written: m x n (times batch), row-major; must not overlap a or b.
 * @param m rows of the result, k the inner dimension, n columns of the result (integers >= 1).
 * @param options transposeA, transposeB, batch (1), sharedB (false).
 * @throws TypeError when an operand is not a Float32Array; RangeError naming the dimension or the
 *   operand whose length does not match.
 * @example
 * const out = new Float32Array(1);
 * gemm(Float32Array.of(1, 2), Float32Array.of(3, 4), out, 1, 2, 1); // out[0] = 11
 *
 * Complexity: 2 m k n batch flops; copies of a, b and out.
 */
export function gemm(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, options: GemmOptions = {}): void {
  const fn = "gemm";
  const batch = options.batch ?? 1;
  checkDims(fn, m, k, n, batch);
  const shared = batch > 1 && options.sharedB === true;
  checkLength(fn, "a", a, batch * m * k, `${batch > 1 ? `${batch} x ` : ""}${options.transposeA ? `${k} x ${m}` : `${m} x ${k}`}`);
  checkLength(fn, "b", b, (shared ? 1 : batch) * k * n, `${batch > 1 && !shared ? `${batch} x ` : ""}${options.transposeB ? `${n} x ${k}` : `${k} x ${n}`}`);
  checkLength(fn, "out", out, batch * m * n, `${batch > 1 ? `${batch} x ` : ""}${m} x ${n}`);
  const aSize = aligned(batch * m * k), bSize = aligned((shared ? 1 : batch) * k * n);
  const f = heap(aSize + bSize + batch * m * n);
  const bOff = aSize, cOff = aSize + bSize;
  f.set(a, 0);
  if (options.transposeB) {
    // b (n x k per matrix) written transposed: k x n, rows of b read in order.
    for (let g = 0, G = shared ? 1 : batch; g < G; g++) {
      const from = g * n * k, to = bOff + g * k * n;
      for (let j = 0; j < n; j++) {
        const row = from + j * k;
        for (let p = 0; p < k; p++) f[to + p * n + j] = b[row + p]!;
      }
    }
  } else {
    f.set(b, bOff);
  }
  const { gemm: run } = instance();
  const aRow = options.transposeA ? 1 : k, aK = options.transposeA ? m : 1;
  if (shared && !options.transposeA) {
    // Every product shares b: one product of all batch x m rows.
    run(0, 4 * bOff, 4 * cOff, batch * m, k, n, k, 1, n, n);
  } else {
    for (let g = 0; g < batch; g++) {
      run(4 * g * m * k, 4 * (bOff + (shared ? 0 : g * k * n)), 4 * (cOff + g * m * n), m, k, n, aRow, aK, n, n);
    }
  }
  out.set(f.subarray(cOff, cOff + batch * m * n));
}
