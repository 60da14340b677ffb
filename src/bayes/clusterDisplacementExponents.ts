/**
 * The late-training diffusion exponent of the SGD runs that end in each cluster.
 */
import { fitPowerLaw } from "../diffusion/fitPowerLaw";

/** The displacement exponent of one cluster's runs. */
export interface ClusterDisplacementExponent {
  /** alpha: slope of log R against log t (R = root-mean-square displacement); half the MSD exponent. */
  alpha: number;
  /** Standard error of alpha from the log-log regression. */
  standardError: number;
  rSquared: number;
  /** Runs of the cluster averaged. */
  numMembers: number;
  /** Lags t - t0 (steps) and the cluster's mean squared displacement at them. */
  lags: Float64Array;
  msd: Float64Array;
}

/** Options of {@link clusterDisplacementExponents}. */
export interface ClusterDisplacementOptions {
  /** Index of the capture used as the reference w(t0) (default 0). Later captures give the lags. */
  referenceCapture?: number;
}

/**
 * Fits the late-training displacement exponent alpha of each cluster's SGD runs.
 *
 * Paper (arXiv 2503.22478): R(t) = |w(t) - w(t0)| ~ t^alpha in the late phase, d_w = 1 / alpha and
 * d_s = 2 lambda alpha. Variant: per cluster, the ensemble mean of |w(t) - w(t0)|^2 over the runs
 * that end in it, fitted as MSD ~ (t - t0)^(2 alpha) by least squares on log-log axes over every
 * recorded lag (fitPowerLaw, all points kept), with t0 a chosen capture late in training.
 *
 * @param snapshots member-major captures: member m, capture c at (m C + c) d (as trainTinyEnsemble).
 * @param captureSteps the C capture steps, increasing.
 * @param numParams d.
 * @param labels cluster of each member, integers in [0, numClusters - 1].
 * @param numClusters K ≥ 1.
 * @param options.referenceCapture index of t0 in captureSteps (default 0); at least 3 later captures needed.
 * @returns one {@link ClusterDisplacementExponent} per cluster (alpha NaN-free; clusters without
 *   members throw).
 * @throws RangeError for inconsistent sizes, a cluster without members, or fewer than 3 lags.
 * @example
 * // Two runs of one cluster moving ballistically: |w(t) - w(0)| = t, so alpha = 1.
 * const s = new Float32Array([0, 1, 2, 3, 0, -1, -2, -3]);
 * clusterDisplacementExponents(s, [0, 1, 2, 3], 1, [0, 0], 1)[0].alpha; // ≈ 1.000000
 * @complexity O(M C d) for M members.
 */
export function clusterDisplacementExponents(
  snapshots: Float32Array,
  captureSteps: ArrayLike<number>,
  numParams: number,
  labels: ArrayLike<number>,
  numClusters: number,
  options: ClusterDisplacementOptions = {},
): ClusterDisplacementExponent[] {
  const fn = "clusterDisplacementExponents";
  const C = captureSteps.length, d = numParams, M = labels.length;
  if (snapshots.length !== M * C * d) throw new RangeError(`${fn}: snapshots must have members x captures x numParams = ${M * C * d} entries, got ${snapshots.length}`);
  const ref = options.referenceCapture ?? 0;
  if (!Number.isInteger(ref) || ref < 0 || ref > C - 4) throw new RangeError(`${fn}: referenceCapture must be an integer in [0, ${C - 4}] (3 later captures needed), got ${ref}`);
  const lags = Float64Array.from({ length: C - 1 - ref }, (_, i) => captureSteps[ref + 1 + i]! - captureSteps[ref]!);
  const results: ClusterDisplacementExponent[] = [];
  for (let k = 0; k < numClusters; k++) {
    const msd = new Float64Array(lags.length);
    let count = 0;
    for (let m = 0; m < M; m++) {
      if (labels[m] !== k) continue;
      count++;
      const r = (m * C + ref) * d;
      for (let i = 0; i < lags.length; i++) {
        const o = (m * C + ref + 1 + i) * d;
        let s = 0;
        for (let j = 0; j < d; j++) s += (snapshots[o + j]! - snapshots[r + j]!) ** 2;
        msd[i]! += s;
      }
    }
    if (count === 0) throw new RangeError(`${fn}: cluster ${k} has no members`);
    for (let i = 0; i < msd.length; i++) msd[i]! /= count;
    const fit = fitPowerLaw(lags, msd, { pointsPerDecade: 0 });
    results.push({ alpha: fit.exponent / 2, standardError: fit.standardError / 2, rSquared: fit.rSquared, numMembers: count, lags, msd });
  }
  return results;
}
