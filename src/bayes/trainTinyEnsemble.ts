/**
 * Training hundreds of tiny networks by SGD (or sampling them by Langevin dynamics) in one thread:
 * the ensembles of the steady-state experiment, run by the shared trainer on the plain-TypeScript
 * dense model.
 */
import type { DenseNetwork } from "../model/denseNetwork";
import type { InitScheme } from "../model/initializeParameters";
import { denseModel } from "../model/networkLoss";
import type { SupervisedData } from "../model/supervisedData";
import type { TinyNetworkLoss } from "../model/tinyNetworkLoss";
import { DivergenceError } from "../util/divergenceError";
import { startProgress, type ProgressOptions } from "../util/progress";
import { train } from "../train/train";
import { stepList } from "../trajectory/captureSchedule";
import { deriveSeed, type Seed } from "../util/random";

/**
 * Langevin dynamics of the tempered Bayesian posterior p(w) ∝ rho(w) exp(-n beta L_n(w)) with the
 * Gaussian prior rho = N(0, priorStd^2 I), instead of plain SGD.
 */
export interface LangevinOptions {
  /** Inverse temperature times sample size, n beta > 0 (n for the Bayesian posterior at beta = 1). */
  nBeta: number;
  /** Standard deviation of the Gaussian prior, > 0. */
  priorStd: number;
}

export interface TinyEnsembleOptions extends ProgressOptions {
  /** The network every member shares (small: see createTinyNetworkLoss). */
  network: DenseNetwork;
  /** Labelled training data (softmax cross-entropy). */
  data: SupervisedData;
  /** Member seeds: initial weights from deriveSeed(seed, 0), minibatches from deriveSeed(seed, 1), Langevin noise from deriveSeed(seed, 2), as `train`. */
  seeds: Seed[];
  /** Number of updates T, an integer ≥ 1. */
  numSteps: number;
  /** Minibatch size B, an integer in [1, n] (default 32); shuffled epochs, as `train`. */
  batchSize?: number;
  /** Learning rate eta > 0 (default 0.1). */
  learningRate?: number;
  /** L2 penalty added to the SGD gradient, ≥ 0 (default 0), as `train`'s weightDecay: 1 / (n priorStd^2) makes SGD descend the negative log posterior / n. Ignored by Langevin runs (their prior plays this role). */
  weightDecay?: number;
  /** Initialisation (default He for ReLU). */
  init?: { scheme?: InitScheme; std?: number };
  /** Start from these weights instead, one per member (copied). */
  initialParams?: Float32Array[];
  /** Langevin dynamics of the posterior instead of SGD (default null: plain SGD). */
  langevin?: LangevinOptions | null;
  /** Steps t at which every member's weights w(t) are recorded, integers in [0, numSteps], increasing (default none). */
  captureSteps?: ArrayLike<number>;
}

export interface TinyEnsembleResult {
  /** Final weights of each member, in seed order. */
  params: Float32Array[];
  /** Recorded weights, member-major: member m, capture c at offset (m * numCaptures + c) * numParams. */
  snapshots: Float32Array;
  captureSteps: Float64Array;
  numParams: number;
  /** Full-data loss (nats per sample) and training accuracy of each member at the end. */
  finalLoss: Float64Array;
  finalAccuracy: Float64Array;
  seeds: Seed[];
  elapsedMs: number;
}

/**
 * Trains K independently seeded copies of a tiny network by minibatch SGD, or runs K Langevin chains
 * of the tempered posterior, one member after another in this thread (yielding to the event loop
 * between members every 200 ms when it shows progress, so a notebook can display it).
 *
 * Each member is a run of the shared trainer (`train`) on `denseModel(network, { engine: "plain" })`:
 * SGD (default): w <- w - eta (grad L_B(w) + weightDecay w), the optimizer `{ kind: "sgd",
 * learningRate: eta, weightDecay }`, so on the tfjs `cpu` backend the final weights equal `train`
 * with the dense network and the same seed bit for bit (same seeded initial weights and minibatch
 * stream; same float32 arithmetic). Langevin: the optimizer `{ kind: "langevin", ... }` (see
 * createLangevin), w <- w - eta [grad L_B(w) + w / (n beta priorStd^2)] + sqrt(2 eta / (n beta)) N(0, I),
 * the SGLD discretisation (Welling & Teh 2011; step eps = 2 eta / (n beta) in the paper's notation)
 * whose stationary density is ∝ exp(-n beta L_n(w) - |w|^2 / (2 priorStd^2)), up to O(eta) bias, with
 * noise seeded by deriveSeed(seed, 2).
 *
 * @param options see {@link TinyEnsembleOptions} (batch size default 32, learning rate default 0.1).
 * @returns a promise of a {@link TinyEnsembleResult}: final weights, snapshots, final loss and accuracy.
 * @throws RangeError naming an option outside its range; Error naming member, seed and step when a
 *   loss or weight becomes non-finite.
 * @example
 * const data = classificationData(makeMoons({ count: 64, seed: 1 }));
 * const run = await trainTinyEnsemble({ network: denseNetwork({ widths: [2, 8, 2] }), data, seeds: [1, 2], numSteps: 50, captureSteps: [0, 50], progress: false });
 * run.params.length; // 2
 * run.snapshots.length; // 168
 * @complexity O(K T B d) time, O(K C d) memory for C captures.
 */
export async function trainTinyEnsemble(options: TinyEnsembleOptions): Promise<TinyEnsembleResult> {
  const fn = "trainTinyEnsemble";
  const t0 = performance.now();
  const { network, data, seeds, numSteps } = options;
  if (!Array.isArray(seeds) || seeds.length < 1) throw new RangeError(`${fn}: seeds must hold at least one seed, got ${JSON.stringify(seeds)}`);
  if (!Number.isSafeInteger(numSteps) || numSteps < 1) throw new RangeError(`${fn}: numSteps must be an integer ≥ 1, got ${numSteps}`);
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > data.numSamples) {
    throw new RangeError(`${fn}: batchSize must be an integer in [1, ${data.numSamples}], got ${batchSize}`);
  }
  const lr = options.learningRate ?? 0.1;
  if (!(lr > 0) || !Number.isFinite(lr)) throw new RangeError(`${fn}: learningRate must be a finite number > 0, got ${lr}`);
  const weightDecay = options.weightDecay ?? 0;
  if (!(weightDecay >= 0) || !Number.isFinite(weightDecay)) throw new RangeError(`${fn}: weightDecay must be a finite number ≥ 0, got ${weightDecay}`);
  const langevin = options.langevin ?? null;
  if (langevin) {
    if (!(langevin.nBeta > 0) || !Number.isFinite(langevin.nBeta)) throw new RangeError(`${fn}: langevin.nBeta must be a finite number > 0, got ${langevin.nBeta}`);
    if (!(langevin.priorStd > 0) || !Number.isFinite(langevin.priorStd)) throw new RangeError(`${fn}: langevin.priorStd must be a finite number > 0, got ${langevin.priorStd}`);
  }
  if (options.initialParams && options.initialParams.length !== seeds.length) {
    throw new RangeError(`${fn}: initialParams must hold one vector per seed (${seeds.length}), got ${options.initialParams.length}`);
  }
  const captures = Float64Array.from(options.captureSteps ?? []);
  captures.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 0 || s > numSteps || (i > 0 && s <= captures[i - 1]!)) {
      throw new RangeError(`${fn}: captureSteps must be increasing integers in [0, ${numSteps}], got ${s} at position ${i}`);
    }
  });
  const model = denseModel(network, { engine: "plain" });
  const loss = model.createLoss(data) as unknown as TinyNetworkLoss;
  const d = network.numParams;
  const snapshots = new Float32Array(seeds.length * captures.length * d);
  const finalLoss = new Float64Array(seeds.length), finalAccuracy = new Float64Array(seeds.length);
  const progress = startProgress(options, { total: seeds.length, title: `${langevin ? "Langevin" : "SGD"} ensemble of ${seeds.length}` });
  const params: Float32Array[] = [];
  let lastYield = performance.now();
  for (let m = 0; m < seeds.length; m++) {
    const seed = seeds[m]!;
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`${fn}: seeds[${m}] must be a non-negative safe integer, got ${seed}`);
    if (options.initialParams && options.initialParams[m]!.length !== d) throw new RangeError(`${fn}: initialParams[${m}] must have length ${d}, got ${options.initialParams[m]!.length}`);
    let run;
    try {
      run = await train({
        model,
        data,
        numSteps,
        batchSize,
        seed,
        ...(options.init ? { init: options.init } : {}),
        ...(options.initialParams ? { initialParams: options.initialParams[m]! } : {}),
        // The noise of member m comes from deriveSeed(seed, 2), as before the shared trainer ran it.
        optimizer: langevin
          ? { kind: "langevin", learningRate: lr, nBeta: langevin.nBeta, priorStd: langevin.priorStd, seed: deriveSeed(seed, 2) }
          : { kind: "sgd", learningRate: lr, weightDecay },
        capture: captures.length ? { schedule: stepList(Array.from(captures)) } : null,
        evaluateEvery: 0,
        evaluationSamples: 1,
        progress: false,
      });
    } catch (error) {
      if (error instanceof DivergenceError) {
        throw new DivergenceError({ where: `${fn} member ${m}`, step: error.step, stepSize: lr, stepSizeName: "learning rate", quantity: error.quantity, value: error.value, seed });
      }
      throw error;
    }
    if (run.trajectory) snapshots.set(run.trajectory.snapshots.subarray(0, captures.length * d), m * captures.length * d);
    const w = run.params;
    params.push(w);
    finalLoss[m] = loss.fullLoss(w);
    finalAccuracy[m] = loss.accuracy(w);
    progress?.update(m, finalLoss[m]!);
    if (progress && performance.now() - lastYield > 200) {
      // Let the notebook kernel send the display update before the next member.
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
  }
  progress?.finish(`${seeds.length} members`);
  return { params, snapshots, captureSteps: captures, numParams: d, finalLoss, finalAccuracy, seeds: [...seeds], elapsedMs: performance.now() - t0 };
}

/**
 * The recorded weights of an ensemble as separate vectors, member-major (member m's captures in
 * order, then member m + 1's): e.g. the posterior draws of Langevin chains, chain by chain.
 *
 * @param result a {@link TinyEnsembleResult}.
 * @param options.fromCapture first capture index to include (default 0), an integer in [0, captures - 1].
 * @returns members x (captures - fromCapture) Float32Array views into `result.snapshots` (not copies).
 * @throws RangeError for fromCapture out of range.
 * @example
 * const data = classificationData(makeMoons({ count: 16, seed: 1 }));
 * const run = await trainTinyEnsemble({ network: denseNetwork({ widths: [2, 2, 2] }), data, seeds: [1, 2], numSteps: 4, batchSize: 8, captureSteps: [2, 3, 4], progress: false });
 * ensembleSnapshots(run, { fromCapture: 1 }).length; // 4
 */
export function ensembleSnapshots(result: TinyEnsembleResult, options: { fromCapture?: number } = {}): Float32Array[] {
  const C = result.captureSteps.length, d = result.numParams;
  const from = options.fromCapture ?? 0;
  if (!Number.isInteger(from) || from < 0 || from >= C) throw new RangeError(`ensembleSnapshots: fromCapture must be an integer in [0, ${C - 1}], got ${from}`);
  const out: Float32Array[] = [];
  for (let m = 0; m < result.params.length; m++) {
    for (let c = from; c < C; c++) out.push(result.snapshots.subarray((m * C + c) * d, (m * C + c + 1) * d));
  }
  return out;
}
