import { test } from "node:test";
import * as assert from "node:assert/strict";
import { replicaExchangeLangevin } from "../../src/train/replicaExchangeLangevin";
import { createGaussianWellsLoss, wellsBasinMasses, wellsBasinStatistics } from "../../src/slt/gaussianWellsLoss";
import { checkCase } from "../stochastic";
import { testSeed } from "../seeds";
import { REPLICA_EXCHANGE_MASSES, REPLICA_EXCHANGE_TEMPERED, WELLS, WELLS_PRIOR_STD, basinShares } from "./trainCases";

const loss = WELLS, priorStd = WELLS_PRIOR_STD;

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

test("replicaExchangeLangevin recovers the basin masses known by quadrature", async () => {
  const values = await checkCase(REPLICA_EXCHANGE_MASSES);
  // Every run of 20,000 steps crosses the ladder many times: over the 400 runs of 40 seed offsets the
  // fewest round trips were 522 and the lowest swap acceptance 0.64; half of each leaves room and still
  // catches a sampler whose exchange has stopped working.
  assert.ok(values.minRoundTrips! > 250, `fewest round trips ${values.minRoundTrips}`);
  assert.ok(values.minSwapAcceptance! > 0.5, `lowest swap acceptance ${values.minSwapAcceptance}`);
});

test("replicaExchangeLangevin with per-replica priors samples a tempered posterior and the posterior in one run", async () => {
  await checkCase(REPLICA_EXCHANGE_TEMPERED);
});

test("replicaExchangeLangevin records the replicas asked for, and a single prior leaves the run unchanged", () => {
  const base = { loss, nBetas: [30, 10, 3], stepSizes: 0.045, initial: [0, 1, 2].map(() => new Float32Array([-2, 0])), numSteps: 400, recordEvery: 10, seed: testSeed(7) };
  const one = replicaExchangeLangevin({ ...base, priorStd });
  const many = replicaExchangeLangevin({ ...base, priorStd: [priorStd, priorStd, priorStd], recordReplicas: [2, 0] });
  // Equal priors: the same arithmetic, draw for draw; the first recorded replica is the one of `draws`.
  assert.deepEqual(many.recorded.map((r) => r.replica), [2, 0]);
  assert.deepEqual(many.recorded[1]!.draws, one.draws);
  assert.equal(many.draws, many.recorded[0]!.draws);
  assert.equal(many.recorded[0]!.nBeta, 3);
  assert.notDeepEqual(many.recorded[0]!.draws, one.draws);
  assert.deepEqual(one.recorded.map((r) => r.replica), [0]);
});

test("without exchange the same Langevin chain stays in its starting basin (the check above can fail)", () => {
  const run = replicaExchangeLangevin({ loss, nBetas: [30], priorStd, stepSizes: 0.045, initial: [new Float32Array([-2, 0])], numSteps: 20000, recordEvery: 10, seed: testSeed(1) });
  const shares = basinShares(run.draws, run.numDraws);
  assert.ok(shares[0]! > 0.999 && shares[1] === 0 && shares[2] === 0, `${shares}`);
  assert.equal(run.swapAcceptance.length, 0);
});

test("replicaExchangeLangevin rejects a ladder that is not decreasing and mismatched starts", () => {
  const start = [new Float32Array(2), new Float32Array(2)];
  assert.throws(() => replicaExchangeLangevin({ loss, nBetas: [1, 2], priorStd, stepSizes: 0.1, initial: start, numSteps: 10 }), /strictly decreasing/);
  assert.throws(() => replicaExchangeLangevin({ loss, nBetas: [2, 1], priorStd, stepSizes: 0.1, initial: [start[0]!], numSteps: 10 }), /initial must hold 2/);
  assert.throws(() => replicaExchangeLangevin({ loss, nBetas: [2, 1], priorStd, stepSizes: [0.1], initial: start, numSteps: 10 }), /stepSizes/);
  assert.throws(() => replicaExchangeLangevin({ loss, nBetas: [2, 1], priorStd: [1], stepSizes: 0.1, initial: start, numSteps: 10 }), /priorStd must be one finite number > 0 or one per replica \(2\), got \[1\]/);
  assert.throws(() => replicaExchangeLangevin({ loss, nBetas: [2, 1], priorStd: [1, 0], stepSizes: 0.1, initial: start, numSteps: 10 }), /priorStd/);
  assert.throws(() => replicaExchangeLangevin({ loss, nBetas: [2, 1], priorStd, stepSizes: 0.1, initial: start, numSteps: 10, recordReplicas: [0, 0] }), /recordReplicas must hold distinct replica indices in \[0, 1\]/);
  assert.throws(() => replicaExchangeLangevin({ loss, nBetas: [2, 1], priorStd, stepSizes: 0.1, initial: start, numSteps: 10, recordReplicas: [2] }), /recordReplicas/);
});

test("wellsBasinStatistics: the mean loss in a lone Gaussian well is L_min + 1 / (n beta) under a flat prior", () => {
  // One well of weight c: L = -log c + |w - mu|^2 / (2 s^2), so n beta (L - L_min) ~ chi^2_2 / 2, mean 1.
  const lone = createGaussianWellsLoss({ centers: [[0.5, 0]], widths: [0.3], weights: [2], numSamples: 10 });
  const stats = wellsBasinStatistics(lone, { nBeta: 40, priorStd: 1e4 });
  assert.ok(Math.abs(stats.meanLoss[0]! - (-Math.log(2) + 1 / 40)) < 1e-6, `${stats.meanLoss[0]}`);
  assert.equal(stats.masses[0], 1);
});
