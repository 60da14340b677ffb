/// <reference path="./types/danfojs.d.ts" />
/**
 * almost-bayesian: typed helpers for reproducing "Almost Bayesian: The Fractal Dynamics of Stochastic
 * Gradient Descent" (Hennick & De Baerdemacker, arXiv 2503.22478) in TypeScript notebooks.
 *
 * What a notebook calls, grouped by folder (one-way layers, bottom to top, as in ARCHITECTURE.md):
 * util, theory, diffusion, fractal, data, model, train, trajectory, slt, bayes, experiment, plot,
 * notebook, env. Checks, worker messages and other internals stay inside their folders (import them
 * from the folder's index, e.g. "./src/train/index", where a test needs one). The API reference
 * (npm run docs) documents each folder.
 */

// Primitives: seeded random numbers, the failure type of diverging loops, progress reporting, colours, PNG
export {
  canonicalJson, DivergenceError, autocorrelation, paletteColor, SERIES_COLORS, PLOTLY_COLORS, encodeGreyPng,
  encodeIndexedPng, setDefaultProgress, defaultProgress, startProgress, projectRoot, createRandom,
  deriveSeed, Random, type DivergenceInfo, type ProgressReporter, type ProgressTask, type ProgressFactory,
  type ProgressOptions, type Seed,
} from "./util/index";

// Theory: Mittag-Leffler, the fractional Fokker–Planck equation, Caputo derivatives
export {
  caputoWeights, caputoDerivative, fokkerPlanckMsd, cosineModeRelaxation, fractionalFokkerPlanck, logGamma,
  gammaFunction, reciprocalGamma, mittagLeffler, type CosineModeRelaxation,
  type FractionalFokkerPlanckOptions, type FractionalFokkerPlanckSolution, type MittagLefflerOptions,
  fitRelaxation, relaxationBasis, type RelaxationFit, type RelaxationModelFit, type RelaxationInterval,
  type RelaxationBasis, type FitRelaxationOptions,
} from "./theory/index";

// Diffusion statistics: displacement, MSD, exponents, spectral and walk dimensions
export {
  timeAveragedMsdAging, firstExitTimes, type TimeAveragedMsdAging, type FirstExitTimes,
  agedCtrwTimeAveragedMsd, type AgedCtrwTimeAveragedMsd, type AgedCtrwTimeAveragedMsdOptions,
  bootstrapExponent, diffusionCrossover, displacementFromReference, effectiveDiffusion, squaredDisplacements,
  ensembleMsd, ergodicityBreaking, fitMsdExponent, fitPowerLaw, lateWindow, localSlope, massDimension,
  createRandomProjection, logSpacedLags, returnProbability, spectralDimensionFromLlc,
  spectralDimensionFromReturns, summarizeDiffusion, thinMsdCurve, timeAveragedMsdStreamed, timeAveragedMsd,
  timeAveragedMsdDirect, timeAveragedMsdParallel, visitedVolume, spectralDimensionFromVisitedVolume,
  createWalk, selectCoordinates, uniformTimeStep, walkDimension, type BootstrapExponentOptions,
  type BootstrapExponent, type CrossoverOptions, type DiffusionCrossover, type DisplacementOptions,
  type Displacement, type EnsembleMsdOptions, type ErgodicityBreaking, type MsdExponentOptions,
  type PowerLawFitOptions, type PowerLawFit, type LateWindowOptions, type LagWindow, type LocalSlopeOptions,
  type LocalSlopeCurve, type MassDimensionOptions, type MsdCurve, type RandomProjectionOptions,
  type RandomProjection, type ReturnProbabilityOptions, type ReturnProbabilityCurve,
  type SpectralDimensionFromLlcInput, type SpectralDimensionFromLlc,
  type SpectralDimensionFromReturnsOptions, type SpectralDimensionFromReturns, type DiffusionSummaryOptions,
  type DiffusionSummary, type CoordinateBlockSource, type TimeAveragedMsdOptions,
  type TimeAveragedMsdParallelOptions, type VisitedVolumeOptions, type VisitedVolumeCurve, type Walk,
} from "./diffusion/index";

// Ground-truth walks: fractals, percolation clusters, comb, CTRW, fractional Brownian motion
export {
  combWalk, continuousTimeRandomWalk, graphFromEdges, walkVertices, verticesToWalk, randomWalkOnGraph,
  fractionalBrownianMotion, gasketProductWalk, gasketProductSpectralDimension, latticeWalk,
  largestPercolationCluster, percolationClusterWalk, SQUARE_SITE_PERCOLATION_THRESHOLD,
  CRITICAL_PERCOLATION_2D, sierpinskiGasketGraph, sierpinskiGasketWalk, SIERPINSKI_GASKET, uniformSampling,
  type ContinuousTimeRandomWalkOptions, type EmbeddedGraph, type WalkOptions,
  type FractionalBrownianMotionOptions, type UniformSamplingOptions, type UniformSampling,
} from "./fractal/index";

// Data: MNIST, Fashion-MNIST, two moons
export {
  datasetStatistics, fashionMnistSearchPath, loadFashionMnist, FASHION_MNIST_CLASS_NAMES,
  DEBIAN_FASHION_MNIST_DIR, parseIdx, readIdx, encodeIdx, IDX_MAX_BYTES, findIdxFiles, readImageDataset,
  imageFeatures, mnistSearchPath, loadMnist, MNIST_CLASS_NAMES, makeMoons, type DatasetStatistics,
  type IdxElementType, type IdxArray, type IdxReadOptions, type ImageDataset, type Split,
  type LoadImagesOptions, type MoonsOptions, type PointDataset,
} from "./data/index";

// Text: Debian's fortunes as an English corpus, a 96-character vocabulary
export {
  loadFortunes, parseFortuneFile, fortunesSearchPath, FORTUNE_CATEGORIES, DEBIAN_FORTUNES_DIR, characterCorpus,
  cleanText, encodeCharacters, decodeCharacters, CHARACTER_VOCABULARY, type FortuneCollection,
  type CharacterCorpus,
} from "./data/index";

// Models: dense networks, losses, parameters
export {
  deadUnits, type DeadUnits,
  addBiasAndActivate, denseNetwork, deepLinearNetwork, gaussianNll, initializeParameters, createNetworkLoss,
  unflattenParameters, flattenParameters, layerParameterIndices, softmaxCrossEntropy, countCorrect,
  supervisedData, classificationData, type Activation, type DenseLayerLayout, type DenseNetwork,
  type DenseNetworkOptions, type InitScheme, type InitOptions, type MinibatchLoss, type Evaluation,
  type EvaluateOptions, type NetworkLoss, type LayerParameters, type SupervisedData,
  type SupervisedDataOptions,
} from "./model/index";

// Any model: the Model interface, the dense fast path, the autodiff path and the models built on it
export {
  denseModel, denseParameterBlocks, createTinyNetworkLoss, penalizedLoss, autodiffModel, convolutionalModel, transformerModel,
  tokenData, isTokenData, modelFromDescription, registerModelKind, isRebuildableDescription, blockParameterIndices,
  blockView, numLayers, registerProjectKernels, type Model, type ModelLoss, type ModelDescription,
  type ModelInitOptions, type ParameterBlock, type ModelData, type TokenData, type TokenDataOptions,
  type DenseModel, type TinyNetworkLoss, type TinyNetworkLossOptions, type AutodiffModel,
  type AutodiffModelOptions, type BlockSpec, type BlockInit, type ForwardFunction, type ConvolutionLayer,
  type ConvolutionalModelOptions, type TransformerModelOptions,
} from "./model/index";

// Training: one trainer, optimizers, ensembles
export {
  createAdam, createMinibatchStream, createOptimizer, optimizerSchedule, createSgd, train, trainEnsemble,
  trainingWorkerCount, closeTrainingWorkers, type AdamOptions, type MinibatchStreamOptions,
  type MinibatchStream, type OptimizerOptions, type OptimizerState, type Optimizer, type OptimizerPhase,
  type SgdOptions, type CaptureOptions, type TrajectoryFileOptions, type TrainOptions, type EvaluationTrace,
  type TrainResult, type EnsembleOptions, type EnsembleResult,
} from "./train/index";

// Optimizer registry and learning-rate schedules
export {
  OPTIMIZERS, createLangevin, learningRateFactor, replicaExchangeLangevin, type OptimizerKind,
  type LangevinOptimizerOptions, type LearningRateSchedule, type ReplicaExchangeOptions,
  type ReplicaExchangeResult, type RecordedReplica,
} from "./train/index";

// Trajectories: capture schedules, in memory and on disk
export {
  everyKSteps, logSpacedSteps, stepList, captureSteps, snapshotSelection, snapshotAt, trajectoryWalk,
  readTrajectoryHeader, readTrajectoryFile, openTrajectoryWriter, TRAJECTORY_FORMAT,
  TRAJECTORY_FORMAT_VERSION, type CaptureSchedule, type SnapshotSelection, type Trajectory,
  type SelectionOptions, type SnapshotTaker, type RunState, type TrajectoryBlock, type BlockEntry,
  type TrajectoryHeader, type StoredTrajectory, type TrajectoryWriter,
} from "./trajectory/index";

// Singular learning theory: SGLD, the local learning coefficient, known-λ models
export {
  aoyagiLearningCoefficient, calibrateLlc, randomOrthonormalColumns, createDeepLinearNetworkLoss, productMap, deepLinearLayerOffsets, deepLinearPartialProduct, deepLinearLlcLowerBound, deepLinearHessianSpectrum, localizedQuadraticLlc,
  DeepLinearNetwork, estimateLlc, flatStepSizeRegion, createLinearRegressionLoss, llcTrend,
  batchMeansStdError, llcWarnings, localLearningCoefficient, hasLossSpec, describeLossSpec, sameLossSpec,
  lossFromSpec, lowLossVolume, createMnistNetworkLoss, normalCrossingLearningCoefficient,
  createNormalCrossingLoss, normalCrossingPosteriorMean, randomDeepLinearArchitectures, sampleSgld,
  resolveSgldSettings, createSgldWorkerPool, standardNormal, standardNormalFill, calibrateLlcSampler, initialLlcStepSize,
  llcConvergence, hessianTopEigenvalue, symmetricEigen, symmetricEigenvalues, hessianSpectralQuadrature, quadraticDescentExcess, hessianVectorProduct, lanczos, hessianMetric, shortDescent, splitRhat, effectiveSampleSize,
  lowLossMassProfile, NOT_A_MINIMUM_SHARE, createGaussianWellsLoss, wellsBasinMasses, wellsBasinStatistics, gradientNoiseTrace,
  type GaussianWellsOptions, type GaussianWellsLoss, type WellsBasinStatistics,
  type LlcSamplerCalibrationOptions, type LlcSamplerCalibration, type LlcCalibrationTrial, type DeepLinearLlcLowerBound, type DeepLinearHessianSpectrum, type LocalizedQuadraticLlc,
  type LlcConvergence, type LlcConvergenceCriteria, type HessianTopEigenvalue,
  type HessianTopEigenvalueOptions, type HessianMetric, type HessianMetricOptions, type SgldMetric, type ShortDescent, type ShortDescentOptions,
  type LowLossMassProfile, type LowLossMassProfileOptions,
  type AoyagiLearningCoefficient, type LlcCalibrationCell, type LlcCalibrationPoint,
  type LlcCalibrationEstimateCell, type LlcCalibrationDivergedCell, type LlcCalibration,
  type LlcCalibrationOptions, type DeepLinearNetworkOptions, type DeepLinearNetworkLoss,
  type FlatStepSizeRegionOptions, type FlatStepSizeRegion, type LinearRegressionOptions,
  type LinearRegressionLoss, type LlcTrendOptions, type LlcTrend, type LlcWarningKind, type LlcWarning,
  type LlcEstimate, type LossSpec, type SpecifiedLoss, type LowLossVolumeOptions,
  type MnistNetworkLossOptions, type NormalCrossingOptions, type NormalCrossingLoss,
  type NormalCrossingPosteriorMeanOptions, type RandomDeepLinearArchitecturesOptions,
  type DeepLinearArchitecture, type SgldDiagnostics, type SgldTrace, type NBetaRule, type SgldOptions,
  type SgldSettings, type SgldWorkerPool,
} from "./slt/index";

// Bayes: the SGD steady state against the posterior, clustering, divergences, bootstrap
export {
  adjustedRandIndex, agglomerativeClustering, basinMeans, type BasinMean, type BasinMeansOptions, clusterSeparation, type ClusterSeparation,
  transitionCounts, ensembleDrift, divergenceNoiseFloor, type TransitionCounts, type EnsembleDrift,
  type DivergenceNoiseFloor, bootstrapIntervals, canonicalParameters,
  canonicalFeatures, clusterNetworks, clusterProbabilities, gaussianKlDivergence, gaussianWassersteinDistance, jensenShannonDivergence, kMedoids,
  klDivergence, nearestCluster, probeGrid, classProbabilities, functionFeatures, pairwiseDistances,
  trainTinyEnsemble, ensembleSnapshots, optimalTransport,
  wassersteinDistance, type Clustering, type AgglomerativeOptions, type BootstrapOptions, type BootstrapIntervals, type CanonicalOptions,
  type ClusterNetworksOptions,
  type NetworkClusters, type DiagonalGaussian,
  type JensenShannonOptions, type KMedoidsOptions, type KlDivergenceOptions, type ProbeGrid,
  type LangevinOptions, type TinyEnsembleOptions, type TinyEnsembleResult, type OptimalTransport,
} from "./bayes/index";

// Experiments: MNIST runs, sweeps, their cache, statistics and tables; who computes a sweep's runs
// (this process, or queue workers on other machines through Redis)
export {
  mnistRunConfig, mnistCaptureSteps, sweepConfigs, mnistRunCache, runMnistSweep, displacementWalk,
  MNIST_RUN_VERSION, MNIST_RUN_DEFAULTS, validateMnistRunRecord, MNIST_RUN_RECORD_SCHEMA,
  defaultCacheDirectory, createRunCache, runRows, runsFrame, summariesFrame, returnsDimension,
  summarizeSettings, plusMinus, settingTableRows, runSweep, summarize, bootstrapCorrelation, bootstrapMean,
  slidingExponents, plateauTest, compareCorrelations, bootstrapMeanDifference, gridMeans, logThin,
  correlationGap, exponentDrift, lateDiffusion, runKey, openMnistRuns, mnistRunKind, localRunner, queueRunner, setDefaultSweepRunner,
  defaultSweepRunner, formatRunnerStatus, RunFailedError, WorkerVersionError, calibrateMnistLlc, withCalibratedLlc, llcCalibrationRows, MNIST_LLC_CALIBRATION_VERSION,
  MNIST_DEFAULT_SAMPLER, MNIST_SHORT_SAMPLER, deepLinearValidation, DEEP_LINEAR_VALIDATION_VERSION,
  type MnistSamplerSetting, type MnistLlcCalibration, type MnistLlcCalibrationOptions, type MnistCalibrationRule,
  type DeepLinearValidationOptions, type DeepLinearValidationRow, type DeepLinearProtocol, type MnistLlcConfig, type MnistRunConfig, type CheckpointLlc, type MnistRunRecord,
  type SweepGrid, type MnistSweepOptions, type RecordValidator, type RunCacheOptions, type CacheEntry,
  type RecordOptions, type RunCache, type RunRow, type SettingSummary, type SweepOptions, type SweepResult,
  type Summary, type CorrelationInterval, type MeanInterval, type WindowExponent, type PlateauTest,
  type CorrelationComparison, type GridMeans, type MnistRunSessionOptions, type RunKind, type RunKindSession,
  type SweepRunner, type SweepWork, type RunnerStatus, type RunnerWorker, type QueueRunnerOptions,
  type RunFailure, type WorkerVersion, type ExponentDrift, type LateDiffusion, type LateExponent,
} from "./experiment/index";

// Relaxation after a perturbation: coupled twins on the MNIST network and quadratic controls
export {
  perturbationRelaxation, mnistRelaxation, quadraticRelaxation, relaxationSteps, relaxationCache, RELAXATION_EXPERIMENT_VERSION, memorylessRelaxation, relaxationMemoryVerdict, MEMORYLESS_LEFT_OUT_SHARE,
  type RelaxationProtocol, type PerturbationRelaxation, type MnistRelaxationConfig, type MnistRelaxationRecord,
  type QuadraticRelaxationConfig, type QuadraticRelaxationRecord,
} from "./experiment/index";

// Across models: Adam then SGD, alpha from the start and from the switch, the calibrated LLC at checkpoints
export {
  runModelExperiment, trainModelRun, acrossModelsRow, acrossModelsRowFromMnist, checkpointLlc, llcSettingText, loadRunData, modelRunCaptureSteps,
  llcSampleSize, sampleSizeOutcome, validateLlcSampleSize, LLC_SAMPLE_SIZE_VERSION, type LlcSampleSize, type LlcSampleSizeRow, type LlcSampleSizeOptions,
  MODEL_RUN_VERSION, type ModelRunConfig, type ModelRunRecord, type ModelRunMember, type ModelRunLlcSettings,
  type ModelRunCalibrationRule, type ModelRunCalibration, type RunDataSpec, type DisplacementFit, type CheckpointEstimate, type AcrossModelsRow, type BoundOutcome,
} from "./experiment/index";

// Figures: pure Plotly figure builders
export {
  clusterProbabilitiesFigure, decisionBoundariesFigure, displacementFigure,
  fokkerPlanckFigure, heatmapFigure, imageGridFigure, linesFigure,
  llcAlongTrainingFigure, llcCalibrationFigure, llcTraceFigure, llcVersusTruthFigure, localSlopeFigure,
  msdFigure, pointsFigure, posteriorSamplesFigure, relaxationFigure, returnProbabilityFigure, scatterFigure,
  binnedMeans, trainingCurvesFigure, visitedVolumeFigure, volumeScalingFigure, massProfileFigure,
  calibrationTrialsFigure, relaxationFitFigure, type CalibrationTrialPoint, type MassProfileSeries, type ProbabilitySeries,
  type DecisionBoundariesInput, type DisplacementFigureOptions, type Figure,
  type ImageGridOptions, type LlcCheckpoint, type LlcCalibrationFigureOptions, type LlcTraceFigureOptions,
  type LlcVersusTruthPoint, type LlcVersusTruthFigureOptions, type MsdFigureSeries, type MsdFigureOptions,
  type PosteriorSamplesFigureOptions, type ScatterGroup, type TrainingCurves,
  type TrainingCurvesFigureOptions, type VisitedVolumeFigureSeries, type VolumeScalingSeries,
} from "./plot/index";

// Notebook display: figures, tables, progress bars, verdicts
export {
  inNotebook, displayBundle, escapeHtml, figureSummary, figureBundle, PLOTLY_SCRIPT, groundTruthCheck,
  checkTableRows, escapeMarkdown, md, isMarkdown, neutralizeHtml, showMarkdown, createProgress, progressBar,
  show, tableCells, tableBundle, showTable, environmentBundle, startNotebook, ENVIRONMENT_MIME,
  API_REFERENCE, formatInterval, formatValue, intervalVerdict, verdict, checksVerdict, verdictMarkdown,
  verdictBundle, showVerdicts, VERDICT_MIME, type MimeBundle, type DisplayHandle, type GroundTruthCheck,
  type Markdown, type ProgressBarOptions, type Progress, type TableLike, type NotebookSession, type Outcome,
  type IntervalLike, type VerdictValue, type VerdictNumber, type VerdictRecord, type VerdictInput,
} from "./notebook/index";

// Environment: backend, run mode, environment report, the sweep runner AB_REDIS asks for
export {
  setupBackend, BACKEND_NAMES, environmentReport, formatEnvironmentLine, parseQuickFlag, isQuickMode,
  quickOrFull, sweepRunnerFromEnvironment, type BackendName, type BackendInfo, type SetupBackendOptions, type EnvironmentReport,
} from "./env/index";
