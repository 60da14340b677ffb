/**
 * Speed of the job queue (issue 17 targets), as ratios against baselines measured in the same run, on
 * a private redis-server on a loopback port:
 * 1. overhead: a sweep of about-one-second MNIST runs through one queue worker process, against the
 *    same number of runs computed by the local runner in this process (target: under 5 % more time);
 * 2. scaling: the same kind of sweep through two worker processes against one (target: at least 1.7x
 *    the runs per minute on two cores).
 * Each runner is warmed up first (its data loaded, its threads started), as a long-lived worker is.
 * Every phase computes its own configurations (different learning rates), so no phase finds another
 * phase's records in the cache or in Redis. The load average is printed before and after: on a shared
 * machine the ratios degrade with it.
 *
 * `node build/bench/queue.bench.js [--quick]` (after npm run build); AB_BACKEND chooses the backend of
 * this process and of the workers.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { setupBackend } from "../src/env/backend";
import { createRunCache } from "../src/experiment/runCache";
import { mnistRunConfig, mnistRunKind, runMnistSweep, type MnistRunConfig } from "../src/experiment/mnistRun";
import { localRunner, type SweepRunner } from "../src/experiment/sweepRunner";
import { queueRunner } from "../src/experiment/queueRunner";
import { startRedisServer, startWorker, stopChild, type WorkerProcess } from "../test/experiment/queueHelpers";
import { row } from "./benchUtil";

const quick = process.argv.includes("--quick");
const RUNS = quick ? 6 : 12;

/** A run of about one second on a quiet core (wasm): MLP 784-32-10 on 2,000 images, small LLC. */
function configs(phase: number, count: number): MnistRunConfig[] {
  return Array.from({ length: count }, (_, i) =>
    mnistRunConfig({
      widths: [784, 32, 10],
      trainLimit: 2000,
      testLimit: 1000,
      numSteps: 600,
      batchSize: 64,
      learningRate: 0.05 + 0.0001 * (phase * 100 + i),
      logCaptures: 24,
      lateEvery: 4,
      llc: { checkpoints: [0.5, 1], sampler: { stepSize: 1e-5, localization: 100, numChains: 2, numBurnin: 0, numDraws: 60, batchSize: 64, nBetaRule: "numSamples" as const, preconditioner: "none" as const, rmspropEpsilon: 1e-3 }, short: null, initLossBatches: 16, descentSteps: 0 },
    }),
  );
}

const TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** CPU seconds (user + system, all threads) used so far by each process: this one when pid is undefined. */
function cpuSeconds(pids: (number | undefined)[]): number {
  let total = 0;
  for (const pid of pids) {
    if (pid === undefined) {
      const u = process.cpuUsage();
      total += (u.user + u.system) / 1e6;
      continue;
    }
    // /proc/<pid>/stat: fields 14 and 15 (utime, stime) after the parenthesised command name.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
    total += (Number(fields[11]) + Number(fields[12])) / TICKS;
  }
  return total;
}

interface Phase {
  seconds: number;
  /** CPU seconds the computing processes used per run. */
  cpuPerRun: number;
  /** Cores they obtained on average (CPU seconds / wall seconds). */
  cores: number;
  /** CPU seconds this process (the coordinator) used per run. */
  coordinatorCpuPerRun: number;
}

async function phase(runner: SweepRunner, list: MnistRunConfig[], computing: (number | undefined)[]): Promise<Phase> {
  const cpu0 = cpuSeconds(computing);
  const own0 = cpuSeconds([undefined]);
  const seconds = await sweepSeconds(runner, list);
  const cpu = cpuSeconds(computing) - cpu0;
  const own = cpuSeconds([undefined]) - own0;
  return { seconds, cpuPerRun: cpu / list.length, cores: cpu / seconds, coordinatorCpuPerRun: own / list.length };
}

async function sweepSeconds(runner: SweepRunner, list: MnistRunConfig[]): Promise<number> {
  const cache = createRunCache({ directory: fs.mkdtempSync(path.join(os.tmpdir(), "ab-queue-bench-")), version: mnistRunKind.version() });
  const t0 = performance.now();
  const result = await runMnistSweep(list, { cache, runner, progress: false, llcWorkers: false });
  if (result.computed !== list.length) throw new Error(`queue bench: ${result.computed} of ${list.length} runs computed`);
  fs.rmSync(cache.directory, { recursive: true, force: true });
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  const info = await setupBackend();
  const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(" ");
  console.log(`queue: ${RUNS} MNIST runs per phase (784-32-10, 2,000 images, 600 steps, LLC 2 x 60 draws at 2 checkpoints), backend ${info.name}`);
  console.log(`load average ${load()} on ${os.cpus().length} cores (numbers scale with how much of the cores other processes take)`);
  const redis = await startRedisServer();
  const workers: WorkerProcess[] = [];
  try {
    const local = localRunner();
    const queue = queueRunner({ redis: redis.url, statusIntervalMs: 250 });
    await sweepSeconds(local, configs(0, 1)); // warm-up: data, backend kernels
    const localPhase = await phase(local, configs(1, RUNS), [undefined]);

    const backendArgs = ["--backend", info.name];
    workers.push(await startWorker(redis.url, { args: backendArgs }));
    await sweepSeconds(queue, configs(2, 1)); // warm-up: the worker's thread, data, kernels
    const onePhase = await phase(queue, configs(3, RUNS), [workers[0]!.child.pid]);

    workers.push(await startWorker(redis.url, { args: backendArgs }));
    await sweepSeconds(queue, configs(4, 4)); // warm-up of the second worker (both take runs)
    const twoPhase = await phase(queue, configs(5, RUNS), workers.map((w) => w.child.pid));

    const perMinute = (p: Phase): number => (RUNS / p.seconds) * 60;
    const cores = (p: Phase): string => `${p.cpuPerRun.toFixed(2)} CPU s/run, ${p.cores.toFixed(2)} cores obtained`;
    console.log(row("local runner, this process (baseline)", localPhase.seconds / RUNS, "s/run"), ` ${cores(localPhase)}`);
    console.log(row("queue, one worker process", onePhase.seconds / RUNS, "s/run", { value: localPhase.seconds / RUNS, label: "local" }), ` ${cores(onePhase)}`);
    console.log(row("  queue overhead per run, wall (target < 5 %)", ((onePhase.seconds - localPhase.seconds) / localPhase.seconds) * 100, "%"));
    console.log(row("  queue overhead per run, CPU of the computing process", ((onePhase.cpuPerRun - localPhase.cpuPerRun) / localPhase.cpuPerRun) * 100, "%"));
    console.log(row("  coordinator CPU per run (this process, queue)", onePhase.coordinatorCpuPerRun * 1000, "ms", { value: localPhase.cpuPerRun * 1000, label: "a run's CPU" }));
    console.log(row("queue, one worker: runs per minute (baseline)", perMinute(onePhase), "runs/min"));
    console.log(row("queue, two worker processes: runs per minute", perMinute(twoPhase), "runs/min", { value: perMinute(onePhase), label: "one worker; target ≥ 1.7" }), ` ${cores(twoPhase)}`);
    console.log(row("  runs per CPU second, two workers", 1 / twoPhase.cpuPerRun, "runs/CPU s", { value: 1 / onePhase.cpuPerRun, label: "one worker" }));
    console.log(`load average ${load()} at the end`);
  } finally {
    await Promise.all(workers.map((w) => stopChild(w.child)));
    await redis.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
