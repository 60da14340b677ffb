import { test } from "node:test";
import * as assert from "node:assert/strict";
import { NOTEBOOK_NEEDS, NOTEBOOK_SECONDS, scheduleNotebooks } from "../../scripts/notebookSchedule";
import { listNotebooks } from "../../scripts/jupyterEnv";
import { parseArgs } from "../../scripts/reproduce";

/** Runs the schedule with a fake notebook that takes `ms[prefix]` milliseconds; returns the start and end order of events. */
async function simulate(names: string[], jobs: number, ms: Record<string, number>, fail?: string) {
  const events: string[] = [];
  let running = 0, most = 0;
  const results = await scheduleNotebooks(names, jobs, async (name) => {
    const p = name.slice(0, 2);
    events.push(`start ${p}`);
    most = Math.max(most, ++running);
    await new Promise((r) => setTimeout(r, ms[p] ?? 1));
    running--;
    events.push(`end ${p}`);
    if (p === fail) throw new Error(`notebook ${p} failed`);
    return p;
  });
  return { events, results, most };
}

const ALL = ["00_a.ipynb", "01_b.ipynb", "02_c.ipynb", "03_d.ipynb", "04_e.ipynb", "05_f.ipynb", "06_g.ipynb", "07_h.ipynb", "08_i.ipynb", "09_j.ipynb"];

test("scheduleNotebooks starts a notebook only after those it reads from the cache, and never runs more than jobs at once", async () => {
  const { events, results, most } = await simulate(ALL, 2, { "02": 30, "04": 30, "05": 20, "03": 5, "09": 10 });
  assert.deepEqual(results, ALL.map((n) => n.slice(0, 2)), "results come back in the order of the names");
  assert.equal(most, 2);
  for (const [p, needs] of Object.entries(NOTEBOOK_NEEDS)) {
    for (const q of needs) assert.ok(events.indexOf(`end ${q}`) < events.indexOf(`start ${p}`), `${p} started before ${q} ended: ${events.join(", ")}`);
  }
  // The longest chains of work start first: 03 -> 04 -> 05, then 02 (the longest of the notebooks that no other one needs).
  assert.deepEqual(events.slice(0, 2), ["start 03", "start 02"]);
});

test("scheduleNotebooks with one job runs the notebooks one after another by name", async () => {
  const { events } = await simulate(ALL, 1, {});
  assert.deepEqual(events.filter((e) => e.startsWith("start")), ALL.map((n) => `start ${n.slice(0, 2)}`));
});

test("scheduleNotebooks ignores needs outside the selection, and after a failure starts nothing new but lets running notebooks finish", async () => {
  const alone = await simulate(["05_f.ipynb", "09_j.ipynb"], 2, {});
  assert.deepEqual(alone.events.slice(0, 2), ["start 05", "start 09"], "05 and 09 need 04 and 03, which are not run");
  const unrelated = await simulate(["02_c.ipynb", "03_d.ipynb"], 2, {});
  assert.deepEqual(unrelated.events.slice(0, 2).sort(), ["start 02", "start 03"], "03 computes the calibration it shares with 02 itself, so it does not wait for 02");
  // Needs through a notebook left out still hold: 05 and 07 read 03's calibration through 04.
  for (const pair of [["03_d.ipynb", "05_f.ipynb"], ["03_d.ipynb", "07_h.ipynb"]]) {
    const { events } = await simulate(pair, 2, {});
    assert.deepEqual(events, [`start ${pair[0]!.slice(0, 2)}`, `end ${pair[0]!.slice(0, 2)}`, `start ${pair[1]!.slice(0, 2)}`, `end ${pair[1]!.slice(0, 2)}`], pair.join(" and "));
  }
  const events: string[] = [];
  await assert.rejects(
    scheduleNotebooks(["03_d.ipynb", "04_e.ipynb", "06_g.ipynb"], 2, async (name) => {
      events.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, name.startsWith("06") ? 20 : 1));
      events.push(`end ${name}`);
      if (name.startsWith("03")) throw new Error("03 failed");
    }),
    /03 failed/,
  );
  assert.ok(events.includes("end 06_g.ipynb"), "the notebook running beside the failure finished");
  assert.ok(!events.includes("start 04_e.ipynb"), "the notebook needing the failed one never started");
  await assert.rejects(scheduleNotebooks(ALL, 0, async () => 0), /jobs must be an integer ≥ 1, got 0/);
});

test("every notebook has a measured time, and every need names a notebook that exists and comes earlier", () => {
  const prefixes = listNotebooks().map((n) => n.slice(0, 2));
  assert.deepEqual(Object.keys(NOTEBOOK_SECONDS).sort(), prefixes.sort());
  for (const [p, needs] of Object.entries(NOTEBOOK_NEEDS)) {
    assert.ok(prefixes.includes(p), `NOTEBOOK_NEEDS names ${p}, which is not a notebook`);
    for (const q of needs) assert.ok(prefixes.includes(q) && q < p, `${p} needs ${q}: not an earlier notebook`);
  }
});

test("reproduce --jobs takes an integer from 1 to 8 and defaults to 2", () => {
  assert.equal(parseArgs([], {}).jobs, 2);
  assert.equal(parseArgs(["--jobs", "1"], {}).jobs, 1);
  for (const bad of ["0", "9", "1.5", "two", ""]) assert.throws(() => parseArgs(["--jobs", bad], {}), /--jobs needs the number of notebooks to run at once, an integer from 1 to 8/);
});
