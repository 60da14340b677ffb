import { test } from "node:test";
import * as assert from "node:assert/strict";
import { createSgd } from "../../src/train/sgd";
import { createAdam } from "../../src/train/adam";
import { createOptimizer } from "../../src/train/optimizer";
import { optimizerSchedule } from "../../src/train/optimizerSchedule";

test("plain SGD moves each weight by minus the learning rate times its gradient", () => {
  const sgd = createSgd({ learningRate: 0.5 }, 3);
  const w = new Float32Array([1, 2, 3]);
  const sum = sgd.step(w, new Float32Array([2, 0, -2]));
  assert.deepEqual(Array.from(w), [0, 2, 4]);
  assert.equal(sum, 6);
});

test("SGD with momentum and weight decay follows the PyTorch recursion", () => {
  const lr = 0.1;
  const mu = 0.9;
  const wd = 0.01;
  const sgd = createSgd({ learningRate: lr, momentum: mu, weightDecay: wd }, 1);
  const w = new Float32Array([1]);
  let ref = 1;
  let buf = 0;
  const grads = [0.5, -0.25, 1];
  grads.forEach((g, t) => {
    sgd.step(w, new Float32Array([g]));
    const d = g + wd * ref;
    buf = t === 0 ? d : mu * buf + d;
    ref = Math.fround(ref - lr * buf);
    buf = Math.fround(buf);
  });
  // Reference in float64 with float32 rounding of the stored values: equal to float32 precision.
  assert.ok(Math.abs(w[0]! - ref) < 1e-6);
});

test("Adam's first step moves every weight by about the learning rate against its gradient sign", () => {
  const adam = createAdam({ learningRate: 0.01 }, 3);
  const w = new Float32Array([0, 0, 0]);
  adam.step(w, new Float32Array([5, -1e-3, 0]));
  // m_hat / sqrt(v_hat) = sign(g) on the first step, so the move is lr up to epsilon.
  assert.ok(Math.abs(w[0]! + 0.01) < 1e-7);
  assert.ok(Math.abs(w[1]! - 0.01) < 1e-6);
  assert.equal(w[2], 0);
});

test("an optimizer restored from its state continues bit-identically", () => {
  for (const options of [{ kind: "sgd", learningRate: 0.1, momentum: 0.9 }, { kind: "adam", learningRate: 0.01 }] as const) {
    const a = createOptimizer(options, 4);
    const w = new Float32Array([1, -1, 0.5, 2]);
    const g = (t: number): Float32Array => Float32Array.from([1, 2, 3, 4], (v) => Math.sin(v * (t + 1)));
    for (let t = 0; t < 3; t++) a.step(w, g(t));
    const saved = a.state();
    const wSaved = w.slice();
    for (let t = 3; t < 6; t++) a.step(w, g(t));
    const b = createOptimizer(options, 4);
    b.restore(saved);
    for (let t = 3; t < 6; t++) b.step(wSaved, g(t));
    assert.deepEqual(wSaved, w, options.kind);
  }
});

test("optimizers reject options outside their range, naming them", () => {
  assert.throws(() => createSgd({ learningRate: 0 }, 2), /createSgd: learningRate must be a finite number in \(0, .*\], got 0/);
  assert.throws(() => createSgd({ learningRate: 0.1, momentum: 1 }, 2), /momentum must be a finite number in \[0, 0.999999\], got 1/);
  assert.throws(() => createAdam({ beta2: -0.1 }, 2), /createAdam: beta2 must be/);
  assert.throws(() => createOptimizer({ kind: "rmsprop" } as never, 2), /kind must be one of "sgd", "adam", "langevin", got "rmsprop"/);
});

test("optimizerSchedule finds the phase in force and rejects unordered starts", () => {
  const phaseAt = optimizerSchedule([
    { fromStep: 0, optimizer: { kind: "adam" } },
    { fromStep: 10, optimizer: { kind: "sgd", learningRate: 0.1 } },
    { fromStep: 20, optimizer: { kind: "sgd", learningRate: 0.01 } },
  ]);
  assert.deepEqual([0, 9, 10, 19, 20, 1000].map(phaseAt), [0, 0, 1, 1, 2, 2]);
  assert.throws(() => optimizerSchedule([{ fromStep: 1, optimizer: { kind: "adam" } }]), /phases\[0\].fromStep must be 0, got 1/);
  assert.throws(
    () => optimizerSchedule([{ fromStep: 0, optimizer: { kind: "adam" } }, { fromStep: 0, optimizer: { kind: "adam" } }]),
    /phases\[1\].fromStep must be an integer > 0/,
  );
});
