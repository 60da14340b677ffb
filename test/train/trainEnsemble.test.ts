import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setupBackend } from "../../src/env/backend";
import { createRandom } from "../../src/util/random";
import { denseNetwork } from "../../src/model/denseNetwork";
import { supervisedData } from "../../src/model/supervisedData";
import { train } from "../../src/train/train";
import { trainEnsemble } from "../../src/train/trainEnsemble";
import { closeTrainingWorkers, trainingWorkerCount } from "../../src/train/trainingWorkers";
import { DivergenceError } from "../../src/util/divergenceError";
import { everyKSteps } from "../../src/trajectory/captureSchedule";
import { readTrajectoryFile } from "../../src/trajectory/trajectoryFile";

const rng = createRandom(4);
const inputs = rng.fillNormal(new Float32Array(80 * 5));
const data = supervisedData({ inputs, inputSize: 5, labels: Uint8Array.from({ length: 80 }, (_, i) => (inputs[5 * i]! > 0 ? 1 : 0)), numClasses: 2 });
const common = {
  network: denseNetwork({ widths: [5, 7, 2] }),
  data,
  testData: data,
  numSteps: 40,
  batchSize: 8,
  optimizer: { kind: "sgd" as const, learningRate: 0.05, momentum: 0.5 },
  capture: { schedule: everyKSteps(4) },
  evaluateEvery: 10,
};

test("ensemble members trained in worker threads equal single runs with the same seeds", async () => {
  await setupBackend({ backend: "wasm" });
  const seeds = [3, 1, 4];
  const ensemble = await trainEnsemble({ ...common, seeds, workers: 2, progress: false });
  assert.equal(ensemble.workers, 2);
  assert.deepEqual(ensemble.seeds, seeds);
  for (let m = 0; m < seeds.length; m++) {
    const single = await train({ ...common, seed: seeds[m]!, progress: false });
    const member = ensemble.members[m]!;
    assert.equal(member.seed, seeds[m]);
    assert.deepEqual(member.trajectory!.snapshots, single.trajectory!.snapshots);
    assert.deepEqual(member.losses, single.losses);
    assert.deepEqual(member.params, single.params);
    assert.deepEqual(member.evaluations, single.evaluations);
  }
  assert.notDeepEqual(ensemble.members[0]!.params, ensemble.members[1]!.params);
  assert.ok(ensemble.modelStepsPerSecond > 0);
});

test("an ensemble in this thread equals one in workers, and can stream each member to disk", async () => {
  await setupBackend({ backend: "wasm" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ab-ensemble-"));
  const inThread = await trainEnsemble({ ...common, numMembers: 2, baseSeed: 9, workers: 0, progress: false });
  const inWorkers = await trainEnsemble({ ...common, numMembers: 2, baseSeed: 9, workers: 2, progress: false, trajectoryDirectory: dir, blockSnapshots: 3 });
  assert.deepEqual(inThread.seeds, inWorkers.seeds);
  for (let m = 0; m < 2; m++) {
    assert.deepEqual(inThread.members[m]!.trajectory, inWorkers.members[m]!.trajectory);
    const stored = readTrajectoryFile(path.join(dir, `seed-${inWorkers.seeds[m]}.abtraj`));
    assert.deepEqual(stored.trajectory.snapshots, inThread.members[m]!.trajectory!.snapshots);
  }
});

test("a diverging ensemble member stops the ensemble with a DivergenceError naming its seed", async () => {
  await setupBackend({ backend: "wasm" });
  await assert.rejects(
    trainEnsemble({ ...common, optimizer: { kind: "sgd", learningRate: 1e30 }, seeds: [5, 6], workers: 2, progress: false }),
    (e: unknown) => e instanceof DivergenceError && e.stepSize === 1e30 && /seed [56]/.test(e.message),
  );
});

test("ensembles reuse their idle workers, start afresh after a failure, and closeTrainingWorkers ends them", async () => {
  await setupBackend({ backend: "wasm" });
  await closeTrainingWorkers();
  assert.equal(trainingWorkerCount(), 0);
  const first = await trainEnsemble({ ...common, seeds: [2, 7], workers: 2, progress: false });
  assert.equal(trainingWorkerCount(), 2, "two idle workers stay after the ensemble");
  const second = await trainEnsemble({ ...common, seeds: [2, 7], workers: 2, progress: false });
  assert.equal(trainingWorkerCount(), 2, "the second ensemble ran on the same two workers");
  assert.deepEqual(second.members[1]!.trajectory, first.members[1]!.trajectory);
  await assert.rejects(trainEnsemble({ ...common, optimizer: { kind: "sgd", learningRate: 1e30 }, seeds: [5, 6], workers: 2, progress: false }), DivergenceError);
  assert.equal(trainingWorkerCount(), 0, "workers of a failed ensemble are ended, not reused");
  const third = await trainEnsemble({ ...common, seeds: [7], workers: 2, progress: false });
  assert.deepEqual(third.members[0]!.trajectory, first.members[1]!.trajectory);
  await closeTrainingWorkers();
  assert.equal(trainingWorkerCount(), 0);
});
