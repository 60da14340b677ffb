/**
 * Worker-thread side of {@link timeAveragedMsdParallel} (internal, not re-exported): accumulates the
 * power spectrum and squared norms of the coordinate blocks it receives and returns the partial sums.
 */
import { parentPort, workerData } from "node:worker_threads";
import { TamsdAccumulator } from "./tamsdAccumulator";

interface BlockMessage {
  kind: "block";
  block: Float32Array | Float64Array;
  start: number;
  count: number;
}

if (parentPort) {
  const port = parentPort;
  const { t, maxLag, blockSize } = workerData as { t: number; maxLag: number; blockSize: number };
  const acc = new TamsdAccumulator(t, maxLag);
  const columns = new Float64Array(blockSize * t);
  port.on("message", (message: BlockMessage | { kind: "finish" }) => {
    try {
      if (message.kind === "block") {
        acc.addBlock("timeAveragedMsdParallel", message.block, message.count, columns, message.start);
        port.postMessage({ kind: "ready" });
      } else {
        port.postMessage({ kind: "result", power: acc.power, squares: acc.squares, squaresCompensation: acc.squaresCompensation });
      }
    } catch (error) {
      port.postMessage({ kind: "error", message: (error as Error).message });
    }
  });
}
