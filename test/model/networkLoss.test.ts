import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { setupBackend } from "../../src/env/backend";
import { createRandom } from "../../src/util/random";
import { deepLinearNetwork, denseNetwork, type DenseNetwork } from "../../src/model/denseNetwork";
import { initializeParameters } from "../../src/model/initializeParameters";
import { supervisedData, type SupervisedData } from "../../src/model/supervisedData";
import { createNetworkLoss } from "../../src/model/networkLoss";

function classification(n: number, inputSize: number, numClasses: number, seed: number): SupervisedData {
  const rng = createRandom(seed);
  const inputs = rng.fillNormal(new Float32Array(n * inputSize));
  const labels = new Int32Array(n).map(() => rng.integer(numClasses));
  return supervisedData({ inputs, inputSize, labels, numClasses });
}

function regression(n: number, inputSize: number, outputSize: number, seed: number): SupervisedData {
  const rng = createRandom(seed);
  return supervisedData({ inputs: rng.fillNormal(new Float32Array(n * inputSize)), inputSize, targets: rng.fillNormal(new Float32Array(n * outputSize)), outputSize });
}

const range = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/** The same network and loss written with ordinary tfjs ops, differentiated by tf.grad. */
function tfGradient(net: DenseNetwork, data: SupervisedData, params: Float32Array, indices: Int32Array): { loss: number; gradient: Float32Array } {
  return tf.tidy(() => {
    const x = tf.gather(tf.tensor2d(data.inputs, [data.numSamples, data.inputSize]), tf.tensor1d(indices, "int32"));
    const lossOf = (p: tf.Tensor): tf.Scalar => {
      let a: tf.Tensor2D = x as tf.Tensor2D;
      net.layers.forEach((layer, l) => {
        const w = p.slice(layer.weightOffset, layer.outputSize * layer.inputSize).reshape([layer.outputSize, layer.inputSize]) as tf.Tensor2D;
        let z = tf.matMul(a, w, false, true);
        if (layer.biasOffset >= 0) z = z.add(p.slice(layer.biasOffset, layer.outputSize));
        a = (l + 1 < net.layers.length && net.activation === "relu" ? tf.relu(z) : z) as tf.Tensor2D;
      });
      if (data.labels) {
        const onehot = tf.oneHot(tf.tensor1d(Array.from(indices, (i) => data.labels![i]!), "int32"), data.numClasses);
        return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(a), onehot), 1))) as tf.Scalar;
      }
      const t = tf.gather(tf.tensor2d(data.targets!, [data.numSamples, data.outputSize]), tf.tensor1d(indices, "int32"));
      return tf.mean(tf.sum(tf.square(tf.sub(a, t)), 1)).mul(0.5) as tf.Scalar;
    };
    const p = tf.tensor1d(params);
    const g = tf.grad(lossOf)(p);
    return { loss: lossOf(p).dataSync()[0]!, gradient: g.dataSync() as Float32Array };
  });
}

function maxRelativeError(a: Float32Array, b: Float32Array): number {
  let scale = 0;
  let err = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    err = Math.max(err, Math.abs(a[i]! - b[i]!));
  }
  return err / scale;
}

for (const backend of ["cpu", "wasm"] as const) {
  test(`on ${backend}, the backpropagated gradient of a ReLU net matches tf.grad to float32 precision`, async () => {
    await setupBackend({ backend });
    const net = denseNetwork({ widths: [6, 5, 4, 3] });
    const data = classification(20, 6, 3, 1);
    const loss = createNetworkLoss(net, data);
    const params = initializeParameters(net, { seed: 2 });
    for (let i = 0; i < net.numParams; i++) params[i] += 0.01 * ((i % 7) - 3); // non-zero biases
    const indices = new Int32Array([3, 1, 4, 1, 5, 9, 2, 6]);
    const gradient = new Float32Array(net.numParams);
    const before = tf.memory().numTensors;
    const value = loss.lossAndGradient(params, indices, gradient);
    assert.equal(tf.memory().numTensors, before, "no tensor leaks");
    const reference = tfGradient(net, data, params, indices);
    // Both run in float32 with different summation orders: agree to a few ulps of the largest entry.
    assert.ok(Math.abs(value - reference.loss) < 1e-5 * Math.max(1, reference.loss));
    assert.ok(maxRelativeError(gradient, reference.gradient) < 1e-4, `gradient error ${maxRelativeError(gradient, reference.gradient)}`);
  });

  test(`on ${backend}, the gradient of a deep linear regression net matches tf.grad and finite differences`, async () => {
    await setupBackend({ backend });
    const net = deepLinearNetwork({ widths: [4, 3, 3, 2] });
    const data = regression(10, 4, 2, 5);
    const loss = createNetworkLoss(net, data);
    const params = initializeParameters(net, { seed: 4 });
    const indices = range(10);
    const gradient = new Float32Array(net.numParams);
    loss.lossAndGradient(params, indices, gradient);
    assert.ok(maxRelativeError(gradient, tfGradient(net, data, params, indices).gradient) < 1e-4);
    // Central differences with h = 1e-2 on a polynomial loss of degree 6: truncation error O(h^2) ~ 1e-4
    // relative, float32 rounding of the loss ~ 1e-7 / h = 1e-5.
    const fd = new Float32Array(net.numParams);
    for (let i = 0; i < net.numParams; i++) {
      const saved = params[i]!;
      params[i] = saved + 1e-2;
      const up = loss.loss(params, indices);
      params[i] = saved - 1e-2;
      const down = loss.loss(params, indices);
      params[i] = saved;
      fd[i] = (up - down) / 2e-2;
    }
    assert.ok(maxRelativeError(gradient, fd) < 2e-3, `finite-difference error ${maxRelativeError(gradient, fd)}`);
  });
}

test("the ReLU gradient matches finite differences away from kinks", async () => {
  await setupBackend({ backend: "cpu" });
  const net = denseNetwork({ widths: [3, 8, 2] });
  const data = classification(12, 3, 2, 7);
  const loss = createNetworkLoss(net, data);
  const params = initializeParameters(net, { seed: 8 });
  const indices = range(12);
  const gradient = new Float32Array(net.numParams);
  loss.lossAndGradient(params, indices, gradient);
  // h = 1e-3 is far below the typical distance of a pre-activation to zero (~0.5), so no kink is
  // crossed; float32 loss rounding contributes ~1e-7 / 1e-3 = 1e-4 absolute.
  let err = 0;
  for (let i = 0; i < net.numParams; i++) {
    const saved = params[i]!;
    params[i] = saved + 1e-3;
    const up = loss.loss(params, indices);
    params[i] = saved - 1e-3;
    const down = loss.loss(params, indices);
    params[i] = saved;
    err = Math.max(err, Math.abs((up - down) / 2e-3 - gradient[i]!));
  }
  assert.ok(err < 5e-4, `finite-difference error ${err}`);
});

test("wasm and cpu give the same losses to float32 tolerance on the same seed", async () => {
  const net = denseNetwork({ widths: [20, 16, 5] });
  const data = classification(64, 20, 5, 11);
  const params = initializeParameters(net, { seed: 12 });
  const indices = range(64);
  const results: { loss: number; gradient: Float32Array; eval: number }[] = [];
  for (const backend of ["cpu", "wasm"] as const) {
    await setupBackend({ backend });
    const loss = createNetworkLoss(net, data);
    const gradient = new Float32Array(net.numParams);
    results.push({ loss: loss.lossAndGradient(params, indices, gradient), gradient, eval: loss.evaluate(params, { batchSize: 10 }).loss });
  }
  // float32 products summed in different orders: relative differences of order 1e-7 x sqrt(K).
  assert.ok(Math.abs(results[0]!.loss - results[1]!.loss) < 1e-5 * results[0]!.loss);
  assert.ok(Math.abs(results[0]!.eval - results[1]!.eval) < 1e-5 * results[0]!.eval);
  assert.ok(maxRelativeError(results[1]!.gradient, results[0]!.gradient) < 1e-4);
});

test("the same parameters and batch give bit-identical losses and gradients", async () => {
  await setupBackend({ backend: "wasm" });
  const net = denseNetwork({ widths: [10, 7, 3] });
  const loss = createNetworkLoss(net, classification(30, 10, 3, 2));
  const params = initializeParameters(net, { seed: 1 });
  const g1 = new Float32Array(net.numParams);
  const g2 = new Float32Array(net.numParams);
  const indices = new Int32Array([0, 5, 7, 29]);
  assert.equal(loss.lossAndGradient(params, indices, g1), loss.lossAndGradient(params, indices, g2));
  assert.deepEqual(g1, g2);
});

test("evaluate reports loss and accuracy over all samples in chunks without leaking tensors", async () => {
  await setupBackend({ backend: "wasm" });
  const net = denseNetwork({ widths: [5, 4, 3] });
  const data = classification(25, 5, 3, 3);
  const loss = createNetworkLoss(net, data);
  const params = initializeParameters(net, { seed: 5 });
  const before = tf.memory().numTensors;
  const whole = loss.evaluate(params, { batchSize: 1000 });
  const chunked = loss.evaluate(params, { batchSize: 7 });
  assert.equal(tf.memory().numTensors, before);
  assert.ok(Math.abs(whole.loss - chunked.loss) < 1e-6);
  assert.equal(whole.accuracy, chunked.accuracy);
  assert.equal(whole.numSamples, 25);
  assert.ok(Math.abs(whole.loss - loss.loss(params, range(25))) < 1e-6);
});

test("createNetworkLoss and its methods name the argument and the valid range on misuse", async () => {
  await setupBackend({ backend: "cpu" });
  const data = classification(5, 3, 2, 1);
  assert.throws(() => createNetworkLoss(denseNetwork({ widths: [4, 2] }), data), /network.widths\[0\] must equal data.inputSize = 3, got 4/);
  assert.throws(() => createNetworkLoss(denseNetwork({ widths: [3, 3] }), data), /output width must equal the data's numClasses = 2, got 3/);
  const loss = createNetworkLoss(denseNetwork({ widths: [3, 2] }), data);
  assert.throws(() => loss.loss(new Float32Array(7), range(2)), /params must have length 8/);
  assert.throws(() => loss.loss(new Float32Array(8), new Int32Array([5])), /indices\[0\] must be in \[0, 4\], got 5/);
});
