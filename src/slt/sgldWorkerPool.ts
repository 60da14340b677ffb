import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { MinibatchLoss } from "../model/minibatchLoss";
import { DivergenceError, type DivergenceInfo } from "../util/divergenceError";
import { compiledModulePath, hasLossSpec, type LossSpec } from "./lossSpec";
import type { SgldChainResult, SgldChainState } from "./sgldChain";
import type { SgldSettings } from "./sgldSettings";
import type { SgldWorkerJob } from "./sgldWorker";
import { computeThreads } from "../util/computeThreads";

/**
 * Worker threads that hold a rebuilt copy of one loss and run SGLD chains for it, job after job.
 * Building a model in a thread can take seconds (a tfjs backend, a data set), so notebooks that
 * estimate the LLC many times (along training, over a calibration grid) keep a pool open and pass it
 * to sampleSgld; close it when done. Workers do not keep the process alive.
 */
export interface SgldWorkerPool {
  /** The spec every worker was built from. */
  readonly spec: LossSpec;
  /** Number of worker threads. */
  readonly size: number;
  /** Runs the chains of `settings` (dealt round-robin) and resolves with them in chain order. */
  run(center: Float32Array, settings: SgldSettings, initLoss: number, continuation?: { resume?: (SgldChainState | null)[] | null; keepState?: boolean }): Promise<SgldChainResult[]>;
  /** Terminates the workers. */
  close(): Promise<void>;
}

/** The compiled worker script beside this module (or its twin under build/). */
export function sgldWorkerScript(): string {
  return compiledModulePath(path.join(__dirname, "sgldWorker.js"));
}

/**
 * Starts a pool of SGLD workers for a loss that carries a LossSpec.
 *
 * @param loss a loss with a `spec` (every model's loss whose model can be rebuilt in a worker, the
 *   models of src/slt, createMnistNetworkLoss).
 * @param size number of threads (default: computeThreads(), the cores or AB_THREADS), integer >= 1.
 * @returns the pool; pass it as `pool` to sampleSgld, then `await pool.close()`.
 * @throws TypeError when the loss has no spec; RangeError for a bad size; Error when the compiled
 *   worker script is missing (run npm run build).
 * @example
 * const nc = createNormalCrossingLoss({ a: 1, b: 1, numSamples: 100, seed: 0 });
 * const pool = createSgldWorkerPool(nc, 1);
 * pool.size; // 1
 * await pool.close();
 */
export function createSgldWorkerPool(loss: MinibatchLoss, size?: number): SgldWorkerPool {
  const fn = "createSgldWorkerPool";
  if (!hasLossSpec(loss)) throw new TypeError(`${fn}: loss must carry a LossSpec (spec.module, spec.factory), got none`);
  const n = size ?? computeThreads();
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${fn}: size must be an integer >= 1, got ${size}`);
  const script = sgldWorkerScript();
  const spec = loss.spec;
  const workers = Array.from({ length: n }, () => {
    const w = new Worker(script, { workerData: { kind: "sgld-pool", spec } });
    w.unref();
    return w;
  });
  let nextJob = 0;
  let closed = false;
  return {
    spec,
    size: n,
    run(center, settings, initLoss, continuation = {}) {
      if (closed) return Promise.reject(new Error(`SgldWorkerPool.run: the pool is closed`));
      const jobId = nextJob++;
      const groups: number[][] = workers.map(() => []);
      for (let c = 0; c < settings.numChains; c++) groups[c % workers.length]!.push(c);
      const active = workers.filter((_, i) => groups[i]!.length > 0);
      return new Promise<SgldChainResult[]>((resolve, reject) => {
        const results: SgldChainResult[] = [];
        let pending = active.length;
        let failed = false;
        const cleanups: (() => void)[] = [];
        const finish = (error: Error | null): void => {
          for (const c of cleanups) c();
          if (error) reject(error);
          else resolve(results.sort((a, b) => a.chain - b.chain));
        };
        workers.forEach((worker, i) => {
          if (groups[i]!.length === 0) return;
          const onMessage = (msg: { kind: string; jobId?: number; result?: SgldChainResult; message?: string; name?: string; divergence?: DivergenceInfo | null }): void => {
            if (failed || (msg.jobId !== jobId && msg.jobId !== -1) || msg.kind === "ready") return;
            if (msg.kind === "chain") results.push(msg.result!);
            else if (msg.kind === "error") {
              failed = true;
              const E = msg.name === "RangeError" ? RangeError : msg.name === "TypeError" ? TypeError : Error;
              finish(msg.divergence ? new DivergenceError(msg.divergence) : new E(msg.message));
            } else if (msg.kind === "done" && --pending === 0) finish(null);
          };
          const onError = (e: Error): void => {
            if (!failed) {
              failed = true;
              finish(e);
            }
          };
          worker.on("message", onMessage);
          worker.on("error", onError);
          cleanups.push(() => {
            worker.off("message", onMessage);
            worker.off("error", onError);
          });
          const job: SgldWorkerJob = { jobId, center, settings, chains: groups[i]!, initLoss, resume: continuation.resume ? continuation.resume.map((state, c) => (groups[i]!.includes(c) ? state : null)) : null, keepState: continuation.keepState ?? false };
          worker.postMessage(job);
        });
      });
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
