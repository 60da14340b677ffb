/**
 * Sweep results as danfojs DataFrames, so that a notebook cell can filter, group and describe them
 * (`frame.query(...)`, `frame.groupby([...]).mean()`, `frame.describe()`).
 */
import type { DataFrame } from "danfojs";
import type { MnistRunRecord } from "./mnistRun";
import type { SettingSummary } from "./settingSummaries";

/** danfojs, loaded when first needed: it brings in the whole tfjs bundle, which `src/` otherwise does not load. */
function danfo(): typeof import("danfojs") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("danfojs") as typeof import("danfojs");
}

/** One flat row per run: its setting, its exponents, LLC, dimensions and accuracy. */
export interface RunRow {
  optimizer: string;
  learningRate: number;
  batchSize: number;
  seed: number;
  widths: string;
  numSteps: number;
  alpha: number;
  alphaStdError: number;
  rSquared: number;
  lambdaBar: number;
  finalLambda: number;
  spectralDimension: number;
  /** LLC-free d_s from return probabilities; NaN where too few returns made it unmeasurable (see `returnsOk`). */
  returnsDimension: number;
  returnsOk: boolean;
  withinBound: boolean;
  finalDisplacement: number;
  testAccuracy: number;
  llcWarnings: number;
}

/**
 * The flat rows of MNIST run records (plain objects; {@link runsFrame} makes them a DataFrame).
 *
 * @example
 * runRows([]).length; // 0
 */
export function runRows(records: readonly MnistRunRecord[]): RunRow[] {
  return records.map((r) => ({
    optimizer: r.config.optimizer,
    learningRate: r.config.learningRate,
    batchSize: r.config.batchSize,
    seed: r.config.seed,
    widths: r.config.widths.join("-"),
    numSteps: r.config.numSteps,
    alpha: r.fit.alpha,
    alphaStdError: r.fit.standardError,
    rSquared: r.fit.rSquared,
    lambdaBar: r.lambdaBar,
    finalLambda: r.finalLambda,
    spectralDimension: r.spectralDimension,
    returnsDimension: r.returns.ok ? r.returns.spectralDimension : NaN,
    returnsOk: r.returns.ok,
    withinBound: r.withinBound,
    finalDisplacement: r.finalDisplacement,
    testAccuracy: r.testAccuracy,
    llcWarnings: r.llc.reduce((n, c) => n + c.warnings.length, 0),
  }));
}

/**
 * MNIST run records as a danfojs DataFrame, one row per run (columns as {@link RunRow}).
 *
 * @param records from `runMnistSweep(...).records`.
 * @returns a DataFrame; for example `frame.query(frame["optimizer"].eq("sgd")).groupby(["learningRate"]).col(["alpha"]).mean()`.
 * @throws RangeError for no records (a DataFrame needs at least one row).
 */
export function runsFrame(records: readonly MnistRunRecord[]): DataFrame {
  if (records.length === 0) throw new RangeError("runsFrame: records must hold at least one run, got none");
  return new (danfo().DataFrame)(runRows(records) as unknown as Record<string, unknown>[]);
}

/**
 * Per-setting summaries (`summarizeSettings`) as a danfojs DataFrame: one row per setting with the
 * mean and standard deviation of each quantity as columns `alpha_mean`, `alpha_std`, ….
 *
 * @throws RangeError for no summaries.
 */
export function summariesFrame(summaries: readonly SettingSummary[]): DataFrame {
  if (summaries.length === 0) throw new RangeError("summariesFrame: summaries must hold at least one setting, got none");
  const rows = summaries.map((s) => {
    const row: Record<string, string | number> = { label: s.label, runs: s.runs, minRSquared: s.minRSquared, withinBound: s.withinBound, llcTrusted: s.llcTrusted, llcWarnings: s.llcWarnings };
    // LLC columns are NaN for a setting without a converged estimate (see SettingSummary).
    for (const key of ["alpha", "lambdaBar", "finalLambda", "spectralDimension", "shortLambdaBar", "finalDisplacement", "testAccuracy"] as const) {
      const summary = s[key];
      row[`${key}_mean`] = summary ? summary.mean : NaN;
      row[`${key}_std`] = summary ? summary.std : NaN;
    }
    row.returnsDimension_mean = s.returnsDimension ? s.returnsDimension.mean : NaN;
    row.returnsDimension_std = s.returnsDimension ? s.returnsDimension.std : NaN;
    return row;
  });
  return new (danfo().DataFrame)(rows);
}
