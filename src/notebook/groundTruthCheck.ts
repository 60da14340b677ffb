/**
 * The rows of a notebook's closing verdict: an estimate set against its known value with a stated
 * tolerance, and the same rows formatted for {@link showTable}.
 */

/** One estimate checked against ground truth. */
export interface GroundTruthCheck {
  /** What was estimated, and on what. */
  estimator: string;
  truth: number;
  estimate: number;
  /** "relative": error = estimate / truth - 1; "absolute": error = estimate - truth. */
  errorKind: "relative" | "absolute";
  error: number;
  /** Largest accepted |error| (same kind as the error). */
  tolerance: number;
  /** |error| ≤ tolerance. */
  pass: boolean;
}

/**
 * Checks an estimate against its known value within a relative or an absolute tolerance.
 *
 * @param estimator a label for the table.
 * @param truth the known value (finite; non-zero for a relative tolerance).
 * @param estimate the measured value (a non-finite estimate fails the check).
 * @param tolerance exactly one of { relative } or { absolute }, a finite number ≥ 0.
 * @returns a {@link GroundTruthCheck}.
 * @throws RangeError when the tolerance is not exactly one finite number ≥ 0, or a relative check has truth 0.
 * @example
 * groundTruthCheck("d_w of the gasket", 2.3219, 2.35, { relative: 0.05 }).pass; // true
 */
export function groundTruthCheck(estimator: string, truth: number, estimate: number, tolerance: { relative?: number; absolute?: number }): GroundTruthCheck {
  const fn = "groundTruthCheck";
  const { relative, absolute } = tolerance;
  if ((relative === undefined) === (absolute === undefined)) {
    throw new RangeError(`${fn}: tolerance must give exactly one of relative or absolute, got ${JSON.stringify(tolerance)}`);
  }
  const tol = (relative ?? absolute)!;
  if (!(tol >= 0) || !Number.isFinite(tol)) throw new RangeError(`${fn}: the tolerance must be a finite number ≥ 0, got ${tol}`);
  if (!Number.isFinite(truth)) throw new RangeError(`${fn}: truth must be finite, got ${truth}`);
  if (relative !== undefined && truth === 0) throw new RangeError(`${fn}: a relative tolerance needs a non-zero truth, got 0 for "${estimator}"`);
  const errorKind = relative !== undefined ? "relative" : "absolute";
  const error = errorKind === "relative" ? estimate / truth - 1 : estimate - truth;
  return { estimator, truth, estimate, errorKind, error, tolerance: tol, pass: Number.isFinite(error) && Math.abs(error) <= tol };
}

/**
 * Table rows of checks for {@link showTable}: estimator, truth, estimate, error (signed, "%" for
 * relative errors), tolerance and "pass" / "FAIL".
 *
 * @param checks from {@link groundTruthCheck}.
 * @param digits significant digits of truth and estimate (default 4).
 * @returns one record of strings per check.
 * @example
 * checkTableRows([groundTruthCheck("x", 2, 2.1, { relative: 0.1 })])[0].error; // "+5.0 %"
 */
export function checkTableRows(checks: readonly GroundTruthCheck[], digits = 4): { estimator: string; truth: string; estimate: string; error: string; tolerance: string; result: string }[] {
  const number = (v: number) => (Number.isFinite(v) ? +v.toPrecision(digits) + "" : String(v));
  const signed = (v: number, text: string) => (v >= 0 ? "+" : "−") + text;
  return checks.map((c) => ({
    estimator: c.estimator,
    truth: number(c.truth),
    estimate: number(c.estimate),
    error: c.errorKind === "relative" ? signed(c.error, `${Math.abs(100 * c.error).toFixed(1)} %`) : signed(c.error, Math.abs(c.error).toPrecision(2)),
    tolerance: c.errorKind === "relative" ? `${+(100 * c.tolerance).toPrecision(3)} %` : `${c.tolerance}`,
    result: c.pass ? "pass" : "FAIL",
  }));
}
