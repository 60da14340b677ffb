/**
 * Does a run's LLC estimate depend on the number of samples n it is taken on? lambda belongs to the
 * model and the data distribution, so estimates on n and on more samples agree once n beta is in the
 * asymptotic regime. When lambda_hat tracks n beta instead, the estimate is set by the temperature: the
 * posterior's excess loss per sample, lambda_hat / n beta = E[L_n(w)] - L_n(w*), stays near a constant
 * far above zero (a loss level of the model, not a local exponent).
 */
import * as tf from "@tensorflow/tfjs-core";
import { subsetModelData } from "../model/modelData";
import { calibrateLlcSampler } from "../slt/calibrateLlcSampler";
import { resolveSgldSettings } from "../slt/sgldSettings";
import { createSgldWorkerPool } from "../slt/sgldWorkerPool";
import { MODEL_RUN_VERSION, trainModelRun, type ModelRunConfig } from "./modelRun";
import { createRunCache, type RecordValidator, type RunCache } from "./runCache";
import { computeThreads } from "../util/computeThreads";

/** Version of the computation in this module, hashed into every cache key (bump when numbers change). */
export const LLC_SAMPLE_SIZE_VERSION = "llc-sample-size/1";

/** The calibrated estimate on one sample count. */
export interface LlcSampleSizeRow {
  /** n: the samples of L_n (a seeded subset of the training set; all of it for the largest). */
  samples: number;
  nBeta: number;
  mean: number;
  monteCarloStdError: number;
  /** lambda_hat / n beta: the posterior's mean excess loss per sample over L_n(w*), in nats. */
  excessPerSample: number;
  /** L_n(w*), nats per sample. */
  initLoss: number;
  stepSize: number;
  /** The calibration's flags (empty: converged at a setting that passed every check), or why it failed. */
  flags: string[];
  settled: boolean;
  /** The rule's cap on steps per chain at this n (grown with n beta; see {@link llcSampleSize}). */
  maxSteps: number;
  seconds: number;
}

/** What {@link llcSampleSize} finds. */
export interface LlcSampleSize {
  label: string;
  /** The step whose weights (first seed, end of the SGD phase) are measured. */
  step: number;
  rows: LlcSampleSizeRow[];
  /**
   * d log lambda_hat / d log (n beta) between the smallest and the largest n with a settled estimate:
   * 0 for an LLC, 1 when the temperature sets it (NaN with fewer than two settled, positive estimates).
   */
  slope: number;
  /** The same slope through the first and the last row, settled or not (descriptive only). */
  slopeAllRows: number;
  /**
   * "depends on n": two settled estimates differ beyond relTol + 2 combined standard errors;
   * "independent of n": every settled estimate agrees with every other, and at least two settled;
   * "undecided": fewer than two settled estimates.
   */
  outcome: "independent of n" | "depends on n" | "undecided";
  why: string;
}

/**
 * The schema check of a stored {@link LlcSampleSize}: rows with finite sample counts, n beta, L_n(w*)
 * and step size, flags as strings, and an outcome of the three.
 * @returns null when the record is well formed, else what is wrong.
 */
export const validateLlcSampleSize: RecordValidator = (record) => {
  const r = record as Partial<LlcSampleSize> | null;
  if (!r || typeof r !== "object") return "not an object";
  if (!Array.isArray(r.rows) || r.rows.length < 1) return "rows must be a non-empty array";
  for (const [i, row] of r.rows.entries()) {
    for (const k of ["samples", "nBeta", "maxSteps", "seconds"] as const) {
      if (typeof row?.[k] !== "number" || !Number.isFinite(row[k])) return `rows[${i}].${k} must be a finite number`;
    }
    // NaN after a failed calibration; JSON stores NaN as null.
    for (const k of ["mean", "monteCarloStdError", "excessPerSample", "initLoss", "stepSize"] as const) {
      if (typeof row[k] !== "number" && row[k] !== null) return `rows[${i}].${k} must be a number or null`;
    }
    if (row.settled === true && (typeof row.mean !== "number" || typeof row.monteCarloStdError !== "number")) return `rows[${i}] is settled without an estimate`;
    if (!Array.isArray(row.flags) || row.flags.some((f) => typeof f !== "string")) return `rows[${i}].flags must be strings`;
    if (typeof row.settled !== "boolean") return `rows[${i}].settled must be a boolean`;
  }
  if (!["independent of n", "depends on n", "undecided"].includes(r.outcome as string)) return `outcome ${JSON.stringify(r.outcome)} is not one of the three`;
  for (const k of ["slope", "slopeAllRows"] as const) if (typeof r[k] !== "number" && r[k] !== null) return `${k} must be a number or null`;
  if (typeof r.step !== "number" || typeof r.label !== "string" || typeof r.why !== "string") return "label, step and why must be present";
  return null;
};

/** Options of {@link llcSampleSize}. */
export interface LlcSampleSizeOptions {
  /** Sample counts, ascending; a count at or above the training set's size takes all of it (and ends the list). */
  sampleCounts: number[];
  /** Relative tolerance of the agreement (default 0.05, the calibration's). */
  relTol?: number;
  /** The cache (default `.cache/experiments`, {@link LLC_SAMPLE_SIZE_VERSION} on the backend). */
  cache?: RunCache;
}

/** d log lambda_hat / d log (n beta) through two rows (NaN unless both estimates are positive at different n beta). */
function logSlope(a: LlcSampleSizeRow, b: LlcSampleSizeRow): number {
  return a.mean > 0 && b.mean > 0 && a.nBeta !== b.nBeta ? Math.log(b.mean / a.mean) / Math.log(b.nBeta / a.nBeta) : NaN;
}

/**
 * The comparison of {@link llcSampleSize}, from the settled rows only (an unsettled estimate decides
 * nothing): two settled estimates that differ beyond relTol + 2 combined standard errors make it
 * "depends on n"; two or more settled that all agree make it "independent of n"; else "undecided".
 * The slope d log lambda_hat / d log (n beta) runs through the first and the last settled row;
 * `slopeAllRows` through the first and the last row whatever their flags (descriptive).
 *
 * @param rows estimates in ascending n (a settled row needs a finite standard error).
 * @param relTol relative tolerance of the agreement.
 * @returns slope, slopeAllRows, outcome and why.
 * @throws RangeError for no rows, or a settled row whose estimate or error is not finite.
 * @example
 * const row = (samples: number, nBeta: number, mean: number) => ({ samples, nBeta, mean, monteCarloStdError: 1, excessPerSample: mean / nBeta, initLoss: 1, stepSize: 1e-6, flags: [], settled: true, maxSteps: 800, seconds: 1 });
 * sampleSizeOutcome([row(1000, 145, 50), row(4000, 482, 166)], 0.05).outcome; // "depends on n"
 */
export function sampleSizeOutcome(rows: LlcSampleSizeRow[], relTol: number): Pick<LlcSampleSize, "slope" | "slopeAllRows" | "outcome" | "why"> {
  if (rows.length < 1) throw new RangeError("sampleSizeOutcome: rows must not be empty");
  const settled = rows.filter((r) => r.settled);
  for (const r of settled) {
    if (!Number.isFinite(r.mean) || !Number.isFinite(r.monteCarloStdError)) {
      throw new RangeError(`sampleSizeOutcome: the settled row at n = ${r.samples} has estimate ${r.mean} ± ${r.monteCarloStdError}; a settled estimate needs both finite (mark it unsettled)`);
    }
  }
  const slopeAllRows = logSlope(rows[0]!, rows[rows.length - 1]!);
  const slope = settled.length >= 2 ? logSlope(settled[0]!, settled[settled.length - 1]!) : NaN;
  const disagree = (a: LlcSampleSizeRow, b: LlcSampleSizeRow) =>
    Math.abs(a.mean - b.mean) > relTol * Math.max(Math.abs(a.mean), Math.abs(b.mean)) + 2 * Math.hypot(a.monteCarloStdError, b.monteCarloStdError);
  const pairs = settled.flatMap((a, i) => settled.slice(i + 1).map((b) => [a, b] as const));
  const apart = pairs.find(([a, b]) => disagree(a, b));
  const outcome: LlcSampleSize["outcome"] = settled.length < 2 ? "undecided" : apart ? "depends on n" : "independent of n";
  const unsettled = rows.filter((r) => !r.settled).map((r) => `n = ${r.samples}: ${r.flags.join(", ") || "not settled"}`);
  const why = rows.length < 2
    ? `only one distinct n (${rows[0]!.samples}) was available; a comparison needs two`
    : settled.length < 2
      ? `${settled.length} of ${rows.length} estimates settled (${unsettled.join("; ")}); a comparison needs two`
      : apart
        ? `λ̂ ${apart[0].mean.toFixed(1)} on n = ${apart[0].samples} against ${apart[1].mean.toFixed(1)} on n = ${apart[1].samples}, beyond ${relTol * 100} % + 2 standard errors`
        : `every settled estimate agrees within ${relTol * 100} % + 2 standard errors`;
  return { slope, slopeAllRows, outcome, why };
}

/** JSON stores NaN as null: a record read back gets its NaN numbers again. */
function revive(record: LlcSampleSize): LlcSampleSize {
  const num = (v: number | null): number => (v === null ? NaN : v);
  return {
    ...record, slope: num(record.slope), slopeAllRows: num(record.slopeAllRows),
    rows: record.rows.map((r) => ({ ...r, mean: num(r.mean), monteCarloStdError: num(r.monteCarloStdError), excessPerSample: num(r.excessPerSample), initLoss: num(r.initLoss), stepSize: num(r.stepSize) })),
  };
}

/**
 * Calibrates the LLC sampler of a run's first seed at the end of its SGD phase on n samples for each
 * n of `sampleCounts` (calibrateLlcSampler with the run's own rule, so every n gets its own step size
 * and chain length) and compares the estimates.
 *
 * Symbols: lambda_hat(n) = n beta (E_w[L_n(w)] - L_n(w*)), n beta = n / log n (Watanabe; Lau et al. 2023).
 * For an LLC, lambda_hat(n) converges to lambda as n grows (slope 0 against n beta); when the chains
 * reach a loss level set by the temperature 1 / n beta, E[L_n] - L_n(w*) stays put and lambda_hat grows
 * like n beta (slope 1).
 * Variant: the rule's cap on steps per chain (maxSteps) grows with n beta, by the power of 2 at or above
 * n beta / n beta of the first count: the step size the rule picks shrinks like 1 / n beta, and equal
 * chain time needs that many more steps. Each n is its own seeded subset (the rule's seed), as in
 * the runs, so the first count reproduces a run's end-of-phase estimate on that n.
 *
 * @param config the run (a row of the across-models table); its first seed is trained again (the
 *   same trainer and seed as {@link runModelExperiment}'s first member, so the weights are the same).
 * @param options sampleCounts, relTol, cache.
 * @returns the {@link LlcSampleSize}: one row per n (a failed calibration is a row flagged with its
 *   error), the slope and the outcome.
 * @throws RangeError for fewer than two sample counts or counts not ascending.
 */
export async function llcSampleSize(config: ModelRunConfig, options: LlcSampleSizeOptions): Promise<LlcSampleSize> {
  const fn = "llcSampleSize";
  const counts = options.sampleCounts;
  if (counts.length < 2) throw new RangeError(`${fn}: sampleCounts must hold at least 2 counts, got ${JSON.stringify(counts)}`);
  for (let i = 0; i < counts.length; i++) {
    if (!Number.isInteger(counts[i]) || counts[i]! < 16 || (i > 0 && counts[i]! <= counts[i - 1]!)) {
      throw new RangeError(`${fn}: sampleCounts must be ascending integers ≥ 16, got ${JSON.stringify(counts)}`);
    }
  }
  const relTol = options.relTol ?? 0.05;
  if (!(relTol > 0 && relTol < 1)) throw new RangeError(`${fn}: relTol must be in (0, 1), got ${relTol}`);
  const cache = options.cache ?? createRunCache({ version: `${LLC_SAMPLE_SIZE_VERSION} + ${MODEL_RUN_VERSION} on ${tf.getBackend()}` });
  // Only what the result depends on: the first seed's training and the rule (not the rows' checkpoints or n).
  const runConfig: ModelRunConfig = { ...config, seeds: [config.seeds[0]!], llc: { ...config.llc, checkpoints: [1], samples: 0 } };
  const key = { config: runConfig, sampleCounts: counts, relTol };
  const cached = cache.get<LlcSampleSize>(key, { validate: validateLlcSampleSize });
  if (cached) return revive(cached);

  const { model, data, ensemble, switchStep } = await trainModelRun(runConfig, { progress: false });
  const step = switchStep + config.sgdSteps;
  const trajectory = ensemble.members[0]!.trajectory!;
  const P = trajectory.dimension, at = Array.from(trajectory.steps).indexOf(step);
  const center = trajectory.snapshots.slice(at * P, (at + 1) * P);
  const rule = config.llc.rule;
  const baseCap = rule.maxSteps ?? 64000;
  const rows: LlcSampleSizeRow[] = [];
  for (const n of counts) {
    const subset = n >= data.numSamples ? data : subsetModelData(data, n, rule.seed ?? 0);
    const loss = model.createLoss(subset);
    // n beta as the sampler will resolve it (n / log n: the rule cannot set it otherwise).
    const nBeta = resolveSgldSettings(loss, rule.batchSize !== undefined ? { batchSize: rule.batchSize } : {}, fn).nBeta;
    const firstNBeta = rows.length ? rows[0]!.nBeta : nBeta;
    const maxSteps = baseCap * 2 ** Math.max(0, Math.ceil(Math.log2(nBeta / firstNBeta) - 1e-9));
    const pool = loss.spec ? createSgldWorkerPool(loss, Math.min(computeThreads(), rule.numChains ?? 4)) : null;
    const t0 = performance.now();
    try {
      const c = await calibrateLlcSampler(loss, center, { ...rule, maxSteps, ...(pool ? { pool } : { workers: false }) });
      rows.push({
        samples: subset.numSamples, nBeta: c.estimate.nBeta, mean: c.estimate.mean, monteCarloStdError: c.convergence.monteCarloStdError,
        excessPerSample: c.estimate.mean / c.estimate.nBeta, initLoss: c.estimate.initLoss, stepSize: c.settings.stepSize!,
        flags: c.flags, settled: c.ok, maxSteps, seconds: (performance.now() - t0) / 1000,
      });
    } catch (error) {
      rows.push({
        samples: subset.numSamples, nBeta, mean: NaN, monteCarloStdError: NaN, excessPerSample: NaN, initLoss: NaN, stepSize: NaN,
        flags: [`calibration failed: ${(error as Error).message}`], settled: false, maxSteps, seconds: (performance.now() - t0) / 1000,
      });
    } finally {
      await pool?.close();
    }
    if (n >= data.numSamples) break;
  }
  const result: LlcSampleSize = { label: config.label, step, rows, ...sampleSizeOutcome(rows, relTol) };
  cache.put(key, result, { validate: validateLlcSampleSize });
  return result;
}
