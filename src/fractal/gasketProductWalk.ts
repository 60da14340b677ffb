import type { Walk } from "../diffusion/walk";
import { createRandom, deriveSeed } from "../util/random";
import { checkWalkOptions, stepTimes, type WalkOptions } from "./embeddedGraph";
import { sierpinskiGasketGraph, SIERPINSKI_GASKET } from "./sierpinskiGasket";

/**
 * Random walks on the Cartesian product of k Sierpinski gaskets: high-dimensional fractal diffusion
 * with d_s = k 2 log 3 / log 5 and d_f = k log 3 / log 2 (both add) while d_w = log 5 / log 2 is
 * unchanged. With k ≥ 2 the spectral dimension exceeds 2, which is where visited-site counting fails.
 *
 * Variant: each step picks one factor uniformly and moves it to a uniform neighbour on its gasket, so
 * after tau steps each factor has made ~tau/k steps and P(return) ~ prod_i tau^(-d_s1/2). Factor i
 * starts at a uniform vertex (default) or at the corner. Coordinates: 2k (factor i at 2i, 2i + 1).
 *
 * @param options.factors k, an integer in [1, 16]; options.generation (default 10); options.start
 * ("random" default, or "corner"); numSteps, numWalkers (default 1), seed (default 0).
 * @returns numWalkers walks of dimension 2k with times 0..numSteps.
 * @throws RangeError for k out of range and as {@link sierpinskiGasketGraph}.
 * @example
 * gasketProductWalk({ factors: 3, generation: 2, numSteps: 5 })[0].dimension; // 6
 */
export function gasketProductWalk(options: WalkOptions & { factors: number; generation?: number; start?: "random" | "corner" }): Walk[] {
  const fn = "gasketProductWalk";
  const k = options.factors;
  if (!Number.isInteger(k) || k < 1 || k > 16) throw new RangeError(`${fn}: factors must be an integer in [1, 16], got ${k}`);
  const { numSteps, numWalkers, seed } = checkWalkOptions(fn, options);
  const graph = sierpinskiGasketGraph(options.generation ?? 10);
  const { offsets, neighbors, coordinates } = graph;
  const dim = 2 * k;
  const walks: Walk[] = [];
  for (let w = 0; w < numWalkers; w++) {
    const random = createRandom(deriveSeed(seed, w));
    const state = new Int32Array(k);
    for (let i = 0; i < k; i++) state[i] = options.start === "corner" ? 0 : random.integer(graph.numVertices);
    const positions = new Float64Array((numSteps + 1) * dim);
    const write = (s: number) => {
      for (let i = 0; i < k; i++) {
        positions[s * dim + 2 * i] = coordinates[2 * state[i]!]!;
        positions[s * dim + 2 * i + 1] = coordinates[2 * state[i]! + 1]!;
      }
    };
    write(0);
    for (let s = 1; s <= numSteps; s++) {
      const f = k === 1 ? 0 : random.integer(k);
      const v = state[f]!;
      const lo = offsets[v]!;
      state[f] = neighbors[lo + random.integer(offsets[v + 1]! - lo)]!;
      write(s);
    }
    walks.push({ positions, times: stepTimes(numSteps), dimension: dim });
  }
  return walks;
}

/** Exact spectral dimension of the product of k gaskets: k 2 log 3 / log 5. */
export function gasketProductSpectralDimension(factors: number): number {
  if (!Number.isInteger(factors) || factors < 1) throw new RangeError(`gasketProductSpectralDimension: factors must be an integer ≥ 1, got ${factors}`);
  return factors * SIERPINSKI_GASKET.spectralDimension;
}
