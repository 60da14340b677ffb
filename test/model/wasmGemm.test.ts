/**
 * The project's matrix product (wasmGemm) against an exact emulation of float32 sums in order, and
 * against the tfjs wasm backend's own XNNPACK product, to the bit; the committed binary against its
 * source. The emulation rounds each product and each partial sum to float32 (Math.fround), which is
 * what the kernel's separate f32x4 multiply and add do, so no tolerance is needed: any other order of
 * summation or a fused multiply-add would differ in the last bits of most entries.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { gemm } from "../../src/model/wasmGemm";
import { WASM_GEMM_BASE64 } from "../../src/model/wasmGemmBinary";
import { assembleWasmGemm } from "../../scripts/buildWasmGemm";
import { createRandom } from "../../src/util/random";
import { float32ProductInOrder } from "./float32ProductInOrder";


function firstDifference(actual: Float32Array, expected: Float32Array): string | null {
  if (actual.length !== expected.length) return `lengths ${actual.length} and ${expected.length}`;
  for (let i = 0; i < actual.length; i++) if (!Object.is(actual[i], expected[i])) return `entry ${i}: ${actual[i]} against ${expected[i]}`;
  return null;
}

// Every tile path: m mod 5 in 0..4 (5-row tiles, one 4-row tile, 1-row tiles), n mod 8 in 0..7
// (8-column tiles and single columns), k from 1; and the network's shapes.
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [5, 3, 8], [4, 7, 9], [6, 2, 15], [7, 5, 16], [8, 11, 17], [9, 1, 23], [13, 29, 31],
  [10, 64, 128], [128, 784, 64], [10, 128, 64], [64, 10, 128], [128, 64, 784],
];

test("gemm equals float32 sums in order, for every tile path and both transposes", () => {
  const rng = createRandom(3);
  for (const [m, k, n] of SHAPES) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const a = rng.fillNormal(new Float32Array(m * k)), b = rng.fillNormal(new Float32Array(k * n));
      const out = new Float32Array(m * n).fill(NaN);
      gemm(a, b, out, m, k, n, { transposeA: ta, transposeB: tb });
      const diff = firstDifference(out, float32ProductInOrder(a, b, m, k, n, ta, tb));
      assert.equal(diff, null, `${m}x${k}x${n} transposeA ${ta} transposeB ${tb}: ${diff}`);
    }
  }
});

test("gemm runs batches of products, with and without a shared right operand", () => {
  const rng = createRandom(4);
  const [m, k, n, batch] = [6, 5, 11, 3];
  for (const shared of [false, true]) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const a = rng.fillNormal(new Float32Array(batch * m * k)), b = rng.fillNormal(new Float32Array((shared ? 1 : batch) * k * n));
      const out = new Float32Array(batch * m * n);
      gemm(a, b, out, m, k, n, { batch, sharedB: shared, transposeA: ta, transposeB: tb });
      for (let g = 0; g < batch; g++) {
        const want = float32ProductInOrder(a.subarray(g * m * k, (g + 1) * m * k), shared ? b : b.subarray(g * k * n, (g + 1) * k * n), m, k, n, ta, tb);
        const diff = firstDifference(out.subarray(g * m * n, (g + 1) * m * n), want);
        assert.equal(diff, null, `batch ${g} (shared ${shared}, transposeA ${ta}, transposeB ${tb}): ${diff}`);
      }
    }
  }
});

test("gemm gives the bits of the wasm backend's own product (XNNPACK, no project kernels registered)", async () => {
  await tf.setBackend("wasm");
  await tf.ready();
  const rng = createRandom(5);
  for (const [m, k, n] of [[64, 784, 128], [128, 784, 64], [10, 128, 64], [2048, 64, 64], [5, 7, 13]] as const) {
    const a = rng.fillNormal(new Float32Array(m * k)), b = rng.fillNormal(new Float32Array(k * n));
    const want = tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])).dataSync() as Float32Array);
    const out = new Float32Array(m * n);
    gemm(a, b, out, m, k, n);
    const diff = firstDifference(out, want);
    assert.equal(diff, null, `${m}x${k}x${n}: ${diff}`);
  }
});

test("gemm names a wrong dimension or operand", () => {
  const two = new Float32Array(2);
  assert.throws(() => gemm(two, two, new Float32Array(1), 1, 2, 0), /gemm: n must be an integer >= 1, got 0/);
  assert.throws(() => gemm(two, new Float32Array(3), new Float32Array(1), 1, 2, 1), /gemm: b must hold 2 x 1 = 2 entries, got 3; pass a subarray of that length/);
  assert.throws(() => gemm(two, two, new Float32Array(1), 1, 2, 1, { batch: 2, transposeA: true }), /gemm: a must hold 2 x 2 x 1 = 4 entries, got 2/);
  assert.throws(() => gemm([1, 2] as unknown as Float32Array, two, new Float32Array(1), 1, 2, 1), /gemm: a must be a Float32Array, got \[object Array\]/);
});

test("the committed binary is the assembly of src/model/wasmGemm.wat (rebuild: npm run build:wasm)", async () => {
  const bytes = await assembleWasmGemm();
  assert.equal(Buffer.from(bytes).toString("base64"), WASM_GEMM_BASE64, "src/model/wasmGemmBinary.ts is stale: run `npm run build:wasm`");
});
