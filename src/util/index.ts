export * from "./random";
export * from "./projectRoot";
export * from "./png";
export * from "./fft";
export * from "./prefault";
export * from "./crc32";
export * from "./canonicalJson";
