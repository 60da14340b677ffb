/**
 * Worker-thread entry of {@link SgldWorkerPool}: rebuilds the loss from its spec once, then runs the
 * chains of each job it is sent and posts each chain's record back. Loaded by file path from the
 * compiled build, never imported.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { MinibatchLoss } from "../model/minibatchLoss";
import { DivergenceError } from "../util/divergenceError";
import { lossFromSpec, type LossSpec } from "./lossSpec";
import { runSgldChain, type SgldChainState } from "./sgldChain";
import type { SgldSettings } from "./sgldSettings";

/** One job: the chains this worker runs for one sampleSgld call. */
export interface SgldWorkerJob {
  jobId: number;
  center: Float32Array;
  settings: SgldSettings;
  chains: number[];
  initLoss: number;
  /** Per chain number, the state to continue from (see runSgldChain), or null. */
  resume: (SgldChainState | null)[] | null;
  /** Post each chain's final state with its record. */
  keepState: boolean;
}

function errorMessage(jobId: number, e: unknown): object {
  return {
    kind: "error", jobId, message: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : "Error",
    divergence: e instanceof DivergenceError ? e.info() : null,
  };
}

if (parentPort && workerData && (workerData as { kind?: string }).kind === "sgld-pool") {
  const port = parentPort;
  const ready: Promise<MinibatchLoss> = lossFromSpec((workerData as { spec: LossSpec }).spec);
  ready.then(
    () => port.postMessage({ kind: "ready" }),
    (e) => port.postMessage(errorMessage(-1, e)),
  );
  port.on("message", (job: SgldWorkerJob) => {
    void ready.then(
      (loss) => {
        try {
          for (const chain of job.chains) {
            const result = runSgldChain(loss, job.center, job.settings, chain, job.initLoss, { resume: job.resume?.[chain] ?? null, keepState: job.keepState });
            const state = result.state;
            const stateBuffers = state ? [state.params.buffer, state.squareAverage.buffer, state.order.buffer, state.stepLosses.buffer] : [];
            port.postMessage({ kind: "chain", jobId: job.jobId, result }, [result.losses.buffer, result.burnInLosses.buffer, result.distances.buffer, result.virials.buffer, result.squareAverage.buffer, result.params.buffer, ...stateBuffers] as ArrayBuffer[]);
          }
          port.postMessage({ kind: "done", jobId: job.jobId });
        } catch (e) {
          port.postMessage(errorMessage(job.jobId, e));
        }
      },
      (e) => port.postMessage(errorMessage(job.jobId, e)),
    );
  });
}
