/**
 * The recipe that rebuilds a model's loss in a worker thread (SGLD chains, ensemble members).
 */
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type { Model, ModelDescription, ModelLossSpec } from "./model";
import type { ModelData } from "./modelData";

/**
 * Model kinds a fresh thread can rebuild from their description alone: the registry's built-in
 * kinds, "module" (a factory in a compiled module) and portable "autodiff" models (whose forward
 * function reads nothing but its arguments). A model built in a notebook cell from a closure is not
 * rebuildable: it trains and samples in the thread that made it.
 */
export const REBUILDABLE_MODEL_KINDS: readonly string[] = ["dense", "convolutional", "transformer", "autodiff", "module"];

/**
 * True when a fresh worker thread can rebuild a model from this description.
 * @example
 * isRebuildableDescription({ kind: "dense", widths: [2, 1], activation: "relu", bias: true }); // true
 * isRebuildableDescription({ kind: "autodiff", portable: false }); // false
 */
export function isRebuildableDescription(description: ModelDescription): boolean {
  if (!REBUILDABLE_MODEL_KINDS.includes(description.kind)) return false;
  if (description.kind === "autodiff") return description.portable === true;
  return true;
}

/** Options of the rebuilt loss: the model's description, the data and the backend to compute on. */
export interface ModelLossRecipe {
  description: ModelDescription;
  data: ModelData;
  backend: string;
}

/**
 * The spec that rebuilds `model.createLoss(data)` in another thread on the active backend, or null
 * when the model cannot be rebuilt there (see {@link isRebuildableDescription}).
 * @example
 * const data = supervisedData({ inputs: new Float32Array(2), inputSize: 2, labels: new Uint8Array([1]), numClasses: 2 });
 * modelLossSpec(denseModel(denseNetwork({ widths: [2, 2] })), data).factory; // "rebuildModelLoss"
 */
export function modelLossSpec(model: Model, data: ModelData): ModelLossSpec | null {
  if (!isRebuildableDescription(model.description)) return null;
  const options: ModelLossRecipe = { description: model.description, data, backend: tf.getBackend() };
  return { module: path.join(__dirname, `rebuildModelLoss${path.extname(__filename) || ".js"}`), factory: "rebuildModelLoss", options };
}
