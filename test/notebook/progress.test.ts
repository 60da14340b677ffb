import { test } from "node:test";
import * as assert from "node:assert/strict";
import { createProgress } from "../../src/notebook/progress";

function captureStderr(run: () => void): string {
  const original = process.stderr.write.bind(process.stderr);
  let text = "";
  (process.stderr as unknown as { write: (s: string) => boolean }).write = (s: string) => {
    text += s;
    return true;
  };
  try {
    run();
  } finally {
    (process.stderr as unknown as { write: typeof original }).write = original;
  }
  return text;
}

test("outside a notebook progress rewrites one compact line on stderr and ends it", () => {
  const text = captureStderr(() => {
    const progress = createProgress({ total: 100, title: "demo", target: "stderr", intervalMs: 0 });
    for (let s = 0; s < 100; s++) progress.update(s, 1 / (s + 1));
    progress.finish("done");
  });
  const lines = text.split("\r").filter((l) => l.length > 0);
  assert.ok(lines.length >= 100, "one redraw per update with intervalMs 0");
  assert.ok(text.endsWith("\n"));
  assert.equal(text.split("\n").length, 2, "a single line");
  assert.match(lines[lines.length - 1]!, /^demo \[#{24}\] 100\/100 loss 0\.0100\d* \d+ steps\/s done/);
});

test("a note (a sweep's queued/running/done counts) is shown with the bar on stderr and in a notebook", () => {
  const text = captureStderr(() => {
    const progress = createProgress({ total: 4, title: "runs", target: "stderr", intervalMs: 0 });
    progress.note("2 queued, 1 running, 1 done, 0 failed; workers: box-a (1 running)");
    progress.update(0, 0);
    progress.finish();
  });
  const lines = text.split("\r").filter((l) => l.length > 0);
  assert.match(lines.at(-1)!, /^runs \[#{6}\.{18}\] 1\/4 .* \| 2 queued, 1 running, 1 done, 0 failed; workers: box-a \(1 running\)/);
  const fakePath = require("node:path").join("/nonexistent", "tslab", "dist", "jupyter.js");
  const sent: Record<string, string>[] = [];
  (require.cache as Record<string, unknown>)[fakePath] = { exports: { lastWriteDisplayData: (message: { data: Record<string, string> }) => sent.push(message.data) } };
  try {
    const progress = createProgress({ total: 4, intervalMs: 0 });
    progress.note("3 queued & <waiting>");
    progress.finish();
  } finally {
    delete (require.cache as Record<string, unknown>)[fakePath];
  }
  assert.match(sent.at(-1)!["text/html"]!, /<div>3 queued &amp; &lt;waiting&gt;<\/div>/);
});

test("a failed run marks the line as failed, and target none prints nothing", () => {
  const failed = captureStderr(() => {
    const progress = createProgress({ total: 10, target: "stderr" });
    progress.update(3, Infinity);
    progress.fail("diverged at step 3");
  });
  assert.match(failed, /failed: diverged at step 3/);
  const silent = captureStderr(() => {
    const progress = createProgress({ total: 10, target: "none" });
    progress.update(0, 1);
    progress.finish();
  });
  assert.equal(silent, "");
  assert.throws(() => createProgress({ total: 0 }), /createProgress: total must be an integer ≥ 1, got 0/);
});

test("in a notebook progress replaces one output in place with a bar and a loss curve", () => {
  // A stand-in for tslab's kernel module, found the way display.ts finds the real one.
  const fakePath = require("node:path").join("/nonexistent", "tslab", "dist", "jupyter.js");
  const sent: { data: Record<string, string>; id: string | undefined; update: boolean }[] = [];
  const fake = {
    exports: {
      lastWriteDisplayData: (message: { data: Record<string, string>; transient: { display_id?: string } }, update: boolean) =>
        sent.push({ data: message.data, id: message.transient.display_id, update }),
    },
  };
  (require.cache as Record<string, unknown>)[fakePath] = fake;
  try {
    const progress = createProgress({ total: 50, intervalMs: 0 });
    for (let s = 0; s < 50; s++) progress.update(s, 2 * Math.exp(-s / 10));
    progress.finish("done");
  } finally {
    delete (require.cache as Record<string, unknown>)[fakePath];
  }
  assert.ok(sent.length > 2);
  assert.equal(sent[0]!.update, false, "the first message creates the output");
  assert.ok(sent.slice(1).every((m) => m.update && m.id === sent[0]!.id), "later messages replace it");
  const last = sent[sent.length - 1]!.data;
  assert.match(last["text/html"]!, /<svg[^>]*>.*<polyline/);
  assert.match(last["text/html"]!, /step 50\/50/);
  assert.match(last["text/plain"]!, /50\/50/);
});
