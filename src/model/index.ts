/**
 * Models: dense networks, their losses and gradients, parameter layout and initialisation.
 *
 * @module model
 */
export * from "./minibatchLoss";
export * from "./denseNetwork";
export * from "./parameterView";
export * from "./initializeParameters";
export * from "./softmaxCrossEntropy";
export * from "./gaussianNll";
export * from "./supervisedData";
export * from "./networkLoss";
export * from "./addBiasAndActivate";
