import { test } from "node:test";
import * as assert from "node:assert/strict";
import { deepLinearNetwork, denseNetwork } from "../../src/model/denseNetwork";
import { flattenParameters, layerParameterIndices, unflattenParameters } from "../../src/model/parameterView";
import { initializeParameters } from "../../src/model/initializeParameters";
import { testSeed } from "../seeds";

test("denseNetwork lays out parameters layer by layer, weights then biases", () => {
  const net = denseNetwork({ widths: [3, 4, 2] });
  assert.equal(net.numParams, 3 * 4 + 4 + 4 * 2 + 2);
  assert.deepEqual(
    net.layers.map((l) => [l.weightOffset, l.biasOffset, l.end]),
    [
      [0, 12, 16],
      [16, 24, 26],
    ],
  );
});

test("deepLinearNetwork has no biases and no activation by default", () => {
  const net = deepLinearNetwork({ widths: [5, 3, 3, 2] });
  assert.equal(net.activation, "linear");
  assert.equal(net.bias, false);
  assert.equal(net.numParams, 15 + 9 + 6);
  assert.ok(net.layers.every((l) => l.biasOffset === -1));
});

test("denseNetwork rejects too few or non-integer widths, naming the value", () => {
  assert.throws(() => denseNetwork({ widths: [3] }), /denseNetwork: widths must list at least 2/);
  assert.throws(() => denseNetwork({ widths: [3, 2.5] }), /widths\[1\] must be an integer in \[1, 2\^24\], got 2.5/);
});

test("flattenParameters inverts unflattenParameters, whose views alias the flat vector", () => {
  const net = denseNetwork({ widths: [2, 3, 1] });
  const flat = Float32Array.from({ length: net.numParams }, (_, i) => i);
  const layers = unflattenParameters(net, flat);
  assert.deepEqual(Array.from(layers[0]!.weights), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(Array.from(layers[1]!.bias!), [12]);
  assert.deepEqual(flattenParameters(net, layers), flat);
  layers[1]!.bias![0] = -1;
  assert.equal(flat[12], -1);
  assert.throws(() => flattenParameters(net, [layers[0]!]), /layers must have 2 entries/);
});

test("layerParameterIndices lists the chosen layers' positions in order", () => {
  const net = denseNetwork({ widths: [2, 2, 1] });
  assert.deepEqual(Array.from(layerParameterIndices(net, [1, 0])), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.throws(() => layerParameterIndices(net, [2]), /must be integers in \[0, 1\], got 2/);
});

test("He initialisation has the standard deviation sqrt(2 / fan_in) and zero biases", () => {
  const net = denseNetwork({ widths: [400, 50, 10] });
  const p = initializeParameters(net, { scheme: "he", seed: testSeed(3) });
  const w = p.subarray(0, 400 * 50);
  let ss = 0;
  for (const v of w) ss += v * v;
  const variance = ss / w.length;
  // The sample variance of n normals has relative standard error sqrt(2 / n) ≈ 0.01; allow 3.5 of them.
  assert.ok(Math.abs(variance / (2 / 400) - 1) < 3.5 * Math.sqrt(2 / w.length), `variance ${variance}`);
  assert.ok(p.subarray(20000, 20050).every((v) => v === 0));
});

test("Glorot weights stay inside their limit, small-normal uses the given std, and seeds reproduce", () => {
  const net = denseNetwork({ widths: [30, 20] });
  const limit = Math.sqrt(6 / 50);
  assert.ok(initializeParameters(net, { scheme: "glorot" }).every((v) => Math.abs(v) <= limit));
  const small = initializeParameters(net, { scheme: "smallNormal", std: 1e-3, seed: 1 });
  assert.ok(small.every((v) => Math.abs(v) < 1e-2));
  assert.deepEqual(initializeParameters(net, { seed: 9 }), initializeParameters(net, { seed: 9 }));
  assert.notDeepEqual(initializeParameters(net, { seed: 9 }), initializeParameters(net, { seed: 10 }));
  assert.throws(() => initializeParameters(net, { scheme: "smallNormal", std: 0 }), /std must be a finite number > 0, got 0/);
});
