import type { Walk } from "../diffusion/walk";
import { createRandom, deriveSeed } from "../util/random";
import { checkWalkOptions, stepTimes, type WalkOptions } from "./embeddedGraph";

/**
 * Random walks on a comb: a backbone (the x axis) with an infinite tooth (a vertical line) at every
 * integer x. Ground truth: the backbone coordinate is sub-diffusive with <x^2> ~ t^(1/2) (time lost in
 * the teeth), while the tooth coordinate diffuses normally.
 *
 * Variant: discrete-time walk; on the backbone (y = 0) each of the 4 neighbours has probability 1/4;
 * in a tooth (y ≠ 0) only y moves, ±1 with probability 1/2. Coordinates (x, y); start at the origin.
 * Select coordinate 0 (selectCoordinates) for the backbone MSD.
 *
 * @param options numSteps, numWalkers (default 1), seed (default 0).
 * @returns numWalkers planar walks, times 0..numSteps.
 * @throws RangeError for invalid step counts.
 * @example
 * combWalk({ numSteps: 8 })[0].dimension; // 2
 */
export function combWalk(options: WalkOptions): Walk[] {
  const { numSteps, numWalkers, seed } = checkWalkOptions("combWalk", options);
  const walks: Walk[] = [];
  for (let w = 0; w < numWalkers; w++) {
    const random = createRandom(deriveSeed(seed, w));
    const positions = new Float32Array((numSteps + 1) * 2);
    let x = 0;
    let y = 0;
    for (let s = 1; s <= numSteps; s++) {
      if (y === 0) {
        const r = random.integer(4);
        if (r === 0) x++;
        else if (r === 1) x--;
        else if (r === 2) y++;
        else y--;
      } else y += random.integer(2) === 0 ? 1 : -1;
      positions[2 * s] = x;
      positions[2 * s + 1] = y;
    }
    walks.push({ positions, times: stepTimes(numSteps), dimension: 2 });
  }
  return walks;
}
