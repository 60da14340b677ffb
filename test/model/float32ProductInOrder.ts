/**
 * The reference of the bit-exact product tests (wasmGemm, wasmKernels): op(a) op(b) with every
 * product and partial sum rounded to float32 (Math.fround) and k summed in order from zero, which is
 * what XNNPACK's plain product and the project's `gemm` compute (separate f32 multiply and add).
 *
 * @param ta a holds the k x m transpose; tb b holds the n x k transpose.
 */
export function float32ProductInOrder(a: Float32Array, b: Float32Array, m: number, k: number, n: number, ta: boolean, tb: boolean): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s = Math.fround(s + Math.fround((ta ? a[p * m + i]! : a[i * k + p]!) * (tb ? b[j * k + p]! : b[p * n + j]!)));
      out[i * n + j] = s;
    }
  }
  return out;
}
