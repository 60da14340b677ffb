/**
 * Agreement between two clusterings of the same items, corrected for chance.
 */

/**
 * The adjusted Rand index of two partitions (Hubert & Arabie 1985).
 *
 * ARI = (sum_ij C(n_ij, 2) - E) / ((sum_i C(a_i, 2) + sum_j C(b_j, 2)) / 2 - E) with
 * E = sum_i C(a_i, 2) sum_j C(b_j, 2) / C(n, 2), from the contingency table n_ij and its margins
 * a_i, b_j. 1 for identical partitions (up to relabelling), about 0 for independent ones.
 *
 * @param a, b cluster labels of the same n ≥ 2 items (non-negative integers).
 * @returns the ARI, ≤ 1 (1 also when both partitions are trivial in the same way).
 * @throws RangeError when the lengths differ, n < 2, or a label is not a non-negative integer.
 * @example
 * adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 * adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]); // ≈ -0.5000
 * @complexity O(n + K L).
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`adjustedRandIndex: b must have the length of a (${n}), got ${b.length}`);
  if (n < 2) throw new RangeError(`adjustedRandIndex: at least 2 items are needed, got ${n}`);
  let K = 0, L = 0;
  for (let i = 0; i < n; i++) {
    for (const [name, v] of [["a", a[i]!], ["b", b[i]!]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`adjustedRandIndex: ${name}[${i}] must be a non-negative integer, got ${v}`);
    }
    K = Math.max(K, a[i]! + 1);
    L = Math.max(L, b[i]! + 1);
  }
  const table = new Float64Array(K * L), rows = new Float64Array(K), cols = new Float64Array(L);
  for (let i = 0; i < n; i++) {
    table[a[i]! * L + b[i]!]!++;
    rows[a[i]!]!++;
    cols[b[i]!]!++;
  }
  const c2 = (x: number): number => (x * (x - 1)) / 2;
  let index = 0, sumRows = 0, sumCols = 0;
  for (const v of table) index += c2(v);
  for (const v of rows) sumRows += c2(v);
  for (const v of cols) sumCols += c2(v);
  const expected = (sumRows * sumCols) / c2(n);
  const max = (sumRows + sumCols) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
