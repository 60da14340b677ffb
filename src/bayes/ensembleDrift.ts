/**
 * Is an ensemble quantity (loss, weight norm) stationary late in training? The change of its ensemble
 * mean between the two halves of a window, with a bootstrap interval over runs.
 */
import { bootstrapIntervals } from "./bootstrapIntervals";
import type { Seed } from "../util/random";

/** Drift of an ensemble mean over a window. */
export interface EnsembleDrift {
  /** Ensemble mean over the whole window. */
  mean: number;
  /** (mean over the second half - mean over the first half) / |mean|: the relative change across the window. */
  relativeChange: number;
  /** Percentile bootstrap interval of relativeChange over runs. */
  lower: number;
  upper: number;
  /** True when the interval lies within ±tolerance: any drift is too small to matter. */
  stationary: boolean;
  tolerance: number;
}

/**
 * The relative change of an ensemble mean between the first and second halves of a window of
 * snapshots, with a percentile bootstrap interval over runs (the independent unit). A quantity is
 * called stationary when the whole interval lies within ±tolerance (an equivalence test: "no
 * detectable drift" alone would pass any short, noisy window).
 *
 * @param values row-major numRuns x numSnapshots (run r's values in window order).
 * @param numSnapshots snapshots per run in the window, an integer ≥ 2.
 * @param options tolerance (default 0.02, i.e. 2%), numResamples (default 1000), level (0.95), seed (0).
 * @returns an {@link EnsembleDrift}.
 * @throws RangeError for sizes that do not fit or a non-positive tolerance.
 * @example
 * const flat = Float64Array.from({ length: 40 }, (_, i) => 1 + 0.001 * ((i * 7) % 5));
 * ensembleDrift(flat, 4, { numResamples: 100 }).stationary; // true
 * @complexity O(numResamples numRuns numSnapshots).
 */
export function ensembleDrift(values: ArrayLike<number>, numSnapshots: number, options: { tolerance?: number; numResamples?: number; level?: number; seed?: Seed } = {}): EnsembleDrift {
  const fn = "ensembleDrift";
  if (!Number.isInteger(numSnapshots) || numSnapshots < 2 || values.length % numSnapshots !== 0 || values.length === 0) {
    throw new RangeError(`${fn}: numSnapshots must be an integer ≥ 2 dividing values.length = ${values.length}, got ${numSnapshots}`);
  }
  const tolerance = options.tolerance ?? 0.02;
  if (!(tolerance > 0)) throw new RangeError(`${fn}: tolerance must be > 0, got ${tolerance}`);
  const runs = values.length / numSnapshots, half = Math.floor(numSnapshots / 2);
  const first = new Float64Array(runs), second = new Float64Array(runs);
  for (let r = 0; r < runs; r++) {
    for (let c = 0; c < numSnapshots; c++) {
      const v = values[r * numSnapshots + c]!;
      if (c < half) first[r]! += v / half;
      else if (c >= numSnapshots - half) second[r]! += v / half;
    }
  }
  const statistic = ([idx]: Int32Array[]) => {
    let a = 0, b = 0;
    for (const r of idx!) [a, b] = [a + first[r]!, b + second[r]!];
    return [(b - a) / Math.abs((a + b) / 2)];
  };
  const ci = bootstrapIntervals({ sampleSizes: [runs], statistic, numResamples: options.numResamples ?? 1000, level: options.level ?? 0.95, seed: options.seed ?? 0 });
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i]! / values.length;
  const lower = ci.lower[0]!, upper = ci.upper[0]!;
  return { mean, relativeChange: ci.estimate[0]!, lower, upper, stationary: lower > -tolerance && upper < tolerance, tolerance };
}
