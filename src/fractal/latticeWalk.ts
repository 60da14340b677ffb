import type { Walk } from "../diffusion/walk";
import { createRandom, deriveSeed } from "../util/random";
import { checkWalkOptions, stepTimes, type WalkOptions } from "./embeddedGraph";

/**
 * Simple random walks on the d-dimensional hypercubic lattice Z^d: each step changes one uniformly
 * chosen coordinate by ±1. Ground truth: MSD = t exactly (d_w = 2), spectral dimension d_s = d, return
 * probability P_2n(0) ≈ 2 (d / (4 pi n))^(d/2).
 *
 * @param options.dimension d, an integer in [1, 64]; numSteps; numWalkers (default 1); seed (default 0).
 * @returns numWalkers walks (Float32 positions, exact integers) starting at the origin, times 0..numSteps.
 * @throws RangeError for d out of range or invalid step counts.
 * @example
 * const w = latticeWalk({ dimension: 3, numSteps: 4, seed: 1 })[0];
 * w.positions.length; // 15
 */
export function latticeWalk(options: WalkOptions & { dimension: number }): Walk[] {
  const fn = "latticeWalk";
  const d = options.dimension;
  if (!Number.isInteger(d) || d < 1 || d > 64) throw new RangeError(`${fn}: dimension must be an integer in [1, 64], got ${d}`);
  const { numSteps, numWalkers, seed } = checkWalkOptions(fn, options);
  const walks: Walk[] = [];
  for (let w = 0; w < numWalkers; w++) {
    const random = createRandom(deriveSeed(seed, w));
    const positions = new Float32Array((numSteps + 1) * d);
    for (let s = 1; s <= numSteps; s++) {
      const row = s * d;
      positions.copyWithin(row, row - d, row);
      const r = random.integer(2 * d);
      positions[row + (r >> 1)]! += r & 1 ? 1 : -1;
    }
    walks.push({ positions, times: stepTimes(numSteps), dimension: d });
  }
  return walks;
}
