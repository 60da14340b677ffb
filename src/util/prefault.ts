/**
 * Large zeroed Float32Arrays whose memory a helper thread maps ahead of use.
 *
 * Why: the first write to each 4 kB page of fresh memory is a page fault, and on virtual machines a
 * fault can cost far more than the write (about 11 µs per page on the 2-core development VM when
 * this was written). A trainer that captures all 101,770 weights of an MNIST MLP every step writes
 * 398 kB of fresh memory per step: 1.2 ms of faults on top of a 1.5 ms step. Here a short-lived worker
 * thread, on the core the training thread does not use, writes to every page first, so the trainer's
 * copies land in mapped memory.
 *
 * Where faults are cheap the helper costs more than it saves: on the same VM later, at about 1.5 µs
 * per page, capturing that MLP every step cost 1.0 ms per step with the helper and 0.24 ms without
 * it (and the helper's core was not free for other work). So the helper starts only where a fault,
 * measured once per process ({@link pageFaultMicros}), costs at least
 * {@link PREFAULT_MIN_MICROS_PER_PAGE}.
 *
 * The helper's write is an atomic OR with 0 on one 32-bit word per page: it stores back the value it
 * reads in one indivisible operation, so it can never undo a value the owner writes at the same time
 * (the test writes and reads back while the helper runs). The array is backed by a
 * SharedArrayBuffer; everything else about it is an ordinary Float32Array.
 */
import { Worker } from "node:worker_threads";

/** Bytes below which the helper is not worth starting (a worker costs a few ms to start). */
export const PREFAULT_MIN_BYTES = 16 * 1024 * 1024;

const PAGE_WORDS = 1024; // 4 kB pages of 32-bit words

const HELPER = `
const { workerData } = require("node:worker_threads");
const words = new Int32Array(workerData.buffer);
for (let i = 0; i < words.length; i += ${PAGE_WORDS}) Atomics.or(words, i, 0);
`;

/** The fault cost (µs per 4 kB page) from which a helper pays for itself. */
export const PREFAULT_MIN_MICROS_PER_PAGE = 5;

let faultMicros: number | null = null;

/**
 * What the first write to a fresh 4 kB page costs in this process, in µs: measured once (on the first
 * call) on 256 pages of a new 36 MB buffer, bigger than any size the allocator serves from memory it
 * has already mapped, so its pages are fresh from the operating system.
 * @example
 * pageFaultMicros() > 0; // true
 */
export function pageFaultMicros(): number {
  if (faultMicros === null) {
    const words = new Int32Array(9 * 1024 * 1024);
    const pages = 256;
    const t0 = performance.now();
    for (let p = 0; p < pages; p++) words[p * PAGE_WORDS] = 1;
    faultMicros = Math.max(1e-3, ((performance.now() - t0) * 1000) / pages);
  }
  return faultMicros;
}

/** Helpers by array (for {@link prefaultDone}). */
const helpers = new WeakMap<Float32Array, { worker: Worker; done: Promise<void> }>();

export interface PrefaultOptions {
  /** Start the helper only from this many bytes on (default {@link PREFAULT_MIN_BYTES}); smaller arrays are plain. */
  minBytes?: number;
  /** Start the helper only where a page fault costs this many µs or more (default {@link PREFAULT_MIN_MICROS_PER_PAGE}; 0 always). */
  minMicrosPerPage?: number;
}

/**
 * A zero-filled Float32Array of `length` numbers, backed by a SharedArrayBuffer whose pages a helper
 * thread touches from the start onwards while the caller begins to fill it; arrays under
 * `minBytes`, and every array where page faults are cheaper than `minMicrosPerPage`, are plain
 * Float32Arrays. Use it for big buffers that one thread fills in order, such as
 * a trajectory captured every step, when another core is idle. Values read and written are exactly
 * those of an ordinary array, whatever the helper is doing. If the helper cannot start, the array is
 * still correct, only filled at the normal speed.
 *
 * @param length number of float32 values, an integer in [0, 2^31).
 * @throws RangeError for a negative or non-integer length.
 * @example
 * const a = prefaultedFloat32Array(3);
 * a; // Float32Array [0, 0, 0]
 * @complexity O(1) on the calling thread; the helper writes one word per 4 kB page.
 */
export function prefaultedFloat32Array(length: number, options: PrefaultOptions = {}): Float32Array {
  if (!Number.isInteger(length) || length < 0 || length >= 2 ** 31) {
    throw new RangeError(`prefaultedFloat32Array: length must be an integer in [0, 2^31), got ${length}`);
  }
  const minBytes = options.minBytes ?? PREFAULT_MIN_BYTES;
  if (length * 4 < minBytes) return new Float32Array(length);
  const minMicros = options.minMicrosPerPage ?? PREFAULT_MIN_MICROS_PER_PAGE;
  if (minMicros > 0 && pageFaultMicros() < minMicros) return new Float32Array(length);
  const buffer = new SharedArrayBuffer(length * 4);
  const array = new Float32Array(buffer);
  let worker: Worker;
  try {
    worker = new Worker(HELPER, { eval: true, workerData: { buffer } });
  } catch {
    return array; // no helper: still a correct array
  }
  worker.unref(); // never keeps the process alive
  const done = new Promise<void>((resolve) => {
    worker.once("exit", () => resolve());
    worker.once("error", () => resolve());
  });
  helpers.set(array, { worker, done });
  return array;
}

/**
 * Resolves when the helper of an array from {@link prefaultedFloat32Array} has touched every page
 * (at once for arrays without one).
 * @example
 * (await prefaultDone(prefaultedFloat32Array(2))) === undefined; // true
 */
export function prefaultDone(array: Float32Array): Promise<void> {
  const helper = helpers.get(array);
  if (!helper) return Promise.resolve();
  helper.worker.ref(); // the wait keeps the process alive until the helper exits
  return helper.done;
}
