import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setupBackend } from "../../src/env/backend";
import { acrossModelsRow, modelRunCaptureSteps, runModelExperiment, type ModelRunConfig } from "../../src/experiment/modelRun";
import { createRunCache } from "../../src/experiment/runCache";
import { denseModel } from "../../src/model/networkLoss";
import { denseNetwork } from "../../src/model/denseNetwork";
import { closeTrainingWorkers } from "../../src/train/trainingWorkers";

const config: ModelRunConfig = {
  label: "tiny MLP",
  model: denseModel(denseNetwork({ widths: [784, 8, 10] })).description,
  data: { kind: "mnist", trainLimit: 256, testLimit: 128 },
  pretrain: null,
  adamSteps: 20,
  adamLearningRate: 1e-3,
  sgdSteps: 40,
  sgdLearningRate: 0.05,
  batchSize: 16,
  seeds: [0, 1],
  captures: 8,
  fitStartFraction: 0.1,
  evaluationSamples: 64,
  // The smallest calibration the rule allows (4 chains of 400 steps, no doubling), on 128 samples.
  llc: { checkpoints: [0.5, 1], samples: 128, rule: { batchSize: 16, initialSteps: 400, minSteps: 400, maxSteps: 400, maxHalvings: 1, hessianSamples: 128, descentSamples: 128, descentSteps: 2, seed: 0 } },
};

test("the capture steps of a run hold the start, the switch, the end and the LLC checkpoints", () => {
  const { all, checkpoints, switchStep } = modelRunCaptureSteps(config);
  assert.equal(switchStep, 20);
  assert.deepEqual(checkpoints, [40, 60]);
  for (const t of [0, 20, 40, 60]) assert.ok(all.includes(t), `step ${t} captured`);
  assert.ok(all.every((t, i) => i === 0 || t > all[i - 1]!), "increasing");
});

test("runModelExperiment fits alpha from both references, estimates the LLC at the checkpoints and caches the record", async () => {
  await setupBackend({ backend: "wasm" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ab-model-run-"));
  try {
    const cache = createRunCache({ version: "test", directory: dir });
    const record = await runModelExperiment(config, { cache, progress: false });
    assert.equal(record.members.length, 2);
    assert.equal(record.switchStep, 20);
    assert.equal(record.llc.length, 2);
    for (const m of record.members) {
      assert.ok(Number.isFinite(m.fromSwitch.alpha) && Number.isFinite(m.fromStart.alpha));
      assert.notEqual(m.fromStart.alpha, m.fromSwitch.alpha);
      assert.equal(m.displacementFromStart[0], 0);
      assert.equal(m.displacementFromSwitch[m.steps.indexOf(20)], 0);
      assert.equal(m.displacementFromSwitch[0], -1, "undefined before the switch");
    }
    assert.equal(record.llcSamples, 128);
    assert.ok(record.calibration !== null, "calibrated at the last checkpoint");
    assert.equal(record.calibration!.step, 60);
    for (const c of record.llc) {
      assert.ok(c.ok, "every checkpoint estimated");
      if (c.ok) {
        assert.ok(Number.isFinite(c.rHat) && Number.isFinite(c.monteCarloStdError), "each estimate carries its convergence");
        assert.equal(c.settled, c.converged && record.calibration!.ok);
      }
    }
    assert.equal(record.llcTrusted, record.llc.every((c) => c.ok && c.settled));
    assert.equal(record.llcTrusted, record.llcProblems.length === 0);
    assert.ok(record.llcSetting.includes("calibrated at the last checkpoint on n = 128"));
    assert.deepEqual(await runModelExperiment(config, { cache, progress: false }), JSON.parse(JSON.stringify(record)));
    const row = acrossModelsRow(record);
    assert.equal(row.numParams, 6370);
    assert.ok(row.alphaFromSwitch.lower <= row.alphaFromSwitch.mean && row.alphaFromSwitch.mean <= row.alphaFromSwitch.upper);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await closeTrainingWorkers();
  }
});

test("the bound is undefined in a row whose LLC is not positive or not settled, and decided on alpha's interval", () => {
  const member = { fromSwitch: { alpha: 0.3, rSquared: 0.99, standardError: 0 }, fromStart: { alpha: 0.01, rSquared: 0.98, standardError: 0 }, testLoss: 1, testAccuracy: 0.5 };
  const withAlphas = (alphas: number[]) => alphas.map((alpha) => ({ ...member, fromSwitch: { ...member.fromSwitch, alpha } }));
  assert.equal(acrossModelsRow({ config: { label: "x" }, numParams: 1, lambdaBar: -2, llcTrusted: true, members: [member] }).bound, null);
  assert.equal(acrossModelsRow({ config: { label: "x" }, numParams: 1, lambdaBar: 10, llcTrusted: true, members: [member] }).bound, "holds");
  assert.equal(acrossModelsRow({ config: { label: "x" }, numParams: 1, lambdaBar: 10, llcTrusted: false, members: [member] }).bound, null, "a flagged lambda_bar carries no verdict");
  assert.equal(acrossModelsRow({ config: { label: "x" }, numParams: 1, lambdaBar: 10, llcTrusted: true, members: withAlphas([0.6]) }).bound, "does not hold");
  // Three seeds whose mean is below 1/2 but whose interval (at least their range's inner part) is not.
  const straddling = acrossModelsRow({ config: { label: "x" }, numParams: 1, lambdaBar: 10, llcTrusted: true, members: withAlphas([0.44, 0.49, 0.56]) });
  assert.ok(straddling.alphaFromSwitch.mean < 0.5 && straddling.alphaFromSwitch.lower < 0.5 && straddling.alphaFromSwitch.upper > 0.5);
  assert.equal(straddling.bound, "undecided", "a mean below 1/2 does not decide the bound when the interval contains 1/2");
  assert.equal(acrossModelsRow({ config: { label: "x" }, numParams: 1, lambdaBar: 10, llcTrusted: true, members: withAlphas([0.30, 0.31, 0.33]) }).bound, "holds");
  assert.equal(acrossModelsRow({ config: { label: "x" }, numParams: 1, lambdaBar: 10, llcTrusted: true, members: withAlphas([0.52, 0.55, 0.53]) }).bound, "does not hold");
});
