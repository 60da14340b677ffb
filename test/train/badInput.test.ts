/**
 * Non-finite values in the data or the initial weights are bad input, reported as such: never as a
 * divergence that asks to lower the learning rate.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { setupBackend } from "../../src/env/backend";
import { createRandom } from "../../src/util/random";
import { denseNetwork } from "../../src/model/denseNetwork";
import { supervisedData } from "../../src/model/supervisedData";
import { initializeParameters } from "../../src/model/initializeParameters";
import { train } from "../../src/train/train";
import { DivergenceError } from "../../src/util/divergenceError";

const network = denseNetwork({ widths: [4, 6, 2] });

function data(n: number, poison?: { sample: number; feature: number; value: number }, regression = false) {
  const rng = createRandom(5);
  const inputs = rng.fillNormal(new Float32Array(n * 4));
  if (poison) inputs[poison.sample * 4 + poison.feature] = poison.value;
  if (regression) return supervisedData({ inputs, inputSize: 4, targets: rng.fillNormal(new Float32Array(n * 2)) });
  return supervisedData({ inputs, inputSize: 4, labels: Uint8Array.from({ length: n }, (_, i) => i % 2) });
}

const isBadInput = (pattern: RegExp) => (e: Error) => {
  assert.ok(!(e instanceof DivergenceError), `reported as a divergence: ${e.message}`);
  assert.ok(e instanceof RangeError, `${e.name}: ${e.message}`);
  assert.doesNotMatch(e.message, /learning rate/i);
  assert.match(e.message, pattern);
  return true;
};

test("NaN in a training sample is reported as bad data, naming the sample and feature", async () => {
  await setupBackend({ backend: "cpu" });
  // Evaluation reads only the first 8 samples: the poisoned ones are found by the step that draws them.
  const options = { network, numSteps: 40, batchSize: 8, seed: 1, progress: false as const, evaluateEvery: 0, evaluationSamples: 8 };
  await assert.rejects(train({ ...options, data: data(32, { sample: 13, feature: 2, value: NaN }) }), isBadInput(/data\.inputs has NaN at sample 13, feature 2/));
  await assert.rejects(train({ ...options, data: data(32, { sample: 30, feature: 0, value: Infinity }) }), isBadInput(/data\.inputs has Infinity at sample 30, feature 0/));
});

test("NaN in a regression target is reported as bad data", async () => {
  await setupBackend({ backend: "cpu" });
  const d = data(16, undefined, true);
  d.targets![7 * 2 + 1] = NaN;
  await assert.rejects(
    train({ network, data: d, numSteps: 10, batchSize: 16, seed: 1, progress: false, evaluateEvery: 0 }),
    isBadInput(/data\.targets has NaN at sample 7, output 1/),
  );
});

test("NaN in the test data is reported as bad data at the first evaluation", async () => {
  await setupBackend({ backend: "cpu" });
  await assert.rejects(
    train({ network, data: data(16), testData: data(8, { sample: 3, feature: 1, value: NaN }), numSteps: 5, batchSize: 4, progress: false }),
    isBadInput(/testData\.inputs has NaN at sample 3, feature 1/),
  );
});

test("NaN in the initial parameters is reported as bad input before training", async () => {
  await setupBackend({ backend: "cpu" });
  const initialParams = initializeParameters(network, { seed: 3 });
  initialParams[17] = NaN;
  await assert.rejects(
    train({ network, data: data(16), initialParams, numSteps: 5, batchSize: 4, progress: false }),
    isBadInput(/initialParams\[17\] is NaN/),
  );
});

test("a real divergence is still a DivergenceError", async () => {
  await setupBackend({ backend: "cpu" });
  await assert.rejects(
    train({ network, data: data(32), numSteps: 200, batchSize: 8, seed: 1, progress: false, evaluateEvery: 0, optimizer: { kind: "sgd", learningRate: 1e8 } }),
    (e: Error) => e instanceof DivergenceError,
  );
});
