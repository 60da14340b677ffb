/**
 * Trajectories: capture schedules, snapshots in memory, resumable trajectory files.
 *
 * @module trajectory
 */
export * from "./captureSchedule";
export * from "./trajectory";
export * from "./trajectoryFile";
