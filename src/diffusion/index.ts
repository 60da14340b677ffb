/**
 * Anomalous-diffusion statistics of trajectories: displacement, ensemble and time-averaged MSD (FFT,
 * streamed over coordinate blocks, and direct), exponent fits with windows, local slopes, crossover,
 * bootstrap, ergodicity breaking, walk and spectral dimensions (the paper's and an LLC-free one),
 * effective diffusion, and a random projection for very large trajectories.
 *
 * @module diffusion
 */
export * from "./walk";
export * from "./msdCurve";
export * from "./displacementFromReference";
export * from "./ensembleMsd";
export * from "./timeAveragedMsd";
export * from "./timeAveragedMsdAging";
export * from "./agedCtrwTimeAveragedMsd";
export * from "./firstExitTimes";
export * from "./timeAveragedMsdParallel";
export * from "./ergodicityBreaking";
export * from "./fitPowerLaw";
export * from "./lateWindow";
export * from "./fitMsdExponent";
export * from "./localSlope";
export * from "./diffusionCrossover";
export * from "./bootstrapLocalSlope";
export * from "./bootstrapExponent";
export * from "./walkDimension";
export * from "./spectralDimensionFromLlc";
export * from "./effectiveDiffusion";
export * from "./returnProbability";
export * from "./spectralDimensionFromReturns";
export * from "./randomProjection";
export * from "./visitedVolume";
export * from "./massDimension";
export * from "./summarizeDiffusion";
export * from "./thinMsdCurve";
