/**
 * Per-setting summaries of MNIST runs (mean ± std over seeds) and their table rows.
 */
import type { MnistRunRecord } from "./mnistRun";
import { summarize, type Summary } from "./sweepStatistics";

/**
 * The LLC-free spectral dimension of a run, or null when the return-probability estimate could not be
 * made (too few returns; the reason is in `record.returns.reason`).
 * @example
 * returnsDimension({ returns: { ok: false, reason: "too few returns" } }); // null
 */
export function returnsDimension(record: Pick<MnistRunRecord, "returns">): number | null {
  return record.returns.ok ? record.returns.spectralDimension : null;
}

/** Summary of the runs of one setting. */
export interface SettingSummary {
  label: string;
  runs: number;
  alpha: Summary;
  /** Smallest r^2 of the late fits. */
  minRSquared: number;
  /** Runs whose LLC estimates all converged (record.llcTrusted); the LLC summaries below are over these only. */
  llcTrusted: number;
  /** lambda_bar, final lambda and d_s = 2 lambda_bar alpha over the trusted runs (null when none is trusted). */
  lambdaBar: Summary | null;
  finalLambda: Summary | null;
  spectralDimension: Summary | null;
  /** lambda_bar from the paper's likely setting (llc.short) over all runs, or null when it was off. */
  shortLambdaBar: Summary | null;
  /** LLC-free d_s over the runs where it could be estimated (null when none). */
  returnsDimension: Summary | null;
  finalDisplacement: Summary;
  testAccuracy: Summary;
  /**
   * Runs with alpha ≤ 1/2 (alpha from w(0)), counted over all runs. For a run with lambda_bar > 0 this is
   * d_s ≤ lambda_bar; it needs no LLC value, so it says nothing about the bound where lambda_bar did not settle.
   */
  withinBound: number;
  /** Runs with at least one LLC warning (negative estimate, chain below L_n(w*), no plateau). */
  llcWarnings: number;
  /** Runs whose LLC needs a caveat: at least one warning, or an estimate that did not settle (not llcTrusted). */
  llcFlagged: number;
}

/**
 * Groups runs by a label (e.g. "lr 0.05, B 64") and summarises each group, in first-seen order.
 * @param records MNIST run records; label names the setting of a record.
 * @returns one {@link SettingSummary} per label.
 * @throws RangeError when records is empty.
 */
export function summarizeSettings(records: MnistRunRecord[], label: (record: MnistRunRecord) => string): SettingSummary[] {
  if (records.length === 0) throw new RangeError(`summarizeSettings: records must be non-empty, got none`);
  const groups = new Map<string, MnistRunRecord[]>();
  for (const r of records) {
    const k = label(r);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  return [...groups].map(([k, rs]) => {
    const returns = rs.map(returnsDimension).filter((v): v is number => v !== null);
    const trusted = rs.filter((r) => r.llcTrusted);
    const shorts = rs.map((r) => r.short?.lambdaBar).filter((v): v is number => v !== undefined);
    return {
      label: k,
      runs: rs.length,
      alpha: summarize(rs.map((r) => r.fit.alpha)),
      minRSquared: Math.min(...rs.map((r) => r.fit.rSquared)),
      llcTrusted: trusted.length,
      lambdaBar: trusted.length ? summarize(trusted.map((r) => r.lambdaBar)) : null,
      finalLambda: trusted.length ? summarize(trusted.map((r) => r.finalLambda)) : null,
      spectralDimension: trusted.length ? summarize(trusted.map((r) => r.spectralDimension)) : null,
      shortLambdaBar: shorts.length ? summarize(shorts) : null,
      returnsDimension: returns.length > 0 ? summarize(returns) : null,
      finalDisplacement: summarize(rs.map((r) => r.finalDisplacement)),
      testAccuracy: summarize(rs.map((r) => r.testAccuracy)),
      withinBound: rs.filter((r) => r.fit.alpha <= 0.5).length,
      llcWarnings: rs.filter((r) => r.llc.some((c) => c.warnings.length > 0)).length,
      llcFlagged: rs.filter((r) => !r.llcTrusted || r.llc.some((c) => c.warnings.length > 0)).length,
    };
  });
}

/**
 * "mean ± std" with the given decimals.
 * @example
 * plusMinus({ mean: 1.2345, std: 0.1, n: 3 }, 2); // "1.23 ± 0.10"
 */
export function plusMinus(summary: Summary, digits = 2): string {
  return `${summary.mean.toFixed(digits)} ± ${summary.std.toFixed(digits)}`;
}

/** Table rows of setting summaries, formatted for showTable. */
export function settingTableRows(summaries: SettingSummary[]): Record<string, string | number>[] {
  return summaries.map((s) => ({
    setting: s.label,
    runs: s.runs,
    alpha: plusMinus(s.alpha, 3),
    "min r²": s.minRSquared.toFixed(3),
    "LLC converged": `${s.llcTrusted}/${s.runs}`,
    "λ̄": s.lambdaBar ? plusMinus(s.lambdaBar, 1) : "not converged",
    "d_s = 2λ̄α": s.spectralDimension ? plusMinus(s.spectralDimension, 1) : "not converged",
    "α ≤ 1/2 (α from w(0))": `${s.withinBound}/${s.runs}`,
    "λ̄, short chains": s.shortLambdaBar ? plusMinus(s.shortLambdaBar, 1) : "off",
    "d_s (returns, 2-D projection)": s.returnsDimension ? plusMinus(s.returnsDimension, 2) : "not measurable",
    "final R": plusMinus(s.finalDisplacement, 2),
    "test acc. %": `${(100 * s.testAccuracy.mean).toFixed(2)}`,
    "runs with LLC warnings or unsettled": s.llcFlagged,
  }));
}
