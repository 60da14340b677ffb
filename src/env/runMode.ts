/**
 * Quick mode: every notebook runs at reduced size when `AB_QUICK=1` (the notebook tests and CI set it).
 * Read when called, never at import time.
 */

/**
 * Whether notebooks should run at their reduced "quick" size.
 *
 * @param env environment to read `AB_QUICK` from; default `process.env`.
 * @returns true for `AB_QUICK` of `1` or `true`; false when unset, empty, `0` or `false`.
 * @throws RangeError for any other value of `AB_QUICK`.
 * @example
 * isQuickMode({ AB_QUICK: "1" }); // true
 */
export function isQuickMode(env: Record<string, string | undefined> = process.env): boolean {
  const value = env.AB_QUICK;
  if (value === undefined || value === "" || value === "0" || value === "false") return false;
  if (value === "1" || value === "true") return true;
  throw new RangeError(`isQuickMode: AB_QUICK must be 1, true, 0 or false, got "${value}"`);
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
