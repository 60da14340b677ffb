/**
 * Singular learning theory: the local learning coefficient (LLC) by SGLD (sampler and estimator kept
 * apart), its diagnostics and calibration, and models with known learning coefficients as ground truth.
 *
 * @module slt
 */
export * from "./aoyagiLearningCoefficient";
export * from "./normalCrossingLoss";
export * from "./deepLinearProducts";
export * from "./deepLinearNetworkLoss";
export * from "./deepLinearLlcLowerBound";
export * from "./deepLinearHessianSpectrum";
export * from "./localizedQuadraticLlc";
export * from "./linearRegressionLoss";
export * from "./lossSpec";
export * from "./sgldSettings";
export * from "./sgldChain";
export * from "./sgldWorkerPool";
export * from "./sampleSgld";
export * from "./llcWarnings";
export * from "./localLearningCoefficient";
export * from "./estimateLlc";
export * from "./normalCrossingPosteriorMean";
export * from "./calibrateLlc";
export * from "./standardNormalFill";
export * from "./mnistNetworkLoss";
export * from "./lowLossVolume";
export * from "./randomDeepLinearArchitectures";
export * from "./flatStepSizeRegion";
export * from "./llcTrend";
export * from "./hessianTopEigenvalue";
export * from "./hessianMetric";
export * from "./sgldMetric";
export * from "./hessianSpectralQuadrature";
export * from "./splitRhat";
export * from "./effectiveSampleSize";
export * from "./llcConvergence";
export * from "./shortDescent";
export * from "./calibrateLlcSampler";
export * from "./lowLossMassProfile";
export * from "./gaussianWellsLoss";
export * from "./gradientNoiseTrace";
