/**
 * A worker thread of {@link trainEnsemble}: sets up the tfjs backend it is given, then trains the
 * members it is sent (each with its complete options), one at a time, posting throttled progress and
 * each result. It lives on between ensembles (see trainingWorkers). Loaded as compiled JS.
 */
import { parentPort, workerData } from "node:worker_threads";
import { setupBackend, type BackendName } from "../env/backend";
import { DivergenceError } from "../util/divergenceError";
import { train, type TrainResult } from "./train";
import type { WorkerReply, WorkerRequest } from "./trainEnsemble";

interface Init {
  backend: BackendName;
}

function transferList(result: TrainResult): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [result.params, result.initialParams, result.losses, result.evaluations.steps, result.evaluations.trainLoss];
  for (const a of [result.evaluations.trainAccuracy, result.evaluations.testLoss, result.evaluations.testAccuracy]) if (a) arrays.push(a);
  if (result.trajectory) arrays.push(result.trajectory.steps, result.trajectory.snapshots);
  const seen = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) seen.add(a.buffer);
  return [...seen];
}

if (parentPort) {
  const port = parentPort;
  const init = workerData as Init;
  void (async () => {
    await setupBackend({ backend: init.backend });
    port.on("message", async (request: WorkerRequest) => {
      const { member, options } = request;
      try {
        let last = 0;
        const result = await train(options, {
          onStep: (step, loss) => {
            const now = performance.now();
            if (now - last > 100) {
              last = now;
              port.postMessage({ type: "progress", member, step, loss } satisfies WorkerReply);
            }
          },
        });
        port.postMessage({ type: "result", member, result } satisfies WorkerReply, transferList(result));
      } catch (error) {
        const divergence = error instanceof DivergenceError ? error.info() : null;
        port.postMessage({ type: "error", member, message: (error as Error).message, divergence } satisfies WorkerReply);
      }
    });
    port.postMessage({ type: "ready" } satisfies WorkerReply);
  })();
}
