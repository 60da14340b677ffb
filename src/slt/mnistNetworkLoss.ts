import * as tf from "@tensorflow/tfjs-core";
import { setupBackend, type BackendName } from "../env/backend";
import { loadMnist } from "../data/mnist";
import { denseNetwork, type Activation } from "../model/denseNetwork";
import { createNetworkLoss, type NetworkLoss } from "../model/networkLoss";
import { classificationData } from "../model/supervisedData";
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
   * tfjs backend to set up before building (default: none, use the active one). The spec records
   * the active backend so that a worker thread sets up the same.
   */
  backend?: BackendName;
}

/**
 * The softmax cross-entropy loss of a fully connected network on MNIST (the training engine's
 * NetworkLoss) with a LossSpec, so that sampleSgld can run its chains in worker threads: each worker
 * sets up the same backend, loads MNIST and rebuilds the network loss.
 *
 * @param options widths, activation, split, limit, backend.
 * @returns a NetworkLoss carrying `spec`.
 * @throws as loadMnist, denseNetwork and createNetworkLoss (missing data, bad widths).
 *
 * Reference: the paper's MNIST experiments (paper.md, "Experiments the paper reports", 1).
 */
export async function createMnistNetworkLoss(options: MnistNetworkLossOptions): Promise<NetworkLoss & SpecifiedLoss> {
  if (options.backend !== undefined && tf.getBackend() !== options.backend) await setupBackend({ backend: options.backend });
  const images = loadMnist({ split: options.split ?? "train", ...(options.limit !== undefined ? { limit: options.limit } : {}) });
  const network = denseNetwork({ widths: options.widths, ...(options.activation ? { activation: options.activation } : {}) });
  const loss = createNetworkLoss(network, classificationData(images));
  const backend = (options.backend ?? tf.getBackend()) as BackendName;
  return Object.assign(loss, { spec: { module: __filename, factory: "createMnistNetworkLoss", options: { ...options, backend } } });
}
