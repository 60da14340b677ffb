/**
 * `npm run worker -- --redis redis://host:6379 [options]`: a queue worker on this machine. It takes the
 * runs that sweeps queue on that Redis (see queueRunner), computes them with this checkout's code, and
 * returns the records; it prints one line per run and stops on Ctrl-C once its runs in progress end
 * (a second Ctrl-C abandons them to other workers).
 *
 * Options: --redis URL (or AB_REDIS), --concurrency N (runs at once, default 1), --backend
 * tensorflow|wasm|cpu (default AB_BACKEND, else the fastest that loads; must match the coordinators'),
 * --kinds module.js (more kinds of run; repeatable), --lock-ms, --stalled-ms, --heartbeat-ms,
 * --connect-timeout-ms (see startQueueWorker).
 */
import { setupBackend, BACKEND_NAMES, type BackendName } from "../src/env/backend";
import { startQueueWorker, type QueueWorkerOptions } from "../src/experiment/queueWorker";

const USAGE = "usage: npm run worker -- --redis redis://host:6379 [--concurrency N] [--backend tensorflow|wasm|cpu] [--kinds module.js]... [--lock-ms N] [--stalled-ms N] [--heartbeat-ms N] [--connect-timeout-ms N]";

function fail(message: string): never {
  process.stderr.write(`worker: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse(argv: string[]): { options: QueueWorkerOptions; backend: BackendName | undefined } {
  const options: QueueWorkerOptions = { redis: process.env.AB_REDIS ?? "" };
  let backend: BackendName | undefined;
  const kindModules: string[] = [];
  const count = (flag: string, text: string | undefined): number => {
    const n = Number(text);
    if (text === undefined || !Number.isInteger(n)) fail(`${flag} needs an integer, got ${JSON.stringify(text)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    switch (flag) {
      case "--redis":
        if (!value) fail("--redis needs a URL");
        options.redis = value;
        i++;
        break;
      case "--concurrency":
        options.concurrency = count(flag, value);
        i++;
        break;
      case "--backend":
        if (!value || !(BACKEND_NAMES as readonly string[]).includes(value)) fail(`--backend must be one of ${BACKEND_NAMES.join(", ")}, got ${JSON.stringify(value)}`);
        backend = value as BackendName;
        i++;
        break;
      case "--kinds":
        if (!value) fail("--kinds needs the path of a compiled module");
        kindModules.push(value);
        i++;
        break;
      case "--lock-ms":
        options.lockDurationMs = count(flag, value);
        i++;
        break;
      case "--stalled-ms":
        options.stalledIntervalMs = count(flag, value);
        i++;
        break;
      case "--heartbeat-ms":
        options.heartbeatMs = count(flag, value);
        i++;
        break;
      case "--connect-timeout-ms":
        options.connectTimeoutMs = count(flag, value);
        i++;
        break;
      case "--help":
      case "-h":
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        fail(`unknown option ${JSON.stringify(flag)}`);
    }
  }
  if (!options.redis) fail("say which Redis to take runs from: --redis redis://host:6379 (or set AB_REDIS)");
  options.kindModules = kindModules;
  return { options, backend };
}

async function main(): Promise<void> {
  const { options, backend } = parse(process.argv.slice(2));
  const info = await setupBackend(backend ? { backend } : {});
  const log = (line: string): void => {
    process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  };
  const worker = await startQueueWorker({
    ...options,
    onEvent: (event) => {
      if (event.type === "started") log(`run ${event.key} (${event.kind}) started, attempt ${event.attempt}`);
      else if (event.type === "completed") log(`run ${event.key} (${event.kind}) done in ${event.seconds.toFixed(1)} s`);
      else if (event.type === "failed") log(`run ${event.key} (${event.kind}) failed${event.final ? "" : ", to be retried"}: ${event.message}`);
      else log(`error: ${event.message}`);
    },
  });
  log(`worker ${worker.host} pid ${worker.pid} on ${info.name}, taking runs from ${options.redis.replace(/\/\/[^@/]*@/, "//")}: ${worker.kinds.map((k) => `${k.name} at ${JSON.stringify(k.version)}`).join(", ")}; concurrency ${options.concurrency ?? 1}`);
  let signals = 0;
  const stop = (signal: string): void => {
    signals++;
    if (signals === 1) {
      log(`${signal}: finishing the runs in progress (again to abandon them)`);
      void worker.close().then(() => process.exit(0));
    } else {
      log(`${signal}: abandoning the runs in progress to other workers`);
      void worker.close(true).then(() => process.exit(1));
    }
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(`worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
