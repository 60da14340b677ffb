import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { deepLinearValidation } from "../../src/experiment";
import { createRunCache } from "../../src/experiment/runCache";
import { createDeepLinearNetworkLoss, deepLinearHessianSpectrum, deepLinearLlcLowerBound, localizedQuadraticLlc, randomDeepLinearArchitectures } from "../../src/slt";

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
      assert.equal(row.llcExact, bound.exact);
      assert.deepEqual(row.reducedWidths, bound.reduction.widths);
      assert.deepEqual(row.layerRanks, bound.layerRanks);
      assert.equal(row.truthAttainable, row.truth >= bound.bound);
      assert.equal(row.rankGap, Math.min(bound.gap, bound.reduction.gap));
      // The target: the exact local value, else Aoyagi's λ where it can be the local value, else the bound.
      const expected = bound.exact ? ["exact", bound.bound] : row.truthAttainable ? ["aoyagi", row.truth] : ["lowerBound", bound.bound];
      assert.deepEqual([row.targetKind, row.target], expected);
      assert.equal(row.targetError, row.estimate / row.target - 1);
      assert.equal(row.lowerLocalizationEstimate, null, "the check below gamma runs only when the rule asks for it");
      assert.equal(row.lowerLocalizationReason, null);
      // The quadratic model at the row's own n beta = n / log n and gamma, over the Hessian's rank(J) positive curvatures.
      const nBeta = PROTOCOL.numSamples / Math.log(PROTOCOL.numSamples);
      assert.deepEqual(row.quadraticModel, localizedQuadraticLlc(deepLinearHessianSpectrum(row.widths, loss.trueParams, loss.inputs).curvatures, nBeta, row.localization));
      assert.equal(row.quadraticModel.limit, bound.jacobianBound);
    }
    // From the cache: the same rows, bound included (the cached record holds the calibration only).
    assert.deepEqual(await deepLinearValidation(options), rows);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});

test("deepLinearValidation records the estimate of the check below gamma when its rule asks for it", async () => {
  const { cache, directory } = temporaryCache("test-dln-lower/1");
  try {
    const rows = await deepLinearValidation({
      architectures: { ...ARCHITECTURES, count: 2 }, protocol: { ...PROTOCOL, trueParameters: "generic" as const },
      rule: { sampler: "sgld" as const, batchSize: 100, localization: 1, initialSteps: 400, minSteps: 400, maxSteps: 800, seed: 1, lowerLocalizationCheck: true }, cache,
    });
    for (const row of rows) {
      // It runs unless the check above gamma already flagged the localizer (or diverged).
      const skipped = row.flags.includes("localizerDominated") && row.lowerLocalizationEstimate === null;
      assert.ok(skipped || (row.lowerLocalizationEstimate !== null && row.lowerLocalizationEstimate > 0), `${row.widths.join("-")}: ${row.lowerLocalizationEstimate}, flags ${row.flags.join(", ")}`);
      // How it ended is recorded, and its flags follow from it.
      if (row.lowerLocalizationEstimate !== null) {
        assert.ok(row.lowerLocalizationReason !== null);
        if (row.lowerLocalizationReason === "differsAtPlateau") assert.ok(row.flags.includes("localizerDominated"));
        if (!row.lowerLocalizationReason.startsWith("agrees") && row.lowerLocalizationReason !== "differsAtPlateau") assert.ok(row.flags.includes("localizerUnchecked"));
      }
    }
    assert.ok(rows.some((r) => r.lowerLocalizationEstimate !== null));
    // From the cache: the same rows, the reason included.
    assert.deepEqual(await deepLinearValidation({
      architectures: { ...ARCHITECTURES, count: 2 }, protocol: { ...PROTOCOL, trueParameters: "generic" as const },
      rule: { sampler: "sgld" as const, batchSize: 100, localization: 1, initialSteps: 400, minSteps: 400, maxSteps: 800, seed: 1, lowerLocalizationCheck: true }, cache,
    }), rows);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});
