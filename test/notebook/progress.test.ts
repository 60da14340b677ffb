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
