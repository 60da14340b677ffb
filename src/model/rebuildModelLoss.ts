/**
 * Rebuilding a model's loss from its recipe in a fresh thread: the factory named by every model
 * loss's spec. Loaded by file path in worker threads.
 */
import * as tf from "@tensorflow/tfjs-core";
import { setupBackend, type BackendName } from "../env/backend";
import type { ModelLoss } from "./model";
import type { ModelLossRecipe } from "./modelLossSpec";
import { modelFromDescription } from "./modelRegistry";

/**
 * Sets up the recipe's backend (when this thread runs another), rebuilds the model from its
 * description and returns its loss on the recipe's data (read in place when it is in shared memory).
 *
 * @param recipe `{ description, data, backend }` from {@link modelLossSpec}.
 * @returns the model's loss, equal to the original's on the same backend.
 * @throws as {@link modelFromDescription} and the model's `createLoss`.
 * @example
 * const data = supervisedData({ inputs: new Float32Array(2), inputSize: 2, labels: new Uint8Array([1]), numClasses: 2 });
 * const loss = await rebuildModelLoss({ description: { kind: "dense", widths: [2, 2], activation: "relu", bias: true }, data, backend: "cpu" });
 * loss.numParams; // 6
 */
export async function rebuildModelLoss(recipe: ModelLossRecipe): Promise<ModelLoss> {
  if (tf.getBackend() !== recipe.backend) await setupBackend({ backend: recipe.backend as BackendName });
  return modelFromDescription(recipe.description).createLoss(recipe.data);
}
