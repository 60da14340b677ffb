/**
 * The project's kernel reloads edited helpers: a real tslab kernel imports a helper through
 * re-exporting index files (as notebooks import `./src/index`), the helper's file is edited (a body
 * changed and an export added), and re-running the import cell sees both. The same steps under the
 * unpatched tslab kernel keep the old module, which shows the test can fail.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { EXECUTOR_ORIGINAL, patchExecutor, queueSends, type SendingPrototype } from "../../scripts/kernel";
import { findPython } from "../../scripts/jupyterEnv";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const DRIVER = path.join(ROOT, "test", "fixtures", "kernelReload", "driver.py");

interface Seen {
  result: string | null;
  error: string | null;
}

/** Runs the driver under a kernelspec whose argv starts with `launcher`; returns what it saw. */
function editUnderKernel(launcher: string[]): { before: Seen; after: Seen[] } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "ab-kernel-"));
  const spec = path.join(home, "jupyter", "kernels", "reload-test");
  fs.mkdirSync(spec, { recursive: true });
  fs.writeFileSync(path.join(spec, "kernel.json"), JSON.stringify({ argv: [...launcher, "kernel", "--config-path", "{connection_file}"], display_name: "reload test", language: "typescript" }));
  const work = path.join(home, "work");
  fs.mkdirSync(path.join(work, "src", "tools"), { recursive: true });
  fs.writeFileSync(path.join(work, "src", "index.ts"), 'export * from "./tools/index";\n');
  fs.writeFileSync(path.join(work, "src", "tools", "index.ts"), 'export * from "./answer";\n');
  fs.writeFileSync(path.join(work, "src", "tools", "answer.ts"), "export function answer(): number {\n  return 1;\n}\n");
  try {
    const run = spawnSync(findPython(), [DRIVER, "reload-test", work], {
      encoding: "utf8",
      env: { ...process.env, JUPYTER_PATH: path.join(home, "jupyter") },
      timeout: 150_000,
    });
    assert.equal(run.status, 0, `kernel driver failed:\n${run.stdout}\n${run.stderr}`);
    return JSON.parse(run.stdout.trim().split("\n").pop()!) as { before: Seen; after: Seen[] };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** A socket like zeromq 6's: a send while an earlier one still waits throws EBUSY; each send takes a tick. */
function fakeSocketClass(): { proto: SendingPrototype & { sent: unknown[]; busy: boolean }; create: () => SendingPrototype & { sent: unknown[]; busy: boolean } } {
  const proto = {
    sent: [] as unknown[],
    busy: false,
    send: function (this: { sent: unknown[]; busy: boolean }, message: unknown): Promise<void> {
      if (this.busy) throw Object.assign(new Error("Socket is busy writing; only one send operation may be in progress at any time"), { code: "EBUSY" });
      if (message === "bad") return Promise.reject(new Error("refused"));
      this.busy = true;
      return new Promise((resolve) => setImmediate(() => {
        this.busy = false;
        this.sent.push(message);
        resolve();
      }));
    },
  };
  // Read-only like zeromq's own send (configurable, not writable).
  Object.defineProperty(proto, "send", { writable: false });
  return { proto, create: () => Object.assign(Object.create(proto), { sent: [], busy: false }) };
}

test("queued sends never overlap on a socket, keep their order, and a failed send does not stop the rest", async () => {
  const unqueued = fakeSocketClass().create();
  void unqueued.send(1);
  assert.throws(() => void unqueued.send(2), /busy writing/, "the fake reproduces zeromq's EBUSY (the bug)");
  const { proto, create } = fakeSocketClass();
  const reports: string[] = [];
  queueSends(proto, (m) => reports.push(m));
  queueSends(proto, (m) => reports.push(m));
  const a = create(), b = create();
  const sends = [a.send(1), b.send("x"), a.send("bad"), a.send(2), a.send(3), b.send("y")];
  await Promise.all(sends);
  assert.deepEqual(a.sent, [1, 2, 3]);
  assert.deepEqual(b.sent, ["x", "y"]);
  assert.equal(reports.length, 1, "the refused send is reported once (and the wrapper is installed once)");
  assert.match(reports[0]!, /could not be sent \(refused\); the kernel goes on/);
});

test("the send queue wraps the send of the zeromq that tslab loads", () => {
  const zmq = require(require.resolve("zeromq", { paths: [path.join(__dirname, "..", "..", "..", "node_modules", "tslab")] })) as { Publisher: { prototype: object }; Router: { prototype: object } };
  const base = Object.getPrototypeOf(zmq.Publisher.prototype) as { send?: unknown };
  assert.equal(typeof base.send, "function");
  assert.equal(Object.getPrototypeOf(zmq.Router.prototype), base, "tslab's Router and Publisher share the wrapped send");
});

test("the reload patch matches the installed tslab's executor", () => {
  const source = fs.readFileSync(path.join(ROOT, "node_modules", "tslab", "dist", "executor.js"), "utf8");
  assert.ok(source.includes(EXECUTOR_ORIGINAL), "tslab's executor changed: update EXECUTOR_ORIGINAL in scripts/kernel.ts");
  const patched = patchExecutor(source)!;
  assert.ok(patched.includes("sideModules.clear()"));
  assert.equal(patchExecutor(patched), patched, "patching twice changes nothing");
});

test("editing a helper and re-running the import cell reaches a running kernel", { timeout: 180_000 }, () => {
  const seen = editUnderKernel([process.execPath, path.join(ROOT, "build", "scripts", "kernel.js")]);
  assert.equal(seen.before.result, "1", `first import: ${JSON.stringify(seen.before)}`);
  const last = seen.after.at(-1)!;
  assert.equal(last.result, "[ 2, 'function' ]", `after the edit: ${JSON.stringify(seen.after)}`);
});

test("without the patch, tslab keeps the old module behind the index files (the bug the patch fixes)", { timeout: 180_000 }, () => {
  const seen = editUnderKernel([process.execPath, path.join(ROOT, "node_modules", "tslab", "bin", "tslab")]);
  assert.equal(seen.before.result, "1");
  const last = seen.after.at(-1)!;
  assert.equal(last.result, "[ 1, 'undefined' ]", `after the edit: ${JSON.stringify(seen.after)}`);
});
