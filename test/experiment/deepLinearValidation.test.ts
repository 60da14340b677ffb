import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { deepLinearConstantMetricCheck, deepLinearValidation } from "../../src/experiment";
import { createRunCache } from "../../src/experiment/runCache";
import { createDeepLinearNetworkLoss, deepLinearLlcLowerBound, hessianTopEigenvalue, initialLlcStepSize, randomDeepLinearArchitectures } from "../../src/slt";

const ARCHITECTURES = { count: 4, seed: 4, minLayers: 2, maxLayers: 3, minWidth: 2, maxWidth: 5, maxParams: 60 };
const PROTOCOL = { numSamples: 2000, inputDistribution: "uniform" as const, inputScale: 10 };

function temporaryCache(version: string) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "ab-dln-"));
  return { cache: createRunCache({ directory, version }), directory };
}

test("deepLinearValidation gives every row the certified lower bound at its w*, also when the row comes from the cache", async () => {
  const { cache, directory } = temporaryCache("test-dln/1");
  try {
    const options = {
      architectures: ARCHITECTURES, protocol: { ...PROTOCOL, trueParameters: "generic" as const },
      rule: { sampler: "sgld" as const, batchSize: 100, localization: 1, initialSteps: 400, minSteps: 400, maxSteps: 800, seed: 1 }, cache,
    };
    const rows = await deepLinearValidation(options);
    const architectures = randomDeepLinearArchitectures(ARCHITECTURES);
    assert.equal(rows.length, architectures.length);
    for (const [i, row] of rows.entries()) {
      const loss = createDeepLinearNetworkLoss({ widths: row.widths, rank: row.rank, numSamples: PROTOCOL.numSamples, seed: 1000 + i, inputDistribution: "uniform", inputScale: 10, trueParameter: "generic" });
      const bound = deepLinearLlcLowerBound(row.widths, loss.trueParams);
      assert.equal(row.llcLowerBound, bound.bound);
      assert.deepEqual(row.layerRanks, bound.layerRanks);
      assert.equal(row.truthAttainable, row.truth >= bound.bound);
      assert.equal(row.rankGap, bound.gap);
    }
    // From the cache: the same rows, bound included (the cached record holds the calibration only).
    assert.deepEqual(await deepLinearValidation(options), rows);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});

test("deepLinearConstantMetricCheck runs each step size at the same chain time, skips r = 0 and caches its rows", async () => {
  const { cache, directory } = temporaryCache("test-dln-metric/1");
  try {
    const options = {
      architectures: ARCHITECTURES, protocol: PROTOCOL, cache,
      setting: { divisors: [4, 8], steps: 800, batchSize: 100, numChains: 4, localization: 1, rmspropEpsilon: 1e-3, seed: 2 },
    };
    const progress: [number, number][] = [];
    const rows = await deepLinearConstantMetricCheck({ ...options, onNetwork: (_, i, total) => progress.push([i, total]) });
    const expected = randomDeepLinearArchitectures(ARCHITECTURES).filter((a) => a.rank > 0);
    assert.ok(expected.length >= 2 && expected.length < ARCHITECTURES.count, "the case has networks of both kinds");
    assert.deepEqual(rows.map((r) => r.widths), expected.map((a) => a.widths));
    assert.deepEqual(progress, rows.map((_, i) => [i, rows.length]), "progress counts the networks it runs");
    for (const row of rows) {
      // The first step is the calibration's first RMSProp step over 4, at n beta = n / log n.
      const i = randomDeepLinearArchitectures(ARCHITECTURES).findIndex((a) => a.widths.join("-") === row.widths.join("-"));
      const loss = createDeepLinearNetworkLoss({ widths: row.widths, rank: row.rank, numSamples: PROTOCOL.numSamples, seed: 1000 + i, inputDistribution: "uniform", inputScale: 10, trueParameter: "mostSingular" });
      const curvature = Math.abs(hessianTopEigenvalue(loss, loss.trueParams, { maxSamples: 4096, seed: 2 }).value);
      assert.equal(row.runs[0]!.stepSize, initialLlcStepSize({ sampler: "rmsprop", curvature, nBeta: PROTOCOL.numSamples / Math.log(PROTOCOL.numSamples), localization: 1, rmspropEpsilon: 1e-3 }) / 4);
      assert.deepEqual(row.runs.map((r) => r.steps), [800, 1600]);
      assert.ok(Math.abs(row.runs[0]!.stepSize / row.runs[1]!.stepSize - 2) < 1e-12);
      assert.equal(row.relativeError, row.runs[1]!.mean / row.truth - 1);
      for (const run of row.runs) assert.ok(Number.isFinite(run.mean) && run.monteCarloStdError > 0 && run.ess > 0);
    }
    assert.deepEqual(await deepLinearConstantMetricCheck(options), rows);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});

test("deepLinearConstantMetricCheck rejects a setting it cannot run, naming it", async () => {
  const setting = { divisors: [4, 8], steps: 800, batchSize: 100, numChains: 4, localization: 1, rmspropEpsilon: 1e-3, seed: 2 };
  for (const [bad, message] of [
    [{ divisors: [] }, /setting.divisors must be one or more finite numbers > 0 in ascending order, got \[\]/],
    [{ divisors: [8, 4] }, /ascending order, got \[8,4\]/],
    [{ divisors: [0] }, /got \[0\]/],
    [{ steps: 100 }, /setting.steps must be an integer >= 400, got 100/],
  ] as const) {
    await assert.rejects(deepLinearConstantMetricCheck({ architectures: ARCHITECTURES, protocol: PROTOCOL, setting: { ...setting, ...bad } as typeof setting }), message);
  }
});
