/**
 * Rebuilding models from their plain-data descriptions: one builder per model kind.
 */
import { autodiffModel, forwardFromSource, type BlockSpec } from "./autodiffModel";
import { convolutionalModel, type ConvolutionalModelOptions } from "./convolutionalModel";
import { denseNetwork, type Activation } from "./denseNetwork";
import type { Model, ModelDescription } from "./model";
import { denseModel } from "./networkLoss";
import { transformerModel, type TransformerModelOptions } from "./transformerModel";

/** Builds a model from its description (of one kind). */
export type ModelBuilder = (description: ModelDescription) => Model;

const builders = new Map<string, ModelBuilder>();
builders.set("dense", (d) =>
  denseModel(denseNetwork({ widths: d.widths as number[], activation: d.activation as Activation, bias: d.bias as boolean }), { engine: (d.engine as "plain" | undefined) ?? "backend" }),
);
builders.set("convolutional", (d) => convolutionalModel(d as unknown as ConvolutionalModelOptions));
builders.set("transformer", (d) => transformerModel(d as unknown as TransformerModelOptions));
builders.set("autodiff", (d) =>
  autodiffModel({
    name: d.name as string,
    blocks: d.blocks as BlockSpec[],
    forward: forwardFromSource(d.forward as string),
    ...(d.inputShape ? { inputShape: d.inputShape as number[] } : {}),
    config: d.config,
  }),
);
builders.set("module", (d) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(d.module as string) as Record<string, unknown>;
  const factory = mod[d.factory as string];
  if (typeof factory !== "function") throw new TypeError(`modelFromDescription: ${String(d.module)} does not export a function ${String(d.factory)}`);
  return (factory as (o: unknown) => Model)(d.options);
});

/**
 * Adds (or replaces) the builder of a model kind. Builders registered this way exist only in the
 * thread that registered them; worker threads know the built-in kinds and "module".
 *
 * @param kind the `description.kind` it builds, a non-empty string.
 * @param builder description → model.
 * @example
 * registerModelKind("myDense", (d) => denseModel(denseNetwork({ widths: d.widths })));
 * modelFromDescription({ kind: "myDense", widths: [2, 1] }).numParams; // 3
 */
export function registerModelKind(kind: string, builder: ModelBuilder): void {
  if (typeof kind !== "string" || kind === "") throw new RangeError(`registerModelKind: kind must be a non-empty string, got ${JSON.stringify(kind)}`);
  if (typeof builder !== "function") throw new TypeError(`registerModelKind: builder must be a function, got ${typeof builder}`);
  builders.set(kind, builder);
}

/**
 * Rebuilds a model from its description: `modelFromDescription(model.description)` has the same
 * layout, initialisation and loss as `model`.
 *
 * @throws RangeError for a kind no builder is registered for (naming the known kinds); errors of
 *   the builder for a malformed description.
 * @example
 * modelFromDescription({ kind: "dense", widths: [3, 2], activation: "relu", bias: true }).numParams; // 8
 */
export function modelFromDescription(description: ModelDescription): Model {
  const builder = description && typeof description.kind === "string" ? builders.get(description.kind) : undefined;
  if (!builder) {
    throw new RangeError(
      `modelFromDescription: no builder for model kind ${JSON.stringify(description?.kind)}; known kinds are ${[...builders.keys()].join(", ")} (registerModelKind adds one)`,
    );
  }
  return builder(description);
}
