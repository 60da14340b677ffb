/**
 * The products of a deep linear network's layers, from its flat parameter vector: where each layer
 * W_l (H_l x H_(l-1), row-major) starts, and the partial products W_j ... W_i. The one home of this
 * algebra for the loss, the bound on the local learning coefficient and the Hessian spectrum.
 */

/** Offsets of the layers W_1 ... W_L in the flat vector (entry L is the parameter count). */
export function deepLinearLayerOffsets(widths: readonly number[]): number[] {
  const offsets = [0];
  for (let l = 1; l < widths.length; l++) offsets.push(offsets[l - 1]! + widths[l]! * widths[l - 1]!);
  return offsets;
}

/** Product W_hi ... W_lo (1-based layer indices; the identity of size H_(lo-1) when hi < lo), row-major. */
export function deepLinearPartialProduct(widths: readonly number[], offsets: readonly number[], params: ArrayLike<number>, lo: number, hi: number): Float64Array {
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

/** The end-to-end map W_L ... W_1 (H_L x H_0, row-major) of flat parameters. */
export function productMap(widths: readonly number[], layerOffsets: readonly number[], params: ArrayLike<number>): Float64Array {
  return deepLinearPartialProduct(widths, layerOffsets, params, 1, widths.length - 1);
}
