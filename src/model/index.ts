export * from "./minibatchLoss";
export * from "./denseNetwork";
export * from "./parameterView";
export * from "./initializeParameters";
export * from "./softmaxCrossEntropy";
export * from "./gaussianNll";
export * from "./supervisedData";
export * from "./networkLoss";
