/**
 * Primitives: seeded random numbers, the thread budget of worker pools (AB_THREADS), the failure type of diverging loops (DivergenceError), the progress-reporter interface, colour palettes, PNG encoding, FFT.
 *
 * @module util
 */
export * from "./random";
export * from "./projectRoot";
export * from "./png";
export * from "./fft";
export * from "./prefault";
export * from "./crc32";
export * from "./canonicalJson";
export * from "./plainDataSchema";
export * from "./writeFileAtomic";
export * from "./compensatedSum";
export * from "./palette";
export * from "./divergenceError";
export * from "./progress";
export * from "./computeThreads";
