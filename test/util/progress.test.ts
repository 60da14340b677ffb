import { test } from "node:test";
import * as assert from "node:assert/strict";
import { setupBackend } from "../../src/env/backend";
import { makeMoons } from "../../src/data/moons";
import { denseNetwork } from "../../src/model/denseNetwork";
import { classificationData } from "../../src/model/supervisedData";
import { train } from "../../src/train/train";
import { trainEnsemble } from "../../src/train/trainEnsemble";
import { trainTinyEnsemble } from "../../src/bayes/trainTinyEnsemble";
import { DivergenceError } from "../../src/util/divergenceError";
import { defaultProgress, setDefaultProgress, startProgress, type ProgressFactory, type ProgressTask } from "../../src/util/progress";

/** A factory that records what the loops report. */
function recorder(): { factory: ProgressFactory; tasks: ProgressTask[]; updates: number[]; finished: number; failed: string[] } {
  const log = { tasks: [] as ProgressTask[], updates: [] as number[], finished: 0, failed: [] as string[] };
  const factory: ProgressFactory = (task) => {
    log.tasks.push(task);
    return { update: (step) => log.updates.push(step), finish: () => void log.finished++, fail: (m) => void log.failed.push(m) };
  };
  return { factory, ...log, get finished() { return log.finished; } } as never;
}

const data = classificationData(makeMoons({ count: 64, noise: 0.2, seed: 1 }));
const network = denseNetwork({ widths: [2, 4, 2] });

test("startProgress: false turns reporting off, onProgress wins over the default, and no default means no reporter", () => {
  const previous = setDefaultProgress(null);
  try {
    const task = { total: 3, title: "t" };
    assert.equal(startProgress({}, task), null);
    const mine = recorder();
    const other = recorder();
    setDefaultProgress(other.factory);
    assert.equal(defaultProgress(), other.factory);
    startProgress({ onProgress: mine.factory }, task);
    assert.deepEqual(mine.tasks, [task]);
    assert.equal(other.tasks.length, 0);
    assert.equal(startProgress({ progress: false, onProgress: mine.factory }, task), null);
    startProgress({ progress: "auto" }, task);
    assert.equal(other.tasks.length, 1);
  } finally {
    setDefaultProgress(previous);
  }
});

test("train reports every step to the reporter it is given, then finishes it", async () => {
  await setupBackend({ backend: "cpu" });
  const log = recorder();
  await train({ network, data, numSteps: 12, batchSize: 8, seed: 2, onProgress: log.factory });
  assert.deepEqual(log.tasks, [{ total: 12, title: "training seed 2" }]);
  assert.deepEqual(log.updates, Array.from({ length: 12 }, (_, i) => i));
  assert.equal(log.finished, 1);
});

test("the default reporter set by the display layer reaches ensembles, and a divergence fails it", async () => {
  await setupBackend({ backend: "cpu" });
  const log = recorder();
  const previous = setDefaultProgress(log.factory);
  try {
    await trainEnsemble({ network, data, numSteps: 5, batchSize: 8, seeds: [1, 2], workers: 0 });
    assert.deepEqual(log.tasks, [{ total: 10, title: "ensemble of 2" }]);
    assert.equal(log.updates.at(-1), 9);
    await assert.rejects(train({ network, data, numSteps: 50, batchSize: 8, seed: 3, optimizer: { kind: "sgd", learningRate: 1e30 } }), DivergenceError);
    assert.equal(log.failed.length, 1);
    assert.match(log.failed[0]!, /diverged at step \d+/);
  } finally {
    setDefaultProgress(previous);
  }
});

test("trainTinyEnsemble signals divergence with a DivergenceError carrying the member's seed and learning rate", async () => {
  await setupBackend({ backend: "cpu" });
  await assert.rejects(
    trainTinyEnsemble({ network, data, seeds: [4], numSteps: 200, learningRate: 1e30, progress: false }),
    (e: unknown) => e instanceof DivergenceError && e.seed === 4 && e.stepSize === 1e30 && e.where === "trainTinyEnsemble member 0",
  );
});

test("a DivergenceError rebuilt from its info() equals the original, as after a worker thread", () => {
  const original = new DivergenceError({ where: "sampleSgld chain 2", step: 7, stepSize: 1e-3, quantity: "threshold", value: 5e4, threshold: 1e4, measure: "n beta (L - L_n(w*))", seed: 9, hint: "Lower stepSize." });
  const copy = new DivergenceError(structuredClone(original.info()));
  assert.equal(copy.message, original.message);
  assert.match(copy.message, /^sampleSgld chain 2: diverged at step 7 with step size 0\.001 \(seed 9\): n beta \(L - L_n\(w\*\)\) = 50000 is above the threshold 10000\. Lower stepSize\.$/);
});

test("calibrateLlc reports each cell of its grid to its reporter", async () => {
  const { createNormalCrossingLoss } = await import("../../src/slt/normalCrossingLoss");
  const { calibrateLlc } = await import("../../src/slt/calibrateLlc");
  const nc = createNormalCrossingLoss({ a: 1, b: 2, numSamples: 500, seed: 0 });
  const log = recorder();
  const grid = await calibrateLlc(nc, nc.trueParams, { stepSizes: [1e-5, 1e-4, 10], nBetas: [100], localizations: [1], numChains: 2, numDraws: 10, workers: false, onProgress: log.factory });
  assert.deepEqual(log.tasks, [{ total: 3, title: "LLC calibration grid" }]);
  assert.deepEqual(log.updates, [0, 1, 2]);
  assert.equal(log.finished, 1);
  assert.equal(grid.cells.filter((c) => c.ok === false).length, 1, "the step size 10 diverges");
});
