import type { Walk } from "../diffusion/walk";
import { createRandom, deriveSeed, type Random } from "../util/random";
import { checkWalkOptions, graphFromEdges, verticesToWalk, walkVertices, type EmbeddedGraph, type WalkOptions } from "./embeddedGraph";

/** Site-percolation threshold of the square lattice (Jacobsen 2015: 0.59274605079...). */
export const SQUARE_SITE_PERCOLATION_THRESHOLD = 0.592746050792;

/** Exponents of the 2-D critical percolation cluster: d_f = 91/48 exactly, d_s ≈ 4/3, d_w ≈ 2.87. */
export const CRITICAL_PERCOLATION_2D = {
  fractalDimension: 91 / 48,
  spectralDimension: 4 / 3,
  walkDimension: 2.878,
} as const;

/**
 * The largest cluster of one L x L site-percolation sample (open boundaries) as a graph with unit edges.
 *
 * @param size L, an integer in [4, 4096]; probability site occupation probability in (0, 1]
 * (default {@link SQUARE_SITE_PERCOLATION_THRESHOLD}); random the generator.
 * @returns an {@link EmbeddedGraph} of dimension 2 (vertex coordinates are lattice sites).
 */
export function largestPercolationCluster(size: number, random: Random, probability = SQUARE_SITE_PERCOLATION_THRESHOLD): EmbeddedGraph {
  const fn = "largestPercolationCluster";
  if (!Number.isInteger(size) || size < 4 || size > 4096) throw new RangeError(`${fn}: size must be an integer in [4, 4096], got ${size}`);
  if (!(probability > 0 && probability <= 1)) throw new RangeError(`${fn}: probability must be in (0, 1], got ${probability}`);
  const n = size * size;
  const open = new Uint8Array(n);
  for (let i = 0; i < n; i++) open[i] = random.uniform() < probability ? 1 : 0;
  const label = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let best = -1;
  let bestSize = 0;
  let clusters = 0;
  for (let s = 0; s < n; s++) {
    if (!open[s] || label[s]! >= 0) continue;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    label[s] = clusters;
    while (head < tail) {
      const v = queue[head++]!;
      const x = v % size;
      const y = (v - x) / size;
      const nb = [x > 0 ? v - 1 : -1, x < size - 1 ? v + 1 : -1, y > 0 ? v - size : -1, y < size - 1 ? v + size : -1];
      for (const u of nb) {
        if (u >= 0 && open[u] && label[u]! < 0) {
          label[u] = clusters;
          queue[tail++] = u;
        }
      }
    }
    if (tail > bestSize) {
      bestSize = tail;
      best = clusters;
    }
    clusters++;
  }
  if (best < 0) throw new Error(`${fn}: no open site in a ${size} x ${size} sample at probability ${probability}`);
  const id = new Int32Array(n).fill(-1);
  const coords = new Float64Array(2 * bestSize);
  let count = 0;
  for (let v = 0; v < n; v++) {
    if (label[v] !== best) continue;
    id[v] = count;
    coords[2 * count] = v % size;
    coords[2 * count + 1] = Math.floor(v / size);
    count++;
  }
  const from: number[] = [];
  const to: number[] = [];
  for (let v = 0; v < n; v++) {
    if (id[v]! < 0) continue;
    const x = v % size;
    if (x < size - 1 && id[v + 1]! >= 0) {
      from.push(id[v]!);
      to.push(id[v + 1]!);
    }
    if (v + size < n && id[v + size]! >= 0) {
      from.push(id[v]!);
      to.push(id[v + size]!);
    }
  }
  return graphFromEdges(count, 2, coords, from, to);
}

/**
 * Random walks on two-dimensional critical percolation clusters (the incipient infinite cluster),
 * d_w ≈ 2.87, d_s ≈ 4/3, d_f = 91/48.
 *
 * Variant: each walker gets its own L x L site-percolation sample at p_c (square lattice) and walks on
 * its largest cluster, which approximates the incipient infinite cluster, from a uniform site of that
 * cluster; "myopic ant" (a uniform occupied neighbour each step). Keep t^(1/d_w) ≪ L.
 *
 * @param options.size L (default 256); numSteps; numWalkers (default 1); seed (default 0).
 * @returns numWalkers planar walks on lattice sites, times 0..numSteps.
 * @throws RangeError for L out of range or invalid step counts.
 * @example
 * percolationClusterWalk({ size: 16, numSteps: 3 })[0].times; // Float64Array [0, 1, 2, 3]
 */
export function percolationClusterWalk(options: WalkOptions & { size?: number }): Walk[] {
  const { numSteps, numWalkers, seed } = checkWalkOptions("percolationClusterWalk", options);
  const size = options.size ?? 256;
  const walks: Walk[] = [];
  for (let w = 0; w < numWalkers; w++) {
    const random = createRandom(deriveSeed(seed, w));
    const graph = largestPercolationCluster(size, random);
    walks.push(verticesToWalk(graph, walkVertices(graph, random.integer(graph.numVertices), numSteps, random)));
  }
  return walks;
}
