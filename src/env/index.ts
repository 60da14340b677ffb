export * from "./backend";
export * from "./runMode";
export * from "./environmentReport";
