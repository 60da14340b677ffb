/**
 * Data: MNIST, Fashion-MNIST (IDX files), two moons.
 *
 * @module data
 */
export * from "./idx";
export * from "./imageDataset";
export * from "./mnist";
export * from "./fashionMnist";
export * from "./moons";
export * from "./datasetStatistics";
export * from "./fortunes";
export * from "./characterCorpus";
