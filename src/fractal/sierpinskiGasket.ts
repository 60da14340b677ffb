import type { Walk } from "../diffusion/walk";
import { graphFromEdges, randomWalkOnGraph, type EmbeddedGraph, type WalkOptions } from "./embeddedGraph";

/** Exact dimensions of the Sierpinski gasket. */
export const SIERPINSKI_GASKET = {
  /** Fractal (mass) dimension d_f = log 3 / log 2. */
  fractalDimension: Math.log(3) / Math.log(2),
  /** Walk dimension d_w = log 5 / log 2. */
  walkDimension: Math.log(5) / Math.log(2),
  /** Spectral dimension d_s = 2 log 3 / log 5 = 2 d_f / d_w. */
  spectralDimension: (2 * Math.log(3)) / Math.log(5),
  /**
   * Time factor of one self-similar generation (side x 2, time x 5 = 2^d_w): the local MSD slope of a
   * walk oscillates log-periodically with this period in t (0.73-0.96 around 2/d_w = 0.861), so
   * exponent fits should span whole periods, e.g. a window [T / 5^k, T].
   */
  timeScaleFactor: 5,
} as const;

/**
 * The Sierpinski gasket of a given generation as a graph with unit edges in the plane.
 *
 * Variant: the union of the unit up-triangles with lower-left corner i a + j b (a = (1, 0),
 * b = (1/2, sqrt(3)/2)) for i, j ≥ 0, i + j < 2^generation and i AND j = 0 (Pascal's triangle mod 2,
 * Lucas' theorem). Side 2^generation; (3^(generation+1) + 3) / 2 vertices; corner vertex 0 at the origin.
 *
 * @param generation integer in [0, 12].
 * @returns an {@link EmbeddedGraph} of dimension 2.
 * @throws RangeError for a generation out of range.
 * @example
 * sierpinskiGasketGraph(2).numVertices; // 15
 */
export function sierpinskiGasketGraph(generation: number): EmbeddedGraph {
  if (!Number.isInteger(generation) || generation < 0 || generation > 12) {
    throw new RangeError(`sierpinskiGasketGraph: generation must be an integer in [0, 12], got ${generation}`);
  }
  const side = 2 ** generation;
  const index = new Map<number, number>();
  const coords: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const vertex = (i: number, j: number): number => {
    const key = i * (side + 1) + j;
    let v = index.get(key);
    if (v === undefined) {
      v = index.size;
      index.set(key, v);
      coords.push(i + j / 2, (j * Math.sqrt(3)) / 2);
    }
    return v;
  };
  vertex(0, 0);
  for (let i = 0; i < side; i++) {
    for (let j = 0; i + j < side; j++) {
      if ((i & j) !== 0) continue;
      const a = vertex(i, j);
      const b = vertex(i + 1, j);
      const c = vertex(i, j + 1);
      from.push(a, b, c);
      to.push(b, c, a);
    }
  }
  return graphFromEdges(index.size, 2, Float64Array.from(coords), from, to);
}

/**
 * Random walks on the Sierpinski gasket, a ground truth with MSD ~ t^(2/d_w), d_w = log 5 / log 2.
 *
 * Variant: simple random walk on {@link sierpinskiGasketGraph} (default generation 10, side 1024),
 * started at the corner (default) or at a uniform vertex. Keep R ~ t^(1/d_w) well below the side.
 *
 * @param options.generation (default 10), options.start (default 0, the corner; or "random"),
 * numSteps, numWalkers (default 1), seed (default 0).
 * @returns numWalkers planar walks with times 0..numSteps.
 * @throws RangeError as {@link sierpinskiGasketGraph} and {@link randomWalkOnGraph}.
 * @example
 * sierpinskiGasketWalk({ generation: 3, numSteps: 10 })[0].positions.length; // 22
 */
export function sierpinskiGasketWalk(options: WalkOptions & { generation?: number; start?: number | "random" }): Walk[] {
  return randomWalkOnGraph(sierpinskiGasketGraph(options.generation ?? 10), options);
}
