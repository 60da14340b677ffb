import { test } from "node:test";
import * as assert from "node:assert/strict";
import { analyseTrajectory, summarizeSettings, settingTableRows, type CheckpointLlcEstimate, type MnistRunRecord } from "../../src/experiment/index";
import { createRandom } from "../../src/util/random";

const T = 1000;
const ALPHA = 0.3;
const SPEED = 2.5;
const CHECKPOINTS = [500, 750, 1000];

/**
 * A trajectory in 50 dimensions moving along a fixed direction u from a random start w0:
 * w(t) = w0 + SPEED t^ALPHA u, so R(t) = |w(t) - w(0)| = SPEED t^ALPHA exactly (up to float32
 * storage), captured at log-spaced steps, every 10 steps over the late half, and at the checkpoints.
 */
function powerLawTrajectory(): { steps: Float64Array; snapshots: Float32Array; dimension: number; late: number[] } {
  const P = 50;
  const random = createRandom(5);
  const w0 = Float64Array.from({ length: P }, () => random.normal());
  const u = Float64Array.from({ length: P }, () => random.normal());
  const norm = Math.hypot(...u);
  const late = Array.from({ length: 51 }, (_, i) => 500 + 10 * i);
  const steps = [...new Set([0, ...Array.from({ length: 30 }, (_, i) => Math.round(T ** (i / 29))), ...late, ...CHECKPOINTS])].sort((a, b) => a - b);
  const snapshots = new Float32Array(steps.length * P);
  steps.forEach((t, i) => {
    for (let j = 0; j < P; j++) snapshots[i * P + j] = w0[j]! + (SPEED * t ** ALPHA * u[j]!) / norm;
  });
  return { steps: Float64Array.from(steps), snapshots, dimension: P, late };
}

/** A known LLC at each checkpoint: lambda(step) = 10 + step / 100 (15, 17.5, 20). */
const knownLambda = (step: number): number => 10 + step / 100;

/** The fields of a converged estimate that the analysis copies through unchanged. */
const converged = { std: 0.1, monteCarloStdError: 0.2, rHat: 1.01, ess: 300, converged: true, reasons: [] as string[], localizerShare: 0.1, initLoss: 0.5, trace: [1, 2], warnings: [] as string[], posteriorRadius: 0.01 };

test("analyseTrajectory recovers a known alpha and lambda_bar from a synthetic trajectory", async () => {
  const trajectory = powerLawTrajectory();
  const seen: number[] = [];
  const estimate = async (center: Float32Array, step: number): Promise<CheckpointLlcEstimate> => {
    // The estimator gets the weights recorded at its checkpoint.
    const i = Array.from(trajectory.steps).indexOf(step);
    assert.deepEqual(center, trajectory.snapshots.slice(i * trajectory.dimension, (i + 1) * trajectory.dimension));
    seen.push(step);
    return { ...converged, mean: knownLambda(step), short: { mean: 2 * knownLambda(step), std: 1 }, nBeta: 42, descentDrop: step === 750 ? 0.05 : 0.01 };
  };
  const a = await analyseTrajectory(trajectory, { numSteps: T, fitStartFraction: 0.1, checkpoints: CHECKPOINTS, late: trajectory.late, returnsProjection: 2 }, estimate);
  assert.deepEqual(seen, CHECKPOINTS);
  // R(t) = 2.5 t^0.3 from float32 snapshots of order 1: relative error ~1e-7 per distance, so alpha
  // and the displacement agree to 1e-5 (R = |w - w0|^2 would give alpha = 0.6).
  for (const [i, t] of a.steps.entries()) assert.ok(Math.abs(a.displacement[i]! - SPEED * t ** ALPHA) < 1e-5 * (1 + SPEED * t ** ALPHA), `R(${t})`);
  assert.ok(Math.abs(a.fit.alpha - ALPHA) < 1e-5, `alpha ${a.fit.alpha}`);
  assert.ok(a.fit.rSquared > 1 - 1e-9);
  assert.equal(a.fit.end, T);
  assert.ok(a.fit.start >= 100 && a.fit.start < 150);
  // lambda_bar is the mean over all three checkpoints (dropping the last would give 16.25).
  assert.equal(a.lambdaBar, 17.5);
  assert.equal(a.lambdaSpread, 2.5);
  assert.equal(a.finalLambda, 20);
  assert.equal(a.nBeta, 42);
  assert.ok(Math.abs(a.spectralDimension - 2 * 17.5 * ALPHA) < 1e-4, `d_s ${a.spectralDimension}`);
  assert.ok(Math.abs(a.walkDimension - 1 / ALPHA) < 1e-3);
  assert.equal(a.withinBound, true); // 10.5 ≤ 17.5
  assert.ok(Math.abs(a.finalDisplacement - SPEED * T ** ALPHA) < 1e-4);
  // Distance travelled since the first checkpoint, along the line: SPEED (t^alpha - 500^alpha).
  a.llc.forEach((c, k) => {
    assert.equal(c.step, CHECKPOINTS[k]);
    assert.ok(Math.abs(c.travelled - SPEED * (CHECKPOINTS[k]! ** ALPHA - 500 ** ALPHA)) < 1e-4, `travelled ${c.travelled}`);
  });
  // The copied fields, and the descent share n beta x drop / |lambda|: 42 x 0.01 / 15 = 2.8 %,
  // 42 x 0.05 / 17.5 = 12 % (above 5 %: not a minimum), 42 x 0.01 / 20 = 2.1 %.
  assert.deepEqual([a.llc[0]!.rHat, a.llc[0]!.ess, a.llc[0]!.monteCarloStdError, a.llc[0]!.localizerShare, a.llc[0]!.posteriorRadius], [1.01, 300, 0.2, 0.1, 0.01]);
  a.llc.forEach((c, k) => assert.ok(Math.abs(c.descentShare! - [0.028, 0.12, 0.021][k]!) < 1e-12, `descent share ${c.descentShare}`));
  assert.deepEqual([a.llcTrusted, a.llcProblems], [false, ["step 750: not a local minimum (a short descent lowers n beta L by 12 % of lambda_hat)"]]);
  // The short setting's summary: lambda_bar 35 = 2 x 17.5, final 40, d_s = 2 x 35 x 0.3 = 21 ≤ 35.
  assert.deepEqual([a.short!.lambdaBar, a.short!.finalLambda, a.short!.withinBound], [35, 40, true]);
  assert.ok(Math.abs(a.short!.spectralDimension - 21) < 1e-4);
  // A straight line has no returns: the LLC-free d_s fails with a reason instead of a number.
  assert.ok(!a.returns.ok && /spectralDimensionFromReturns/.test(a.returns.reason), JSON.stringify(a.returns));
  // A checkpoint that did not converge makes the run untrusted, with its reason; no check and no short setting.
  const unsettled = async (_: Float32Array, step: number): Promise<CheckpointLlcEstimate> => ({
    ...converged, mean: knownLambda(step), short: null, nBeta: 42, descentDrop: null,
    ...(step === 1000 ? { converged: false, reasons: ["split R-hat 1.3 > 1.1"] } : {}),
  });
  const b = await analyseTrajectory(trajectory, { numSteps: T, fitStartFraction: 0.1, checkpoints: CHECKPOINTS, late: trajectory.late, returnsProjection: 2 }, unsettled);
  assert.deepEqual([b.llcTrusted, b.llcProblems, b.short, b.llc[0]!.descentShare], [false, ["step 1000: split R-hat 1.3 > 1.1"], null, null]);
  const settled = async (_: Float32Array, step: number): Promise<CheckpointLlcEstimate> => ({ ...converged, mean: knownLambda(step), short: null, nBeta: 42, descentDrop: 0 });
  const c = await analyseTrajectory(trajectory, { numSteps: T, fitStartFraction: 0.1, checkpoints: CHECKPOINTS, late: trajectory.late, returnsProjection: 2 }, settled);
  assert.deepEqual([c.llcTrusted, c.llcProblems], [true, []]);
  await assert.rejects(
    analyseTrajectory(trajectory, { numSteps: T, fitStartFraction: 0.1, checkpoints: [333], late: trajectory.late, returnsProjection: 2 }, estimate),
    /analyseTrajectory: checkpoint step 333 was not captured/,
  );
});

/** A run record with the given exponent and LLCs (the fields summarizeSettings reads). */
function record(seed: number, alpha: number, lambdas: number[], returns: number | null, trusted = true, shortLambdaBar: number | null = null): MnistRunRecord {
  const lambdaBar = lambdas.reduce((s, v) => s + v, 0) / lambdas.length;
  return {
    config: { seed } as MnistRunRecord["config"],
    fit: { alpha, rSquared: 0.99, standardError: 0.01, start: 100, end: 1000, numPoints: 20 },
    llc: lambdas.map((mean, k) => ({ step: 500 + 250 * k, mean, std: 0, initLoss: 0, trace: [], warnings: k === 0 && seed === 2 ? ["no plateau"] : [], posteriorRadius: 0, travelled: 0 })),
    llcTrusted: trusted,
    llcProblems: trusted ? [] : ["step 500: did not converge"],
    short: shortLambdaBar === null ? null : { lambdaBar: shortLambdaBar, finalLambda: shortLambdaBar, spectralDimension: 2 * shortLambdaBar * alpha, withinBound: alpha <= 0.5 },
    lambdaBar,
    finalLambda: lambdas[lambdas.length - 1]!,
    spectralDimension: 2 * lambdaBar * alpha,
    withinBound: 2 * lambdaBar * alpha <= lambdaBar,
    returns: returns === null ? { ok: false, reason: "too few returns" } : { ok: true, spectralDimension: returns, standardError: 0.1, rSquared: 0.9, radius: 1 },
    finalDisplacement: 10 * alpha,
    testAccuracy: 0.9,
  } as unknown as MnistRunRecord;
}

test("summarizeSettings gives the mean and spread over seeds of the records' alpha, and of lambda_bar and d_s over the trusted runs", () => {
  const records = [record(1, 0.2, [10, 12, 14], 1.5), record(2, 0.4, [20, 22, 24], null, true, 30), record(3, 0.6, [5, 5, 5], 2.5, false)];
  const [s] = summarizeSettings(records, () => "lr 0.05");
  assert.equal(s!.runs, 3);
  // alpha over all runs: mean 0.4, sample sd 0.2. lambda_bar over the two trusted runs: 12, 22 ->
  // mean 17, sd sqrt(50); d_s: 4.8, 17.6; final lambda: 14, 24 (the untrusted run's 5s are left out).
  assert.ok(Math.abs(s!.alpha.mean - 0.4) < 1e-15 && Math.abs(s!.alpha.std - 0.2) < 1e-15);
  assert.equal(s!.llcTrusted, 2);
  assert.ok(Math.abs(s!.lambdaBar!.mean - 17) < 1e-12 && Math.abs(s!.lambdaBar!.std - Math.sqrt(50)) < 1e-12);
  assert.ok(Math.abs(s!.spectralDimension!.mean - (4.8 + 17.6) / 2) < 1e-12);
  // withinBound counts alpha ≤ 1/2 over all runs (2 of 3); one run has an LLC warning.
  assert.deepEqual([s!.finalLambda!.mean, s!.withinBound, s!.llcWarnings], [19, 2, 1]);
  assert.deepEqual({ mean: s!.returnsDimension!.mean, n: s!.returnsDimension!.n }, { mean: 2, n: 2 });
  assert.deepEqual({ mean: s!.shortLambdaBar!.mean, n: s!.shortLambdaBar!.n }, { mean: 30, n: 1 });
  // llcFlagged: the warned run (seed 2) and the unsettled run (seed 3).
  assert.equal(s!.llcFlagged, 2);
  const [none] = summarizeSettings([record(3, 0.6, [5, 5, 5], 2.5, false)], () => "x");
  assert.deepEqual([none!.llcTrusted, none!.lambdaBar, none!.spectralDimension, none!.shortLambdaBar], [0, null, null, null]);
});

test("settingTableRows never shows an unsettled LLC as free of warnings", () => {
  // One unsettled run without any LLC warning: the caveat column must still count it.
  const [row] = settingTableRows(summarizeSettings([record(3, 0.6, [5, 5, 5], 2.5, false)], () => "x"));
  assert.equal(row!["LLC converged"], "0/1");
  assert.equal(row!["runs with LLC warnings or unsettled"], 1);
  assert.equal(row!["runs with LLC warnings"], undefined);
});
