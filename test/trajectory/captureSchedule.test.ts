import { test } from "node:test";
import * as assert from "node:assert/strict";
import { captureSteps, everyKSteps, logSpacedSteps, stepList } from "../../src/trajectory/captureSchedule";
import { snapshotSelection, snapshotTaker, trajectoryWalk, TrajectoryBuffer } from "../../src/trajectory/trajectory";
import { denseNetwork } from "../../src/model/denseNetwork";
import { createRandom } from "../../src/util/random";

test("every-k schedules start at 0 and stop at the last multiple of k", () => {
  assert.deepEqual(Array.from(captureSteps(everyKSteps(3), 10)), [0, 3, 6, 9]);
  assert.deepEqual(Array.from(captureSteps(everyKSteps(5), 10)), [0, 5, 10]);
  assert.throws(() => everyKSteps(0), /everyKSteps: k must be an integer ≥ 1, got 0/);
});

test("log-spaced schedules are increasing, unique, and evenly spaced in log t", () => {
  const steps = captureSteps(logSpacedSteps(50), 100000);
  assert.equal(steps[0], 0);
  assert.equal(steps[steps.length - 1], 100000);
  for (let i = 1; i < steps.length; i++) assert.ok(steps[i]! > steps[i - 1]!);
  // Past the rounding-dominated start, successive ratios are 100000^(1/48) ≈ 1.27.
  const ratio = steps[steps.length - 1]! / steps[steps.length - 2]!;
  assert.ok(Math.abs(ratio - Math.pow(100000, 1 / 48)) < 0.01);
  assert.deepEqual(Array.from(captureSteps(logSpacedSteps(10), 3)), [0, 1, 2, 3]);
});

test("listed steps are sorted, deduplicated and clipped to the run", () => {
  assert.deepEqual(Array.from(captureSteps(stepList([9, 2, 2, 30]), 10)), [2, 9]);
  assert.throws(() => stepList([1, -1]), /stepList: steps\[1\] must be a non-negative integer, got -1/);
});

test("a snapshot of chosen layers copies exactly their weights and biases in flat order", () => {
  const net = denseNetwork({ widths: [3, 4, 5, 2] });
  const params = Float32Array.from({ length: net.numParams }, (_, i) => i);
  const selection = snapshotSelection(net, { layers: [2, 0] });
  const taker = snapshotTaker(net, selection);
  const row = new Float32Array(taker.dimension);
  taker.take(params, row);
  const expected = [...params.subarray(0, net.layers[0]!.end), ...params.subarray(net.layers[2]!.weightOffset)];
  assert.deepEqual(Array.from(row), expected);
});

test("a projected snapshot preserves squared distances between snapshots on average", () => {
  const net = denseNetwork({ widths: [100, 50, 10] });
  const selection = snapshotSelection(net, { projection: { dimension: 256, seed: 4 } });
  const taker = snapshotTaker(net, selection);
  const rng = createRandom(2);
  let ratio = 0;
  const trials = 20;
  for (let t = 0; t < trials; t++) {
    const a = rng.fillNormal(new Float32Array(net.numParams));
    const b = rng.fillNormal(new Float32Array(net.numParams));
    const pa = new Float32Array(256);
    const pb = new Float32Array(256);
    taker.take(a, pa);
    taker.take(b, pb);
    let full = 0;
    let proj = 0;
    for (let i = 0; i < a.length; i++) full += (a[i]! - b[i]!) ** 2;
    for (let i = 0; i < 256; i++) proj += (pa[i]! - pb[i]!) ** 2;
    ratio += proj / full / trials;
  }
  // Each ratio has relative sd ≈ sqrt(2 / 256) ≈ 0.09; the mean of 20, 0.02; allow 3.5 of those.
  assert.ok(Math.abs(ratio - 1) < 3.5 * 0.09 / Math.sqrt(trials), `mean ratio ${ratio}`);
});

test("the trajectory buffer grows past its capacity and exposes the diffusion toolkit's walk layout", () => {
  const net = denseNetwork({ widths: [1, 1] });
  const buffer = new TrajectoryBuffer(2, snapshotSelection(net), 1);
  for (let s = 0; s < 5; s++) buffer.appendRow(s * 10).set([s, -s]);
  const trajectory = buffer.toTrajectory();
  assert.equal(trajectory.numSnapshots, 5);
  assert.deepEqual(Array.from(trajectory.steps), [0, 10, 20, 30, 40]);
  assert.deepEqual(Array.from(trajectory.snapshots.subarray(6, 8)), [3, -3]);
  const walk = trajectoryWalk(trajectory);
  assert.equal(walk.positions, trajectory.snapshots);
  assert.equal(walk.times, trajectory.steps);
});
