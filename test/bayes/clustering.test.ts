import { test } from "node:test";
import * as assert from "node:assert/strict";
import { denseNetwork } from "../../src/model/denseNetwork";
import { initializeParameters } from "../../src/model/initializeParameters";
import { createRandom } from "../../src/util/random";
import { testSeed } from "../seeds";
import {
  adjustedRandIndex,
  agglomerativeClustering,
  kMedoids,
  canonicalParameters,
  classProbabilities,
  clusterNetworks,
  functionFeatures,
  nearestCluster,
  pairwiseDistances,
  probeGrid,
} from "../../src/bayes/index";

const network = denseNetwork({ widths: [2, 6, 5, 2] });
const probe = probeGrid({ size: 9 }).inputs;

/** Applies a random permutation of each hidden layer, positive per-unit rescaling and a logit shift. */
function symmetricCopy(params: Float32Array, seed: number): Float32Array {
  const rng = createRandom(seed);
  const w = Float64Array.from(params);
  for (let l = 0; l + 1 < network.layers.length; l++) {
    const layer = network.layers[l]!, next = network.layers[l + 1]!;
    const H = layer.outputSize, nIn = layer.inputSize, nOut = next.outputSize;
    for (let j = 0; j < H; j++) {
      const a = Math.exp(rng.normal()); // scale in (0, inf)
      for (let k = 0; k < nIn; k++) w[layer.weightOffset + j * nIn + k]! *= a;
      w[layer.biasOffset + j]! *= a;
      for (let o = 0; o < nOut; o++) w[next.weightOffset + o * H + j]! /= a;
    }
    const perm = rng.permutation(H);
    const old = w.slice();
    perm.forEach((src, dst) => {
      for (let k = 0; k < nIn; k++) w[layer.weightOffset + dst * nIn + k] = old[layer.weightOffset + src * nIn + k]!;
      w[layer.biasOffset + dst] = old[layer.biasOffset + src]!;
      for (let o = 0; o < nOut; o++) w[next.weightOffset + o * H + dst] = old[next.weightOffset + o * H + src]!;
    });
  }
  const last = network.layers[network.layers.length - 1]!;
  const shift = rng.normal();
  for (let c = 0; c < 2; c++) w[last.biasOffset + c]! += shift; // same shift of both logits
  return Float32Array.from(w);
}

test("symmetric copies of a ReLU network compute the same function and have the same canonical parameters", () => {
  for (let s = 0; s < 5; s++) {
    const params = initializeParameters(network, { seed: 100 + s });
    const copy = symmetricCopy(params, 7 + s);
    const p = classProbabilities(network, params, probe), q = classProbabilities(network, copy, probe);
    // float32 storage of rescaled weights: probabilities agree to ~1e-6 (float32 relative rounding x a few layers).
    for (let i = 0; i < p.length; i++) assert.ok(Math.abs(p[i]! - q[i]!) < 1e-5);
    const a = canonicalParameters(network, params, { probe }), b = canonicalParameters(network, copy, { probe });
    // The canonical form undoes the symmetries exactly in exact arithmetic; float32 inputs leave ~1e-6
    // relative differences (weights of order 1, so 1e-4 absolute is far above rounding, far below any real difference).
    let max = 0;
    for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
    assert.ok(max < 1e-4, `max canonical difference ${max}`);
    // The raw parameters are far apart: the symmetries are real.
    let raw = 0;
    for (let i = 0; i < a.length; i++) raw = Math.max(raw, Math.abs(params[i]! - copy[i]!));
    assert.ok(raw > 0.1);
  }
});

test("canonicalParameters gives unit-norm incoming vectors, centred output layers and zeros for dead units", () => {
  const net = denseNetwork({ widths: [1, 3, 2] });
  // Unit 2 has incoming weight -1 and bias -5: dead on the probe [0, 1].
  const params = new Float32Array([3, 0.5, -1, 4, 0, -5, 1, 2, 3, 4, 5, 6, 7, 8]);
  const c = canonicalParameters(net, params, { probe: new Float32Array([0, 1]) });
  // Layer 0: weights [w0 w1 w2], biases [b0 b1 b2]; layer 1: weights 2 x 3, biases 2.
  for (let j = 0; j < 2; j++) assert.ok(Math.abs(c[j]! ** 2 + c[3 + j]! ** 2 - 1) < 1e-12);
  assert.equal(c[2], 0);
  assert.equal(c[5], 0);
  assert.equal(c[8], 0);
  assert.equal(c[11], 0);
  for (let k = 0; k < 3; k++) assert.ok(Math.abs(c[6 + k]! + c[9 + k]!) < 1e-12); // centred columns
  assert.ok(Math.abs(c[12]! + c[13]!) < 1e-12);
  assert.throws(() => canonicalParameters(denseNetwork({ widths: [1, 2], activation: "linear" }), new Float32Array(4), { probe: new Float32Array([1]) }), /canonicalParameters: network.activation must be "relu"/);
});

test("agglomerativeClustering separates well-separated groups exactly and numbers clusters by size", () => {
  const rng = createRandom(testSeed(1));
  const centres = [[0, 0], [10, 0], [0, 10]];
  const sizes = [30, 20, 10];
  const points: number[] = [], truth: number[] = [];
  centres.forEach((c, k) => {
    for (let i = 0; i < sizes[k]!; i++) {
      points.push(c[0]! + rng.normal(), c[1]! + rng.normal());
      truth.push(k);
    }
  });
  const clustering = agglomerativeClustering(pairwiseDistances(Float64Array.from(points), truth.length), { numClusters: 3 });
  assert.deepEqual(Array.from(clustering.sizes), [30, 20, 10]);
  assert.deepEqual(Array.from(clustering.labels), truth);
  assert.equal(adjustedRandIndex(clustering.labels, truth), 1);
  // Average-linkage merge heights never decrease (the tree is monotone).
  for (let i = 1; i < clustering.mergeHeights.length; i++) assert.ok(clustering.mergeHeights[i]! >= clustering.mergeHeights[i - 1]! - 1e-12);
  const medoid = clustering.medoids[0]!;
  assert.equal(truth[medoid], 0);
});

test("adjustedRandIndex matches the hand-computed value of a small contingency table", () => {
  // Table [[2, 1], [0, 2]]: sum C(n_ij,2) = 1 + 1 = 2; rows (3, 2): 3 + 1 = 4; cols (2, 3): 1 + 3 = 4;
  // E = 16 / 10 = 1.6; max = 4; ARI = (2 - 1.6) / (4 - 1.6) = 1/6.
  assert.ok(Math.abs(adjustedRandIndex([0, 0, 0, 1, 1], [0, 0, 1, 1, 1]) - 1 / 6) < 1e-15);
  assert.throws(() => adjustedRandIndex([0], [0]), /adjustedRandIndex: at least 2 items are needed, got 1/);
});

test("clusterNetworks partitions networks into Voronoi cells that nearestCluster reproduces for new samples", () => {
  const params = Array.from({ length: 40 }, (_, i) => initializeParameters(network, { seed: i }));
  const features = functionFeatures(network, params, probe, { decisions: true });
  const clusters = clusterNetworks(features, params.length, { numClusters: 5, minClusterSize: 3 });
  const again = nearestCluster(features, clusters.representativeFeatures, clusters.numClusters);
  assert.deepEqual(again.labels, clusters.labels);
  assert.equal(clusters.sizes.reduce((a, b) => a + b, 0), 40);
  for (let k = 1; k < clusters.numClusters; k++) assert.ok(clusters.sizes[k]! <= clusters.sizes[k - 1]!);
  // Representatives sit in their own cells, at distance 0.
  for (let k = 0; k < clusters.numClusters; k++) {
    assert.equal(clusters.labels[clusters.representatives[k]!], k);
    assert.equal(clusters.representativeDistances[k * clusters.numClusters + k], 0);
  }
  // Decision features: the RMS distance is sqrt(fraction of probe points classified differently).
  const d = pairwiseDistances(features.subarray(0, 2 * features.length / 40), 2)[1]!;
  const p0 = classProbabilities(network, params[0]!, probe), p1 = classProbabilities(network, params[1]!, probe);
  let differ = 0;
  for (let g = 0; g < probe.length / 2; g++) if ((p0[2 * g + 1]! > p0[2 * g]!) !== (p1[2 * g + 1]! > p1[2 * g]!)) differ++;
  assert.ok(Math.abs(d - Math.sqrt(differ / (probe.length / 2))) < 1e-12);
});

test("kMedoids recovers well-separated groups and cuts a continuum into comparable cells", () => {
  const rng = createRandom(testSeed(3));
  const points: number[] = [], truth: number[] = [];
  [[0, 0], [8, 0], [0, 8]].forEach((c, k) => {
    for (let i = 0; i < [25, 15, 10][k]!; i++) {
      points.push(c[0]! + rng.normal(), c[1]! + rng.normal());
      truth.push(k);
    }
  });
  const result = kMedoids(pairwiseDistances(Float64Array.from(points), truth.length), { numClusters: 3 });
  assert.equal(adjustedRandIndex(result.labels, truth), 1);
  assert.deepEqual(Array.from(result.sizes), [25, 15, 10]);
  // A uniform continuum on a line (0..99) with one far outlier: average linkage cut at 2 leaves the
  // whole line in one cluster; K-medoids with K = 4 gives the outlier its own medoid (it costs ~900
  // otherwise) and cuts the line into three stretches of about 33.
  const line = Float64Array.from([...Array.from({ length: 100 }, (_, i) => i), 1000]);
  const d = pairwiseDistances(line, line.length);
  const tree = agglomerativeClustering(d, { numClusters: 2 });
  assert.deepEqual(Array.from(tree.sizes), [100, 1]);
  const cells = kMedoids(d, { numClusters: 4 });
  assert.equal(cells.sizes[3], 1);
  for (const s of cells.sizes.subarray(0, 3)) assert.ok(s >= 30 && s <= 36, `cell sizes ${Array.from(cells.sizes)}`);
  assert.throws(() => kMedoids(d, { numClusters: 0 }), /kMedoids: numClusters must be an integer in \[1, 101\], got 0/);
});
