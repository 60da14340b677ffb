import { checkDistribution } from "./discreteDistribution";

/** An optimal coupling of two discrete distributions and its cost. */
export interface OptimalTransport {
  /** W_1(p, q) = sum_ij plan_ij cost_ij, in the units of the ground metric. */
  distance: number;
  /** The optimal plan, row-major K x L: row i sums to p_i, column j to q_j. */
  plan: Float64Array;
}

/**
 * The exact optimal transport between two discrete distributions under a ground cost: the
 * 1-Wasserstein (earth mover's) distance when the cost is a metric.
 *
 * W_1(p, q) = min over couplings pi with marginals p and q of sum_ij pi_ij C_ij (Kantorovich).
 * Variant: solved exactly as a min-cost flow (successive shortest augmenting paths, Bellman–Ford on
 * the residual network, which allows the negative reduced costs of reverse arcs); with K and L
 * categories each augmentation saturates a supply, a demand or a reverse arc, so it needs at most a
 * few times K + L of them. Residual capacities below 1e-13 count as zero, so the plan's marginals match p and q to
 * about 1e-13 per category. Suitable for the tens of clusters
 * of a cluster-level comparison, not for large histograms.
 *
 * Choice of ground metric (documented where it is used): between clusters of trained networks the
 * project uses the distance between the clusters' representatives in function space (RMS difference
 * of their predicted class probabilities on a probe grid), so that moving mass between two clusters
 * that compute almost the same function costs almost nothing. With the 0/1 metric (C_ij = 1 for
 * i ≠ j) W_1 is the total-variation distance.
 *
 * @param p source distribution, K entries ≥ 0 summing to 1.
 * @param q target distribution, L entries ≥ 0 summing to 1.
 * @param cost ground cost, row-major K x L (or an array of K rows), finite and ≥ 0.
 * @returns the {@link OptimalTransport}: distance and plan.
 * @throws RangeError when p or q is not a probability vector or the cost has the wrong shape or a
 *   negative or non-finite entry; Error if the flow fails to converge (not expected).
 * @example
 * optimalTransport([1, 0], [0, 1], [[0, 2], [2, 0]]).distance; // 2
 * optimalTransport([0.5, 0.5, 0], [0, 0.5, 0.5], [[0, 1, 2], [1, 0, 1], [2, 1, 0]]).distance; // 1
 * @complexity O((K + L) * K L (K + L)) in the worst case (Bellman–Ford per augmentation).
 */
export function optimalTransport(p: ArrayLike<number>, q: ArrayLike<number>, cost: ArrayLike<number> | ArrayLike<ArrayLike<number>>): OptimalTransport {
  const fn = "optimalTransport";
  const a = checkDistribution(fn, "p", p);
  const b = checkDistribution(fn, "q", q);
  const K = a.length, L = b.length;
  const C = flattenCost(fn, cost, K, L);
  // Nodes: 0 = source, 1..K = supplies, K+1..K+L = demands, K+L+1 = sink.
  const n = K + L + 2, source = 0, sink = K + L + 1;
  const from: number[] = [], to: number[] = [], cap: number[] = [], cst: number[] = [];
  const addArc = (u: number, v: number, c: number, w: number): void => {
    from.push(u, v); to.push(v, u); cap.push(c, 0); cst.push(w, -w);
  };
  for (let i = 0; i < K; i++) addArc(source, 1 + i, a[i]!, 0);
  const firstTransportArc = from.length;
  for (let i = 0; i < K; i++) for (let j = 0; j < L; j++) addArc(1 + i, 1 + K + j, Infinity, C[i * L + j]!);
  for (let j = 0; j < L; j++) addArc(1 + K + j, sink, b[j]!, 0);
  // Residual capacities below EPS are snapped to zero: float64 leftovers of subtractions (~1e-16)
  // would otherwise open arcs of negative reduced cost and with them negative cycles.
  const EPS = 1e-13;
  const dist = new Float64Array(n);
  const via = new Int32Array(n);
  let remaining = 1;
  const maxAugmentations = 10 * (K + L) * (K + L) + 100;
  for (let iter = 0; remaining > EPS; iter++) {
    if (iter > maxAugmentations) throw new Error(`${fn}: the min-cost flow did not converge after ${maxAugmentations} augmentations (remaining mass ${remaining})`);
    dist.fill(Infinity);
    via.fill(-1);
    dist[source] = 0;
    for (let round = 0; round < n; round++) {
      let changed = false;
      for (let e = 0; e < from.length; e++) {
        if (cap[e]! <= EPS) continue;
        const u = from[e]!;
        if (dist[u] === Infinity) continue;
        const d = dist[u]! + cst[e]!;
        if (d < dist[to[e]!]! - 1e-14) {
          dist[to[e]!] = d;
          via[to[e]!] = e;
          changed = true;
        }
      }
      if (!changed) break;
    }
    if (dist[sink] === Infinity) break; // remaining mass is rounding residue
    let push = Infinity;
    let hops = 0;
    for (let v = sink; v !== source; v = from[via[v]!]!) {
      push = Math.min(push, cap[via[v]!]!);
      if (++hops > n) throw new Error(`${fn}: a negative cycle appeared in the residual network (numerical failure)`);
    }
    for (let v = sink; v !== source; v = from[via[v]!]!) {
      const e = via[v]!;
      cap[e] = cap[e]! - push;
      if (cap[e]! < EPS) cap[e] = 0;
      cap[e ^ 1] = cap[e ^ 1]! + push;
    }
    remaining -= push;
  }
  const plan = new Float64Array(K * L);
  let distance = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < L; j++) {
      const e = firstTransportArc + 2 * (i * L + j);
      const flow = cap[e + 1]!; // flow on an arc = capacity of its reverse arc
      plan[i * L + j] = flow;
      distance += flow * C[i * L + j]!;
    }
  }
  return { distance, plan };
}

/**
 * The 1-Wasserstein distance between two discrete distributions under a ground metric: the cost of
 * {@link optimalTransport}.
 *
 * @param p source distribution, K entries; @param q target, L entries; @param cost K x L ground metric.
 * @returns W_1(p, q) in the units of the ground metric.
 * @throws as {@link optimalTransport}.
 * @example
 * wassersteinDistance([0.5, 0.5], [0.25, 0.75], [[0, 1], [1, 0]]); // 0.25
 */
export function wassersteinDistance(p: ArrayLike<number>, q: ArrayLike<number>, cost: ArrayLike<number> | ArrayLike<ArrayLike<number>>): number {
  return optimalTransport(p, q, cost).distance;
}

function flattenCost(fn: string, cost: ArrayLike<number> | ArrayLike<ArrayLike<number>>, K: number, L: number): Float64Array {
  const out = new Float64Array(K * L);
  if (cost.length > 0 && typeof cost[0] === "object") {
    const rows = cost as ArrayLike<ArrayLike<number>>;
    if (rows.length !== K) throw new RangeError(`${fn}: cost must have ${K} rows (one per entry of p), got ${rows.length}`);
    for (let i = 0; i < K; i++) {
      const row = rows[i]!;
      if (row.length !== L) throw new RangeError(`${fn}: cost[${i}] must have ${L} entries (one per entry of q), got ${row.length}`);
      for (let j = 0; j < L; j++) out[i * L + j] = row[j]!;
    }
  } else {
    const flat = cost as ArrayLike<number>;
    if (flat.length !== K * L) throw new RangeError(`${fn}: cost must have K x L = ${K * L} entries (row-major), got ${flat.length}`);
    for (let k = 0; k < K * L; k++) out[k] = flat[k]!;
  }
  for (let k = 0; k < out.length; k++) {
    if (!(out[k]! >= 0) || !Number.isFinite(out[k]!)) {
      throw new RangeError(`${fn}: cost entries must be finite numbers ≥ 0, got ${out[k]} at row ${Math.floor(k / L)}, column ${k % L}`);
    }
  }
  return out;
}
