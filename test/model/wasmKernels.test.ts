/**
 * The project kernels of the wasm backend against the cpu backend's kernels, on random operands.
 * Tolerance: float32 products and sums of up to a few hundred terms agree to about 1e-6 relative
 * between backends (different summation orders); 1e-5 of the largest magnitude leaves a margin of 10.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { setupBackend } from "../../src/env/backend";
import { backendMatMul, registerProjectKernels } from "../../src/model/wasmKernels";
import { createRandom } from "../../src/util/random";
import { float32ProductInOrder } from "./float32ProductInOrder";

type Op = (inputs: tf.Tensor[]) => tf.Tensor;

async function onBoth(shapes: number[][], op: Op, seed = 1, ints: { index: number; max: number }[] = []): Promise<{ cpu: Float32Array; wasm: Float32Array }> {
  const rng = createRandom(seed);
  const values = shapes.map((s, i) => {
    const n = s.reduce((p, v) => p * v, 1);
    const int = ints.find((x) => x.index === i);
    return int ? Int32Array.from({ length: n }, () => rng.integer(int.max)) : rng.fillNormal(new Float32Array(n));
  });
  const out: Record<string, Float32Array> = {};
  const shapeOf: Record<string, number[]> = {};
  for (const backend of ["cpu", "wasm"] as const) {
    await setupBackend({ backend });
    const before = tf.memory().numTensors;
    out[backend] = tf.tidy(() => {
      const result = op(values.map((v, i) => tf.tensor(v, shapes[i]!, v instanceof Int32Array ? "int32" : "float32")));
      shapeOf[backend] = result.shape;
      return result.dataSync() as Float32Array;
    }).slice();
    assert.equal(tf.memory().numTensors, before, `${backend} leaks tensors`);
  }
  assert.deepEqual(shapeOf.wasm, shapeOf.cpu, `the wasm result's shape ${JSON.stringify(shapeOf.wasm)} differs from the cpu backend's ${JSON.stringify(shapeOf.cpu)}`);
  return out as { cpu: Float32Array; wasm: Float32Array };
}

function assertClose(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, what);
  let scale = 0, worst = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  assert.ok(worst <= 1e-5 * Math.max(scale, 1e-30), `${what}: largest difference ${worst} against values up to ${scale}`);
}

test("registerProjectKernels installs the wasm kernels once the wasm backend is loaded", async () => {
  await setupBackend({ backend: "wasm" });
  assert.equal(registerProjectKernels(), true);
  for (const name of ["Conv2DBackpropFilter", "UnsortedSegmentSum"]) assert.ok(tf.getKernel(name, "wasm"), `${name} missing on wasm`);
});

test("backendMatMul is the backend's own product: the bits of the project's BatchMatMul, no tensor left behind", async () => {
  await setupBackend({ backend: "wasm" });
  const plain = backendMatMul();
  assert.ok(plain, "null after registration");
  const rng = createRandom(4);
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const a = tf.tensor2d(rng.fillNormal(new Float32Array(13 * 29)), [13, 29]), b = tf.tensor2d(rng.fillNormal(new Float32Array(29 * 31)), [29, 31]);
    const theirs = plain(a, b);
    assert.deepEqual(theirs.shape, [13, 31]);
    assert.deepEqual(theirs.dataSync(), tf.matMul(a, b).dataSync());
  });
  assert.equal(tf.memory().numTensors, before);
});

test("transposed and batched matrix products on wasm equal the cpu backend's", async () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[30, 20], [30, 10], true, false],
    [[20, 30], [10, 30], false, true],
    [[30, 20], [10, 30], true, true],
    [[3, 4, 5, 6], [3, 4, 6, 7], false, false],
    [[3, 4, 6, 5], [3, 4, 6, 7], true, false],
    [[3, 4, 5, 6], [3, 4, 7, 6], false, true],
    [[3, 5, 6], [6, 7], false, false],
    // b with more (unit) batch axes than a: the output takes the broadcast batch shape.
    [[4, 5], [1, 5, 3], false, false],
    [[3, 4, 5], [1, 1, 5, 3], false, false],
    [[3, 4, 6, 5], [1, 7, 6], true, true],
  ];
  for (const [a, b, ta, tb] of cases) {
    const { cpu, wasm } = await onBoth([a, b], ([x, y]) => tf.matMul(x!, y!, ta, tb));
    assertClose(wasm, cpu, `matMul ${JSON.stringify(a)} x ${JSON.stringify(b)} (transposeA ${ta}, transposeB ${tb})`);
  }
});

test("the gradients of strided and padded convolutions on wasm equal the cpu backend's", async () => {
  const cases: { x: number[]; k: number[]; stride: number; pad: number | "same" | "valid" }[] = [
    { x: [2, 9, 9, 1], k: [3, 3, 1, 4], stride: 2, pad: 1 },
    { x: [3, 8, 7, 3], k: [3, 3, 3, 5], stride: 1, pad: "same" },
    { x: [2, 10, 10, 2], k: [4, 4, 2, 3], stride: 3, pad: "valid" },
    { x: [2, 7, 7, 4], k: [3, 3, 4, 2], stride: 2, pad: 0 },
  ];
  for (const c of cases) {
    const grads = await onBoth([c.x, c.k], ([x, k]) => {
      const f = (input: tf.Tensor, kernel: tf.Tensor) => tf.sum(tf.square(tf.conv2d(input as tf.Tensor4D, kernel as tf.Tensor4D, c.stride, c.pad)));
      const [dx, dk] = tf.grads(f)([x!, k!]);
      return tf.concat([tf.reshape(dx!, [-1]), tf.reshape(dk!, [-1])]);
    });
    assertClose(grads.wasm, grads.cpu, `conv2d gradients ${JSON.stringify(c)}`);
  }
});

test("embedding lookups and their gradient (a segment sum), column sums and copies on wasm equal the cpu backend's", async () => {
  const lookup = await onBoth([[7, 5], [40]], ([table, ids]) => {
    const [d] = tf.grads((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, ids!))))([table!]);
    return tf.concat([tf.reshape(tf.gather(table!, ids!), [-1]), tf.reshape(d!, [-1])]);
  }, 2, [{ index: 1, max: 7 }]);
  assertClose(lookup.wasm, lookup.cpu, "gather and its gradient");
  const segments = await onBoth([[12, 3], [12]], ([x, ids]) => tf.unsortedSegmentSum(x!, ids! as tf.Tensor1D, 5), 3, [{ index: 1, max: 5 }]);
  assertClose(segments.wasm, segments.cpu, "unsortedSegmentSum");
  for (const axis of [0, [0, 1], [0, 1, 2], 2, [1, 2]]) {
    const sums = await onBoth([[4, 5, 6]], ([x]) => tf.sum(x!, axis), 4);
    assertClose(sums.wasm, sums.cpu, `sum over axis ${JSON.stringify(axis)}`);
  }
  const kept = await onBoth([[4, 5]], ([x]) => tf.sum(x!, 0, true), 5);
  assertClose(kept.wasm, kept.cpu, "sum with keepDims");
  const cloned = await onBoth([[4, 5]], ([x]) => tf.add(tf.clone(x!), 1), 6);
  assertClose(cloned.wasm, cloned.cpu, "clone");
});

test("a gather index out of range on wasm throws a RangeError naming it", async () => {
  await setupBackend({ backend: "wasm" });
  registerProjectKernels();
  const before = tf.memory().numTensors;
  assert.throws(() => tf.tidy(() => tf.gather(tf.zeros([3, 2]), tf.tensor1d([0, 5], "int32"))), /indices\[1\] must be in \[0, 2\], got 5/);
  assert.equal(tf.memory().numTensors, before);
});


test("the wasm BatchMatMul keeps the bits of XNNPACK's plain product for transposed, batched and shared operands", async () => {
  // What cached results rest on: the previous kernel transposed explicitly and ran each slice as a plain
  // XNNPACK product, whose sums are float32 in order of k (test/model/wasmGemm.test.ts checks that).
  await setupBackend({ backend: "wasm" });
  const rng = createRandom(9);
  const cases: [number, number, number, number, boolean, boolean, boolean][] = [
    // batch, m, k, n, transposeA, transposeB, b shared
    [1, 30, 20, 10, true, false, false], [1, 20, 30, 10, false, true, false], [1, 13, 7, 9, true, true, false],
    [4, 5, 6, 7, false, false, false], [4, 5, 6, 7, true, true, false], [3, 6, 5, 11, true, false, true], [3, 6, 5, 11, false, true, true],
  ];
  for (const [batch, m, k, n, ta, tb, shared] of cases) {
    const a = rng.fillNormal(new Float32Array(batch * m * k)), b = rng.fillNormal(new Float32Array((shared ? 1 : batch) * k * n));
    const aShape = ta ? [batch, k, m] : [batch, m, k], bShape = [...(shared ? [] : [batch]), ...(tb ? [n, k] : [k, n])];
    const got = tf.tidy(() => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), ta, tb).dataSync() as Float32Array);
    for (let g = 0; g < batch; g++) {
      const want = float32ProductInOrder(a.subarray(g * m * k, (g + 1) * m * k), shared ? b : b.subarray(g * k * n, (g + 1) * k * n), m, k, n, ta, tb);
      for (let i = 0; i < m * n; i++) {
        assert.ok(Object.is(got[g * m * n + i], want[i]), `batch ${batch} ${m}x${k}x${n} (transposeA ${ta}, transposeB ${tb}, shared ${shared}): slice ${g} entry ${i} is ${got[g * m * n + i]}, in order ${want[i]}`);
      }
    }
  }
});

test("the wasm convolution gradients and products accept zero-sized batches", async () => {
  await setupBackend({ backend: "wasm" });
  const grads = tf.tidy(() => {
    const x = tf.zeros([0, 6, 6, 2]), f = tf.ones([3, 3, 2, 4]);
    const g = tf.grads((xx: tf.Tensor, ff: tf.Tensor) => tf.conv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, 2, "same").sum())([x, f]);
    return g.map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) }));
  });
  assert.deepEqual(grads[0]!.shape, [0, 6, 6, 2]);
  assert.deepEqual(grads[1]!.shape, [3, 3, 2, 4]);
  assert.ok(grads[1]!.values.every((v) => v === 0), "the filter gradient of an empty batch is zero");
  const empty = tf.tidy(() => tf.matMul(tf.zeros([2, 0, 5]), tf.ones([2, 5, 3])).shape);
  assert.deepEqual(empty, [2, 0, 3]);
});
