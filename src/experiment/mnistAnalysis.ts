/**
 * The analysis of one run's weight trajectory, as a pure function of the trajectory and of an
 * injected LLC estimator: displacement from initialisation, the late-window exponent alpha, the LLC at
 * the checkpoints, lambda_bar, d_s = 2 lambda_bar alpha and the LLC-free d_s. Training and sampling
 * stay in mnistRun; tests feed this synthetic trajectories with a known alpha and estimators with a
 * known lambda.
 */
import { createRandomProjection } from "../diffusion/randomProjection";
import { createWalk } from "../diffusion/walk";
import { fitPowerLaw } from "../diffusion/fitPowerLaw";
import { spectralDimensionFromReturns } from "../diffusion/spectralDimensionFromReturns";
import { NOT_A_MINIMUM_SHARE } from "../slt/shortDescent";
import type { Trajectory } from "../trajectory/trajectory";

/** LLC estimates at one checkpoint. */
export interface CheckpointLlc {
  step: number;
  /** The estimate with the converged setting (llc.sampler): mean and std over chains. */
  mean: number;
  std: number;
  /** Its Monte Carlo standard error (from the ESS), split R-hat and ESS of the loss traces (llcConvergence). */
  monteCarloStdError: number;
  rHat: number;
  ess: number;
  /** True when every convergence check passed; else `reasons` says which failed. */
  converged: boolean;
  reasons: string[];
  /** The localizer's share of the stationary spread, gamma E|w - w*|^2 / d. */
  localizerShare: number;
  /**
   * n beta times how far below L(w*) a short gradient descent gets, over |lambda_hat| (null when the
   * check is off): above NOT_A_MINIMUM_SHARE (5 %) the checkpoint is not a local minimum and a chain from it slides downhill.
   */
  descentShare: number | null;
  /** L_n(w*) at the checkpoint (nats per sample). */
  initLoss: number;
  /** Chain-averaged running estimate n beta (L_t - L_n(w*)) at each draw, thinned to ≤ 100 points. */
  trace: number[];
  warnings: string[];
  /**
   * Size of the basin the LLC sampler explores: root mean |w - w*|^2 over the second half of the draws
   * of every chain (depends on n beta and the localization gamma).
   */
  posteriorRadius: number;
  /** |w(step) - w(first checkpoint)|: the distance SGD travelled since the first checkpoint. */
  travelled: number;
  /** The paper's likely setting (llc.short) at the same point, or null when it is off. */
  short: { mean: number; std: number } | null;
}

/**
 * What an LLC estimator reports for one checkpoint: everything of {@link CheckpointLlc} but the step,
 * the distance travelled and the descent share, which the analysis derives.
 */
export type CheckpointLlcEstimate = Omit<CheckpointLlc, "step" | "travelled" | "descentShare"> & {
  /** n beta the estimate used. */
  nBeta: number;
  /** How far below L_n(w*) a short gradient descent from the checkpoint gets (nats per sample), or null when the check is off. */
  descentDrop: number | null;
};

/** Estimates the LLC at the weights `center` recorded at `step`. */
export type CheckpointLlcEstimator = (center: Float32Array, step: number) => Promise<CheckpointLlcEstimate>;

/** Which captured steps the analysis reads, and its two settings. */
export interface TrajectoryAnalysisSettings {
  /** Length T of the run in steps; the fit window is [fitStartFraction T, T]. */
  numSteps: number;
  fitStartFraction: number;
  /** Steps with an LLC estimate, increasing, each a captured step. */
  checkpoints: number[];
  /** Steps of the late walk of the LLC-free d_s, increasing, each a captured step. */
  late: number[];
  /** Dimension of the random projection of the late walk. */
  returnsProjection: number;
}

/** The numbers a run's record holds about its trajectory (see MnistRunRecord). */
export interface TrajectoryAnalysis {
  steps: number[];
  /** R(t) = |w(t) - w(0)| at the steps (Euclidean norm over the recorded numbers). */
  displacement: number[];
  /** Late-window fit of log R against log t: the paper's alpha with r^2 and its OLS standard error. */
  fit: { alpha: number; rSquared: number; standardError: number; start: number; end: number; numPoints: number };
  llc: CheckpointLlc[];
  /**
   * True when every checkpoint's estimate converged and none failed the "not a minimum" check
   * (descentShare ≤ NOT_A_MINIMUM_SHARE = 5 %): only then may lambda_bar, final lambda and d_s enter a verdict.
   */
  llcTrusted: boolean;
  /** Why not, when llcTrusted is false (one line per problem). */
  llcProblems: string[];
  nBeta: number;
  /** Mean and std of the checkpoint LLCs, and the last one. */
  lambdaBar: number;
  lambdaSpread: number;
  finalLambda: number;
  /** d_s = 2 lambda_bar alpha, d_w = 1 / alpha, and whether d_s ≤ lambda_bar. */
  spectralDimension: number;
  walkDimension: number;
  withinBound: boolean;
  /** The same from the paper's likely setting (every checkpoint's `short`), or null when it is off. */
  short: { lambdaBar: number; finalLambda: number; spectralDimension: number; withinBound: boolean } | null;
  /** The LLC-free d_s, or why it could not be estimated (too few returns: a RangeError of the estimator). */
  returns: { ok: true; spectralDimension: number; standardError: number; rSquared: number; radius: number } | { ok: false; reason: string };
  finalDisplacement: number;
}

function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, std: values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0 };
}

/**
 * Analyses a run's weight trajectory the way the paper does (arXiv 2503.22478, experiment 1).
 *
 * R(t) = |w(t) - w(0)|; alpha is the OLS slope of log R on log t over [fitStartFraction T, T]
 * ({@link fitPowerLaw}, t = 0 excluded, log-thinned); the LLC comes from `estimateAt` at each
 * checkpoint, in order; lambda_bar is the mean over all checkpoints; d_s = 2 lambda_bar alpha,
 * d_w = 1 / alpha; the estimates are trusted (`llcTrusted`) only when every checkpoint converged and
 * none is "not a minimum" (descentShare = n beta x descent drop / |lambda_hat| above
 * NOT_A_MINIMUM_SHARE); the same summary is formed from the short setting when every checkpoint has
 * one; the LLC-free d_s is spectralDimensionFromReturns of the late walk projected to
 * `returnsProjection` numbers (seed 1), or the reason it failed.
 *
 * @param trajectory steps (increasing, from 0) and row-major snapshots of `dimension` numbers.
 * @param settings see {@link TrajectoryAnalysisSettings}.
 * @param estimateAt the LLC estimator (mnistRun passes SGLD on the run's training loss).
 * @returns a {@link TrajectoryAnalysis}.
 * @throws RangeError when a checkpoint or late step was not captured, or as fitPowerLaw.
 * @example
 * // A straight line from the origin at unit speed: R(t) = t, so alpha = 1; a constant LLC of 3.
 * const steps = [0, 1, 2, 4, 8, 16, 32, 64, 100];
 * const trajectory = { steps: Float64Array.from(steps), snapshots: Float32Array.from(steps), dimension: 1 };
 * const settings = { numSteps: 100, fitStartFraction: 0.1, checkpoints: [64, 100], late: [64, 100], returnsProjection: 1 };
 * const estimate = async () => ({
 *   mean: 3, std: 0, monteCarloStdError: 0.1, rHat: 1, ess: 400, converged: true, reasons: [], localizerShare: 0.1,
 *   initLoss: 0, trace: [], warnings: [], posteriorRadius: 0, short: null, nBeta: 1, descentDrop: 0.3,
 * });
 * const a = await analyseTrajectory(trajectory, settings, estimate);
 * a.fit.alpha; // ≈ 1
 * a.spectralDimension; // ≈ 6
 * a.llc[1].travelled; // 36
 * a.llcProblems; // ["step 64: not a local minimum (a short descent lowers n beta L by 10 % of lambda_hat)", "step 100: not a local minimum (a short descent lowers n beta L by 10 % of lambda_hat)"]
 */
export async function analyseTrajectory(trajectory: Pick<Trajectory, "steps" | "snapshots" | "dimension">, settings: TrajectoryAnalysisSettings, estimateAt: CheckpointLlcEstimator): Promise<TrajectoryAnalysis> {
  const fn = "analyseTrajectory";
  const P = trajectory.dimension;
  const steps = Array.from(trajectory.steps);
  const indexOf = (step: number, what: string): number => {
    const i = steps.indexOf(step);
    if (i < 0) throw new RangeError(`${fn}: ${what} step ${step} was not captured; capture it (mnistCaptureSteps lists every step needed)`);
    return i;
  };
  const w0 = trajectory.snapshots.subarray(0, P);
  const displacement = steps.map((_, i) => {
    let s = 0;
    const row = trajectory.snapshots.subarray(i * P, (i + 1) * P);
    for (let j = 0; j < P; j++) s += (row[j]! - w0[j]!) ** 2;
    return Math.sqrt(s);
  });
  const T = settings.numSteps;
  // alpha: OLS slope of log R on log t over [fitStartFraction T, T] (t = 0 excluded, log-thinned).
  const x = steps.slice(1), y = displacement.slice(1);
  const powerLaw = fitPowerLaw(x, y, { start: settings.fitStartFraction * T, end: T });
  const fit = { alpha: powerLaw.exponent, rSquared: powerLaw.rSquared, standardError: powerLaw.standardError, start: powerLaw.start, end: powerLaw.end, numPoints: powerLaw.numPoints };

  const checkpoints: CheckpointLlc[] = [];
  let nBeta = NaN;
  const first = settings.checkpoints.length > 0 ? indexOf(settings.checkpoints[0]!, "checkpoint") : 0;
  for (const step of settings.checkpoints) {
    const index = indexOf(step, "checkpoint");
    const center = trajectory.snapshots.slice(index * P, (index + 1) * P);
    const { nBeta: used, descentDrop, ...estimate } = await estimateAt(center, step);
    nBeta = used;
    const descentShare = descentDrop === null ? null : (used * descentDrop) / Math.max(Math.abs(estimate.mean), 1e-12);
    let travelled = 0;
    for (let j = 0; j < P; j++) travelled += (center[j]! - trajectory.snapshots[first * P + j]!) ** 2;
    const e = estimate;
    // The field order of the records stored before the analysis moved here.
    checkpoints.push({
      step, mean: e.mean, std: e.std, monteCarloStdError: e.monteCarloStdError, rHat: e.rHat, ess: e.ess, converged: e.converged, reasons: e.reasons,
      localizerShare: e.localizerShare, descentShare, initLoss: e.initLoss, trace: e.trace, warnings: e.warnings, posteriorRadius: e.posteriorRadius,
      travelled: Math.sqrt(travelled), short: e.short,
    });
  }
  const { mean: lambdaBar, std: lambdaSpread } = meanStd(checkpoints.map((c) => c.mean));
  const finalLambda = checkpoints[checkpoints.length - 1]!.mean;
  const spectralDimension = 2 * lambdaBar * fit.alpha;
  const llcProblems = checkpoints.flatMap((c) => [
    ...c.reasons.map((r) => `step ${c.step}: ${r}`),
    ...(c.descentShare !== null && c.descentShare > NOT_A_MINIMUM_SHARE ? [`step ${c.step}: not a local minimum (a short descent lowers n beta L by ${(100 * c.descentShare).toFixed(0)} % of lambda_hat)`] : []),
  ]);
  let short: TrajectoryAnalysis["short"] = null;
  if (checkpoints.length > 0 && checkpoints.every((c) => c.short !== null)) {
    const shortBar = meanStd(checkpoints.map((c) => c.short!.mean)).mean;
    short = { lambdaBar: shortBar, finalLambda: checkpoints[checkpoints.length - 1]!.short!.mean, spectralDimension: 2 * shortBar * fit.alpha, withinBound: 2 * shortBar * fit.alpha <= shortBar };
  }

  // LLC-free d_s: return probabilities of the late walk, projected to a few numbers.
  const lateIndex = settings.late.map((s) => indexOf(s, "late"));
  let returns: TrajectoryAnalysis["returns"];
  try {
    const m = settings.returnsProjection;
    const projection = createRandomProjection({ inputDimension: P, outputDimension: m, seed: 1 });
    const positions = new Float64Array(settings.late.length * m);
    lateIndex.forEach((i, k) => positions.set(projection.projectSnapshot(trajectory.snapshots.subarray(i * P, (i + 1) * P)), k * m));
    const estimate = spectralDimensionFromReturns(createWalk(positions, m, Float64Array.from(settings.late)), {});
    returns = { ok: true, spectralDimension: estimate.spectralDimension, standardError: estimate.standardError, rSquared: estimate.rSquared, radius: estimate.curve.radius };
  } catch (error) {
    // Too few returns within the radius is an outcome of the walk (a RangeError of the estimator), not a bug.
    if (!(error instanceof RangeError)) throw error;
    returns = { ok: false, reason: error.message };
  }
  return {
    steps,
    displacement,
    fit,
    llc: checkpoints,
    llcTrusted: llcProblems.length === 0,
    llcProblems,
    nBeta,
    lambdaBar,
    lambdaSpread,
    finalLambda,
    spectralDimension,
    walkDimension: 1 / fit.alpha,
    withinBound: spectralDimension <= lambdaBar,
    short,
    returns,
    finalDisplacement: displacement[displacement.length - 1]!,
  };
}
