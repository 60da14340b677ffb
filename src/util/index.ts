export * from "./random";
export * from "./projectRoot";
export * from "./fft";
