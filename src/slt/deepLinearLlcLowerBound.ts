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
  /** rank / 2: the local learning coefficient at w is at least this. */
  bound: number;
  /**
   * Residual norm of the last pivot kept over that of the first dropped (Infinity when none is
   * dropped, or when the dropped ones are exactly zero): how clearly the rank stands apart from rounding.
   */
  gap: number;
  /** Rank of each layer W_1 ... W_L at the same tolerance (for the reader: how singular the point is). */
  layerRanks: number[];
}

/** Offsets of the layers W_1 ... W_L in the flat vector (entry L is the parameter count). */
function offsetsOf(widths: readonly number[]): number[] {
  const offsets = [0];
  for (let l = 1; l < widths.length; l++) offsets.push(offsets[l - 1]! + widths[l]! * widths[l - 1]!);
  return offsets;
}

/** Product W_hi ... W_lo (1-based layer indices; the identity of size H_(lo-1) when hi < lo), row-major. */
function partialProduct(widths: readonly number[], offsets: readonly number[], params: ArrayLike<number>, lo: number, hi: number): Float64Array {
  const h = widths[lo - 1]!;
  let map = new Float64Array(h * h);
  for (let i = 0; i < h; i++) map[i * h + i] = 1;
  for (let l = lo; l <= hi; l++) {
    const rows = widths[l]!, cols = widths[l - 1]!, off = offsets[l - 1]!;
    const next = new Float64Array(rows * h);
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < cols; k++) {
        const w = params[off + i * cols + k]!;
        if (w !== 0) for (let j = 0; j < h; j++) next[i * h + j]! += w * map[k * h + j]!;
      }
    }
    map = next;
  }
  return map;
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

/**
 * A certified lower bound of the local learning coefficient of a deep linear network at a point w of
 * its true set: lambda(w) >= rank(J) / 2, J the Jacobian of the end-to-end map W_L ... W_1 at w.
 *
 * Symbol: with f(w) = vec(W_L ... W_1 - W0) and inputs of full-rank covariance S, the population loss
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
 * @returns rank of J, the bound rank / 2, the gap of the rank decision and the layer ranks.
 * @throws RangeError for invalid widths, a params length that does not match, a non-finite
 *   parameter or relTol outside (0, 1).
 * @example
 * deepLinearLlcLowerBound([1, 1, 1], [1, 0]).bound; // 0.5 (K = (w1 w2)^2 / 2 is quadratic in w2 there)
 * deepLinearLlcLowerBound([1, 1, 1], [0, 0]).bound; // 0 (the origin: nothing quadratic)
 *
 * Complexity O(rank x H_0 H_L x d) for d parameters, plus the partial products.
 */
export function deepLinearLlcLowerBound(widths: readonly number[], params: ArrayLike<number>, options: DeepLinearLlcLowerBoundOptions = {}): DeepLinearLlcLowerBound {
  const fn = "deepLinearLlcLowerBound";
  if (!Array.isArray(widths) || widths.length < 2 || widths.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new RangeError(`${fn}: widths must be at least 2 integers >= 1, got ${JSON.stringify(widths)}`);
  }
  const offsets = offsetsOf(widths);
  const L = widths.length - 1, d = offsets[L]!;
  if (params.length !== d) throw new RangeError(`${fn}: params must have ${d} entries for widths ${widths.join("-")}, got ${params.length}`);
  for (let i = 0; i < d; i++) if (!Number.isFinite(params[i]!)) throw new RangeError(`${fn}: params[${i}] must be finite, got ${params[i]}`);
  const relTol = options.relTol ?? 1e-5;
  if (!(relTol > 0 && relTol < 1)) throw new RangeError(`${fn}: relTol must be in (0, 1), got ${relTol}`);
  const h0 = widths[0]!, hL = widths[L]!, length = h0 * hL;
  const columns = new Float64Array(d * length);
  for (let l = 1; l <= L; l++) {
    const after = partialProduct(widths, offsets, params, l + 1, L); // H_L x H_l
    const before = partialProduct(widths, offsets, params, 1, l - 1); // H_(l-1) x H_0
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
  const layerRanks = Array.from({ length: L }, (_, l) => {
    const rows = widths[l + 1]!, cols = widths[l]!;
    // Columns of W_l^T (length cols, rows of them): the rank of W_l.
    const t = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[i * cols + j] = params[offsets[l]! + i * cols + j]!;
    return pivotedRank(t, cols, rows, relTol).rank;
  });
  return { rank, bound: rank / 2, gap, layerRanks };
}
