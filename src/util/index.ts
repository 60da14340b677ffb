export * from "./random";
export * from "./projectRoot";
