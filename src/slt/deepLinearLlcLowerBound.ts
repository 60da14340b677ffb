/** What is known of the local learning coefficient of a deep linear network at a point of its true set. */
import { aoyagiLearningCoefficient } from "./aoyagiLearningCoefficient";
import { deepLinearLayerOffsets, deepLinearPartialProduct } from "./deepLinearProducts";

/** Options of {@link deepLinearLlcLowerBound} (all optional). */
export interface DeepLinearLlcLowerBoundOptions {
  /**
   * Relative tolerance of the rank decision (default 1e-5): a pivot whose residual norm is below this
   * fraction of the largest column norm counts as zero. Parameters stored as float32 leave the
   * directions that are exactly flat at about 1e-7 of the largest, while kept directions of the
   * networks drawn here sit above about 1e-3; `gap` reports how clearly the two are apart.
   */
  relTol?: number;
}

/** A certified lower bound of the local learning coefficient of a deep linear network at a true parameter. */
export interface DeepLinearLlcLowerBound {
  /** Rank of the Jacobian J = d vec(W_L ... W_1) / dw at w: the rank of the Hessian of L_n at a true parameter. */
  rank: number;
  /** rank / 2: the local learning coefficient at w is at least this (the Jacobian bound). */
  jacobianBound: number;
  /** The local learning coefficient at w from the reduction of w (exact when `exact`, else a lower bound). */
  reduction: DeepLinearReduction;
  /**
   * Aoyagi's lambda at the rank of W_L ... W_1 at w: the smallest local coefficient over the true set,
   * so a lower bound at every point of it.
   */
  aoyagiBound: number;
  /** max(jacobianBound, reduction.lambda, aoyagiBound): the local learning coefficient at w is at least this. */
  bound: number;
  /** True when `bound` is the local learning coefficient itself (the reduction ends with one or two layers). */
  exact: boolean;
  /**
   * Residual norm of the last pivot kept over that of the first dropped (Infinity when none is
   * dropped, or when the dropped ones are exactly zero): how clearly the rank stands apart from rounding.
   */
  gap: number;
  /** Rank of each layer W_1 ... W_L at the same tolerance (for the reader: how singular the point is). */
  layerRanks: number[];
}

/**
 * The local learning coefficient of a deep linear network at w, from the ranks of the partial
 * products W_j ... W_i at w (see {@link deepLinearLlcLowerBound}).
 */
export interface DeepLinearReduction {
  /** The layers left after merging, as [first, last] original layer indices (1-based) of each merged layer. */
  groups: [number, number][];
  /** Widths of the merged network [H_0, ..., H_L] (the hidden widths the merges keep). */
  widths: number[];
  /** Rank of each merged layer at w. */
  ranks: number[];
  /** The local learning coefficient at w when `exact`; otherwise the largest bound over the cuts. */
  lambda: number;
  /** True when one or two layers are left: then `lambda` is the local learning coefficient at w. */
  exact: boolean;
  /** The hidden layer (index into the original widths) of the cut that gave `lambda`; null for one layer. */
  cut: number | null;
  /** The smallest gap of the rank decisions of the partial products (as `gap` of the Jacobian rank). */
  gap: number;
}

/**
 * Numerical rank of the columns of a matrix (column-major, `count` columns of length `length`) by
 * Gram-Schmidt with column pivoting and one reorthogonalisation: returns the rank and the gap
 * between the last kept and the first dropped residual norm.
 */
function pivotedRank(columns: Float64Array, length: number, count: number, relTol: number): { rank: number; gap: number } {
  const norms = new Float64Array(count);
  let largest = 0;
  for (let c = 0; c < count; c++) {
    let s = 0;
    for (let i = 0; i < length; i++) s += columns[c * length + i]! ** 2;
    norms[c] = Math.sqrt(s);
    largest = Math.max(largest, norms[c]!);
  }
  if (largest === 0) return { rank: 0, gap: Infinity };
  const done = new Uint8Array(count);
  const basis: Float64Array[] = [];
  let lastKept = largest;
  for (;;) {
    let pick = -1, best = 0;
    for (let c = 0; c < count; c++) if (!done[c] && norms[c]! > best) [pick, best] = [c, norms[c]!];
    if (pick < 0 || best <= relTol * largest || basis.length === length) {
      return { rank: basis.length, gap: pick < 0 || best === 0 || basis.length === length ? Infinity : lastKept / best };
    }
    done[pick] = 1;
    const q = columns.slice(pick * length, (pick + 1) * length);
    // Second pass against the basis: Gram-Schmidt loses orthogonality when columns are nearly dependent.
    for (const b of basis) {
      let dot = 0;
      for (let i = 0; i < length; i++) dot += b[i]! * q[i]!;
      for (let i = 0; i < length; i++) q[i]! -= dot * b[i]!;
    }
    let qn = 0;
    for (let i = 0; i < length; i++) qn += q[i]! ** 2;
    qn = Math.sqrt(qn);
    if (qn <= relTol * largest) {
      norms[pick] = qn;
      continue;
    }
    for (let i = 0; i < length; i++) q[i]! /= qn;
    basis.push(q);
    lastKept = qn;
    for (let c = 0; c < count; c++) {
      if (done[c]) continue;
      const off = c * length;
      let dot = 0;
      for (let i = 0; i < length; i++) dot += q[i]! * columns[off + i]!;
      let s = 0;
      for (let i = 0; i < length; i++) {
        const v = (columns[off + i]! -= dot * q[i]!);
        s += v * v;
      }
      norms[c] = Math.sqrt(s);
    }
  }
}

/** The learning coefficient of two layers N -> H -> M at the origin (Aoyagi & Watanabe); 0 when a width is 0. */
function twoLayersAtOrigin(n: number, h: number, m: number): number {
  return n > 0 && h > 0 && m > 0 ? aoyagiLearningCoefficient([n, h, m], 0).lambda : 0;
}

/**
 * The local learning coefficient of a two-layer linear network x -> B A x (reduced-rank regression)
 * at any point of its true set: A (H x N) of rank a, B (M x H) of rank b, B A of rank r.
 *
 * Symbol: with a' = a - r and b' = b - r,
 *   lambda = [r (N + M - r) + b' (N - r) + a' (M - r - b')] / 2 + lambda_0(N - a, H - a - b + r, M - b),
 * lambda_0 the coefficient of two layers at the origin (Aoyagi & Watanabe 2005). Proof sketch:
 * 1. In bases where A and B are block diagonal with an r x r identity block, P = B_11 A_11 + B_12 A_21,
 *    Q = B_11 A_12 + B_12 A_22 and R = B_21 A_11 + B_22 A_21 are local coordinates (a triangular change
 *    of variables), and the last block of B A is R P^-1 Q + B^_22 A~_22 with the Schur complements
 *    A~_22 = A_22 - A_21 A_11^-1 A_12 and B^_22 = B_22 - B~_21 B~_11^-1 B_12, again coordinates, equal to
 *    A_22 and B_22 at the point. Near the point |R P^-1 Q|^2 <= |Q|^2 / 2, so the loss is within a
 *    factor 2 of |P - I|^2 + |Q|^2 + |R|^2 + |B^_22 A~_22|^2 (Aoyagi & Watanabe's reduction, valid at any
 *    A_22, B_22 with B_22 A_22 = 0).
 * 2. With B A = 0 at the point: split the hidden space into a complement U_b of ker B (dim b'), range A
 *    (dim a') and the rest U_0; project the rows of B A onto range(B_b) and onto its orthogonal
 *    complement (an orthonormal frame V(B_b), analytic in B_b), and the columns of the second part onto
 *    rowspace(A_a) and its complement (a frame W(A_a)). The squared norm splits exactly into
 *    |B_b A_b'|^2 + |D_a' A_a|^2 + |D_0 G_0|^2 with A_b' = A_b + B_b^+ (B_a A_a + B_0 A_0),
 *    D_a' = V^T (B_a + B_0 A_0 A_a^+), D_0 = V^T B_0 and G_0 = A_0 W: a triangular, invertible change of
 *    coordinates. B_b has full column rank and A_a full row rank, so the first two terms are quadratic
 *    (b' (N - r) and (M - r - b') a' coordinates) and the last is two layers at the origin.
 * Coefficients of functions of disjoint coordinates add. Checked by Monte Carlo (beta E_beta[K] at
 * beta = 1e5 of a Gibbs sampler near the point) on four points where this exceeds Aoyagi's lambda
 * (3-2-6 at a = 1: 4.00 against 4; 3-3-5 at a = 2, b = r = 1: 5.99 against 6).
 * At a = b = r this is Aoyagi & Watanabe's coefficient at rank r; it equals rank(J) / 2 plus the last term.
 *
 * @returns lambda, dimensionless: at least Aoyagi's lambda at rank r, at most (N H + H M) / 2, and N M / 2
 *   (a regular model) when a = N or b = M.
 * @throws RangeError when the widths are not integers >= 1 or the ranks are impossible for them.
 * @example
 * twoLayerLocalLearningCoefficient(1, 1, 1, 1, 0, 0); // 0.5: K = (w1 w2)^2 at w1 = 1 is quadratic in w2
 * twoLayerLocalLearningCoefficient(17, 7, 14, 0, 2, 0); // 47 = 17 + lambda_0(17, 5, 12)
 */
export function twoLayerLocalLearningCoefficient(n: number, h: number, m: number, a: number, b: number, r: number): number {
  const fn = "twoLayerLocalLearningCoefficient";
  for (const [name, v] of [["N", n], ["H", h], ["M", m]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: ${name} must be an integer >= 1, got ${v}`);
  }
  const ok = [a, b, r].every((v) => Number.isInteger(v) && v >= 0) && a <= Math.min(n, h) && b <= Math.min(h, m) && r <= Math.min(a, b) && a + b - r <= h;
  if (!ok) {
    throw new RangeError(`${fn}: ranks a = ${a}, b = ${b}, r = ${r} are impossible for widths ${n}-${h}-${m} (need a <= min(N, H), b <= min(H, M), r <= min(a, b), a + b - r <= H)`);
  }
  const a1 = a - r, b1 = b - r;
  const quadratic = r * (n + m - r) + b1 * (n - r) + a1 * (m - r - b1);
  return quadratic / 2 + twoLayersAtOrigin(n - a, h - a - b + r, m - b);
}

/**
 * Merges layers while a merge keeps the loss's local coefficient, then reads it (one or two layers
 * left) or bounds it from below (more). Ranks r(i, j) = rank(W_j ... W_i) come from `rankOf`.
 *
 * 1. Merge: when W_(i+1) has full row rank or W_i full column rank, (W_i, W_(i+1)) -> W_(i+1) W_i is a
 *    submersion at w, so the merged network has the same local coefficient at the merged point
 *    (the other coordinates are free). Merged layers merge again by the same rule.
 * 2. One layer left: a regular model, H_0 H_L / 2. Two: {@link twoLayerLocalLearningCoefficient}.
 * 3. More: for each cut at a hidden vertex v between merged layers k and k + 1, with A = the product up
 *    to v and B the rest, K >= c |P (B A - W0) Q|^2 for the projections P onto range(C) and Q onto
 *    rowspace(D), where B = C G_(k+1) and A = G_k D. (P B, A Q) is a submersion at w (G_k and G_(k+1)
 *    are free coordinates), so the local coefficient is at least that of two layers of widths
 *    rank D -> H_v -> rank C at ranks (rank A, rank B, rank B A).
 */
function reduce(widths: readonly number[], rankOf: (i: number, j: number) => number): Omit<DeepLinearReduction, "gap"> {
  const L = widths.length - 1;
  // rank of the product of original layers i..j (1-based); of no layers (j = i - 1) the width H_(i-1).
  const rank = (i: number, j: number): number => (j < i ? widths[i - 1]! : rankOf(i, j));
  let groups: [number, number][] = Array.from({ length: L }, (_, l) => [l + 1, l + 1]);
  for (let merged = true; merged && groups.length > 1; ) {
    merged = false;
    for (let k = 0; k + 1 < groups.length; k++) {
      const [s0, e0] = groups[k]!, [s1, e1] = groups[k + 1]!;
      const firstInjective = rank(s0, e0) === widths[s0 - 1]!, secondSurjective = rank(s1, e1) === widths[e1]!;
      if (firstInjective || secondSurjective) {
        groups = [...groups.slice(0, k), [s0, e1], ...groups.slice(k + 2)];
        merged = true;
        break;
      }
    }
  }
  const mergedWidths = [widths[0]!, ...groups.map(([, e]) => widths[e]!)];
  const ranks = groups.map(([s, e]) => rank(s, e));
  if (groups.length === 1) return { groups, widths: mergedWidths, ranks, lambda: (widths[0]! * widths[L]!) / 2, exact: true, cut: null };
  const r = rank(1, L);
  let best = -Infinity, cut = -1;
  let consistent = true;
  for (let k = 0; k + 1 < groups.length; k++) {
    const v = groups[k]![1], h = widths[v]!;
    const n = rank(1, groups[k]![0] - 1), m = rank(groups[k + 1]![1] + 1, L), a = rank(1, v), b = rank(v + 1, L);
    // Ranks decided one product at a time can contradict each other when a singular value sits near
    // the tolerance (Sylvester's inequality broken): such a cut proves nothing and is skipped.
    if (!(a <= Math.min(n, h) && b <= Math.min(h, m) && r <= Math.min(a, b) && a + b - r <= h)) {
      consistent = false;
      continue;
    }
    const lambda = n > 0 && m > 0 ? twoLayerLocalLearningCoefficient(n, h, m, a, b, r) : 0;
    if (lambda > best) [best, cut] = [lambda, v];
  }
  if (cut < 0) return { groups, widths: mergedWidths, ranks, lambda: 0, exact: false, cut: null };
  return { groups, widths: mergedWidths, ranks, lambda: best, exact: groups.length === 2 && consistent, cut };
}

/**
 * A certified lower bound of the local learning coefficient of a deep linear network at a point w of
 * its true set, and its exact value where the point allows: the largest of three bounds.
 *
 * 1. Jacobian bound, lambda(w) >= rank(J) / 2, J the Jacobian of the end-to-end map W_L ... W_1 at w.
 * 2. Reduction (`reduction`, from the ranks of the partial products W_j ... W_i at w): layers merge
 *    while a merge keeps the local coefficient (a layer of full row rank with the one before it, a
 *    layer of full column rank with the one after it); with one or two layers left the local
 *    coefficient is known exactly (a regular model; {@link twoLayerLocalLearningCoefficient}), and
 *    with more, each cut between merged layers bounds it from below by two layers on a projection of
 *    the loss. At the most singular point this never exceeds Aoyagi's lambda, and equals it for two
 *    layers (tested); at a generic point it can exceed it by far (17-10-7-19-18 at rank 0 with W_1 = 0
 *    and W_2 of full row rank: at least 47, against Aoyagi's 35 and rank(J) / 2 = 17).
 * 3. Aoyagi's lambda at the rank of the end-to-end map: the smallest local coefficient over the true
 *    set, so a bound everywhere on it (the largest of the three at the most singular point).
 *
 * Jacobian bound: with f(w) = vec(W_L ... W_1 - W0) and inputs of full-rank covariance S, the population loss
 * is K(w) = (1/2) tr(f S f^T) >= c |f(w)|^2. When J = df/dw has rank k at w, k components of f can be
 * taken as local coordinates u, so {K < t} lies within {|u|^2 < t / c}, whose volume scales like
 * t^(k/2): lambda(w) >= k / 2 (paper.md, "What lambda measures"; Watanabe 2009, the volume definition
 * of the real log canonical threshold). Aoyagi's lambda is the smallest local coefficient over the
 * whole true set, attained at its most singular points; at a less singular point the local
 * coefficient can be larger, and when this bound exceeds Aoyagi's lambda it provably is, so Aoyagi's
 * lambda is not the value an LLC estimate at that point should reach.
 * The column of J for entry (a, b) of W_l is vec(A_l e_a e_b^T B_l), with A_l = W_L ... W_(l+1) and
 * B_l = W_(l-1) ... W_1.
 *
 * @param widths layer widths [H_0 (input), ..., H_L (output)], integers >= 1, at least 2 entries.
 * @param params the flat parameters (layers W_1 ... W_L, each H_l x H_(l-1) row-major, as
 *   createDeepLinearNetworkLoss stores them), length sum H_l H_(l-1).
 * @param options relTol of the rank decision.
 * @returns rank of J and its bound rank / 2, the reduction, Aoyagi's bound, the largest bound and whether it is exact,
 *   the gap of the Jacobian's rank decision and the layer ranks.
 * @throws RangeError for invalid widths, a params length that does not match, a non-finite
 *   parameter or relTol outside (0, 1).
 * @example
 * deepLinearLlcLowerBound([1, 1, 1], [1, 0]).bound; // 0.5 (K = (w1 w2)^2 / 2 is quadratic in w2 there)
 * deepLinearLlcLowerBound([1, 1, 1], [0, 0]).bound; // 0.5, exact (the origin: rank(J) = 0, but K = (w1 w2)^2 / 2 has lambda 1/2)
 *
 * Complexity O(rank x H_0 H_L x d) for d parameters, plus the L (L + 1) / 2 partial products and their ranks.
 */
export function deepLinearLlcLowerBound(widths: readonly number[], params: ArrayLike<number>, options: DeepLinearLlcLowerBoundOptions = {}): DeepLinearLlcLowerBound {
  const fn = "deepLinearLlcLowerBound";
  if (!Array.isArray(widths) || widths.length < 2 || widths.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new RangeError(`${fn}: widths must be at least 2 integers >= 1, got ${JSON.stringify(widths)}`);
  }
  const offsets = deepLinearLayerOffsets(widths);
  const L = widths.length - 1, d = offsets[L]!;
  if (params.length !== d) throw new RangeError(`${fn}: params must have ${d} entries for widths ${widths.join("-")}, got ${params.length}`);
  for (let i = 0; i < d; i++) if (!Number.isFinite(params[i]!)) throw new RangeError(`${fn}: params[${i}] must be finite, got ${params[i]}`);
  const relTol = options.relTol ?? 1e-5;
  if (!(relTol > 0 && relTol < 1)) throw new RangeError(`${fn}: relTol must be in (0, 1), got ${relTol}`);
  const h0 = widths[0]!, hL = widths[L]!, length = h0 * hL;
  const columns = new Float64Array(d * length);
  for (let l = 1; l <= L; l++) {
    const after = deepLinearPartialProduct(widths, offsets, params, l + 1, L); // H_L x H_l
    const before = deepLinearPartialProduct(widths, offsets, params, 1, l - 1); // H_(l-1) x H_0
    const rows = widths[l]!, cols = widths[l - 1]!;
    for (let a = 0; a < rows; a++) {
      for (let b = 0; b < cols; b++) {
        const off = (offsets[l - 1]! + a * cols + b) * length;
        for (let i = 0; i < hL; i++) {
          const left = after[i * rows + a]!;
          if (left !== 0) for (let j = 0; j < h0; j++) columns[off + i * h0 + j] = left * before[b * h0 + j]!;
        }
      }
    }
  }
  const { rank, gap } = pivotedRank(columns, length, d, relTol);
  // Ranks of the partial products W_j ... W_i (rows of the row-major H_j x H_(i-1) product as columns).
  const table = new Map<number, { rank: number; gap: number }>();
  const ranked = (i: number, j: number): { rank: number; gap: number } => {
    const key = i * (L + 2) + j;
    let entry = table.get(key);
    if (!entry) table.set(key, (entry = pivotedRank(deepLinearPartialProduct(widths, offsets, params, i, j), widths[i - 1]!, widths[j]!, relTol)));
    return entry;
  };
  const layerRanks = Array.from({ length: L }, (_, l) => ranked(l + 1, l + 1).rank);
  const reduced = reduce(widths, (i, j) => ranked(i, j).rank);
  const reduction: DeepLinearReduction = { ...reduced, gap: Math.min(...[...table.values()].map((e) => e.gap)) };
  const jacobianBound = rank / 2;
  const aoyagiBound = aoyagiLearningCoefficient(widths, ranked(1, L).rank).lambda;
  const bound = Math.max(jacobianBound, reduction.lambda, aoyagiBound);
  // An exact value below another proven bound can only come from rank decisions that contradict each other.
  return { rank, jacobianBound, reduction, aoyagiBound, bound, exact: reduction.exact && reduction.lambda === bound, gap, layerRanks };
}
