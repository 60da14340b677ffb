/**
 * Helpers of the queue tests: a private redis-server on a free loopback port in a temporary folder
 * (never the system's service), and queue workers in child processes.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { childNodeArgs } from "../childNode";

const REDIS_SERVER = process.env.AB_REDIS_SERVER ?? "redis-server";

/** A free TCP port on the loopback interface (free when asked; the server binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts redis-server on a free loopback port with its files in a new temporary folder, no
 * persistence; resolves once it accepts connections.
 *
 * @throws Error saying how to install redis-server when it is missing.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ab-redis-"));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--daemonize", "no"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const ready = await new Promise<boolean>((resolve, reject) => {
      child.on("error", (error) => reject(new Error(`cannot start ${REDIS_SERVER} (${error.message}); install it (apt-get install redis-server) or set AB_REDIS_SERVER to its path`)));
      child.on("exit", () => resolve(false));
      child.stdout!.on("data", (d: Buffer) => {
        output += d.toString();
        if (output.includes("Ready to accept connections")) resolve(true);
      });
    });
    if (ready) {
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        stop: () => stopChild(child).then(() => fs.rmSync(dir, { recursive: true, force: true })),
      };
    }
    if (attempt >= 3) throw new Error(`redis-server did not start: ${output}`);
  }
}

/** Stops a child process of the test (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

const WORKER = path.join(__dirname, "..", "..", "scripts", "worker.js");
const STUB_KINDS = path.join(__dirname, "stubRunKind.js");

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves when its output matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node build/scripts/worker.js` with the stub kind, short locks (so a killed worker's job is
 * taken again within about two seconds) and the given extra arguments and environment; resolves once
 * it is taking jobs.
 */
export async function startWorker(redis: string, options: { args?: string[]; env?: Record<string, string>; ready?: boolean } = {}): Promise<WorkerProcess> {
  const args = [WORKER, "--redis", redis, "--backend", "cpu", "--kinds", STUB_KINDS, "--lock-ms", "1500", "--stalled-ms", "500", "--heartbeat-ms", "200", ...(options.args ?? [])];
  const child = spawn(process.execPath, childNodeArgs(...args), { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...options.env } });
  let text = "";
  const listeners = new Set<() => void>();
  const onData = (d: Buffer): void => {
    text += d.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const waitFor = (pattern: RegExp, timeoutMs = 30_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (pattern.test(text)) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`worker output did not match ${pattern} within ${timeoutMs} ms:\n${text}`));
      }, timeoutMs);
      listeners.add(check);
      void exited.then(() => setTimeout(() => {
        if (!pattern.test(text)) {
          listeners.delete(check);
          clearTimeout(timer);
          reject(new Error(`worker exited before its output matched ${pattern}:\n${text}`));
        }
      }, 50));
      check();
    });
  const worker = { child, output: () => text, waitFor, exited };
  if (options.ready !== false) await waitFor(/taking runs from/);
  return worker;
}
