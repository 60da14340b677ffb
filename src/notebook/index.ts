export * from "./display";
export * from "./show";
