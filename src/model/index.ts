/**
 * Models: dense networks, their losses and gradients, parameter layout and initialisation.
 *
 * @module model
 */
export * from "./minibatchLoss";
export * from "./model";
export * from "./modelData";
export * from "./tokenData";
export * from "./modelRegistry";
export * from "./modelLossSpec";
export * from "./rebuildModelLoss";
export * from "./denseNetwork";
export * from "./deadUnits";
export * from "./parameterView";
export * from "./initializeParameters";
export * from "./softmaxCrossEntropy";
export * from "./gaussianNll";
export * from "./supervisedData";
export * from "./networkLoss";
export * from "./tinyNetworkLoss";
export * from "./addBiasAndActivate";
export * from "./autodiffModel";
export * from "./wasmKernels";
export * from "./convolutionalModel";
export * from "./transformerModel";
export * from "./penalizedLoss";
