/**
 * One representative per symmetry class of a ReLU network's parameters, so that parameter vectors
 * computing the same function by relabelling or rescaling hidden units land on the same point.
 */
import { checkParams, type DenseNetwork } from "../model/denseNetwork";

/** Options of {@link canonicalParameters}. */
export interface CanonicalOptions {
  /**
   * Probe inputs, row-major `G x widths[0]`, on which each hidden unit's mean activation (the sort key)
   * and deadness are measured, e.g. the training inputs.
   */
  probe: Float32Array;
  /**
   * Centre the output layer over classes (default true): adding the same number to every logit
   * leaves softmax unchanged, so only centred output weights and biases are identifiable.
   */
  centerLogits?: boolean;
  /**
   * Zero the parameters of hidden units that are inactive on every probe input (default true): such a
   * unit contributes nothing there, and its incoming direction is arbitrary.
   */
  zeroDeadUnits?: boolean;
}

/**
 * The canonical form of a dense ReLU network's parameters under hidden-unit permutation, positive
 * rescaling and (for softmax outputs) the logit shift.
 *
 * Symmetries: for a > 0, relu(a z) = a relu(z), so scaling unit j's incoming weights and bias by a and
 * its outgoing weights by 1/a leaves the function unchanged; permuting the units of a hidden layer
 * (rows of W_l and b_l, columns of W_{l+1}) too; softmax is unchanged by a common shift of all logits.
 * Method, layer by layer from the input: (1) move each unit's scale to its outgoing weights, so that
 * its incoming vector (weights and bias) has unit norm (units with a zero incoming vector are left as
 * they are); (2) forward the probe inputs and zero units that are never active on them (option);
 * (3) sort the units by decreasing mean activation on the probe (the canonical key: continuous in the
 * weights and unchanged by the symmetries), ties by original index; then centre the output layer over
 * classes. Parameter vectors related by the symmetries map to the same canonical vector (up to
 * rounding); the converse fails only for accidental ties of the key.
 *
 * @param network a ReLU network (activation "relu") with biases.
 * @param params flat parameters (length numParams); not modified.
 * @param options.probe probe inputs (required); options.centerLogits, options.zeroDeadUnits (default true).
 * @returns the canonical parameters as a new Float64Array in the network's flat layout.
 * @throws RangeError for a linear network, a network without biases, or a probe whose length is not
 *   a positive multiple of widths[0]; TypeError/RangeError for parameters of the wrong length.
 * @example
 * const net = denseNetwork({ widths: [1, 2, 1] });
 * // Two units swapped and rescaled by 2 and 1/2: the same function, the same canonical vector.
 * const a = canonicalParameters(net, new Float32Array([1, -1, 0, 0, 3, 5, 0]), { probe: new Float32Array([-1, 1, 2]), centerLogits: false });
 * const b = canonicalParameters(net, new Float32Array([-0.5, 2, 0, 0, 10, 1.5, 0]), { probe: new Float32Array([-1, 1, 2]), centerLogits: false });
 * a.every((v, i) => Math.abs(v - b[i]) < 1e-12); // true
 * Array.from(a); // [1, -1, 0, 0, 3, 5, 0]
 * @complexity O(G d) for G probe inputs and d parameters.
 */
export function canonicalParameters(network: DenseNetwork, params: Float32Array, options: CanonicalOptions): Float64Array {
  const fn = "canonicalParameters";
  checkParams(fn, network, params);
  if (network.activation !== "relu") throw new RangeError(`${fn}: network.activation must be "relu" (positive rescaling is a ReLU symmetry), got "${network.activation}"`);
  if (!network.bias) throw new RangeError(`${fn}: the network must have biases, got bias = false`);
  const d0 = network.widths[0]!;
  const probe = options.probe;
  if (!probe || probe.length < d0 || probe.length % d0 !== 0) {
    throw new RangeError(`${fn}: probe must hold a positive multiple of widths[0] = ${d0} numbers, got ${probe?.length}`);
  }
  const G = probe.length / d0;
  const w = Float64Array.from(params);
  const L = network.layers.length;
  // Activations of the probe at the current layer's input, row-major G x width.
  let acts = Float64Array.from(probe);
  for (let l = 0; l + 1 < L; l++) {
    const layer = network.layers[l]!, next = network.layers[l + 1]!;
    const nIn = layer.inputSize, H = layer.outputSize, nOut = next.outputSize;
    // (1) unit-norm incoming vectors, scale moved to the outgoing weights.
    for (let j = 0; j < H; j++) {
      let norm = w[layer.biasOffset + j]! ** 2;
      for (let k = 0; k < nIn; k++) norm += w[layer.weightOffset + j * nIn + k]! ** 2;
      norm = Math.sqrt(norm);
      if (norm === 0) continue;
      for (let k = 0; k < nIn; k++) w[layer.weightOffset + j * nIn + k]! /= norm;
      w[layer.biasOffset + j]! /= norm;
      for (let o = 0; o < nOut; o++) w[next.weightOffset + o * H + j]! *= norm;
    }
    // (2) activations and the key.
    const out = new Float64Array(G * H);
    const key = new Float64Array(H);
    for (let g = 0; g < G; g++) {
      for (let j = 0; j < H; j++) {
        let v = w[layer.biasOffset + j]!;
        for (let k = 0; k < nIn; k++) v += w[layer.weightOffset + j * nIn + k]! * acts[g * nIn + k]!;
        const a = v > 0 ? v : 0;
        out[g * H + j] = a;
        key[j]! += a / G;
      }
    }
    if (options.zeroDeadUnits ?? true) {
      for (let j = 0; j < H; j++) {
        if (key[j]! > 0) continue;
        for (let k = 0; k < nIn; k++) w[layer.weightOffset + j * nIn + k] = 0;
        w[layer.biasOffset + j] = 0;
        for (let o = 0; o < nOut; o++) w[next.weightOffset + o * H + j] = 0;
      }
    }
    // (3) sort by decreasing key.
    const order = Array.from({ length: H }, (_, j) => j).sort((a, b) => key[b]! - key[a]! || a - b);
    const old = w.slice();
    const permuted = new Float64Array(G * H);
    order.forEach((src, dst) => {
      for (let k = 0; k < nIn; k++) w[layer.weightOffset + dst * nIn + k] = old[layer.weightOffset + src * nIn + k]!;
      w[layer.biasOffset + dst] = old[layer.biasOffset + src]!;
      for (let o = 0; o < nOut; o++) w[next.weightOffset + o * H + dst] = old[next.weightOffset + o * H + src]!;
      for (let g = 0; g < G; g++) permuted[g * H + dst] = out[g * H + src]!;
    });
    acts = permuted;
  }
  if (options.centerLogits ?? true) {
    const last = network.layers[L - 1]!;
    const C = last.outputSize, nIn = last.inputSize;
    for (let k = 0; k < nIn; k++) {
      let mean = 0;
      for (let c = 0; c < C; c++) mean += w[last.weightOffset + c * nIn + k]! / C;
      for (let c = 0; c < C; c++) w[last.weightOffset + c * nIn + k]! -= mean;
    }
    let mean = 0;
    for (let c = 0; c < C; c++) mean += w[last.biasOffset + c]! / C;
    for (let c = 0; c < C; c++) w[last.biasOffset + c]! -= mean;
  }
  return w;
}

/**
 * Canonical parameters of many networks as the rows of one feature matrix (for clustering in
 * parameter space with the symmetries removed).
 *
 * @param network the shared ReLU architecture; @param paramsList parameter vectors.
 * @param probe probe inputs (see {@link canonicalParameters}).
 * @returns row-major `paramsList.length x numParams`.
 * @throws as {@link canonicalParameters}; RangeError for an empty list.
 * @example
 * const net = denseNetwork({ widths: [1, 1, 2] });
 * canonicalFeatures(net, [new Float32Array([2, 0, 1, 3, 0, 0])], new Float32Array([1])); // Float64Array [1, 0, -2, 2, 0, 0]
 */
export function canonicalFeatures(network: DenseNetwork, paramsList: Float32Array[], probe: Float32Array): Float64Array {
  if (paramsList.length < 1) throw new RangeError(`canonicalFeatures: paramsList must hold at least one parameter vector, got none`);
  const d = network.numParams;
  const out = new Float64Array(paramsList.length * d);
  paramsList.forEach((w, i) => out.set(canonicalParameters(network, w, { probe }), i * d));
  return out;
}
