/**
 * The record returned by every mean-squared-displacement estimator.
 */

/** A mean squared displacement as a function of elapsed time or lag. */
export interface MsdCurve {
  /** Elapsed time t - t0 (ensemble) or lag tau (time-averaged), in the walk's time units; > 0, increasing. */
  lags: Float64Array;
  /** Mean squared displacement at each lag, in squared position units. */
  msd: Float64Array;
  /** Standard error of the mean over members; present only when numMembers ≥ 2. */
  standardError?: Float64Array;
  /** Number of ensemble members averaged. */
  numMembers: number;
  /** "ensemble": average over members of |w(t) - w(t0)|^2; "time-averaged": average over start times at fixed lag. */
  kind: "ensemble" | "time-averaged";
  /** Length of the trajectory in time units (last time - first time); the late-window rule uses it. */
  duration: number;
}
