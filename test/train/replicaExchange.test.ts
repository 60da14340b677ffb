import { test } from "node:test";
import * as assert from "node:assert/strict";
import { replicaExchangeLangevin } from "../../src/train/replicaExchangeLangevin";
import { createGaussianWellsLoss, wellsBasinMasses } from "../../src/slt/gaussianWellsLoss";

// Three wells of widths 0.5, 0.4, 0.3 and n = 30: barriers of n (2)^2 / (2 s^2) ≈ 240–670 nats at
// beta = 1, which plain Langevin never crosses; basin masses ≈ 0.51, 0.33, 0.16 by quadrature.
const loss = createGaussianWellsLoss({ centers: [[-2, 0], [2, 0], [0, 2.5]], widths: [0.5, 0.4, 0.3], numSamples: 30 });
const priorStd = 3;
const ladder = Array.from({ length: 8 }, (_, j) => 30 * 0.5 ** j);

function basinShares(draws: Float32Array, numDraws: number): number[] {
  const m = [0, 0, 0];
  for (let i = 0; i < numDraws; i++) m[loss.basin(draws.subarray(2 * i, 2 * i + 2))]! += 1 / numDraws;
  return m;
}

test("wellsBasinMasses: symmetric wells split evenly and the grid is converged", () => {
  const even = wellsBasinMasses(createGaussianWellsLoss({ centers: [[-1, 0], [1, 0]], widths: [0.3, 0.3], numSamples: 20 }), { nBeta: 20, priorStd: 4 });
  assert.ok(Math.abs(even[0]! - 0.5) < 1e-9, `${even[0]}`);
  const coarse = wellsBasinMasses(loss, { nBeta: 30, priorStd, size: 600 });
  const fine = wellsBasinMasses(loss, { nBeta: 30, priorStd });
  // The midpoint rule on a smooth integrand: halving the cell changes the masses by far less than the sampler tolerance below.
  for (let k = 0; k < 3; k++) assert.ok(Math.abs(coarse[k]! - fine[k]!) < 1e-4, `${coarse[k]} vs ${fine[k]}`);
  // Laplace: masses ∝ s_k^2 (equal weights, a broad prior): 0.25 : 0.16 : 0.09.
  assert.ok(Math.abs(fine[0]! - 0.25 / 0.5) < 0.03 && Math.abs(fine[2]! - 0.09 / 0.5) < 0.03, `${Array.from(fine)}`);
});

test("replicaExchangeLangevin recovers the basin masses known by quadrature", () => {
  const truth = wellsBasinMasses(loss, { nBeta: 30, priorStd });
  const seeds = 10;
  const mean = [0, 0, 0];
  for (let s = 0; s < seeds; s++) {
    // Every replica starts in well 0: the other basins must be found by the exchange.
    const run = replicaExchangeLangevin({ loss, nBetas: ladder, priorStd, stepSizes: 0.045, initial: ladder.map(() => new Float32Array([-2, 0])), numSteps: 20000, swapEvery: 5, recordEvery: 10, seed: 100 + s });
    assert.ok(run.roundTrips > 50, `round trips ${run.roundTrips}`);
    assert.ok(run.swapAcceptance.every((a) => a > 0.3), `swap acceptance ${Array.from(run.swapAcceptance)}`);
    basinShares(run.draws, run.numDraws).forEach((m, k) => (mean[k]! += m / seeds));
  }
  // Measured over 20 seeds (seeds 0–19, 20000 steps each): per-run standard deviations 0.049, 0.046,
  // 0.029, so a 10-run mean has s.d. ≤ 0.016; 0.06 is ≈ 4 s.d.
  for (let k = 0; k < 3; k++) assert.ok(Math.abs(mean[k]! - truth[k]!) < 0.06, `basin ${k}: ${mean[k]} vs quadrature ${truth[k]}`);
});

test("without exchange the same Langevin chain stays in its starting basin (the check above can fail)", () => {
  const run = replicaExchangeLangevin({ loss, nBetas: [30], priorStd, stepSizes: 0.045, initial: [new Float32Array([-2, 0])], numSteps: 20000, recordEvery: 10, seed: 1 });
  const shares = basinShares(run.draws, run.numDraws);
  assert.ok(shares[0]! > 0.999 && shares[1] === 0 && shares[2] === 0, `${shares}`);
  assert.equal(run.swapAcceptance.length, 0);
});

test("replicaExchangeLangevin rejects a ladder that is not decreasing and mismatched starts", () => {
  const start = [new Float32Array(2), new Float32Array(2)];
  assert.throws(() => replicaExchangeLangevin({ loss, nBetas: [1, 2], priorStd, stepSizes: 0.1, initial: start, numSteps: 10 }), /strictly decreasing/);
  assert.throws(() => replicaExchangeLangevin({ loss, nBetas: [2, 1], priorStd, stepSizes: 0.1, initial: [start[0]!], numSteps: 10 }), /initial must hold 2/);
  assert.throws(() => replicaExchangeLangevin({ loss, nBetas: [2, 1], priorStd, stepSizes: [0.1], initial: start, numSteps: 10 }), /stepSizes/);
});
