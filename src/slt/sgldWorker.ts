/**
 * Worker-thread entry of {@link sampleSgld}: rebuilds the loss from its spec, runs the chains it is
 * given and posts each chain's record back. Loaded by file path from the compiled build, never imported.
 */
import { parentPort, workerData } from "node:worker_threads";
import { lossFromSpec, type LossSpec } from "./lossSpec";
import { runSgldChain } from "./sgldChain";
import type { SgldSettings } from "./sgldSettings";

/** The message a worker receives at start. */
export interface SgldWorkerInput {
  spec: LossSpec;
  center: Float32Array;
  settings: SgldSettings;
  chains: number[];
  initLoss: number;
}

async function run(port: NonNullable<typeof parentPort>, input: SgldWorkerInput): Promise<void> {
  try {
    const loss = await lossFromSpec(input.spec);
    for (const chain of input.chains) {
      const result = runSgldChain(loss, input.center, input.settings, chain, input.initLoss);
      port.postMessage({ kind: "chain", result }, [result.losses.buffer, result.burnInLosses.buffer, result.distances.buffer] as ArrayBuffer[]);
    }
    port.postMessage({ kind: "done" });
  } catch (e) {
    port.postMessage({ kind: "error", message: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : "Error" });
  }
}

if (parentPort && workerData && (workerData as { kind?: string }).kind === "sgld") {
  void run(parentPort, (workerData as { input: SgldWorkerInput }).input);
}
