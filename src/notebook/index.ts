/**
 * Notebook display: figures, tables, progress bars, verdicts and the first cell (`startNotebook`).
 *
 * @module notebook
 */
export * from "./display";
export * from "./figureBundle";
export * from "./show";
export * from "./showTable";
export * from "./groundTruthCheck";
export * from "./startNotebook";
export * from "./progress";
export * from "./markdown";
export * from "./verdict";
