/**
 * Training K independent copies of a model (different seeds) on worker threads (computeThreads()): the unit of the
 * diffusion and posterior experiments.
 */
import * as path from "node:path";
import type { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import type { BackendName } from "../env/backend";
import { sharedModelData } from "../model/modelData";
import { isRebuildableDescription } from "../model/modelLossSpec";
import { deriveSeed, type Seed } from "../util/random";
import { DivergenceError, type DivergenceInfo } from "../util/divergenceError";
import { startProgress, type ProgressOptions } from "../util/progress";
import { resolveModel, train, type TrainOptions, type TrainResult } from "./train";
import { acquireTrainingWorkers, discardTrainingWorkers, releaseTrainingWorkers } from "./trainingWorkers";
import { computeThreads } from "../util/computeThreads";

export interface EnsembleOptions extends Omit<TrainOptions, "seed" | "trajectoryFile" | "progress" | "onProgress" | "title">, ProgressOptions {
  /** Seeds of the members (default: `deriveSeed(baseSeed, i)` for i = 0..numMembers-1). */
  seeds?: Seed[];
  /** Number of members when `seeds` is not given (default 8). */
  numMembers?: number;
  /** Base seed when `seeds` is not given (default 0). */
  baseSeed?: Seed;
  /**
   * Worker threads (default: min(members, computeThreads()), the cores or AB_THREADS, when the model can be rebuilt in a
   * worker, else 0); 0 trains the members one after another in this thread.
   */
  workers?: number;
  /** Stream each member to `<trajectoryDirectory>/seed-<seed>.abtraj` (resumable; default: memory only). */
  trajectoryDirectory?: string | null;
  /** Snapshots per block of those folders (default 64). */
  blockSnapshots?: number;
}

export interface EnsembleResult {
  /** One result per member, in the order of `seeds`; each equals `train` run alone with that seed. */
  members: TrainResult[];
  seeds: Seed[];
  /** Worker threads used (0: this thread). */
  workers: number;
  backend: string;
  elapsedMs: number;
  /** Members x steps trained per wall-clock second. */
  modelStepsPerSecond: number;
}

/** Messages between the ensemble and its workers. @internal */
export type WorkerRequest = { type: "run"; member: number; options: TrainOptions };
/** @internal */
export type WorkerReply =
  | { type: "ready" }
  | { type: "progress"; member: number; step: number; loss: number }
  | { type: "result"; member: number; result: TrainResult }
  | { type: "error"; member: number; message: string; divergence: DivergenceInfo | null };

function memberOptions(options: EnsembleOptions, seed: Seed): TrainOptions {
  const { seeds: _s, numMembers: _n, baseSeed: _b, workers: _w, trajectoryDirectory, blockSnapshots, progress: _p, onProgress: _o, ...rest } = options;
  return {
    ...rest,
    seed,
    progress: false,
    trajectoryFile: trajectoryDirectory ? { path: path.join(trajectoryDirectory, `seed-${seed}.abtraj`), blockSnapshots: blockSnapshots ?? 64 } : null,
  };
}

/**
 * Trains an ensemble of independently seeded copies of a network.
 *
 * Members run in worker threads (each with its own tfjs instance on the same backend as this
 * thread), which take the next member as soon as they finish one; the data set is placed in shared
 * memory once (image sets from `classificationData` already are). The workers stay alive, idle and
 * unref'd, for the next ensemble ({@link closeTrainingWorkers} ends them). Every member is
 * bit-identical to `train` with the same options and its seed on the same backend, whichever worker
 * ran it.
 *
 * @param options the {@link TrainOptions} of every member without `seed`, plus the seeds (or
 *   `numMembers`, default 8, and `baseSeed`), `workers`, `trajectoryDirectory`, `progress`.
 * @returns an {@link EnsembleResult}: member results in seed order and the throughput.
 * @throws RangeError for bad seeds or worker counts; DivergenceError from the first member that
 *   diverges (the other members are stopped); Error when the compiled worker script is missing.
 * @example
 * await setupBackend({ backend: "cpu" });
 * const data = classificationData(makeMoons({ count: 40, seed: 1 }));
 * const ensemble = await trainEnsemble({ network: denseNetwork({ widths: [2, 4, 2] }), data, numSteps: 5,
 *   batchSize: 8, seeds: [1, 2], workers: 0, progress: false });
 * ensemble.members.length; // 2
 * @complexity members x numSteps steps of `train`, spread over the workers.
 * Reference: arXiv 2503.22478 (ensembles of SGD runs, experiments 1 and 3).
 */
export async function trainEnsemble(options: EnsembleOptions): Promise<EnsembleResult> {
  const t0 = performance.now();
  const seeds = options.seeds ?? Array.from({ length: options.numMembers ?? 8 }, (_, i) => deriveSeed(options.baseSeed ?? 0, i));
  if (seeds.length === 0) throw new RangeError(`trainEnsemble: seeds must hold at least one seed, got none`);
  seeds.forEach((s, i) => {
    if (!Number.isSafeInteger(s) || s < 0) throw new RangeError(`trainEnsemble: seeds[${i}] must be a non-negative safe integer, got ${s}`);
  });
  const model = resolveModel("trainEnsemble", options);
  const rebuildable = isRebuildableDescription(model.description);
  const workers = options.workers ?? (rebuildable ? Math.min(seeds.length, computeThreads()) : 0);
  if (!Number.isInteger(workers) || workers < 0 || workers > 64) {
    throw new RangeError(`trainEnsemble: workers must be an integer in [0, 64], got ${workers}`);
  }
  if (workers > 0 && !rebuildable) {
    throw new RangeError(
      `trainEnsemble: workers must be 0 for this model: a worker thread cannot rebuild a model of kind ${JSON.stringify(model.description.kind)}` +
        `${model.description.kind === "autodiff" ? " whose forward function reads names outside its arguments" : ""}; pass workers: 0 or build it from src/model`,
    );
  }
  const backend = tf.getBackend();
  const total = seeds.length * options.numSteps;
  const progress = startProgress(options, { total: Math.max(1, total), title: `ensemble of ${seeds.length}` });
  const done = new Array<number>(seeds.length).fill(0);
  let doneTotal = 0;
  const members: TrainResult[] = new Array(seeds.length);

  if (workers === 0) {
    for (let m = 0; m < seeds.length; m++) {
      members[m] = await train(memberOptions({ ...options, model, network: undefined }, seeds[m]!), {
        onStep: (step, loss) => {
          if (progress) progress.update(m * options.numSteps + step, loss);
        },
      });
    }
  } else {
    // Workers get the model's description (functions cannot cross threads) and the data in shared memory.
    const shareable = { ...options, model: model.description, network: undefined, data: sharedModelData(options.data), testData: options.testData ? sharedModelData(options.testData) : null };
    const pool = await acquireTrainingWorkers(Math.min(workers, seeds.length), backend as BackendName);
    let next = 0;
    let failed = false;
    const detach: (() => void)[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        let finished = 0;
        const stop = (error: Error): void => {
          if (failed) return;
          failed = true;
          reject(error);
        };
        const assign = (worker: Worker): void => {
          if (next >= seeds.length) return;
          const member = next++;
          worker.postMessage({ type: "run", member, options: memberOptions(shareable, seeds[member]!) } satisfies WorkerRequest);
        };
        for (const worker of pool) {
          const onMessage = (reply: WorkerReply): void => {
            if (failed) return;
            if (reply.type === "progress") {
              doneTotal += reply.step + 1 - done[reply.member]!;
              done[reply.member] = reply.step + 1;
              progress?.update(Math.min(total, doneTotal) - 1, reply.loss);
            } else if (reply.type === "result") {
              members[reply.member] = reply.result;
              doneTotal += options.numSteps - done[reply.member]!;
              done[reply.member] = options.numSteps;
              progress?.update(Math.min(total, doneTotal) - 1, reply.result.losses[options.numSteps - 1]!);
              finished++;
              if (finished === seeds.length) resolve();
              else assign(worker);
            } else if (reply.type === "error") {
              stop(reply.divergence ? new DivergenceError(reply.divergence) : new Error(`trainEnsemble: member ${reply.member} (seed ${seeds[reply.member]}) failed: ${reply.message}`));
            }
          };
          const onError = (error: Error): void => stop(new Error(`trainEnsemble: a worker failed: ${error.message}`));
          const onExit = (code: number): void => stop(new Error(`trainEnsemble: a worker exited with code ${code} before the ensemble finished`));
          worker.on("message", onMessage);
          worker.on("error", onError);
          worker.on("exit", onExit);
          detach.push(() => {
            worker.off("message", onMessage);
            worker.off("error", onError);
            worker.off("exit", onExit);
          });
          assign(worker);
        }
      });
    } catch (error) {
      progress?.fail((error as Error).message);
      throw error;
    } finally {
      detach.forEach((d) => d());
      // After a failure the other workers may still be training: end them.
      if (failed) discardTrainingWorkers(pool);
      else releaseTrainingWorkers(pool, backend as BackendName);
    }
  }
  const elapsedMs = performance.now() - t0;
  progress?.finish(`${seeds.length} members`);
  return { members, seeds, workers, backend, elapsedMs, modelStepsPerSecond: total / (elapsedMs / 1000) };
}
