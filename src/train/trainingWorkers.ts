/**
 * The worker threads that train ensemble members, kept from one ensemble to the next.
 *
 * Why keep them: a new worker spends about 0.3 s loading tfjs and compiling its wasm module, and
 * its first few hundred steps run slower while V8 optimises the code and the worker's memory is
 * mapped for the first time. An ensemble of 8 MNIST members of 500 steps takes about 4 s on two
 * cores, so starting fresh workers for each ensemble cost it about 15 %; notebooks train many
 * ensembles in a row. Idle workers are unref'd: they never keep a script from exiting.
 * {@link closeTrainingWorkers} ends them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { BackendName } from "../env/backend";
import { projectRoot } from "../util/projectRoot";

/** Idle workers by backend. */
const idle = new Map<string, Worker[]>();
/** Every live worker (idle or busy). */
const live = new Set<Worker>();

/** The compiled worker script: beside this module when it runs from build/, else in the project's build/. */
function workerScript(): string {
  const here = path.join(__dirname, "ensembleWorker.js");
  if (fs.existsSync(here)) return here;
  let built = "build/src/train/ensembleWorker.js";
  try {
    built = path.join(projectRoot(), "build", "src", "train", "ensembleWorker.js");
    if (fs.existsSync(built)) return built;
  } catch {
    // not inside the project
  }
  throw new Error(`trainEnsemble: the compiled worker script is missing (looked for ${here} and ${built}); run npm run build, or pass workers: 0`);
}

/** Starts a worker on `backend` and resolves when it has set the backend up. */
function startWorker(backend: BackendName): Promise<Worker> {
  const worker = new Worker(workerScript(), { workerData: { backend } });
  live.add(worker);
  worker.on("exit", () => {
    live.delete(worker);
    const list = idle.get(backend);
    if (list && list.includes(worker)) list.splice(list.indexOf(worker), 1);
  });
  return new Promise<Worker>((resolve, reject) => {
    const onMessage = (reply: { type: string }): void => {
      if (reply.type !== "ready") return;
      worker.off("message", onMessage);
      worker.off("error", onError);
      resolve(worker);
    };
    const onError = (error: Error): void => {
      live.delete(worker);
      reject(new Error(`trainEnsemble: a worker failed to start: ${error.message}`));
    };
    worker.on("message", onMessage);
    worker.once("error", onError);
  });
}

/**
 * `count` ready workers on `backend`: idle ones first, new ones for the rest. They are ref'd (a
 * waiting script stays alive) until handed back with {@link releaseTrainingWorkers}.
 * @internal used by trainEnsemble.
 */
export async function acquireTrainingWorkers(count: number, backend: BackendName): Promise<Worker[]> {
  const list = idle.get(backend) ?? [];
  const reused = list.splice(0, Math.min(count, list.length));
  const started = await Promise.allSettled(Array.from({ length: count - reused.length }, () => startWorker(backend)));
  const workers = [...reused, ...started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []))];
  const failure = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) {
    discardTrainingWorkers(workers);
    throw failure.reason;
  }
  for (const w of workers) w.ref();
  return workers;
}

/** Hands workers back as idle (unref'd). @internal */
export function releaseTrainingWorkers(workers: Worker[], backend: BackendName): void {
  const list = idle.get(backend) ?? [];
  for (const w of workers) {
    if (!live.has(w)) continue;
    w.unref();
    list.push(w);
  }
  idle.set(backend, list);
}

/** Ends workers whose state is unknown (after a failure). @internal */
export function discardTrainingWorkers(workers: Worker[]): void {
  for (const w of workers) {
    live.delete(w);
    void w.terminate();
  }
}

/**
 * Number of training worker threads alive (idle between ensembles, or busy).
 * @example
 * trainingWorkerCount() >= 0; // true
 */
export function trainingWorkerCount(): number {
  return live.size;
}

/**
 * Ends the idle training workers (ensembles start new ones when needed). Not needed for a script to
 * exit; frees their memory (each holds its own tfjs instance) in a long notebook session.
 * @example
 * await closeTrainingWorkers();
 * trainingWorkerCount(); // 0
 */
export async function closeTrainingWorkers(): Promise<void> {
  const all = [...idle.values()].flat();
  idle.clear();
  for (const w of all) live.delete(w);
  await Promise.all(all.map((w) => w.terminate()));
}
