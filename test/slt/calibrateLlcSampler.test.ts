/**
 * The calibration rule of the LLC sampler on models it is never shown in the notebooks: a regular
 * model whose learning coefficient is d/2, a point where the curvature at w* is zero (the rule must
 * recover from chains that diverge), a budget too small to settle the chains (the rule must say so),
 * and its argument checks.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { calibrateLlcSampler, createDeepLinearNetworkLoss, createLinearRegressionLoss, initialLlcStepSize, localLearningCoefficient, sampleSgld } from "../../src/slt";
import { lowerLocalizationSearch } from "../../src/slt/calibrateLlcSampler";
import { DivergenceError } from "../../src/util/divergenceError";
import { checkValues } from "../stochastic";
import { seedOffset, testSeed } from "../seeds";
import { CALIBRATE_FROZEN_METRIC, CALIBRATE_HESSIAN_METRIC, CALIBRATE_REGULAR, illConditionedRegression, scaledRegression } from "./sltCases";

test("calibrateLlcSampler on a regular model chooses a setting that converges and lands near d/2", async () => {
  // Linear regression 10 -> 2 (d = 20, lambda = 10) on n = 1000 noisy samples, at its least-squares
  // point, full batches: "ok", the reference estimate (smallest converged step) within 7 % and the
  // estimate at the chosen (largest agreeing) step within 20 % of d/2 (the case CALIBRATE_REGULAR,
  // tolerances |bias| + 3.5 sd of the spread measured over seed offsets).
  const lr = createLinearRegressionLoss({ inputDim: 10, outputDim: 2, numSamples: 1000, noiseStd: 1, seed: testSeed(12) });
  const calibration = await calibrateLlcSampler(lr, lr.leastSquaresParams, { sampler: "sgld", batchSize: 1000, workers: false, seed: testSeed(2), maxSteps: 16000 });
  checkValues(CALIBRATE_REGULAR, { ok: Number(calibration.ok), estimate: calibration.estimate.mean, reference: calibration.reference.mean });
  // The record explains itself: every choice in words, every run kept, L_n(w*) on all samples.
  for (const why of Object.values(calibration.choices)) assert.ok(why.length > 20);
  assert.ok(calibration.trials.length >= 3);
  assert.equal(calibration.estimate.trace.diagnostics.initLossSamples, 1000);
  assert.ok(calibration.settings.stepSize! * calibration.estimate.nBeta * calibration.hessian.value < 4, "the chosen step is inside the stability limit");
});

test("calibrateLlcSampler recovers from chains that diverge where the curvature at w* is zero", async () => {
  // A rank-0 deep linear network at w* = 0: every product of layers vanishes there, so h_max = 0 and
  // eps0 = kappa / gamma is far too large; the rule halves eps until the chains stay bounded.
  const dln = createDeepLinearNetworkLoss({ widths: [3, 3, 3], rank: 0, numSamples: 2000, seed: 3, inputScale: 3 });
  const calibration = await calibrateLlcSampler(dln, dln.trueParams, { sampler: "sgld", batchSize: 100, workers: false, seed: 1, initialSteps: 400, minSteps: 400, maxSteps: 800 });
  assert.ok(Math.abs(calibration.hessian.value) < 1e-4, "only the O(delta^2) error of the differences");
  assert.ok(Number.isFinite(calibration.estimate.mean) && calibration.estimate.mean > 0);
  assert.ok(calibration.settings.stepSize! < 0.1 / 8, "eps was halved at least three times");
});

test("calibrateLlcSampler flags what it could not settle within its budget", async () => {
  // 400 steps per chain at most: far too few for the slow singular directions of this network, so the
  // setting must come back flagged "unconverged" with the reasons, never as ok.
  const dln = createDeepLinearNetworkLoss({ widths: [5, 4, 6, 5], rank: 1, numSamples: 10000, seed: 4, inputDistribution: "uniform", inputScale: 10, trueParameter: "generic" });
  const calibration = await calibrateLlcSampler(dln, dln.trueParams, { sampler: "sgld", batchSize: 100, workers: false, seed: 1, initialSteps: 400, minSteps: 400, maxSteps: 400 });
  assert.equal(calibration.ok, false);
  assert.ok(calibration.flags.includes("unconverged"));
  assert.ok(calibration.convergence.reasons.length > 0);
});

test("calibrateLlcSampler's length search continues its chains, and each doubled run equals a fresh run of its length", async () => {
  const dln = createDeepLinearNetworkLoss({ widths: [5, 4, 6, 5], rank: 1, numSamples: 10000, seed: 4, inputDistribution: "uniform", inputScale: 10, trueParameter: "generic" });
  const messages: string[] = [];
  const calibration = await calibrateLlcSampler(dln, dln.trueParams, { sampler: "sgld", batchSize: 100, workers: false, seed: 1, initialSteps: 400, minSteps: 400, maxSteps: 1600, onProgress: (m) => messages.push(m) });
  const lengths = calibration.trials.filter((t) => t.stage === "length");
  assert.deepEqual(lengths.map((t) => t.numBurnin + t.numDraws), [400, 800, 1600], "the budget case doubles twice");
  assert.equal(calibration.estimate.trace.chainStates, undefined, "the chains' states are dropped once the length is chosen");
  assert.equal(calibration.reference.trace.chainStates, undefined);
  assert.ok(messages.some((m) => m.includes("800 steps/chain (continued from 400)")) && messages.some((m) => m.includes("1600 steps/chain (continued from 800)")), messages.join("\n"));
  for (const t of lengths.slice(1)) {
    const fresh = localLearningCoefficient(await sampleSgld(dln, dln.trueParams, {
      stepSize: t.stepSize, localization: t.localization, numBurnin: t.numBurnin, numDraws: t.numDraws, batchSize: 100, numChains: 4, seed: 1, initLossBatches: 100, nBetaRule: "numSamples", workers: false,
    }));
    assert.equal(t.mean, fresh.mean, `${t.numBurnin + t.numDraws} steps`);
  }
});

test("calibrateLlcSampler with a constant RMSProp metric lands near d/2 on a regular model", async () => {
  // The regular case of the test above with RMSProp-SGLD whose metric is frozen at one step for every
  // run (the case CALIBRATE_FROZEN_METRIC, tolerances |bias| + 3.5 sd of the spread over seed offsets).
  checkValues(CALIBRATE_FROZEN_METRIC, await CALIBRATE_FROZEN_METRIC.run(0));
});

test("calibrateLlcSampler with the constant Hessian metric lands near d/2 on an ill-conditioned regular model", async () => {
  // Curvatures spread over 10^3 (a reparametrised linear regression): the case CALIBRATE_HESSIAN_METRIC,
  // tolerances |bias| + 3.5 sd of the spread over seed offsets.
  checkValues(CALIBRATE_HESSIAN_METRIC, await CALIBRATE_HESSIAN_METRIC.run(seedOffset()));
});

test("calibrateLlcSampler's check below gamma flags a localizer that holds weakly curved directions, which the check above gamma lets through", async () => {
  // Regression 10 -> 2 reparametrised so that the 6 weights of 3 inputs have n beta h = gamma / 4 at
  // gamma = 100 (n beta = 1000 / ln 1000 = 144.8) and the other 14 n beta h = 100 gamma. Each direction
  // adds (1/2) n beta h / (n beta h + gamma) to the estimate: 7.53 at gamma, 6.91 at 4 gamma (d log λ /
  // d log γ = -0.06, inside ±0.15, so the check above passes) and 8.48 at gamma / 4 (+12.6 %). The check
  // below compares with the reference (the run at the smallest step) within relTol + 2 standard
  // errors; the default relTol 5 % + 2 SE is about as wide as +12.6 % (half the seeds passed), so
  // relTol = 0.03 here. The Hessian metric makes the weak directions relax as fast as the stiff ones
  // (with plain SGLD they take thousands of steps at gamma / 4, and the check sees noise). At gamma = 1
  // every direction is curved far beyond gamma: the check below agrees. Measured at seed offsets 0-19:
  // slopes of the check above gamma -0.071 to -0.097; the check below differed at every one, at a
  // plateau in eps after 2 readings (eps 0.2 then 0.1, 16,000 and 32,000 steps), the finer reading
  // 1.118-1.132 times the reference (the model's 8.48 / 7.53 = 1.126); at gamma = 1 (relTol 0.05) it
  // agreed at once at every one.
  const lr = createLinearRegressionLoss({ inputDim: 10, outputDim: 2, numSamples: 1000, noiseStd: 1, seed: testSeed(21) });
  const nBeta = 1000 / Math.log(1000);
  const { loss, center } = scaledRegression(lr, 10, (i) => Math.sqrt((i < 3 ? 25 : 10_000) / nBeta));
  const common = { sampler: "metric" as const, batchSize: 1000, workers: false as const, seed: testSeed(22), maxSteps: 32000, adaptLocalization: 0, lowerLocalizationCheck: true };
  const held = await calibrateLlcSampler(loss, center, { ...common, relTol: 0.03, localization: 100 });
  assert.ok(held.localizationCheck.slope > -0.15, `the check above gamma passes: slope ${held.localizationCheck.slope}`);
  const lower = held.lowerLocalizationCheck;
  assert.ok(lower && !lower.agrees, JSON.stringify(lower));
  // The difference is the localizer's, not the step's: eps halved at gamma / 4 reads the same.
  assert.deepEqual([lower.outcome, lower.reason], ["differs", "differsAtPlateau"]);
  // The first reading at gamma / 4 is at the chosen step and length, later ones at smaller steps.
  const readings = held.trials.filter((t) => t.localization === 25);
  assert.equal(readings.length, lower.runs);
  assert.ok(lower.runs >= 2, JSON.stringify(lower));
  assert.deepEqual([readings[0]!.stepSize, readings[0]!.numBurnin + readings[0]!.numDraws], [held.settings.stepSize, held.settings.numBurnin! + held.settings.numDraws!]);
  assert.ok(lower.stepSize < held.settings.stepSize!, JSON.stringify(lower));
  assert.ok(lower.mean > 1.07 * held.reference.mean, `${lower.mean} against the reference ${held.reference.mean}`);
  assert.ok(held.flags.includes("localizerDominated") && !held.ok);
  assert.equal(held.settings.localization, 100, "gamma is not lowered by the check below it");
  assert.ok(held.choices.localization.includes(`at gamma / 4 the estimate is ${lower.mean.toPrecision(4)} against the reference ${held.reference.mean.toPrecision(4)}`), held.choices.localization);
  assert.match(held.choices.localization, /at a plateau in eps there \(the localizer holds directions the loss curves only weakly\)/);
  const free = await calibrateLlcSampler(loss, center, { ...common, localization: 1 });
  assert.ok(free.lowerLocalizationCheck?.agrees, JSON.stringify(free.lowerLocalizationCheck));
  assert.deepEqual([free.lowerLocalizationCheck.outcome, free.lowerLocalizationCheck.reason], ["agrees", "agreesAtOnce"]);
  assert.ok(!free.flags.includes("localizerDominated") && !free.flags.includes("localizerUnchecked"));
  // Not asked for: not run.
  assert.equal((await calibrateLlcSampler(loss, center, { ...common, lowerLocalizationCheck: false, maxSteps: 2000 })).lowerLocalizationCheck, null);
});

test("lowerLocalizationSearch compares with the reference at once, else only at a plateau in eps, and is undecided when it cannot reach one", async () => {
  // Fake readings by step: a value, optionally unconverged or lengthened to more steps than asked.
  // A reading agrees with the reference 18 within 1, two readings agree with each other within 1.
  type Reading = number | "diverges" | { value: number; converged?: boolean; steps?: number };
  const search = async (readings: Record<number, Reading>, maxHalvings = 3, maxSteps = 64_000) => {
    const calls: [number, number][] = [];
    const result = await lowerLocalizationSearch(
      async (stepSize, steps) => {
        calls.push([stepSize, steps]);
        const r = readings[stepSize];
        if (r === "diverges") throw new DivergenceError({ where: "test", step: 1, stepSize, quantity: "loss", value: Infinity });
        if (r === undefined) throw new Error(`no reading for eps ${stepSize}`);
        const o = typeof r === "number" ? { value: r } : r;
        return { run: o.value, steps: o.steps ?? steps, converged: o.converged ?? true };
      },
      (r) => Math.abs(r - 18) <= 1, (a, b) => Math.abs(a - b) <= 1, { stepSize: 0.08, steps: 4000, maxHalvings, maxSteps },
    );
    return { ...result, calls };
  };
  // Agreement at once: one reading.
  assert.deepEqual(await search({ 0.08: 18.5 }), { outcome: "agrees", reason: "agreesAtOnce", last: 18.5, stepSize: 0.08, calls: [[0.08, 4000]] });
  // Step error at gamma / 4 (as 6-18-19-4-17 of notebook 02: 20.8 at one step, 18.2 at half of it):
  // 18.2 agrees with the reference but not yet with the reading before it, so the search goes on to a
  // plateau before it compares.
  assert.deepEqual(await search({ 0.08: 20.8, 0.04: 18.2, 0.02: 18.3 }),
    { outcome: "agrees", reason: "agreesAtPlateau", last: 18.3, stepSize: 0.02, calls: [[0.08, 4000], [0.04, 8000], [0.02, 16000]] });
  // A first reading just outside, then a plateau inside: agrees at the plateau.
  assert.deepEqual((await search({ 0.08: 19.3, 0.04: 18.9 })).reason, "agreesAtPlateau");
  // The localizer's share: the reading stays apart at a plateau in eps.
  assert.deepEqual(await search({ 0.08: 22, 0.04: 21.2 }),
    { outcome: "differs", reason: "differsAtPlateau", last: 21.2, stepSize: 0.04, calls: [[0.08, 4000], [0.04, 8000]] });
  // Still moving at every halving: undecided after maxHalvings halvings (4 readings).
  const moving = await search({ 0.08: 26, 0.04: 24, 0.02: 22, 0.01: 20 });
  assert.deepEqual([moving.outcome, moving.reason, moving.last, moving.calls.length], ["undecided", "noPlateau", 20, 4]);
  assert.equal((await search({ 0.08: 26, 0.04: 24 }, 1)).reason, "noPlateau");
  // The length limit: 16,000 steps is the longest reading allowed, so the 4th is not made.
  const limited = await search({ 0.08: 26, 0.04: 24, 0.02: 22 }, 3, 16_000);
  assert.deepEqual([limited.outcome, limited.reason, limited.last, limited.stepSize, limited.calls.length], ["undecided", "lengthLimit", 22, 0.02, 3]);
  // A reading lengthened to converge sets the length of the next one (twice what it reached).
  assert.deepEqual((await search({ 0.08: { value: 22, steps: 16_000 }, 0.04: 21.5 })).calls, [[0.08, 4000], [0.04, 32_000]]);
  // An unconverged reading decides nothing, even one that would agree.
  assert.deepEqual(await search({ 0.08: { value: 18.2, converged: false } }), { outcome: "undecided", reason: "unconverged", last: 18.2, stepSize: 0.08, calls: [[0.08, 4000]] });
  assert.equal((await search({ 0.08: 22, 0.04: { value: 21.5, converged: false } })).reason, "unconverged");
  // A divergence ends it undecided, keeping the last finished reading; other errors propagate.
  const diverged = await search({ 0.08: 26, 0.04: "diverges" });
  assert.deepEqual([diverged.outcome, diverged.reason, diverged.last, diverged.stepSize], ["undecided", "diverged", 26, 0.08]);
  const divergedAtOnce = await search({ 0.08: "diverges" });
  assert.deepEqual([divergedAtOnce.reason, divergedAtOnce.last], ["diverged", null]);
  await assert.rejects(search({ 0.08: 26 }), /no reading for eps 0.04/);
});

test("calibrateLlcSampler with the Hessian metric records its metric and returns settings that reproduce its estimate", async () => {
  const { loss, center } = illConditionedRegression(5);
  const c = await calibrateLlcSampler(loss, center, { sampler: "metric", batchSize: 1000, workers: false, seed: 3, maxSteps: 4000 });
  assert.equal(c.settings.preconditioner, "metric");
  assert.ok(c.metric && c.settings.metric, "the metric and its record");
  assert.equal(c.settings.metric!.values.length, c.metric.curvatures.length);
  assert.equal(c.settings.metric!.rest, 1 / c.metric.floor);
  assert.equal(c.metric.floor, Math.max((c.estimate.nBeta * c.metric.hMax) / 100, c.settings.localization!));
  assert.match(c.choices.sampler, /constant metric \(n beta H \+ s I\)\^\(-1\).*floor s = max\(n beta h_max \/ 100, gamma\)/);
  // Every run started at eps0 = kappa / (the metric's largest precision at w*) or a power of 2 from it.
  const first = c.trials[0]!;
  assert.ok(Math.abs(first.stepSize * c.metric.preconditionedPrecision / 0.1 - 1) < 1e-12, `eps0 ${first.stepSize}`);
  const again = localLearningCoefficient(await sampleSgld(loss, c.center, { ...c.settings, workers: false }));
  assert.equal(again.mean, c.estimate.mean);
  await assert.rejects(calibrateLlcSampler(loss, center, { sampler: "sgld", metricAnisotropy: 10, workers: false }), /metricAnisotropy shapes the "metric" sampler's metric, so it needs sampler "metric", got "sgld"/);
  await assert.rejects(calibrateLlcSampler(loss, center, { sampler: "metric", metricAnisotropy: 0.5, workers: false }), /metricAnisotropy must be a finite number >= 1, got 0.5/);
});

test("calibrateLlcSampler with a frozen RMSProp metric freezes every run at one step, and each doubled run equals a fresh run of its length", async () => {
  const dln = createDeepLinearNetworkLoss({ widths: [5, 4, 6, 5], rank: 1, numSamples: 10000, seed: 4, inputDistribution: "uniform", inputScale: 10, trueParameter: "generic" });
  const messages: string[] = [];
  const calibration = await calibrateLlcSampler(dln, dln.trueParams, { sampler: "rmsprop", preconditionerAdaptation: "burnIn", batchSize: 100, workers: false, seed: 1, initialSteps: 400, minSteps: 400, maxSteps: 1600, onProgress: (m) => messages.push(m) });
  // Half the burn-in (300) of the shortest run (400 steps).
  assert.equal(calibration.settings.preconditionerAdaptation, "burnIn");
  assert.equal(calibration.settings.preconditionerFreezeStep, 150);
  assert.match(calibration.choices.sampler, /metric frozen from step 150/);
  const lengths = calibration.trials.filter((t) => t.stage === "length");
  assert.ok(lengths.length >= 2, "the length search doubled at least once");
  assert.ok(messages.some((m) => m.includes("800 steps/chain (continued from 400)")), messages.join("\n"));
  const settings = { batchSize: 100, numChains: 4, seed: 1, initLossBatches: 100, nBetaRule: "numSamples", preconditioner: "rmsprop", preconditionerAdaptation: "burnIn", rmspropEpsilon: 1e-3, workers: false } as const;
  for (const t of lengths.slice(1)) {
    const fresh = localLearningCoefficient(await sampleSgld(dln, dln.trueParams, { ...settings, stepSize: t.stepSize, localization: t.localization, numBurnin: t.numBurnin, numDraws: t.numDraws, preconditionerFreezeStep: 150 }));
    assert.equal(t.mean, fresh.mean, `${t.numBurnin + t.numDraws} steps`);
    // Not what the default freeze step (half this run's burn-in) would give.
    const adaptedLonger = localLearningCoefficient(await sampleSgld(dln, dln.trueParams, { ...settings, stepSize: t.stepSize, localization: t.localization, numBurnin: t.numBurnin, numDraws: t.numDraws }));
    assert.notEqual(t.mean, adaptedLonger.mean);
  }
  // The returned settings reproduce the chosen estimate.
  const again = localLearningCoefficient(await sampleSgld(dln, dln.trueParams, { ...calibration.settings, workers: false }));
  assert.equal(again.mean, calibration.estimate.mean);
  // The freeze step is at most the burn-in of the shortest run: min(half of 1500, 300).
  const short = await calibrateLlcSampler(dln, dln.trueParams, { sampler: "rmsprop", preconditionerAdaptation: "burnIn", batchSize: 100, workers: false, seed: 1, initialSteps: 2000, minSteps: 400, maxSteps: 2000 });
  assert.equal(short.settings.preconditionerFreezeStep, 300);
});

test("calibrateLlcSampler rejects options it cannot use, naming them", async () => {
  const lr = createLinearRegressionLoss({ inputDim: 2, numSamples: 100, seed: 1 });
  await assert.rejects(() => calibrateLlcSampler(lr, lr.leastSquaresParams, { numChains: 2 }), /numChains must be an integer >= 4/);
  await assert.rejects(() => calibrateLlcSampler(lr, lr.leastSquaresParams, { stepSizeFactor: 3 }), /stepSizeFactor must be in \(0, 2\)/);
  await assert.rejects(() => calibrateLlcSampler(lr, lr.leastSquaresParams, { initialSteps: 4000, maxSteps: 2000 }), /maxSteps must be an integer >= initialSteps/);
  await assert.rejects(() => calibrateLlcSampler(lr, lr.leastSquaresParams, { sampler: "hmc" as "sgld" }), /sampler must be "sgld", "rmsprop" or "metric", got "hmc"/);
  await assert.rejects(() => calibrateLlcSampler(lr, lr.leastSquaresParams, { preconditionerAdaptation: "never" as "burnIn" }), /preconditionerAdaptation must be "continuous" or "burnIn", got "never"/);
  await assert.rejects(() => calibrateLlcSampler(lr, lr.leastSquaresParams, { sampler: "sgld", preconditionerAdaptation: "burnIn" }), /needs sampler "rmsprop", got "sgld"/);
});

test("calibrateLlcSampler starts at initialLlcStepSize, for both samplers", async () => {
  const lr = createLinearRegressionLoss({ inputDim: 4, numSamples: 500, noiseStd: 1, seed: 3 });
  for (const sampler of ["sgld", "rmsprop"] as const) {
    const calibration = await calibrateLlcSampler(lr, lr.leastSquaresParams, { sampler, workers: false, initialSteps: 400, minSteps: 400, maxSteps: 400, localization: 2 });
    const expected = initialLlcStepSize({ sampler, curvature: Math.abs(calibration.hessian.value), nBeta: calibration.estimate.nBeta, localization: 2 });
    assert.equal(calibration.trials[0]!.stepSize, expected, sampler);
  }
  // eps0 = kappa / (n beta h + gamma G_max): 0.1 / (10 * 9 + 10) for plain SGLD; RMSProp feels h / max(e, sqrt(h / n beta)) and G_max = 1 / e.
  assert.equal(initialLlcStepSize({ sampler: "sgld", curvature: 9, nBeta: 10, localization: 10 }), 0.001);
  assert.equal(initialLlcStepSize({ sampler: "rmsprop", curvature: 9, nBeta: 100, localization: 1, rmspropEpsilon: 0.5 }), 0.1 / (100 * 18 + 2));
  // The other branch of max(e, sqrt(h / n beta)) with the default e = 1e-3: h / 3 = 3, G_max = 1000.
  assert.equal(initialLlcStepSize({ sampler: "rmsprop", curvature: 9, nBeta: 1, localization: 1 }), 0.1 / (1 * 3 + 1 * 1000));
  // Plain SGLD ignores the RMSProp stabiliser, as the calibration always did.
  assert.equal(initialLlcStepSize({ sampler: "sgld", curvature: 9, nBeta: 10, localization: 10, rmspropEpsilon: 0 }), 0.001);
  assert.throws(() => initialLlcStepSize({ sampler: "sgld", curvature: -1, nBeta: 10, localization: 1 }), /curvature must be a finite number >= 0 \(\|h_max\|\), got -1/);
  assert.throws(() => initialLlcStepSize({ sampler: "sgld", curvature: 1, nBeta: 10, localization: 0 }), /localization must be a finite number > 0, got 0/);
});
