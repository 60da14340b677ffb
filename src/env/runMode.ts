/**
 * Quick mode: every notebook runs at reduced size when `AB_QUICK=1` (the notebook tests and CI set it;
 * `true` and `yes` also work).
 * Read when called, never at import time.
 */

const QUICK = ["1", "true", "yes"];
const FULL = ["", "0", "false", "no"];

/**
 * Parses a value of the quick-mode flag `AB_QUICK`: the one parser used by the notebooks
 * ({@link isQuickMode}) and by `npm run reproduce`, so both read a value the same way.
 *
 * @param value the flag's text: `1`, `true` or `yes` for quick mode; unset, empty, `0`, `false` or
 *   `no` for full mode (case and surrounding spaces ignored).
 * @returns true for quick mode.
 * @throws RangeError for any other value, naming it and the valid ones.
 * @example
 * parseQuickFlag("yes"); // true
 * parseQuickFlag(undefined); // false
 */
export function parseQuickFlag(value: string | undefined): boolean {
  if (value === undefined) return false;
  const normalized = value.trim().toLowerCase();
  if (QUICK.includes(normalized)) return true;
  if (FULL.includes(normalized)) return false;
  throw new RangeError(`AB_QUICK must be 1, true, yes (quick mode) or 0, false, no (full mode), got "${value}"`);
}

/**
 * Whether notebooks should run at their reduced "quick" size.
 *
 * @param env environment to read `AB_QUICK` from; default `process.env`.
 * @returns true for `AB_QUICK` of `1`, `true` or `yes`; false when unset, empty, `0`, `false` or `no`
 *   (see {@link parseQuickFlag}).
 * @throws RangeError for any other value of `AB_QUICK`.
 * @example
 * isQuickMode({ AB_QUICK: "1" }); // true
 */
export function isQuickMode(env: Record<string, string | undefined> = process.env): boolean {
  return parseQuickFlag(env.AB_QUICK);
}

/**
 * Picks the quick-mode or the full-mode value of a setting: `pick({ quick: 200, full: 5000 })`.
 *
 * @example
 * quickOrFull({ quick: 2, full: 10 }, { AB_QUICK: "1" }); // 2
 */
export function quickOrFull<T>(values: { quick: T; full: T }, env: Record<string, string | undefined> = process.env): T {
  return isQuickMode(env) ? values.quick : values.full;
}
