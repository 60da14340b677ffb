import type { Walk } from "../diffusion/walk";
import { createRandom, deriveSeed } from "../util/random";
import { uniformSampling, type UniformSamplingOptions } from "./uniformSampling";

/** Options of {@link continuousTimeRandomWalk}. */
export interface ContinuousTimeRandomWalkOptions extends UniformSamplingOptions {
  /** Waiting-time exponent a in (0, 1): psi(t) = a t^(-1-a) for t ≥ 1 (Pareto). */
  waitingExponent: number;
}

/**
 * Continuous-time random walks with heavy-tailed waiting times, the classic sub-diffusion with
 * ensemble MSD ~ t^a and weak ergodicity breaking (the time-averaged MSD is linear in the lag).
 *
 * Variant: the walker waits a Pareto time t_w = u^(-1/a) ≥ 1 (u uniform in (0, 1]) before each jump;
 * jumps are independent N(0, 1) per coordinate. The renewal count gives
 * <x^2(t)> = dimension <N(t)> → dimension t^a / (Gamma(1 - a) Gamma(1 + a)) for t ≫ 1.
 * Positions are recorded on the uniform observation grid.
 *
 * @param options see {@link ContinuousTimeRandomWalkOptions}.
 * @returns numWalkers walks with times k timeStep, k = 0..T-1.
 * @throws RangeError for a ∉ (0, 1) or sizes out of range.
 * @example
 * continuousTimeRandomWalk({ waitingExponent: 0.5, numSnapshots: 5 })[0].positions[0]; // 0
 */
export function continuousTimeRandomWalk(options: ContinuousTimeRandomWalkOptions): Walk[] {
  const fn = "continuousTimeRandomWalk";
  const a = options.waitingExponent;
  if (!(a > 0 && a < 1)) throw new RangeError(`${fn}: waitingExponent must be in (0, 1), got ${a}`);
  const { numSnapshots: t, dimension: d, numWalkers, times } = uniformSampling(fn, options);
  const walks: Walk[] = [];
  for (let w = 0; w < numWalkers; w++) {
    const random = createRandom(deriveSeed(options.seed ?? 0, w));
    const positions = new Float64Array(t * d);
    const x = new Float64Array(d);
    let nextJump = random.uniformPositive() ** (-1 / a);
    for (let i = 0; i < t; i++) {
      const now = times[i]!;
      while (nextJump <= now) {
        for (let j = 0; j < d; j++) x[j]! += random.normal();
        nextJump += random.uniformPositive() ** (-1 / a);
      }
      positions.set(x, i * d);
    }
    walks.push({ positions, times, dimension: d });
  }
  return walks;
}
