/**
 * When to record the weights: every k steps, at log-spaced steps (for power-law fits of the
 * displacement R(t) ~ t^(1/d_w)), or at listed steps. Schedules are plain data so they can be stored
 * in a trajectory header and sent to worker threads.
 */

/** A capture schedule. Step s means the weights after s updates (s = 0: the initial weights). */
export type CaptureSchedule =
  | { kind: "every"; every: number }
  | { kind: "logSpaced"; count: number }
  | { kind: "list"; steps: number[] };

/**
 * Every `k` steps: 0, k, 2k, ... up to the last step.
 * @throws RangeError unless k is an integer ≥ 1.
 * @example
 * captureSteps(everyKSteps(4), 10); // Float64Array [0, 4, 8]
 */
export function everyKSteps(k: number): CaptureSchedule {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`everyKSteps: k must be an integer ≥ 1, got ${k}`);
  return { kind: "every", every: k };
}

/**
 * About `count` steps spaced evenly in log t: 0, then round(T^(i / (count - 2))) for i = 0..count-2,
 * duplicates removed (so fewer than `count` when T is small). Even spacing in log t weights every
 * decade equally in a fit of log R(t) against log t (R ~ t^(1/d_w), arXiv 2503.22478).
 * @throws RangeError unless count is an integer ≥ 2.
 * @example
 * captureSteps(logSpacedSteps(5), 1000); // Float64Array [0, 1, 10, 100, 1000]
 */
export function logSpacedSteps(count: number): CaptureSchedule {
  if (!Number.isInteger(count) || count < 2) throw new RangeError(`logSpacedSteps: count must be an integer ≥ 2, got ${count}`);
  return { kind: "logSpaced", count };
}

/**
 * Exactly the listed steps (sorted, duplicates removed).
 * @throws RangeError for a step that is not a non-negative integer.
 * @example
 * captureSteps(stepList([5, 0, 5, 50]), 10); // Float64Array [0, 5]
 */
export function stepList(steps: number[]): CaptureSchedule {
  steps.forEach((s, i) => {
    if (!Number.isSafeInteger(s) || s < 0) throw new RangeError(`stepList: steps[${i}] must be a non-negative integer, got ${s}`);
  });
  return { kind: "list", steps: [...new Set(steps)].sort((a, b) => a - b) };
}

/**
 * The steps of a schedule within a run of `numSteps` updates: sorted, unique, in [0, numSteps].
 *
 * @param schedule from {@link everyKSteps}, {@link logSpacedSteps} or {@link stepList}.
 * @param numSteps total number of updates, a non-negative integer.
 * @returns step numbers as a Float64Array (the layout the diffusion estimators take).
 * @throws RangeError for a malformed schedule or numSteps.
 * @example
 * captureSteps(everyKSteps(1), 3); // Float64Array [0, 1, 2, 3]
 */
export function captureSteps(schedule: CaptureSchedule, numSteps: number): Float64Array {
  if (!Number.isSafeInteger(numSteps) || numSteps < 0) {
    throw new RangeError(`captureSteps: numSteps must be a non-negative integer, got ${numSteps}`);
  }
  const out: number[] = [];
  if (schedule.kind === "every") {
    everyKSteps(schedule.every);
    for (let s = 0; s <= numSteps; s += schedule.every) out.push(s);
  } else if (schedule.kind === "logSpaced") {
    logSpacedSteps(schedule.count);
    out.push(0);
    if (numSteps >= 1) {
      const intervals = schedule.count - 2;
      for (let i = 0; i <= intervals; i++) {
        const s = intervals === 0 ? numSteps : Math.round(Math.pow(numSteps, i / intervals));
        if (s !== out[out.length - 1]) out.push(Math.min(numSteps, s));
      }
    }
  } else if (schedule.kind === "list") {
    const checked = stepList(schedule.steps) as { steps: number[] };
    for (const s of checked.steps) if (s <= numSteps) out.push(s);
  } else {
    throw new RangeError(`captureSteps: schedule.kind must be "every", "logSpaced" or "list", got ${JSON.stringify((schedule as { kind: unknown }).kind)}`);
  }
  return Float64Array.from(out);
}
