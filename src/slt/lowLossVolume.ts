/** Options of {@link lowLossVolume}. */
export interface LowLossVolumeOptions {
  /** Half-width R of the square [-R, R]^2 around w* that is measured (default 1), > 0. */
  radius?: number;
  /** Quadrature points per axis and quadrant (default 800), an integer >= 50. */
  gridSize?: number;
  /** Smallest |w_i - w*_i| / R resolved (default 1e-12), in (0, 1); the strip inside it is ignored. */
  innerCutoff?: number;
}

/**
 * The volume (area) of the low-loss set {w : |w - w*|_inf <= R, K(w) < eps} of a two-parameter
 * excess loss K, for each threshold eps: what the learning coefficient measures, since
 * V(eps) ~ c eps^lambda (-log eps)^(m - 1) as eps -> 0 (paper.md, "Theory in one page"; Watanabe 2009).
 *
 * Variant: midpoint rule in log |w_i - w*_i| on each of the four quadrants (a grid uniform in log
 * coordinates resolves the thin cross-shaped sets of singular models at every scale), Jacobian
 * |w1 - w*_1| |w2 - w*_2|; the strips |w_i - w*_i| < innerCutoff R (area <= 8 innerCutoff R^2) are left out.
 *
 * @param excessLoss K(w1, w2) >= 0 with K(w*) = 0, e.g. (1/2) w1^2 w2^4 (any units: eps has the same).
 * @param thresholds eps values, each finite and > 0.
 * @param center w* (default the origin).
 * @param options radius R, gridSize, innerCutoff.
 * @returns volumes, one per threshold, in units of w^2 (at most (2R)^2).
 * @throws RangeError for empty or non-positive thresholds or options out of range.
 * @example
 * lowLossVolume((w1, w2) => w1 * w1 + w2 * w2, [0.01])[0]; // ≈ 0.0313
 *
 * (The exact area is pi eps = 0.0314; the difference is the quadrature error at gridSize 800.)
 *
 * Complexity O(gridSize^2 (1 + log thresholds)) evaluations of K.
 */
export function lowLossVolume(
  excessLoss: (w1: number, w2: number) => number,
  thresholds: readonly number[],
  center: readonly [number, number] = [0, 0],
  options: LowLossVolumeOptions = {},
): Float64Array {
  const fn = "lowLossVolume";
  if (!Array.isArray(thresholds) || thresholds.length === 0 || thresholds.some((t) => !(t > 0 && Number.isFinite(t)))) {
    throw new RangeError(`${fn}: thresholds must be a non-empty array of finite numbers > 0, got ${JSON.stringify(thresholds)}`);
  }
  const radius = options.radius ?? 1;
  if (!(radius > 0 && Number.isFinite(radius))) throw new RangeError(`${fn}: radius must be a finite number > 0, got ${options.radius}`);
  const size = options.gridSize ?? 800;
  if (!Number.isInteger(size) || size < 50) throw new RangeError(`${fn}: gridSize must be an integer >= 50, got ${options.gridSize}`);
  const cutoff = options.innerCutoff ?? 1e-12;
  if (!(cutoff > 0 && cutoff < 1)) throw new RangeError(`${fn}: innerCutoff must be in (0, 1), got ${options.innerCutoff}`);
  const order = thresholds.map((_, i) => i).sort((i, j) => thresholds[i]! - thresholds[j]!);
  const sorted = order.map((i) => thresholds[i]!);
  const lo = Math.log(cutoff * radius), hi = Math.log(radius);
  const du = (hi - lo) / size;
  const offsets = new Float64Array(size);
  for (let i = 0; i < size; i++) offsets[i] = Math.exp(lo + (i + 0.5) * du);
  // Area added to the first threshold above K; a prefix sum gives V(eps) for every threshold.
  const added = new Float64Array(sorted.length);
  for (const s1 of [1, -1]) {
    for (const s2 of [1, -1]) {
      for (let i = 0; i < size; i++) {
        const r1 = offsets[i]!;
        const w1 = center[0] + s1 * r1;
        for (let j = 0; j < size; j++) {
          const r2 = offsets[j]!;
          const k = excessLoss(w1, center[1] + s2 * r2);
          if (!(k < sorted[sorted.length - 1]!)) continue;
          let a = 0, b = sorted.length - 1;
          while (a < b) {
            const mid = (a + b) >> 1;
            if (k < sorted[mid]!) b = mid;
            else a = mid + 1;
          }
          added[a]! += r1 * r2 * du * du;
        }
      }
    }
  }
  const volumes = new Float64Array(thresholds.length);
  let cumulative = 0;
  sorted.forEach((_, s) => {
    cumulative += added[s]!;
    volumes[order[s]!] = cumulative;
  });
  return volumes;
}
