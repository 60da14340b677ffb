import { test } from "node:test";
import * as assert from "node:assert/strict";
import { llcAlongTrainingFigure, volumeScalingFigure } from "../../src/plot";

test("volumeScalingFigure draws each series with a reference line of slope lambda", () => {
  const fig = volumeScalingFigure([
    { name: "bowl", thresholds: [1e-4, 1e-2], volumes: [3e-4, 3e-2], lambda: 1 },
    { name: "crossing", thresholds: [1e-4, 1e-2], volumes: [0.1, 0.3] },
  ]);
  assert.equal(fig.data.length, 3);
  const ref = fig.data[1] as { x: number[]; y: number[] };
  assert.deepEqual(ref.x, [1e-4, 1e-2]);
  assert.ok(Math.abs(ref.y[1]! / 3e-2 - 1) < 1e-12);
  assert.equal((fig.layout!.xaxis as { type: string }).type, "log");
  assert.throws(() => volumeScalingFigure([]), RangeError);
  assert.throws(() => volumeScalingFigure([{ name: "x", thresholds: [1], volumes: [] }]), RangeError);
});

test("llcAlongTrainingFigure separates flagged checkpoints and sorts by step", () => {
  const fig = llcAlongTrainingFigure([
    { step: 200, mean: 30, error: 2 },
    { step: 0, mean: -50, error: 5, flag: "belowInitialLoss" },
    { step: 100, mean: 20, error: 2 },
  ]);
  assert.equal(fig.data.length, 2);
  assert.deepEqual((fig.data[0] as { x: number[] }).x, [100, 200]);
  assert.deepEqual((fig.data[1] as { text: string[] }).text, ["belowInitialLoss"]);
  assert.throws(() => llcAlongTrainingFigure([]), RangeError);
});
