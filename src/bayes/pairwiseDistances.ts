/**
 * All pairwise distances between the rows of a feature matrix.
 */

/**
 * The root-mean-square distance between every pair of rows of a feature matrix.
 *
 * d(i, j) = sqrt( (1/m) sum_k (x_ik - x_jk)^2 ): the Euclidean distance divided by sqrt(m), so that
 * for function-space features (class probabilities on a probe grid) it is the RMS difference of the
 * predicted probabilities, in [0, 1], whatever the grid size.
 *
 * @param features row-major `n x m`; finite.
 * @param numRows n ≥ 1 (features.length must be a multiple of it).
 * @returns the symmetric `n x n` distance matrix, row-major, zero diagonal.
 * @throws RangeError when numRows is not a positive divisor of features.length or an entry is not finite.
 * @example
 * pairwiseDistances(new Float64Array([0, 0, 3, 4]), 2); // Float64Array [0, 3.5355339059327378, 3.5355339059327378, 0]
 * @complexity O(n^2 m).
 */
export function pairwiseDistances(features: Float64Array, numRows: number): Float64Array {
  if (!Number.isInteger(numRows) || numRows < 1 || features.length % numRows !== 0 || features.length === 0) {
    throw new RangeError(`pairwiseDistances: numRows must be a positive integer dividing features.length = ${features.length}, got ${numRows}`);
  }
  for (let k = 0; k < features.length; k++) {
    if (!Number.isFinite(features[k]!)) throw new RangeError(`pairwiseDistances: features must be finite, got ${features[k]} at row ${Math.floor(k / (features.length / numRows))}`);
  }
  const n = numRows, m = features.length / numRows;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) {
        const diff = features[i * m + k]! - features[j * m + k]!;
        s += diff * diff;
      }
      out[i * n + j] = out[j * n + i] = Math.sqrt(s / m);
    }
  }
  return out;
}
