import { createRandom, deriveSeed, type Random, type Seed } from "../util/random";
import type { Walk } from "../diffusion/walk";

/**
 * An undirected graph whose vertices have coordinates in R^dimension, stored as compressed adjacency
 * lists (CSR): the neighbours of v are neighbors[offsets[v] .. offsets[v + 1] - 1].
 */
export interface EmbeddedGraph {
  numVertices: number;
  dimension: number;
  /** Row-major `numVertices x dimension` coordinates. */
  coordinates: Float64Array;
  offsets: Int32Array;
  neighbors: Int32Array;
}

/**
 * Builds the CSR arrays of an undirected graph from an edge list (each edge listed once).
 *
 * @param numVertices n; dimension of the coordinates; coordinates row-major `n x dimension`;
 * edgesFrom / edgesTo endpoint indices in [0, n - 1].
 * @returns an {@link EmbeddedGraph}.
 * @example
 * graphFromEdges(3, 1, new Float64Array([0, 1, 2]), [0, 1], [1, 2]).offsets; // Int32Array [0, 1, 3, 4]
 */
export function graphFromEdges(numVertices: number, dimension: number, coordinates: Float64Array, edgesFrom: ArrayLike<number>, edgesTo: ArrayLike<number>): EmbeddedGraph {
  const degree = new Int32Array(numVertices + 1);
  for (let e = 0; e < edgesFrom.length; e++) {
    degree[edgesFrom[e]! + 1]!++;
    degree[edgesTo[e]! + 1]!++;
  }
  const offsets = new Int32Array(numVertices + 1);
  for (let v = 0; v < numVertices; v++) offsets[v + 1] = offsets[v]! + degree[v + 1]!;
  const fill = offsets.slice(0, numVertices);
  const neighbors = new Int32Array(offsets[numVertices]!);
  for (let e = 0; e < edgesFrom.length; e++) {
    const a = edgesFrom[e]!;
    const b = edgesTo[e]!;
    neighbors[fill[a]!++] = b;
    neighbors[fill[b]!++] = a;
  }
  return { numVertices, dimension, coordinates, offsets, neighbors };
}

/** Options shared by the ground-truth walk generators. */
export interface WalkOptions {
  /** Number of steps; the walk has numSteps + 1 snapshots at times 0..numSteps (integer ≥ 1). */
  numSteps: number;
  /** Number of independent walkers (default 1). */
  numWalkers?: number;
  /** Seed (default 0); walker i uses deriveSeed(seed, i). */
  seed?: Seed;
}

/** @internal Validates the shared walk options (numSteps in [1, 1e8], numWalkers ≥ 1). */
export function checkWalkOptions(fn: string, options: WalkOptions): { numSteps: number; numWalkers: number; seed: Seed } {
  const numSteps = options.numSteps;
  if (!Number.isInteger(numSteps) || numSteps < 1 || numSteps > 1e8) throw new RangeError(`${fn}: numSteps must be an integer in [1, 1e8], got ${numSteps}`);
  const numWalkers = options.numWalkers ?? 1;
  if (!Number.isInteger(numWalkers) || numWalkers < 1) throw new RangeError(`${fn}: numWalkers must be an integer ≥ 1, got ${numWalkers}`);
  return { numSteps, numWalkers, seed: options.seed ?? 0 };
}

/** @internal Times 0, 1, ..., numSteps. */
export function stepTimes(numSteps: number): Float64Array {
  const t = new Float64Array(numSteps + 1);
  for (let i = 0; i <= numSteps; i++) t[i] = i;
  return t;
}

/** One simple random walk on a graph (uniform neighbour each step); returns the vertex sequence. */
export function walkVertices(graph: EmbeddedGraph, start: number, numSteps: number, random: Random): Int32Array {
  const path = new Int32Array(numSteps + 1);
  let v = start;
  path[0] = v;
  const { offsets, neighbors } = graph;
  for (let s = 1; s <= numSteps; s++) {
    const lo = offsets[v]!;
    const deg = offsets[v + 1]! - lo;
    if (deg > 0) v = neighbors[lo + random.integer(deg)]!;
    path[s] = v;
  }
  return path;
}

/** The coordinates of a vertex sequence as a walk. */
export function verticesToWalk(graph: EmbeddedGraph, path: Int32Array): Walk {
  const d = graph.dimension;
  const positions = new Float64Array(path.length * d);
  for (let i = 0; i < path.length; i++) for (let j = 0; j < d; j++) positions[i * d + j] = graph.coordinates[path[i]! * d + j]!;
  return { positions, times: stepTimes(path.length - 1), dimension: d };
}

/**
 * Simple random walks on an embedded graph: each step moves to a uniformly chosen neighbour.
 *
 * @param graph the graph; options.numSteps, numWalkers (default 1), seed (default 0);
 * options.start a vertex index, or "random" for a uniform vertex per walker (default 0).
 * @returns numWalkers walks of numSteps + 1 snapshots (times 0..numSteps) in the graph's coordinates.
 * @throws RangeError for a start vertex out of range or invalid step counts.
 * @example
 * const path = graphFromEdges(2, 1, new Float64Array([0, 1]), [0], [1]);
 * randomWalkOnGraph(path, { numSteps: 3 })[0].positions; // Float64Array [0, 1, 0, 1]
 */
export function randomWalkOnGraph(graph: EmbeddedGraph, options: WalkOptions & { start?: number | "random" }): Walk[] {
  const fn = "randomWalkOnGraph";
  const { numSteps, numWalkers, seed } = checkWalkOptions(fn, options);
  const start = options.start ?? 0;
  if (start !== "random" && (!Number.isInteger(start) || start < 0 || start >= graph.numVertices)) {
    throw new RangeError(`${fn}: start must be "random" or an integer in [0, ${graph.numVertices - 1}], got ${start}`);
  }
  const walks: Walk[] = [];
  for (let w = 0; w < numWalkers; w++) {
    const random = createRandom(deriveSeed(seed, w));
    const s = start === "random" ? random.integer(graph.numVertices) : start;
    walks.push(verticesToWalk(graph, walkVertices(graph, s, numSteps, random)));
  }
  return walks;
}
