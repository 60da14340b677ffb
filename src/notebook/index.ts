export * from "./display";
export * from "./figureBundle";
export * from "./show";
export * from "./showTable";
export * from "./groundTruthCheck";
export * from "./startNotebook";
export * from "./progress";
export * from "./markdown";
