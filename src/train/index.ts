/**
 * Training: one trainer (SGD, Adam, schedules), capture of weights, ensembles on worker threads.
 *
 * @module train
 */
export * from "./optimizer";
export * from "./sgd";
export * from "./adam";
export * from "./optimizerSchedule";
export * from "./learningRateSchedule";
export * from "./minibatchStream";
export * from "./train";
export * from "./trainEnsemble";
export * from "./trainingWorkers";
export * from "./langevin";
export * from "./replicaExchangeLangevin";
