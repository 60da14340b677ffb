/**
 * Speed of the calibrated LLC estimator (issue 11): calibration plus estimate at one checkpoint of an
 * MLP on MNIST, for 784-32-10 (target < 60 s) and 784-128-10 (target < 3 min), each reported beside
 * the SGLD step of the same network measured in the same run (the calibration's cost in steps).
 *
 * `node build/bench/llcCalibration.bench.js [--quick]` (quick: the small network only, short budget).
 */
import * as os from "node:os";
import { setupBackend } from "../src/env/backend";
import { loadMnist } from "../src/data/mnist";
import { denseNetwork } from "../src/model/denseNetwork";
import { classificationData } from "../src/model/supervisedData";
import { calibrateLlcSampler } from "../src/slt/calibrateLlcSampler";
import { createMnistNetworkLoss } from "../src/slt/mnistNetworkLoss";
import { runSgldChain } from "../src/slt/sgldChain";
import { resolveSgldSettings } from "../src/slt/sgldSettings";
import { createSgldWorkerPool } from "../src/slt/sgldWorkerPool";
import { train } from "../src/train/train";
import { medianMs, row } from "./benchUtil";

const quick = process.argv.includes("--quick");

async function one(widths: number[], targetSeconds: number): Promise<void> {
  const data = classificationData(loadMnist({ limit: 10_000 }));
  const trained = await train({ network: denseNetwork({ widths }), data, numSteps: quick ? 500 : 3000, batchSize: 64, seed: 0, optimizer: { kind: "sgd", learningRate: 0.05 }, evaluateEvery: 0, progress: false });
  const loss = await createMnistNetworkLoss({ widths, data });
  const w = trained.params.slice();
  const settings = resolveSgldSettings(loss, { stepSize: 1e-6, localization: 1, numChains: 1, numDraws: 50, batchSize: 64, preconditioner: "rmsprop", rmspropEpsilon: 1e-3 });
  const stepMs = (await medianMs(() => runSgldChain(loss, w, settings, 0, 0), { calls: 1, repeats: 3, warmup: 1 })) / 50;
  const pool = createSgldWorkerPool(loss, 2);
  try {
    const t0 = performance.now();
    const calibration = await calibrateLlcSampler(loss, w, { sampler: "rmsprop", localization: 1, batchSize: 64, pool, maxSteps: quick ? 2000 : 16000 });
    const ms = performance.now() - t0;
    const chainSteps = calibration.trials.reduce((s, t) => s + 4 * (t.numBurnin + t.numDraws), 0);
    console.log(`\nMLP ${widths.join("-")} (${loss.numParams} parameters), MNIST 10,000 images, RMSProp-SGLD; load average ${os.loadavg()[0]!.toFixed(1)}`);
    console.log(row("SGLD step, one thread (baseline)", stepMs, "ms"));
    console.log(row(`calibration + estimate at one checkpoint (target < ${targetSeconds} s)`, ms, "ms", { value: stepMs, label: "SGLD step" }));
    console.log(`  ${calibration.trials.length} sampling runs, ${chainSteps} chain steps on 2 workers (${(chainSteps * stepMs / 2 / 1000).toFixed(1)} s of ideal parallel sampling); λ̂ ${calibration.estimate.mean.toFixed(1)}, ${calibration.ok ? "ok" : calibration.flags.join(", ")}; ${calibration.settings.numChains} x (${calibration.settings.numBurnin} + ${calibration.settings.numDraws}) at eps ${calibration.settings.stepSize!.toPrecision(3)}`);
  } finally {
    await pool.close();
  }
}

async function main(): Promise<void> {
  await setupBackend();
  await one([784, 32, 10], 60);
  if (!quick) await one([784, 128, 10], 180);
}
void main();
