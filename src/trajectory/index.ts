export * from "./captureSchedule";
export * from "./trajectory";
export * from "./trajectoryFile";
