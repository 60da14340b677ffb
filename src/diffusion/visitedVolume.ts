import { fitPowerLaw, type PowerLawFit } from "./fitPowerLaw";
import { logSpacedLags } from "./returnProbability";
import { checkWalk, type Walk } from "./walk";

/** Options of {@link visitedVolume}. */
export interface VisitedVolumeOptions {
  /** Edge of the cubic cells that are counted (default: half the median step of the first member). */
  cellSize?: number;
  /** Number of log-spaced times reported (default 30). */
  numTimes?: number;
}

/** Mean number of distinct cells visited up to each time. */
export interface VisitedVolumeCurve {
  /** Elapsed time since the first snapshot. */
  times: Float64Array;
  /** Mean over members of the number of distinct cells visited in [0, t]. */
  volume: Float64Array;
  cellSize: number;
}

/**
 * The visited volume S(t): the number of distinct cells of side `cellSize` that a walk has entered by
 * time t, averaged over members.
 *
 * For a recurrent walk (d_s < 2) S(t) ~ t^(d_s/2) (the "volume of states visited" of arXiv 2503.22478);
 * for d_s > 2 the walk is transient, S(t) ~ t, and the estimate saturates at 2. Variant: cells are
 * keyed by their integer coordinates floor(x / cellSize) in a hash set.
 *
 * @param members one walk or several (same times); options.cellSize, options.numTimes.
 * @returns a {@link VisitedVolumeCurve}.
 * @throws RangeError for an empty ensemble or a non-positive cell size.
 * @example
 * visitedVolume(createWalk(new Float64Array([0, 1, 0, 1, 2]), 1), { cellSize: 1, numTimes: 4 }).volume; // Float64Array [2, 2, 2, 3]
 * @complexity O(members T P) with hashing.
 */
export function visitedVolume(members: Walk | readonly Walk[], options: VisitedVolumeOptions = {}): VisitedVolumeCurve {
  const fn = "visitedVolume";
  const list = Array.isArray(members) ? (members as readonly Walk[]) : [members as Walk];
  if (list.length < 1) throw new RangeError(`${fn}: members must hold at least 1 walk, got 0`);
  const t = checkWalk(fn, list[0]!, "members[0]");
  if (t < 2) throw new RangeError(`${fn}: walks need at least 2 snapshots, got ${t}`);
  const p = list[0]!.dimension;
  let cell = options.cellSize;
  if (cell === undefined) {
    const steps: number[] = [];
    const x = list[0]!.positions;
    for (let i = 0; i + 1 < t; i++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += (x[(i + 1) * p + j]! - x[i * p + j]!) ** 2;
      if (s > 0) steps.push(Math.sqrt(s));
    }
    steps.sort((a, b) => a - b);
    cell = steps.length ? 0.5 * steps[steps.length >> 1]! : 1;
  }
  if (!(cell > 0) || !Number.isFinite(cell)) throw new RangeError(`${fn}: cellSize must be a finite number > 0, got ${cell}`);
  const marks = logSpacedLags(1, t - 1, options.numTimes ?? 30);
  const volume = new Float64Array(marks.length);
  for (let m = 0; m < list.length; m++) {
    const w = list[m]!;
    if (checkWalk(fn, w, `members[${m}]`) !== t || w.dimension !== p) {
      throw new RangeError(`${fn}: members[${m}] must have ${t} snapshots of dimension ${p}`);
    }
    const seen = new Set<string>();
    const key = new Array<number>(p);
    let next = 0;
    for (let i = 0; i < t; i++) {
      for (let j = 0; j < p; j++) key[j] = Math.floor(w.positions[i * p + j]! / cell + 1e-9);
      seen.add(key.join(","));
      while (next < marks.length && marks[next] === i) volume[next++]! += seen.size / list.length;
    }
  }
  const t0 = list[0]!.times[0]!;
  return { times: Float64Array.from(marks, (k) => list[0]!.times[k]! - t0), volume, cellSize: cell };
}

/**
 * Spectral dimension from the visited volume, d_s = 2 x slope of log S(t) against log t, fitted over
 * the last `decades` decades (default 1). Valid only for d_s < 2: it saturates at 2 for transient
 * walks (use spectralDimensionFromReturns above 2).
 *
 * @param members walks; options as {@link visitedVolume} plus decades.
 * @returns { spectralDimension, fit, curve }.
 * @throws RangeError as visitedVolume and fitPowerLaw.
 * @example
 * const x = Float64Array.from({ length: 101 }, (_, i) => i); // ballistic: S(t) = t + 1
 * spectralDimensionFromVisitedVolume(createWalk(x, 1), { cellSize: 1 }).spectralDimension > 1.9; // true
 */
export function spectralDimensionFromVisitedVolume(
  members: Walk | readonly Walk[],
  options: VisitedVolumeOptions & { decades?: number } = {},
): { spectralDimension: number; fit: PowerLawFit; curve: VisitedVolumeCurve } {
  const curve = visitedVolume(members, options);
  const end = curve.times[curve.times.length - 1]!;
  const fit = fitPowerLaw(curve.times, curve.volume, { start: Math.max(curve.times[0]!, end / 10 ** (options.decades ?? 1)), end, pointsPerDecade: 0 });
  return { spectralDimension: 2 * fit.exponent, fit, curve };
}
