/**
 * A small convolutional network for images: strided convolutions with ReLU, then one dense layer.
 */
import type * as tf from "@tensorflow/tfjs-core";
import { autodiffModel, type AutodiffModel, type Tfjs } from "./autodiffModel";

/** One convolution: `filters` kernels of `kernelSize x kernelSize`, moved `stride` pixels, zero padding `padding`. */
export interface ConvolutionLayer {
  filters: number;
  /** Kernel side (default 3). */
  kernelSize?: number;
  /** Stride (default 2: each layer halves the image, so no pooling is needed). */
  stride?: number;
  /** Zero padding on each side (default 1). */
  padding?: number;
}

/** Options of {@link convolutionalModel} (plain data: also its description). */
export interface ConvolutionalModelOptions {
  /** Image height, width and channels (default [28, 28, 1]: MNIST and Fashion-MNIST). */
  inputShape?: [number, number, number];
  /** The convolutions, input first (default two: 16 then 32 filters, 3x3, stride 2, padding 1). */
  convolutions?: ConvolutionLayer[];
  /** Number of classes of the dense output layer (default 10). */
  numClasses?: number;
}

interface ConvConfig {
  convolutions: Required<ConvolutionLayer>[];
  inputShape: [number, number, number];
  flatSize: number;
}

function convForward(p: Record<string, tf.Tensor>, inputs: tf.Tensor, tf: Tfjs, config: ConvConfig): tf.Tensor {
  let h = inputs as tf.Tensor4D;
  config.convolutions.forEach((c, i) => {
    const z = tf.conv2d(h, p[`conv${i}.kernel`] as tf.Tensor4D, c.stride, c.padding);
    h = tf.relu(tf.add(z, p[`conv${i}.bias`]!)) as tf.Tensor4D;
  });
  const flat = tf.reshape(h, [inputs.shape[0]!, config.flatSize]);
  return tf.add(tf.matMul(flat, p["dense.weight"]!), p["dense.bias"]!);
}

/**
 * A convolutional classifier for images on the generic (autodiff) path.
 *
 * Architecture: for each convolution i, `h = relu(conv2d(h, K_i, stride, padding) + b_i)` with
 * kernels `K_i` of shape `[k, k, c_in, filters]` (NHWC, tfjs's layout); then the flattened feature
 * map times `dense.weight` (`[features, classes]`) plus `dense.bias`: logits. He initialisation
 * for kernels and the dense weights, zero biases. The default is the reference workload:
 * 28x28x1 → conv 3x3 16 stride 2 pad 1 → ReLU → conv 3x3 32 stride 2 pad 1 → ReLU → dense 10
 * (20,490 parameters). Data: `classificationData(images)` (pixels in [0, 1], row-major, which is
 * NHWC for one channel).
 *
 * @param options see {@link ConvolutionalModelOptions}; sizes are positive integers, strides and
 *   kernels at least 1, padding at least 0, and every layer must leave a feature map of at least 1x1.
 * @returns an {@link AutodiffModel} whose description `{ kind: "convolutional", ... }` rebuilds it.
 * @throws RangeError naming the option or the layer whose output would be empty.
 * @example
 * const cnn = convolutionalModel();
 * cnn.numParams; // 20490
 * cnn.blocks.map((b) => b.name); // ["conv0.kernel", "conv0.bias", "conv1.kernel", "conv1.bias", "dense.weight", "dense.bias"]
 * @complexity per sample: sum over layers of 2 k^2 c_in filters (output pixels) multiply-adds, forward.
 * Reference: the CNN reference workload; arXiv 2503.22478 v2 (vision rows of the table).
 */
export function convolutionalModel(options: ConvolutionalModelOptions = {}): AutodiffModel<ConvConfig> {
  const fn = "convolutionalModel";
  const inputShape = options.inputShape ?? [28, 28, 1];
  const numClasses = options.numClasses ?? 10;
  const layers = (options.convolutions ?? [{ filters: 16 }, { filters: 32 }]).map((c) => ({ filters: c.filters, kernelSize: c.kernelSize ?? 3, stride: c.stride ?? 2, padding: c.padding ?? 1 }));
  const positive = (name: string, v: number, low = 1): void => {
    if (!Number.isInteger(v) || v < low) throw new RangeError(`${fn}: ${name} must be an integer ≥ ${low}, got ${v}`);
  };
  if (!Array.isArray(inputShape) || inputShape.length !== 3) throw new RangeError(`${fn}: inputShape must be [height, width, channels], got ${JSON.stringify(inputShape)}`);
  inputShape.forEach((s, i) => positive(`inputShape[${i}]`, s));
  positive("numClasses", numClasses);
  if (layers.length === 0) throw new RangeError(`${fn}: convolutions must list at least one layer`);
  let [h, w, c] = inputShape;
  const blocks: { name: string; shape: number[]; layer: number }[] = [];
  layers.forEach((l, i) => {
    positive(`convolutions[${i}].filters`, l.filters);
    positive(`convolutions[${i}].kernelSize`, l.kernelSize);
    positive(`convolutions[${i}].stride`, l.stride);
    positive(`convolutions[${i}].padding`, l.padding, 0);
    const oh = Math.floor((h + 2 * l.padding - l.kernelSize) / l.stride) + 1;
    const ow = Math.floor((w + 2 * l.padding - l.kernelSize) / l.stride) + 1;
    if (oh < 1 || ow < 1) throw new RangeError(`${fn}: convolutions[${i}] leaves an empty feature map (${oh}x${ow}) from ${h}x${w}; lower its stride or kernel, or drop the layer`);
    blocks.push({ name: `conv${i}.kernel`, shape: [l.kernelSize, l.kernelSize, c, l.filters], layer: i }, { name: `conv${i}.bias`, shape: [l.filters], layer: i });
    [h, w, c] = [oh, ow, l.filters];
  });
  const flatSize = h * w * c;
  blocks.push({ name: "dense.weight", shape: [flatSize, numClasses], layer: layers.length }, { name: "dense.bias", shape: [numClasses], layer: layers.length });
  return autodiffModel<ConvConfig>({
    name: fn,
    blocks,
    forward: convForward,
    inputShape: [...inputShape],
    config: { convolutions: layers, inputShape: [...inputShape] as [number, number, number], flatSize },
    description: { kind: "convolutional", inputShape: [...inputShape], convolutions: layers, numClasses },
  });
}
