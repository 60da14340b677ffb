import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { MsdCurve } from "./msdCurve";
import { TamsdAccumulator } from "./tamsdAccumulator";
import { checkBlock, checkBlockSource, checkLag, curveFrom, timeAveragedMsdStreamed, type CoordinateBlockSource, type TimeAveragedMsdOptions } from "./timeAveragedMsd";

/** Options of {@link timeAveragedMsdParallel}. */
export interface TimeAveragedMsdParallelOptions extends TimeAveragedMsdOptions {
  /** Worker threads (default 2, in [1, 64]); the calling thread keeps reading blocks meanwhile. */
  numWorkers?: number;
}

/**
 * {@link timeAveragedMsdStreamed} on worker threads: the calling thread reads coordinate blocks (copies
 * them) and hands them to `numWorkers` workers, each accumulating its share of the power spectrum and
 * squared norms; the partial sums are added and one inverse FFT finishes. Same result as the
 * single-threaded estimator up to the order of float64 additions (relative ~1e-13).
 *
 * Falls back to the single-threaded estimator when the compiled worker script is not available (e.g.
 * when the sources are run through a TypeScript transpiler without a build).
 *
 * @param source T, P, time step and block reader (called on the calling thread, in order).
 * @param options maxLag, blockSize (default 256), numWorkers (default 2).
 * @returns a promise of the {@link MsdCurve}.
 * @throws (rejects) RangeError as {@link timeAveragedMsdStreamed}; Error when a worker fails.
 * @example
 * const x = new Float32Array([0, 1, 3, 6]);
 * const curve = await timeAveragedMsdParallel({ numSnapshots: 4, numParameters: 1, readBlock: () => x });
 * Array.from(curve.msd, (v) => +v.toFixed(9)); // [4.666666667, 17, 36]
 * @complexity O(P T log T / numWorkers) wall time when reading is cheap; memory O((numWorkers + 2) blockSize T).
 */
export async function timeAveragedMsdParallel(source: CoordinateBlockSource, options: TimeAveragedMsdParallelOptions = {}): Promise<MsdCurve> {
  const fn = "timeAveragedMsdParallel";
  const numWorkers = options.numWorkers ?? 2;
  if (!Number.isInteger(numWorkers) || numWorkers < 1 || numWorkers > 64) throw new RangeError(`${fn}: numWorkers must be an integer in [1, 64], got ${numWorkers}`);
  const { t, p, dt } = checkBlockSource(fn, source);
  const maxLag = checkLag(fn, t, options.maxLag);
  const blockSize = checkBlock(fn, options.blockSize);
  const script = path.join(__dirname, "timeAveragedMsdWorker.js");
  if (!fs.existsSync(script) || p <= blockSize) return timeAveragedMsdStreamed(source, { maxLag, blockSize });
  const workers = Array.from({ length: Math.min(numWorkers, Math.ceil(p / blockSize)) }, () => new Worker(script, { workerData: { t, maxLag, blockSize } }));
  try {
    const acc = new TamsdAccumulator(t, maxLag);
    let next = 0;
    const post = (w: Worker): boolean => {
      if (next >= p) return false;
      const start = next;
      const count = Math.min(blockSize, p - start);
      next += count;
      const raw = source.readBlock(start, count);
      if (!raw || raw.length !== t * count) {
        throw new RangeError(`${fn}: readBlock(${start}, ${count}) must return ${t * count} values (T x count), got ${raw ? raw.length : raw}`);
      }
      const block = raw.slice(); // the source may reuse its buffer
      w.postMessage({ kind: "block", block, start, count }, [block.buffer]);
      return true;
    };
    await new Promise<void>((resolve, reject) => {
      let finished = 0;
      const fail = (error: Error) => {
        finished = workers.length + 1;
        reject(error);
      };
      const inFlight = new Int32Array(workers.length);
      const finishSent = new Uint8Array(workers.length);
      const feed = (i: number) => {
        if (post(workers[i]!)) inFlight[i]!++;
        else if (inFlight[i] === 0 && !finishSent[i]) {
          finishSent[i] = 1;
          workers[i]!.postMessage({ kind: "finish" });
        }
      };
      workers.forEach((w, i) => {
        w.on("error", fail);
        w.on("message", (message: { kind: string; message?: string; power?: Float64Array; squares?: Float64Array; squaresCompensation?: Float64Array }) => {
          try {
            if (message.kind === "error") fail(new Error(message.message));
            else if (message.kind === "ready") {
              inFlight[i]!--;
              feed(i);
            } else if (message.kind === "result") {
              acc.merge(message.power!, message.squares!, message.squaresCompensation!);
              if (++finished === workers.length) resolve();
            }
          } catch (error) {
            fail(error as Error);
          }
        });
      });
      try {
        // Two blocks in flight per worker keep the workers busy while the next block is read.
        for (let round = 0; round < 2; round++) for (let i = 0; i < workers.length; i++) feed(i);
      } catch (error) {
        fail(error as Error);
      }
    });
    return curveFrom(acc.finish(), dt, t);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
