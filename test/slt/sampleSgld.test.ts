import { test } from "node:test";
import * as assert from "node:assert/strict";
import {
  createDeepLinearNetworkLoss,
  createSgldWorkerPool,
  createNormalCrossingLoss,
  localLearningCoefficient,
  resolveSgldSettings,
  sampleSgld,
  type SgldTrace,
} from "../../src/slt";
import type { MinibatchLoss } from "../../src/model/minibatchLoss";
import { setupBackend } from "../../src/env/backend";
import { loadMnist } from "../../src/data/mnist";
import { classificationData } from "../../src/model/supervisedData";
import { initializeParameters } from "../../src/model/initializeParameters";
import { createMnistNetworkLoss } from "../../src/slt/mnistNetworkLoss";
import { DivergenceError } from "../../src/util/divergenceError";
import { runSgldChain } from "../../src/slt/sgldChain";
import { standardNormalFill } from "../../src/slt/standardNormalFill";
import { createRandom, deriveSeed } from "../../src/util/random";

const small = () => createDeepLinearNetworkLoss({ widths: [4, 5, 3], rank: 2, numSamples: 300, seed: 7 });
const options = { stepSize: 1e-4, localization: 1, numChains: 3, numDraws: 40, numBurnin: 10, thinning: 2, batchSize: 16, seed: 11 };

test("sampleSgld gives identical traces in worker threads and in this thread", async () => {
  const dln = small();
  const parallel = await sampleSgld(dln, dln.trueParams, { ...options, workers: 2 });
  const sequential = await sampleSgld(dln, dln.trueParams, { ...options, workers: false });
  assert.equal(parallel.diagnostics.mode, "parallel");
  assert.equal(sequential.diagnostics.mode, "sequential");
  assert.deepEqual(parallel.losses, sequential.losses);
  assert.deepEqual(parallel.burnInLosses, sequential.burnInLosses);
  assert.equal(parallel.losses.length, 3);
  assert.equal(parallel.losses[0]!.length, 40);
  assert.equal(parallel.burnInLosses[0]!.length, 10);
});

test("an SGLD worker pool keeps its model between calls and gives the same traces", async () => {
  const dln = small();
  const pool = createSgldWorkerPool(dln, 2);
  try {
    const first = await sampleSgld(dln, dln.trueParams, { ...options, pool });
    const second = await sampleSgld(dln, dln.trueParams, { ...options, seed: 12, pool });
    assert.equal(first.diagnostics.mode, "parallel");
    assert.deepEqual(first.losses, (await sampleSgld(dln, dln.trueParams, { ...options, workers: false })).losses);
    assert.deepEqual(second.losses, (await sampleSgld(dln, dln.trueParams, { ...options, seed: 12, workers: false })).losses);
    const other = createDeepLinearNetworkLoss({ widths: [4, 5, 3], rank: 2, numSamples: 300, seed: 8 });
    await assert.rejects(sampleSgld(other, other.trueParams, { ...options, pool }), /sampleSgld: pool was built for .*, not for this loss/);
    await assert.rejects(sampleSgld(dln, dln.trueParams, { ...options, stepSize: 0.5, pool }), /diverged/);
    // The pool still works after a failed job.
    assert.deepEqual((await sampleSgld(dln, dln.trueParams, { ...options, pool })).losses, first.losses);
  } finally {
    await pool.close();
  }
});

test("chains continued from a shorter run equal chains run to the full length, in this thread and in workers", async () => {
  // numSamples 300 / batch 16: the continuation starts mid-epoch, so the permutation and its cursor must carry over.
  const dln = small();
  for (const extra of [{}, { preconditioner: "rmsprop" as const, stepSize: 1e-5 }]) {
    const long = { ...options, ...extra, thinning: 1, numBurnin: 150, numDraws: 50 };
    const direct = await sampleSgld(dln, dln.trueParams, { ...long, workers: false });
    assert.equal(direct.chainStates, undefined);
    for (const where of [{ workers: false }, { workers: 2 }] as const) {
      const short = await sampleSgld(dln, dln.trueParams, { ...long, numBurnin: 75, numDraws: 25, keepChainStates: true, ...where });
      assert.equal(short.chainStates!.length, 3);
      assert.equal(short.chainStates![0]!.step, 100);
      // The state's loss record is the short run's burn-in and draws, step by step.
      assert.deepEqual(Array.from(short.chainStates![1]!.stepLosses), [...short.burnInLosses[1]!, ...short.losses[1]!]);
      const continued = await sampleSgld(dln, dln.trueParams, { ...long, continueFrom: short.chainStates!, keepChainStates: true, ...where });
      for (const field of ["losses", "burnInLosses", "distances", "virials", "squareAverages"] as const) {
        assert.deepEqual(continued[field], direct[field], `${field} (${JSON.stringify(extra)}, ${JSON.stringify(where)})`);
      }
      // A continued chain can be continued again: its record covers every step from w*.
      assert.deepEqual(Array.from(continued.chainStates![2]!.stepLosses), [...direct.burnInLosses[2]!, ...direct.losses[2]!]);
    }
  }
});

test("sampleSgld refuses to continue chains of another setting, beyond the burn-in, or before a burn-in-only preconditioner froze", async () => {
  const dln = small();
  const short = await sampleSgld(dln, dln.trueParams, { ...options, thinning: 1, numBurnin: 20, numDraws: 20, keepChainStates: true, workers: false });
  const states = short.chainStates!;
  await assert.rejects(sampleSgld(dln, dln.trueParams, { ...options, stepSize: 2e-4, numBurnin: 80, continueFrom: states, workers: false }), /resume holds a state of another chain, setting or centre/);
  await assert.rejects(sampleSgld(dln, dln.trueParams, { ...options, numBurnin: 30, continueFrom: states, workers: false }), /resume is at step 40, beyond the burn-in of 30 steps/);
  await assert.rejects(sampleSgld(dln, dln.trueParams, { ...options, numBurnin: 80, continueFrom: states.slice(1), workers: false }), /continueFrom must hold one state per chain \(3\), got 2/);
  const moved = Float32Array.from(dln.trueParams, (v, i) => (i === 0 ? v + 1e-3 : v));
  await assert.rejects(sampleSgld(dln, moved, { ...options, numBurnin: 80, continueFrom: states, workers: false }), /another chain, setting or centre/);
  const frozen = { ...options, preconditioner: "rmsprop" as const, preconditionerAdaptation: "burnIn" as const, stepSize: 1e-5 };
  const frozenShort = await sampleSgld(dln, dln.trueParams, { ...frozen, numBurnin: 20, numDraws: 20, keepChainStates: true, workers: false });
  const unfrozen = frozenShort.chainStates!.map((state) => ({ ...state, frozenFrom: undefined }));
  await assert.rejects(sampleSgld(dln, dln.trueParams, { ...frozen, numBurnin: 80, continueFrom: unfrozen, workers: 2 }), /resume records no freeze step of its RMSProp metric/);
  const early = frozenShort.chainStates!.map((state) => ({ ...state, frozenFrom: 70 }));
  await assert.rejects(sampleSgld(dln, dln.trueParams, { ...frozen, numBurnin: 80, continueFrom: early, workers: false }), /resume is at step 60, before its metric froze \(step 70\)/);
});

test("chains whose RMSProp metric froze after the burn-in's first half continue with it frozen there, in this thread and in workers", async () => {
  const dln = small();
  const frozen = { ...options, thinning: 1, preconditioner: "rmsprop" as const, preconditionerAdaptation: "burnIn" as const, stepSize: 1e-5 };
  for (const where of [{ workers: false }, { workers: 2 }] as const) {
    const short = await sampleSgld(dln, dln.trueParams, { ...frozen, numBurnin: 40, numDraws: 20, keepChainStates: true, ...where });
    assert.deepEqual(short.chainStates!.map((s) => s.frozenFrom), [20, 20, 20]);
    const continued = await sampleSgld(dln, dln.trueParams, { ...frozen, numBurnin: 150, numDraws: 50, continueFrom: short.chainStates!, keepChainStates: true, ...where });
    // The metric is the one frozen at step 20 of the first run (a fresh run of 200 steps would adapt until step 75).
    assert.deepEqual(continued.squareAverages, short.squareAverages, JSON.stringify(where));
    assert.deepEqual(continued.chainStates!.map((s) => s.frozenFrom), [20, 20, 20]);
    const fresh = await sampleSgld(dln, dln.trueParams, { ...frozen, numBurnin: 150, numDraws: 50, ...where });
    assert.notDeepEqual(fresh.squareAverages, short.squareAverages);
    // The first 60 steps are the short run's, step for step.
    for (let c = 0; c < 3; c++) assert.deepEqual(continued.burnInLosses[c]!.subarray(0, 60), Float64Array.from([...short.burnInLosses[c]!, ...short.losses[c]!]));
  }
});

test("a given freeze step fixes the RMSProp metric's adaptation span: runs of any length share it, and continued chains equal fresh ones", async () => {
  const dln = small();
  const frozen = { ...options, thinning: 1, preconditioner: "rmsprop" as const, preconditionerAdaptation: "burnIn" as const, stepSize: 1e-5, workers: false } as const;
  // Default freeze at half of 40 = 20; given freeze step 20 with a burn-in of 150: the same metric.
  const short = await sampleSgld(dln, dln.trueParams, { ...frozen, numBurnin: 40, numDraws: 20, keepChainStates: true });
  const given = await sampleSgld(dln, dln.trueParams, { ...frozen, numBurnin: 150, numDraws: 50, preconditionerFreezeStep: 20 });
  assert.deepEqual(given.squareAverages, short.squareAverages);
  const fresh = await sampleSgld(dln, dln.trueParams, { ...frozen, numBurnin: 150, numDraws: 50 });
  assert.notDeepEqual(fresh.squareAverages, short.squareAverages, "the default adapts until step 75");
  // With the freeze step given, a continued chain is bit for bit a fresh run of the longer length.
  for (const where of [{ workers: false }, { workers: 2 }] as const) {
    const part = await sampleSgld(dln, dln.trueParams, { ...frozen, numBurnin: 40, numDraws: 20, preconditionerFreezeStep: 20, keepChainStates: true, ...where });
    const continued = await sampleSgld(dln, dln.trueParams, { ...frozen, numBurnin: 150, numDraws: 50, preconditionerFreezeStep: 20, continueFrom: part.chainStates!, ...where });
    for (const field of ["losses", "burnInLosses", "distances", "virials", "squareAverages"] as const) assert.deepEqual(continued[field], given[field], `${field}, ${JSON.stringify(where)}`);
  }
  // A state frozen at a given step continues only with that step.
  const part20 = await sampleSgld(dln, dln.trueParams, { ...frozen, numBurnin: 40, numDraws: 20, preconditionerFreezeStep: 20, keepChainStates: true });
  for (const other of [{ preconditionerFreezeStep: 30 }, {}]) {
    await assert.rejects(sampleSgld(dln, dln.trueParams, { ...frozen, numBurnin: 150, numDraws: 50, ...other, continueFrom: part20.chainStates! }), /resume holds a state of another chain, setting or centre/);
  }
  await assert.rejects(sampleSgld(dln, dln.trueParams, { ...frozen, numBurnin: 40, preconditionerFreezeStep: 41 }), /preconditionerFreezeStep must be an integer in \[1, numBurnin = 40\].*got 41/);
  await assert.rejects(sampleSgld(dln, dln.trueParams, { ...options, numBurnin: 40, preconditionerFreezeStep: 10, workers: false }), /needs preconditioner "rmsprop" and preconditionerAdaptation "burnIn", got "none" and "continuous"/);
});

test("sampleSgld runs a loss without a spec on the sequential path and says why", async () => {
  const dln = small();
  const bare: MinibatchLoss = {
    numParams: dln.numParams,
    numSamples: dln.numSamples,
    loss: (p, i) => dln.loss(p, i),
    lossAndGradient: (p, i, g) => dln.lossAndGradient(p, i, g),
  };
  const trace = await sampleSgld(bare, dln.trueParams, options);
  assert.equal(trace.diagnostics.mode, "sequential");
  assert.match(trace.diagnostics.sequentialReason, /no LossSpec/);
  assert.deepEqual(trace.losses, (await sampleSgld(dln, dln.trueParams, { ...options, workers: false })).losses);
});

test("sampleSgld chains differ from each other and change with the seed", async () => {
  const dln = small();
  const a = await sampleSgld(dln, dln.trueParams, { ...options, workers: false });
  const b = await sampleSgld(dln, dln.trueParams, { ...options, seed: 12, workers: false });
  assert.notDeepEqual(a.losses[0], a.losses[1]);
  assert.notDeepEqual(a.losses[0], b.losses[0]);
});

test("sampleSgld with zero step size never moves: every draw is a batch loss at w*", async () => {
  // A degenerate but exact check of the bookkeeping: with eps -> tiny the chain stays at w*, whose
  // batch loss on noise-free data is exactly the Gaussian entropy, so the estimate is 0 up to eps.
  const nc = createNormalCrossingLoss({ a: 1, b: 1, numSamples: 100, seed: 0 });
  const trace = await sampleSgld(nc, nc.trueParams, { stepSize: 1e-300, numChains: 2, numDraws: 20, workers: false });
  for (const chain of trace.losses) for (const v of chain) assert.equal(v, 0.5 * Math.log(2 * Math.PI));
  assert.equal(localLearningCoefficient(trace).mean, 0);
});

test("sampleSgld reports divergence as a DivergenceError naming the chain, the step and the step size, also from a worker", async () => {
  const dln = small();
  // In this thread chain 0 runs first; on two workers whichever chain diverges first is reported.
  const isDivergence = (chain: string) => (e: unknown): boolean =>
    e instanceof DivergenceError && new RegExp(`^sampleSgld chain ${chain}$`).test(e.where) && e.stepSize === 0.5 && Number.isInteger(e.step) &&
    new RegExp(`sampleSgld chain ${chain}: diverged at step \\d+ with step size 0\\.5`).test(e.message);
  await assert.rejects(sampleSgld(dln, dln.trueParams, { ...options, stepSize: 0.5, workers: false }), isDivergence("0"));
  await assert.rejects(sampleSgld(dln, dln.trueParams, { ...options, stepSize: 0.5, workers: 2 }), isDivergence("\\d+"));
});

test("resolveSgldSettings records n beta and how it was chosen", () => {
  const dln = small();
  const byData = resolveSgldSettings(dln, {});
  assert.equal(byData.nBetaRule, "numSamples");
  assert.equal(byData.nBeta, 300 / Math.log(300));
  const byBatch = resolveSgldSettings(dln, { nBetaRule: "batchSize", batchSize: 32 });
  assert.equal(byBatch.nBeta, 32 / Math.log(32));
  assert.equal(resolveSgldSettings(dln, { nBeta: 7, nBetaRule: "batchSize" }).nBetaRule, "explicit");
});

test("sampleSgld names the bad option, its value and its range", async () => {
  const dln = small();
  await assert.rejects(sampleSgld(dln, dln.trueParams, { stepSize: -1 }), /sampleSgld: stepSize must be a finite number > 0, got -1/);
  await assert.rejects(sampleSgld(dln, dln.trueParams, { batchSize: 301 }), /sampleSgld: batchSize must be an integer in \[1, 300\], got 301/);
  await assert.rejects(sampleSgld(dln, dln.trueParams, { numChains: 0 }), RangeError);
  await assert.rejects(sampleSgld(dln, new Float32Array(3)), /center must be a Float32Array of length numParams = 35, got 3/);
  await assert.rejects(
    sampleSgld(dln, dln.trueParams, { preconditioner: "rmsprop", preconditionerAdaptation: "burnIn", numBurnin: 1 }),
    /preconditionerAdaptation "burnIn" adapts RMSProp's metric over the first half of the burn-in, so numBurnin must be at least 2, got 1; lengthen the burn-in or use "continuous"/,
  );
});

test("L_n(w*) is exact when the batches cover the data and a batch average otherwise", async () => {
  const dln = createDeepLinearNetworkLoss({ widths: [3, 2], rank: 1, numSamples: 500, noiseStd: 1, seed: 1 });
  const all = Int32Array.from({ length: 500 }, (_, i) => i);
  const exact = await sampleSgld(dln, dln.trueParams, { numChains: 1, numDraws: 1, batchSize: 50, initLossBatches: 10 });
  assert.equal(exact.diagnostics.initLossSamples, 500);
  // Chunked mean vs one-pass mean of the same 500 terms: equal to float64 rounding.
  assert.ok(Math.abs(exact.initLoss - dln.loss(dln.trueParams, all)) < 1e-12);
  const partial = await sampleSgld(dln, dln.trueParams, { numChains: 1, numDraws: 1, batchSize: 50, initLossBatches: 4 });
  assert.equal(partial.diagnostics.initLossSamples, 200);
  assert.ok(partial.diagnostics.initLossStdError > 0);
  // The estimate is within 4 of its own standard errors of the exact value (a z-test at ~1e-4).
  assert.ok(Math.abs(partial.initLoss - exact.initLoss) < 4 * partial.diagnostics.initLossStdError);
});

function syntheticTrace(losses: number[][], initLoss: number): SgldTrace {
  const settings = resolveSgldSettings({ numParams: 2, numSamples: 1000, loss: () => 0, lossAndGradient: () => 0 }, { nBeta: 10 });
  return {
    losses: losses.map((l) => Float64Array.from(l)),
    burnInLosses: losses.map(() => new Float64Array(0)),
    distances: losses.map((l) => new Float64Array(l.length)),
    virials: losses.map((l) => new Float64Array(l.length)),
    squareAverages: losses.map(() => new Float64Array(0)),
    params: losses.map(() => new Float32Array(0)),
    initLoss,
    settings,
    diagnostics: { mode: "sequential", numWorkers: 1, sequentialReason: "", initLossSamples: 1000, initLossStdError: 0, chainMs: new Float64Array(0), elapsedMs: 0 },
  };
}

test("localLearningCoefficient is n beta times the mean excess loss, with mean, std and standard error over chains", () => {
  const est = localLearningCoefficient(syntheticTrace([[1.5, 1.5, 1.5, 1.5], [1.25, 1.25, 1.75, 1.75]], 1.25));
  assert.deepEqual(Array.from(est.perChain), [2.5, 2.5]);
  assert.equal(est.mean, 2.5);
  assert.equal(est.std, 0);
  assert.deepEqual(Array.from(est.llcTrace), [1.25, 1.25, 3.75, 3.75]);
  const spread = localLearningCoefficient(syntheticTrace([[2], [3], [4]], 1));
  assert.equal(spread.mean, 20);
  assert.equal(spread.std, 10);
  assert.equal(spread.stdError, 10 / Math.sqrt(3));
});

test("localLearningCoefficient warns about negative estimates, loss below L_n(w*) and missing plateaus", () => {
  const n = 200;
  const wiggle = (i: number) => 0.01 * Math.sin(i * 1.7);
  const flat = Array.from({ length: n }, (_, i) => 1.1 + wiggle(i));
  const below = Array.from({ length: n }, (_, i) => 0.95 + wiggle(i));
  const falling = Array.from({ length: n }, (_, i) => 1 - (0.05 * i) / n + wiggle(i));
  const rising = Array.from({ length: n }, (_, i) => 1 + (0.5 * i) / n + wiggle(i));
  const kinds = (losses: number[][]) => localLearningCoefficient(syntheticTrace(losses, 1)).warnings.map((w) => `${w.kind}@${w.chain}`);
  assert.deepEqual(kinds([flat, flat]), []);
  assert.deepEqual(kinds([flat, below]), ["negativeEstimate@1", "belowInitialLoss@1"]);
  assert.deepEqual(kinds([rising, flat]), ["noPlateau@0"]);
  assert.deepEqual(kinds([falling, falling]), [
    "negativeEstimate@0", "belowInitialLoss@0", "noPlateau@0", "negativeEstimate@1", "belowInitialLoss@1", "noPlateau@1", "negativeEstimate@-1",
  ]);
});

test("a chain started away from the minimum is flagged: its loss drifts below L_n(w*)", async () => {
  const dln = createDeepLinearNetworkLoss({ widths: [4, 4], rank: 4, numSamples: 2000, seed: 3 });
  const start = Float32Array.from(dln.trueParams, (v) => v + 0.3);
  const est = localLearningCoefficient(await sampleSgld(dln, start, { stepSize: 1e-4, localization: 0, numChains: 2, numDraws: 400, batchSize: 64, seed: 1 }));
  assert.ok(est.mean < 0, `mean ${est.mean}`);
  assert.ok(est.warnings.some((w) => w.kind === "negativeEstimate" && w.chain === -1));
  assert.ok(est.warnings.some((w) => w.kind === "belowInitialLoss"));
});

test("an MNIST loss built on data in shared memory hands that data to its SGLD workers, which give the in-thread traces", async () => {
  await setupBackend({ backend: "wasm" });
  const data = classificationData(loadMnist({ split: "train", limit: 300 }));
  assert.ok(data.inputs.buffer instanceof SharedArrayBuffer);
  const loss = await createMnistNetworkLoss({ widths: [784, 6, 10], data });
  assert.equal((loss.spec.options as { data: unknown }).data, data, "the spec carries the caller's data, not a reloaded copy");
  const center = initializeParameters(loss.network, { seed: 2 });
  const mnistOptions = { ...options, numDraws: 10, numBurnin: 2, numChains: 2, localization: 100 };
  const pool = createSgldWorkerPool(loss, 2);
  try {
    const parallel = await sampleSgld(loss, center, { ...mnistOptions, pool });
    assert.equal(parallel.diagnostics.mode, "parallel");
    assert.deepEqual(parallel.losses, (await sampleSgld(loss, center, { ...mnistOptions, workers: false })).losses);
    // Another data set of the same size is another loss: its spec differs in the pixels' checksum.
    const other = await createMnistNetworkLoss({ widths: [784, 6, 10], data: classificationData(loadMnist({ split: "test", limit: 300 })) });
    await assert.rejects(sampleSgld(other, center, { ...mnistOptions, pool }), /pool was built for .*Float32Array\(235200, crc32 [0-9a-f]{8}\).*, not for this loss/);
  } finally {
    await pool.close();
  }
});

test("an SGLD chain is the update written out coordinate by coordinate, across the blocks its noise is drawn in", () => {
  // A separable quadratic of d = 5,000 parameters (noise blocks of 2,048, 2,048 and 904), batch-dependent
  // so that the minibatch order matters too; the reference draws each step's noise in one fill of d.
  const d = 5000, n = 40;
  const curvature = Float64Array.from({ length: d }, (_, i) => 0.5 + (i % 7) / 3);
  const quadratic: MinibatchLoss = {
    numParams: d,
    numSamples: n,
    lossAndGradient(params, indices, gradient) {
      let batch = 0;
      for (const i of indices) batch += i;
      const scale = 1 + batch / (indices.length * n);
      let value = 0;
      for (let i = 0; i < d; i++) {
        const g = scale * curvature[i]! * params[i]!;
        gradient[i] = g;
        value += 0.5 * g * params[i]!;
      }
      return value / d;
    },
    loss(params, indices) {
      return this.lossAndGradient(params, indices, new Float32Array(d));
    },
  };
  const center = Float32Array.from({ length: d }, (_, i) => 1e-3 * Math.sin(i));
  for (const extra of [{}, { preconditioner: "rmsprop" as const }, { preconditioner: "rmsprop" as const, preconditionerAdaptation: "burnIn" as const }]) {
    const settings = resolveSgldSettings(quadratic, { stepSize: 1e-4, localization: 3, numChains: 1, numBurnin: 6, numDraws: 5, thinning: 2, batchSize: 8, seed: 4, nBeta: 50, recordParams: true, ...extra });
    const chain = runSgldChain(quadratic, center, settings, 0, quadratic.loss(center, Int32Array.from({ length: n }, (_, i) => i)));
    // The reference: the formulas of runSgldChain's documentation, one coordinate at a time.
    const random = createRandom(deriveSeed(settings.seed, 0));
    const w = Float64Array.from(center), w32 = Float32Array.from(center), grad = new Float32Array(d), noise = new Float64Array(d);
    const v = new Float64Array(d), metric = new Float64Array(d);
    let order = random.permutation(n), cursor = 0;
    const rmsprop = settings.preconditioner === "rmsprop";
    const adaptUntil = settings.preconditionerAdaptation === "burnIn" ? Math.floor(settings.numBurnin / 2) : Infinity;
    for (let step = 0; step < settings.numBurnin + settings.numDraws * settings.thinning; step++) {
      const draw = step >= settings.numBurnin && (step - settings.numBurnin) % settings.thinning === 0 ? (step - settings.numBurnin) / settings.thinning : -1;
      if (draw >= 0) assert.deepEqual(chain.params.subarray(draw * d, (draw + 1) * d), w32, `${JSON.stringify(extra)}: parameters of draw ${draw}`);
      if (cursor + settings.batchSize > n) {
        order = random.permutation(n);
        cursor = 0;
      }
      const value = quadratic.lossAndGradient(w32, order.subarray(cursor, cursor + settings.batchSize), grad);
      cursor += settings.batchSize;
      standardNormalFill(random, noise);
      let dist = 0, virial = 0;
      for (let i = 0; i < d; i++) {
        const offset = w[i]! - center[i]!;
        dist += offset * offset;
        virial += offset * grad[i]!;
        let g = 1;
        if (rmsprop) {
          if (step < adaptUntil) {
            v[i] = settings.rmspropDecay * v[i]! + (1 - settings.rmspropDecay) * grad[i]! * grad[i]!;
            metric[i] = 1 / (Math.sqrt(v[i]!) + settings.rmspropEpsilon);
          }
          g = metric[i]!;
        }
        const drift = settings.nBeta * grad[i]! + settings.localization * offset;
        w[i] = rmsprop
          ? w[i]! - (settings.stepSize / 2) * g * drift + Math.sqrt(settings.stepSize) * Math.sqrt(g) * noise[i]!
          : w[i]! - (settings.stepSize / 2) * drift + Math.sqrt(settings.stepSize) * noise[i]!;
        w32[i] = w[i]!;
      }
      if (step < settings.numBurnin) assert.equal(chain.burnInLosses[step], value, `${JSON.stringify(extra)}: burn-in loss at step ${step}`);
      if (draw < 0) continue;
      assert.equal(chain.losses[draw], value, `${JSON.stringify(extra)}: loss of draw ${draw}`);
      assert.equal(chain.distances[draw], dist, `${JSON.stringify(extra)}: distance of draw ${draw}`);
      assert.equal(chain.virials[draw], virial, `${JSON.stringify(extra)}: virial of draw ${draw}`);
    }
    if (rmsprop) assert.deepEqual(chain.squareAverage, v, `${JSON.stringify(extra)}: RMSProp's running mean square`);
  }
});
