/** The learning coefficient of a deep linear network and its multiplicity (Aoyagi's formula). */
export interface AoyagiLearningCoefficient {
  /** Learning coefficient lambda (real log canonical threshold) of the network at a true map of rank r. */
  lambda: number;
  /** Multiplicity m of the pole: a (l - a) + 1. */
  multiplicity: number;
  /** Layer indices j (0 = input, L = output) of the subset S chosen by the formula, ascending. */
  subset: number[];
  /** l = |S| - 1. */
  l: number;
}

/**
 * Learning coefficient of a deep linear network x -> W_L ... W_1 x at a true map of rank r.
 *
 * Symbol: lambda (paper.md, "Aoyagi's learning coefficient of a deep linear network"). With
 * M_j = H_j - r, S is the set of the l + 1 smallest M_j (l = 1, 2, ... tried in turn) with
 * max_S M_j < min_{not S} M_k, sum_S M_j >= l max_S M_j and sum_S M_j < l min_{not S} M_k; with
 * s = sum_S M_j, Mbar = ceil(s / l), a = s - (Mbar - 1) l:
 *   lambda = (-r^2 + r (H_0 + H_L)) / 2 + a (l - a) / (4 l) - (l (l - 1) / 4) (s / l)^2
 *            + (1/2) sum_{i < j in S} M_i M_j,   multiplicity a (l - a) + 1.
 *
 * Variant: exact arithmetic on integers (doubles), ties between M_j broken by layer index.
 * For two layers this reduces to Aoyagi & Watanabe's reduced-rank regression coefficient; for one
 * layer to d/2 (a regular model).
 *
 * @param widths layer widths [H_0 (input), H_1, ..., H_L (output)], integers >= 1, at least 2 entries.
 * @param rank rank r of the true map, an integer in [0, min_j H_j].
 * @returns lambda (dimensionless; compare with d/2), multiplicity, the subset S and l.
 * @throws RangeError when widths or rank are out of range; Error if no subset satisfies the
 *   conditions (cannot happen for valid input: the full set always does).
 * @example
 * aoyagiLearningCoefficient([3, 4, 5], 0).lambda; // 5.5
 * aoyagiLearningCoefficient([3, 4, 6], 0).lambda; // 6
 * aoyagiLearningCoefficient([10, 10], 3).lambda; // 50
 * aoyagiLearningCoefficient([5, 2, 10, 5], 1).multiplicity; // 2
 *
 * Complexity O(L^2). References: Aoyagi & Watanabe 2005 (Neural Networks 18, reduced rank
 * regression); Aoyagi 2024 (deep linear networks); Furman & Lau 2024, arXiv 2402.03698.
 */
export function aoyagiLearningCoefficient(widths: readonly number[], rank: number): AoyagiLearningCoefficient {
  if (!Array.isArray(widths) || widths.length < 2) {
    throw new RangeError(`aoyagiLearningCoefficient: widths must be an array of at least 2 layer widths, got ${JSON.stringify(widths)}`);
  }
  for (const h of widths) {
    if (!Number.isInteger(h) || h < 1) {
      throw new RangeError(`aoyagiLearningCoefficient: every width must be an integer >= 1, got ${JSON.stringify(widths)}`);
    }
  }
  const minWidth = Math.min(...widths);
  if (!Number.isInteger(rank) || rank < 0 || rank > minWidth) {
    throw new RangeError(`aoyagiLearningCoefficient: rank must be an integer in [0, ${minWidth}], got ${rank}`);
  }
  const L = widths.length - 1;
  const r = rank;
  const m = widths.map((h) => h - r);
  const order = m.map((_, j) => j).sort((i, j) => m[i]! - m[j]! || i - j);
  for (let l = 1; l <= L; l++) {
    const inS = order.slice(0, l + 1);
    const outS = order.slice(l + 1);
    const values = inS.map((j) => m[j]!);
    const maxS = Math.max(...values);
    const minOut = outS.length ? Math.min(...outS.map((j) => m[j]!)) : Infinity;
    const s = values.reduce((acc, v) => acc + v, 0);
    if (!(maxS < minOut && s >= l * maxS && s < l * minOut)) continue;
    const mBar = Math.ceil(s / l);
    const a = s - (mBar - 1) * l;
    let pairs = 0;
    for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) pairs += values[i]! * values[j]!;
    // Over the common denominator 4l the numerator is an integer, so the division is exact.
    const numerator = 2 * l * (-r * r + r * (widths[0]! + widths[L]!)) + a * (l - a) - (l - 1) * s * s + 2 * l * pairs;
    const lambda = numerator / (4 * l);
    return { lambda, multiplicity: a * (l - a) + 1, subset: [...inS].sort((x, y) => x - y), l };
  }
  throw new Error(`aoyagiLearningCoefficient: no subset S satisfies the conditions for widths ${JSON.stringify(widths)}, rank ${rank}`);
}
