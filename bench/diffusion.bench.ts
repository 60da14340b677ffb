/**
 * Speed of the time-averaged MSD (issue 4 targets), reported as ratios against baselines measured in
 * the same run:
 * 1. FFT route against the direct O(T^2) double sum on a small trajectory (T = 2048, P = 500), with
 *    their maximum relative difference;
 * 2. exact time-averaged MSD of T = 16384 snapshots of P = 100,000 coordinates, streamed over
 *    coordinate blocks to two worker threads (target < 120 s, peak RSS < 2 GB); the synthetic trajectory
 *    is generated inside the block reader, on the main thread, while the workers transform;
 * 3. the same trajectory projected online to 1024 coordinates by a seeded count sketch, then the MSD
 *    of the projection (target < 10 s for projection + MSD), with its relative error against (2).
 *
 * `node build/bench/diffusion.bench.js [--quick]`: --quick uses P = 10,000 for a fast smoke run.
 */
import * as os from "node:os";
import { createRandomProjection, createWalk, timeAveragedMsd, timeAveragedMsdDirect, timeAveragedMsdParallel } from "../src/diffusion";
import { createRandom, deriveSeed, type Random } from "../src/util/random";
import { row } from "./benchUtil";

const quick = process.argv.includes("--quick");
const T = 16384;
const P = quick ? 10000 : 100000;
const SEED = 2026;

/** Coordinate p: a ±1 random walk (one bit per step from its own seeded stream) times 1 + (p mod 10) / 10. */
function scaleOf(p: number): number {
  return 1 + (p % 10) / 10;
}

function generateBlock(start: number, count: number, out: Float32Array): void {
  // Row-sequential writes: all `count` walks advance together, one snapshot row at a time.
  const generators: Random[] = [];
  for (let j = 0; j < count; j++) generators.push(createRandom(deriveSeed(SEED, start + j)));
  const scale = Float32Array.from({ length: count }, (_, j) => scaleOf(start + j));
  const x = new Float32Array(count);
  const words = new Uint32Array(count);
  out.fill(0, 0, count);
  for (let s = 1; s < T; s++) {
    const bit = (s - 1) & 31;
    if (bit === 0) for (let j = 0; j < count; j++) words[j] = generators[j]!.nextUint32();
    const row = s * count;
    for (let j = 0; j < count; j++) {
      x[j]! += (words[j]! >>> bit) & 1 ? scale[j]! : -scale[j]!;
      out[row + j] = x[j]!;
    }
  }
}

function rssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function smallComparison(): void {
  const t = 2048;
  const p = 500;
  const random = createRandom(1);
  const x = new Float32Array(t * p);
  for (let i = 1; i < t; i++) for (let j = 0; j < p; j++) x[i * p + j] = x[(i - 1) * p + j]! + random.normal();
  const walk = createWalk(x, p);
  let t0 = performance.now();
  const direct = timeAveragedMsdDirect(walk);
  const directMs = performance.now() - t0;
  t0 = performance.now();
  const fft = timeAveragedMsd(walk);
  const fftMs = performance.now() - t0;
  let maxRel = 0;
  for (let k = 0; k < t - 1; k++) maxRel = Math.max(maxRel, Math.abs(fft.msd[k]! - direct.msd[k]!) / direct.msd[k]!);
  console.log(`-- small trajectory T = ${t}, P = ${p} (all lags)`);
  console.log(row("direct O(P T^2) double sum", directMs, "ms"));
  console.log(row("FFT, blocks of 256 coordinates", fftMs, "ms", { value: directMs, label: "direct" }));
  console.log(`${"max relative difference FFT vs direct".padEnd(52)} ${maxRel.toExponential(2).padStart(10)}`);
}

async function exact(): Promise<{ msd: Float64Array; seconds: number }> {
  let generationMs = 0;
  let buffer = new Float32Array(0);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const curve = await timeAveragedMsdParallel(
    {
      numSnapshots: T,
      numParameters: P,
      readBlock(start, count) {
        const g0 = performance.now();
        if (buffer.length !== T * count) buffer = new Float32Array(T * count);
        generateBlock(start, count, buffer);
        generationMs += performance.now() - g0;
        return buffer;
      },
    },
    { blockSize: 256, numWorkers: 2 },
  );
  const totalMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(`-- exact time-averaged MSD, T = ${T}, P = ${P}, all lags, blocks of 256 coordinates read on the main thread, FFTs on 2 worker threads`);
  console.log(row("total (estimator + synthetic data generation)", totalMs / 1000, "s", { value: 120, label: "the 120 s target" }));
  console.log(row("  main-thread time generating the blocks (overlaps the workers)", generationMs / 1000, "s"));
  console.log(row("  CPU time of all threads (user + system)", (cpu.user + cpu.system) / 1e6, "s", { value: totalMs / 1000, label: "wall" }));
  console.log(row("peak resident memory (whole process)", rssMb(), "MB", { value: 2048, label: "the 2 GB target" }));
  return { msd: curve.msd, seconds: totalMs / 1000 };
}

function projected(reference: Float64Array): void {
  const m = 1024;
  const projection = createRandomProjection({ inputDimension: P, outputDimension: m, seed: 7 });
  // Online: the training loop would hand over one snapshot at a time; here the snapshot is synthesised
  // from P per-coordinate generators, advanced in lockstep.
  const t0 = performance.now();
  const generators: Random[] = [];
  for (let p = 0; p < P; p++) generators.push(createRandom(deriveSeed(SEED, p)));
  const words = new Uint32Array(P);
  const state = new Float32Array(P);
  const scale = Float32Array.from({ length: P }, (_, p) => scaleOf(p));
  const out = new Float32Array(T * m);
  const row64 = new Float64Array(m);
  let projectMs = 0;
  for (let s = 0; s < T; s++) {
    if (s > 0) {
      const bit = (s - 1) & 31;
      if (bit === 0) for (let p = 0; p < P; p++) words[p] = generators[p]!.nextUint32();
      for (let p = 0; p < P; p++) state[p]! += (words[p]! >>> bit) & 1 ? scale[p]! : -scale[p]!;
    }
    const a = performance.now();
    projection.projectSnapshot(state, row64);
    out.set(row64, s * m);
    projectMs += performance.now() - a;
  }
  const generated = performance.now();
  const curve = timeAveragedMsd(createWalk(out, m));
  const msdMs = performance.now() - generated;
  const totalMs = performance.now() - t0;
  let maxRel = 0;
  let maxRelShort = 0;
  for (let k = 0; k < T - 1; k++) {
    const rel = Math.abs(curve.msd[k]! / reference[k]! - 1);
    maxRel = Math.max(maxRel, rel);
    if (k + 1 <= T / 10) maxRelShort = Math.max(maxRelShort, rel);
  }
  console.log(`-- random projection (count sketch) to ${m} coordinates, then exact MSD of the projection`);
  console.log(row("projection of all snapshots", projectMs / 1000, "s"));
  console.log(row("MSD of the projected trajectory (FFT)", msdMs / 1000, "s"));
  console.log(row("projection + MSD", (projectMs + msdMs) / 1000, "s", { value: 10, label: "the 10 s target" }));
  console.log(row("total including synthetic snapshot generation", totalMs / 1000, "s"));
  console.log(`${"relative error vs exact, lags ≤ T/10 (max)".padEnd(52)} ${maxRelShort.toExponential(2).padStart(10)}`);
  console.log(`${"relative error vs exact, all lags (max)".padEnd(52)} ${maxRel.toExponential(2).padStart(10)}`);
}

async function main(): Promise<void> {
  console.log(`load average before the run: ${os.loadavg().map((v) => v.toFixed(2)).join(", ")} on ${os.cpus().length} cores (other processes slow every number below)`);
  smallComparison();
  const reference = await exact();
  projected(reference.msd);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
