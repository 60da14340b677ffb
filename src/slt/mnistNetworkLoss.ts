import * as tf from "@tensorflow/tfjs-core";
import { setupBackend, type BackendName } from "../env/backend";
import { loadMnist } from "../data/mnist";
import { denseNetwork, type Activation } from "../model/denseNetwork";
import { createNetworkLoss, type NetworkLoss } from "../model/networkLoss";
import { classificationData, type SupervisedData } from "../model/supervisedData";
import type { SpecifiedLoss } from "./lossSpec";

/** Options of {@link createMnistNetworkLoss}. */
export interface MnistNetworkLossOptions {
  /** Layer widths, input 784 first and 10 last (e.g. [784, 128, 10]). */
  widths: number[];
  /** Hidden nonlinearity (default "relu"). */
  activation?: Activation;
  /** MNIST split (default "train"). */
  split?: "train" | "test";
  /** Keep only the first `limit` images (default all). */
  limit?: number;
  /**
   * The images as supervised data, instead of loading `split`/`limit` (e.g. a set the caller already
   * holds). The loss's spec always carries the data it uses, so SGLD worker threads read this one copy
   * (image sets from `classificationData` are in shared memory) rather than loading MNIST again.
   */
  data?: SupervisedData;
  /**
   * tfjs backend to set up before building (default: none, use the active one). The spec records
   * the active backend so that a worker thread sets up the same.
   */
  backend?: BackendName;
}

/**
 * The softmax cross-entropy loss of a fully connected network on MNIST (the training engine's
 * NetworkLoss) with a LossSpec, so that sampleSgld can run its chains in worker threads: each worker
 * sets up the same backend and rebuilds the network loss on the same data, shared rather than
 * copied or reloaded (its pixels are in a SharedArrayBuffer).
 *
 * @param options widths, activation, split, limit (or data), backend.
 * @returns a NetworkLoss carrying `spec`.
 * @throws as loadMnist, denseNetwork and createNetworkLoss (missing data, bad widths).
 *
 * Reference: the paper's MNIST experiments (paper.md, "Experiments the paper reports", 1).
 */
export async function createMnistNetworkLoss(options: MnistNetworkLossOptions): Promise<NetworkLoss & SpecifiedLoss> {
  if (options.backend !== undefined && tf.getBackend() !== options.backend) await setupBackend({ backend: options.backend });
  const data = options.data ?? classificationData(loadMnist({ split: options.split ?? "train", ...(options.limit !== undefined ? { limit: options.limit } : {}) }));
  const network = denseNetwork({ widths: options.widths, ...(options.activation ? { activation: options.activation } : {}) });
  const loss = createNetworkLoss(network, data);
  const backend = (options.backend ?? tf.getBackend()) as BackendName;
  return Object.assign(loss, { spec: { module: __filename, factory: "createMnistNetworkLoss", options: { ...options, backend, data } } });
}
