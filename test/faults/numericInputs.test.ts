/**
 * Fault suite, numeric entry points: any finite input gives finite output or a clear error (a
 * RangeError or TypeError naming the function); any non-finite input gives a clear error, never NaN or
 * Infinity in a result.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { fitPowerLaw } from "../../src/diffusion/fitPowerLaw";
import { ensembleMsd } from "../../src/diffusion/ensembleMsd";
import { timeAveragedMsd, timeAveragedMsdDirect } from "../../src/diffusion/timeAveragedMsd";
import { createWalk } from "../../src/diffusion/walk";
import { createLinearRegressionLoss } from "../../src/slt/linearRegressionLoss";
import { estimateLlc } from "../../src/slt/estimateLlc";
import { faultRuns } from "./faults";

/** A clear error: the right kind, and the message starts with the function's name. */
function clearError(error: unknown, fn: string): void {
  assert.ok(error instanceof RangeError || error instanceof TypeError || (error instanceof Error && error.name === "Error"), `unexpected ${String(error)}`);
  assert.ok((error as Error).message.startsWith(`${fn}:`), `the message does not name ${fn}: ${(error as Error).message}`);
}

function allFinite(value: unknown, where = "result"): void {
  if (typeof value === "number") assert.ok(Number.isFinite(value), `${where} is ${value}`);
  else if (ArrayBuffer.isView(value)) (value as unknown as ArrayLike<number>) && Array.from(value as unknown as ArrayLike<number>).forEach((v, i) => assert.ok(Number.isFinite(v), `${where}[${i}] is ${v}`));
  else if (Array.isArray(value)) value.forEach((v, i) => allFinite(v, `${where}[${i}]`));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) allFinite(v, `${where}.${k}`);
}

const anyDouble = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 1e-300, max: 1e300, noNaN: true }) },
  { weight: 3, arbitrary: fc.double({ min: -10, max: 1000, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, Number.MIN_VALUE, Number.MAX_VALUE) },
);

test("fitPowerLaw: finite in, finite out or a clear error", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(anyDouble, anyDouble), { minLength: 0, maxLength: 40 }),
      fc.record({ start: fc.option(anyDouble, { nil: undefined }), end: fc.option(anyDouble, { nil: undefined }), pointsPerDecade: fc.option(fc.oneof(fc.integer({ min: -2, max: 40 }), anyDouble), { nil: undefined }) }),
      fc.boolean(),
      (points, options, sorted) => {
        if (sorted) points.sort((a, b) => a[0] - b[0]);
        const x = points.map((p) => p[0]);
        const y = points.map((p) => p[1]);
        let fit;
        try {
          fit = fitPowerLaw(x, y, options);
        } catch (error) {
          clearError(error, "fitPowerLaw");
          return;
        }
        allFinite(fit, "fit");
        assert.ok(fit.rSquared >= 0 && fit.rSquared <= 1);
        assert.ok(fit.standardError >= 0);
        assert.ok(fit.numPoints >= 3);
      },
    ),
    faultRuns(2000),
  );
});

test("ensembleMsd and timeAveragedMsd: finite walks give finite MSDs, others a clear error", () => {
  const walkArbitrary = fc.record({
    dimension: fc.integer({ min: 1, max: 3 }),
    length: fc.integer({ min: 0, max: 40 }),
    scale: fc.constantFrom(1, 1e-200, 1e150, 1e300),
    poison: fc.option(fc.tuple(fc.nat(), fc.constantFrom(NaN, Infinity, -Infinity)), { freq: 4 }),
    seed: fc.integer(),
  });
  fc.assert(
    fc.property(fc.array(walkArbitrary, { minLength: 1, maxLength: 3 }), fc.constantFrom("ensemble", "fft", "direct"), (specs, estimator) => {
      const length = specs[0]!.length;
      const dimension = specs[0]!.dimension;
      const walks = specs.map((s) => {
        const positions = Float64Array.from({ length: length * dimension }, (_, i) => Math.sin(s.seed + i * 1.7) * s.scale);
        if (s.poison && positions.length) positions[s.poison[0] % positions.length] = s.poison[1];
        return createWalk(positions, dimension);
      });
      let curve;
      const fn = estimator === "ensemble" ? "ensembleMsd" : estimator === "fft" ? "timeAveragedMsd" : "timeAveragedMsdDirect";
      try {
        curve = estimator === "ensemble" ? ensembleMsd(walks) : estimator === "fft" ? timeAveragedMsd(walks[0]!) : timeAveragedMsdDirect(walks[0]!);
      } catch (error) {
        clearError(error, fn);
        return;
      }
      allFinite(curve.msd, `${fn} msd`);
      allFinite(curve.lags, `${fn} lags`);
      assert.ok(curve.msd.every((v) => v >= 0));
    }),
    faultRuns(1000),
  );
});

test("estimateLlc options: valid ones give a finite estimate, others a clear error naming the option", async () => {
  const loss = createLinearRegressionLoss({ inputDim: 2, numSamples: 40, seed: 3 });
  const center = loss.leastSquaresParams;
  const option = <T>(valid: fc.Arbitrary<T>) =>
    fc.option(fc.oneof({ weight: 4, arbitrary: valid as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -1, 0, 0.5, -0, 1e300, "3", null) }), { nil: undefined, freq: 2 });
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        stepSize: option(fc.double({ min: 1e-6, max: 1e-2, noNaN: true })),
        localization: option(fc.double({ min: 0, max: 1000, noNaN: true })),
        nBeta: option(fc.double({ min: 0.1, max: 1000, noNaN: true })),
        numChains: option(fc.integer({ min: 1, max: 2 })),
        numDraws: option(fc.integer({ min: 1, max: 12 })),
        numBurnin: option(fc.integer({ min: 0, max: 5 })),
        thinning: option(fc.integer({ min: 1, max: 2 })),
        batchSize: option(fc.integer({ min: 1, max: 40 })),
        initLossBatches: option(fc.integer({ min: 1, max: 4 })),
        seed: option(fc.integer({ min: 0, max: 1000 })),
      }),
      async (raw) => {
        // Keep valid runs short: a valid but huge count would only make the test slow, not wrong.
        const options = Object.fromEntries(Object.entries(raw).filter(([k, v]) => !(["numDraws", "numChains", "numBurnin", "thinning", "initLossBatches"].includes(k) && v === 1e300)));
        let estimate;
        try {
          estimate = await estimateLlc(loss, center, { ...options, numDraws: (options.numDraws as number | undefined) ?? 8, numChains: (options.numChains as number | undefined) ?? 1, workers: false });
        } catch (error) {
          assert.ok(error instanceof Error, String(error));
          // Bad options are RangeError/TypeError naming the option; a divergence (large step x n beta)
          // is an Error naming the chain and draw.
          if (error instanceof RangeError || error instanceof TypeError) {
            assert.match(error.message, /^(estimateLlc|sampleSgld|resolveSgldSettings): \w+/, error.message);
          } else {
            assert.match(error.message, /diverge|non-finite|not finite/i, error.message);
          }
          return;
        }
        allFinite(estimate.mean, "mean");
        allFinite(estimate.nBeta, "nBeta");
        allFinite(estimate.perChain, "perChain");
      },
    ),
    faultRuns(300),
  );
});
