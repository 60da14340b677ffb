import { fitPowerLaw } from "./fitPowerLaw";
import { checkWalk, type Walk } from "./walk";

/** Options of {@link firstExitTimes}. */
export interface FirstExitTimesOptions {
  /** Ball radii xi in position units, positive and increasing, at least 3. */
  radii: number[];
  /** Use every `startStride`-th snapshot as a ball centre (default 1, integer ≥ 1). */
  startStride?: number;
}

/** Mean first-exit times from balls of growing radius, and the walk dimension they imply. */
export interface FirstExitTimes {
  radii: Float64Array;
  /** Mean over centres of the first time at which |x(t) - x(s)| > xi (time units); NaN when no centre was usable. */
  meanExitTime: Float64Array;
  /** Centres averaged at each radius (the starts before the first one whose walk ended inside the ball). */
  numCentres: Int32Array;
  /** d_w: slope of log mean exit time against log xi over the radii with ≥ 10 centres (NaN with fewer than 3 such radii). */
  walkDimension: number;
  /** OLS standard error and r^2 of that slope. */
  standardError: number;
  rSquared: number;
}

/**
 * Mean first-exit times from balls: for each centre x(s) and radius xi, the first time t > s with
 * |x(t) - x(s)| > xi, minus s; averaged over centres and members. For diffusion on a fractal the mean
 * exit time scales as xi^(d_w) (Brownian motion: exactly xi^2 / (d D) in d dimensions with
 * E|x(t) - x(0)|^2 = 2 d D t, so d_w = 2; Sierpinski gasket: d_w = log 5 / log 2). This is the scaling
 * the paper's homogenization D_xi = xi^(2 - d_w) rests on (arXiv 2503.22478), measured independently of
 * the MSD exponent.
 *
 * Variant: exits are detected at the snapshots (the overshoot lengthens exit times at radii of a few
 * step lengths: use radii well above the step length). A walk that ends inside the ball censors its
 * centre; to avoid keeping only the quick exits, each radius averages only the centres before the
 * first censored one (in each member).
 *
 * @param members ≥ 1 walks (any times, strictly increasing; exit times are differences of times).
 * @param options.radii increasing radii (≥ 3); options.startStride centre spacing in snapshots (default 1).
 * @returns a {@link FirstExitTimes}.
 * @throws RangeError for no members, fewer than 3 radii, radii not positive and increasing, or a bad stride.
 * @example
 * // x(t) = t: the ball of radius xi is left at the first integer time above xi.
 * const walk = createWalk(Float64Array.from({ length: 100 }, (_, t) => t), 1, Float64Array.from({ length: 100 }, (_, t) => t));
 * Array.from(firstExitTimes([walk], { radii: [2.5, 5.5, 10.5] }).meanExitTime); // [3, 6, 11]
 * @complexity O(members x centres x (exit time of the largest ball) x P).
 */
export function firstExitTimes(members: readonly Walk[], options: FirstExitTimesOptions): FirstExitTimes {
  const fn = "firstExitTimes";
  if (!Array.isArray(members) || members.length < 1) throw new RangeError(`${fn}: members must hold at least 1 walk, got ${Array.isArray(members) ? 0 : typeof members}`);
  const radii = options?.radii;
  if (!Array.isArray(radii) || radii.length < 3 || radii.some((r, i) => !(r > 0) || !Number.isFinite(r) || (i > 0 && r <= radii[i - 1]!))) {
    throw new RangeError(`${fn}: radii must be at least 3 positive, finite, increasing numbers, got ${JSON.stringify(radii)}`);
  }
  const stride = options.startStride ?? 1;
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`${fn}: startStride must be an integer ≥ 1, got ${stride}`);
  const R = radii.length;
  const r2 = radii.map((r) => r * r);
  const sum = new Float64Array(R);
  const count = new Int32Array(R);
  members.forEach((walk, w) => {
    const T = checkWalk(fn, walk, `members[${w}]`);
    const P = walk.dimension, x = walk.positions, times = walk.times;
    // A radius stops taking centres once one of its centres is censored.
    const open = new Array<boolean>(R).fill(true);
    for (let s = 0; s < T - 1 && open.some(Boolean); s += stride) {
      let next = 0; // smallest radius not yet left
      while (next < R && !open[next]) next++;
      const exit = new Float64Array(R).fill(NaN);
      let pending = 0;
      for (let k = next; k < R; k++) if (open[k]) pending++;
      for (let t = s + 1; t < T && pending > 0; t++) {
        let d = 0;
        const a = s * P, b = t * P;
        for (let j = 0; j < P; j++) {
          const v = x[b + j]! - x[a + j]!;
          d += v * v;
        }
        for (let k = next; k < R && d > r2[k]!; k++) {
          if (open[k] && Number.isNaN(exit[k]!)) {
            exit[k] = times[t]! - times[s]!;
            pending--;
          }
          if (k === next) next++;
        }
      }
      for (let k = 0; k < R; k++) {
        if (!open[k]) continue;
        if (Number.isNaN(exit[k]!)) open[k] = false;
        else {
          sum[k]! += exit[k]!;
          count[k]!++;
        }
      }
    }
  });
  const meanExitTime = Float64Array.from(sum, (v, k) => (count[k]! > 0 ? v / count[k]! : NaN));
  const usable = radii.map((_, k) => k).filter((k) => count[k]! >= 10 && meanExitTime[k]! > 0);
  let walkDimension = NaN, standardError = NaN, rSquared = NaN;
  if (usable.length >= 3) {
    const fit = fitPowerLaw(usable.map((k) => radii[k]!), usable.map((k) => meanExitTime[k]!), { pointsPerDecade: 0 });
    walkDimension = fit.exponent;
    standardError = fit.standardError;
    rSquared = fit.rSquared;
  }
  return { radii: Float64Array.from(radii), meanExitTime, numCentres: count, walkDimension, standardError, rSquared };
}
