import { test } from "node:test";
import * as assert from "node:assert/strict";
import { deadUnits, denseNetwork } from "../../src/model";
import { createRandom } from "../../src/util/random";

test("deadUnits counts hidden units that never fire, layer by layer", () => {
  // 784-8-6-10 with He-like random weights and zero biases fires every unit on some of 200 standard
  // normal inputs (each pre-activation is positive with probability 1/2 per input); a bias of -1e3 kills unit 3 of layer 1 and units 0 and 5 of layer 2 whatever the input.
  const net = denseNetwork({ widths: [784, 8, 6, 10] });
  const random = createRandom(3);
  const params = new Float32Array(net.numParams);
  for (const l of net.layers) for (let i = 0; i < l.inputSize * l.outputSize; i++) params[l.weightOffset + i] = random.normal() * Math.sqrt(2 / l.inputSize);
  const inputs = Float32Array.from({ length: 200 * 784 }, () => random.normal());
  assert.deepEqual(deadUnits(net, params, inputs).perLayer, [0, 0]);
  params[net.layers[0]!.biasOffset + 3] = -1e3;
  params[net.layers[1]!.biasOffset + 0] = -1e3;
  params[net.layers[1]!.biasOffset + 5] = -1e3;
  const dead = deadUnits(net, params, inputs);
  assert.deepEqual(dead.perLayer, [1, 2]);
  assert.equal(dead.total, 3);
  assert.equal(dead.hidden, 14);
  assert.ok(Math.abs(dead.fraction - 3 / 14) < 1e-12);
});

test("deadUnits looks only at the first maxSamples inputs", () => {
  // Unit 0 has weight 1 and bias -1.5: it fires only on the second input (2).
  const net = denseNetwork({ widths: [1, 1, 1] });
  const params = new Float32Array([1, -1.5, 1, 0]);
  assert.equal(deadUnits(net, params, new Float32Array([1, 2]), 1).total, 1);
  assert.equal(deadUnits(net, params, new Float32Array([1, 2])).total, 0);
  assert.throws(() => deadUnits(net, new Float32Array(3), new Float32Array([1])), /deadUnits: params must hold the network's 4 parameters, got 3/);
  assert.throws(() => deadUnits(denseNetwork({ widths: [2, 1, 1] }), new Float32Array(5), new Float32Array([1, 2, 3])), /inputs must be rows of 2 numbers, got 3/);
});
