/**
 * Diffusion of the weights within the late window of a run, measured from lags rather than from the
 * initial weights: the time-averaged MSD of the late captures, its exponent (overall and per layer,
 * weights and biases apart), its aging and the mean first-exit times from balls.
 */
import { firstExitTimes } from "../diffusion/firstExitTimes";
import { fitMsdExponent } from "../diffusion/fitMsdExponent";
import { lateWindow } from "../diffusion/lateWindow";
import type { MsdCurve } from "../diffusion/msdCurve";
import { timeAveragedMsd } from "../diffusion/timeAveragedMsd";
import { timeAveragedMsdAging } from "../diffusion/timeAveragedMsdAging";
import { createWalk, selectCoordinates, type Walk } from "../diffusion/walk";
import type { DenseNetwork } from "../model/denseNetwork";
import type { Trajectory } from "../trajectory/trajectory";

/** An exponent fitted to the late time-averaged MSD. */
export interface LateExponent {
  /** alpha_late = (slope of log delta^2 against log lag) / 2, comparable with the paper's alpha. */
  alpha: number;
  rSquared: number;
  /** OLS standard error of alpha_late. */
  standardError: number;
}

/** What {@link lateDiffusion} measures (plain data, stored in run records). */
export interface LateDiffusion {
  /** First and last step of the late window, and the spacing of its captures (steps). */
  start: number;
  end: number;
  every: number;
  /** Lags (steps) and delta^2(lag) summed over all parameters, up to a tenth of the window. */
  lags: number[];
  msd: number[];
  /** The fit window of lags (steps): one decade ending at a tenth of the window (lateWindow), or every lag in a short window. */
  window: { start: number; end: number };
  /** The exponent over all parameters. */
  fit: LateExponent;
  /** The same per part: "layer 1 weights", "layer 1 biases", … (parts with a frozen MSD are left out). */
  parts: (LateExponent & { name: string; size: number })[];
  /**
   * delta^2 at the window's first lag over the first 1/4, 1/2 and all of the late window: the slope of
   * log delta^2 against log measurement time is 0 without aging and a - 1 for a CTRW (null when the window is too short).
   */
  aging: { lag: number; measurementTimes: number[]; msd: number[]; exponent: number; standardError: number } | null;
  /**
   * Mean first-exit times from balls of 6 radii spanning sqrt(delta^2) over the fit window, and the
   * walk dimension d_w their growth implies (compare 1 / alpha_late); null when delta^2 does not grow over the window.
   */
  exits: { radii: number[]; meanExitTime: number[]; numCentres: number[]; walkDimension: number; standardError: number; rSquared: number } | null;
}

/** The parts of a dense network's parameters: each layer's weights, then its biases. */
function networkParts(network: DenseNetwork): { name: string; coordinates: Int32Array }[] {
  const out: { name: string; coordinates: Int32Array }[] = [];
  const range = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i);
  for (const l of network.layers) {
    const weightsEnd = l.weightOffset + l.inputSize * l.outputSize;
    out.push({ name: `layer ${l.index + 1} weights`, coordinates: range(l.weightOffset, weightsEnd) });
    if (l.biasOffset >= 0) out.push({ name: `layer ${l.index + 1} biases`, coordinates: range(l.biasOffset, l.biasOffset + l.outputSize) });
  }
  return out;
}

function exponentOf(curve: MsdCurve, window: { start: number; end: number }): LateExponent {
  const fit = fitMsdExponent(curve, { window, pointsPerDecade: 0 });
  return { alpha: fit.exponent / 2, rSquared: fit.rSquared, standardError: fit.standardError / 2 };
}

/**
 * The late-window diffusion of a run's weights. The paper's alpha is the slope of log |w(t) - w(0)|
 * against log t (arXiv 2503.22478): measured from the initial weights, it mixes the slowing drift of
 * training into the late phase. Here the reference moves with the walk: delta^2(tau) = mean over late
 * start times t of |w(t + tau) - w(t)|^2 (FFT, {@link timeAveragedMsd}) at lags up to a tenth of the
 * window, fitted over the decade below that ({@link lateWindow}); alpha_late is half its slope.
 *
 * @param trajectory the run's captures (steps increasing; snapshots row-major, `dimension` numbers each).
 * @param late the late steps, uniformly spaced, each captured (≥ 10; ≥ 40 for a fit over a full decade of lags).
 * @param network the layout of the parameters (parts per layer); null treats all parameters as one part.
 * @returns a {@link LateDiffusion}.
 * @throws RangeError when a late step was not captured, the late steps are too few or not uniform, or the MSD is zero.
 * @example
 * // A straight line at unit speed in 1 parameter: delta^2 = tau^2, so alpha_late = 1.
 * const steps = Array.from({ length: 101 }, (_, i) => 2 * i);
 * const trajectory = { steps: Float64Array.from(steps), snapshots: Float32Array.from(steps), dimension: 1 };
 * lateDiffusion(trajectory, steps.slice(1), null).fit.alpha; // ≈ 1
 * @complexity O(L P log L) for L late captures of P parameters.
 */
export function lateDiffusion(trajectory: Pick<Trajectory, "steps" | "snapshots" | "dimension">, late: number[], network: DenseNetwork | null): LateDiffusion {
  const fn = "lateDiffusion";
  const P = trajectory.dimension;
  if (late.length < 10) throw new RangeError(`${fn}: needs at least 10 late steps, got ${late.length}; capture the late window more often (lateEvery)`);
  if (network && network.numParams !== P) throw new RangeError(`${fn}: the network has ${network.numParams} parameters, the trajectory ${P}`);
  const steps = Array.from(trajectory.steps);
  const positions = new Float32Array(late.length * P);
  late.forEach((s, k) => {
    const i = steps.indexOf(s);
    if (i < 0) throw new RangeError(`${fn}: late step ${s} was not captured; capture every late step (mnistCaptureSteps lists them)`);
    positions.set(trajectory.snapshots.subarray(i * P, (i + 1) * P), k * P);
  });
  const walk: Walk = createWalk(positions, P, Float64Array.from(late));
  const maxLag = Math.max(4, Math.floor((late.length - 1) / 10));
  const parts = network ? networkParts(network) : [{ name: "all parameters", coordinates: Int32Array.from({ length: P }, (_, i) => i) }];
  const curves = parts.map((p) => timeAveragedMsd(parts.length === 1 ? walk : selectCoordinates(walk, p.coordinates), { maxLag }));
  const lags = curves[0]!.lags;
  const total = new Float64Array(lags.length);
  for (const c of curves) for (let k = 0; k < total.length; k++) total[k]! += c.msd[k]!;
  const curve: MsdCurve = { ...curves[0]!, msd: total };
  // lateWindow's decade; in a window too short to hold 3 of its lags, every computed lag.
  let window = lateWindow(curve);
  if (lags.filter((l) => l >= window.start * (1 - 1e-9) && l <= window.end * (1 + 1e-9)).length < 3) window = { start: lags[0]!, end: lags[lags.length - 1]! };
  const fit = exponentOf(curve, window);
  const partFits: LateDiffusion["parts"] = [];
  parts.forEach((p, i) => {
    if (!curves[i]!.msd.every((v) => v > 0)) return;
    partFits.push({ name: p.name, size: p.coordinates.length, ...exponentOf(curves[i]!, window) });
  });

  const every = late[1]! - late[0]!;
  const firstLag = lags.findIndex((l) => l >= window.start * (1 - 1e-9)) + 1;
  let aging: LateDiffusion["aging"] = null;
  const L = late.length;
  const measurement = [...new Set([Math.round(L / 4), Math.round(L / 2), L])];
  if (measurement.length === 3 && measurement[0]! > 2 * firstLag) {
    const a = timeAveragedMsdAging([walk], { lag: firstLag, measurementTimes: measurement });
    aging = { lag: a.lag, measurementTimes: Array.from(a.measurementTimes), msd: Array.from(a.msd), exponent: a.exponent, standardError: a.standardError };
  }

  // Radii spanning the displacement over the fit window, log-spaced.
  const inWindow = Array.from(lags).map((l, k) => [l, total[k]!] as const).filter(([l]) => l >= window.start * (1 - 1e-9) && l <= window.end * (1 + 1e-9));
  const lo = Math.sqrt(inWindow[0]![1]), hi = Math.sqrt(inWindow[inWindow.length - 1]![1]);
  const radii = Array.from({ length: 6 }, (_, i) => lo * (hi / lo) ** (i / 5));
  const exitResult = hi > 1.05 * lo ? firstExitTimes([walk], { radii, startStride: Math.max(1, Math.floor(L / 200)) }) : null;
  return {
    start: late[0]!,
    end: late[L - 1]!,
    every,
    lags: Array.from(lags),
    msd: Array.from(total),
    window: { start: window.start, end: window.end },
    fit,
    parts: partFits,
    aging,
    exits: exitResult && {
      radii,
      meanExitTime: Array.from(exitResult.meanExitTime),
      numCentres: Array.from(exitResult.numCentres),
      walkDimension: exitResult.walkDimension,
      standardError: exitResult.standardError,
      rSquared: exitResult.rSquared,
    },
  };
}
