/**
 * Environment: the tfjs backend, quick or full mode, the environment report.
 *
 * @module env
 */
export * from "./backend";
export * from "./runMode";
export * from "./environmentReport";
export * from "./sweepRunnerChoice";
