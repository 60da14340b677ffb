/**
 * A small training run streamed to a trajectory folder, shared by the resume tests and run as a child
 * process that the SIGKILL test kills mid-run: `node killableRun.js <folder> <backend>`.
 * Run without arguments (as the test runner does for every file under test/) it does nothing.
 */
import { setupBackend, type BackendName } from "../../src/env/backend";
import { createRandom } from "../../src/util/random";
import { denseNetwork } from "../../src/model/denseNetwork";
import { supervisedData } from "../../src/model/supervisedData";
import { train, type TrainOptions } from "../../src/train/train";
import { everyKSteps } from "../../src/trajectory/captureSchedule";

export function killableRunOptions(folder: string | null, numSteps = 400): TrainOptions {
  const rng = createRandom(11);
  const n = 96;
  const inputs = rng.fillNormal(new Float32Array(n * 8));
  const labels = Uint8Array.from({ length: n }, (_, i) => (inputs[i * 8]! + inputs[i * 8 + 1]! > 0 ? 1 : 0) + (inputs[i * 8 + 2]! > 0.5 ? 1 : 0));
  const data = supervisedData({ inputs, inputSize: 8, labels, numClasses: 3 });
  return {
    network: denseNetwork({ widths: [8, 10, 3] }),
    data,
    testData: data,
    numSteps,
    batchSize: 12,
    seed: 21,
    evaluateEvery: 25,
    progress: false,
    phases: [
      { fromStep: 0, optimizer: { kind: "adam", learningRate: 0.01 } },
      { fromStep: Math.floor(numSteps / 2), optimizer: { kind: "sgd", learningRate: 0.01, momentum: 0.9 } },
    ],
    capture: { schedule: everyKSteps(1) },
    trajectoryFile: folder ? { path: folder, blockSnapshots: 7 } : null,
  };
}

if (require.main === module && process.argv.length >= 4) {
  const [folder, backend, steps] = process.argv.slice(2) as [string, BackendName, string | undefined];
  void (async () => {
    await setupBackend({ backend });
    // Slow each step a little so the parent can kill at an arbitrary point mid-run.
    const wait = new Int32Array(new SharedArrayBuffer(4));
    await train(killableRunOptions(folder, steps ? Number(steps) : 100000), { onStep: () => Atomics.wait(wait, 0, 0, 1) });
  })();
}
