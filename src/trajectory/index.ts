export * from "./captureSchedule";
export * from "./trajectory";
export * from "./checksum";
export * from "./trajectoryFile";
