/**
 * Experiments: a content-addressed cache of results on disk, resumable sweeps through it, and the
 * paper's MNIST run (train, record, fit alpha, estimate the LLC, derive d_s) as one cached function,
 * computed here or by queue workers on other machines (queueRunner; the worker is scripts/worker.ts).
 *
 * @module experiment
 */
export * from "./runCache";
export * from "./sweep";
export * from "./mnistAnalysis";
export * from "./mnistRun";
export * from "./lateDiffusion";
export * from "./mnistRunRecordSchema";
export * from "./sweepStatistics";
export * from "./exponentDrift";
export * from "./settingSummaries";
export * from "./runsFrame";
export * from "./runKind";
export * from "./sweepRunner";
export * from "./runnerErrors";
export { queueRunner, type QueueRunnerOptions } from "./queueRunner";
export * from "./modelRun";
export * from "./llcSampleSize";
export * from "./mnistLlcCalibration";
export * from "./deepLinearValidation";
export * from "./relaxationExperiment";
