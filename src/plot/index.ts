/**
 * Figures: pure Plotly figure builders (they return `{ data, layout }` and never display).
 *
 * @module plot
 */
export * from "./figure";
export * from "./imageGridFigure";
export * from "./pointsFigure";
export * from "./msdFigure";
export * from "./localSlopeFigure";
export * from "./returnProbabilityFigure";
export * from "./visitedVolumeFigure";
export * from "./relaxationFigure";
export * from "./llcTraceFigure";
export * from "./llcCalibrationFigure";
export * from "./llcVersusTruthFigure";
export * from "./fokkerPlanckFigure";
export * from "./decisionBoundariesFigure";
export * from "./clusterProbabilitiesFigure";
export * from "./posteriorSamplesFigure";
export * from "./volumeScalingFigure";
export * from "./llcAlongTrainingFigure";
export * from "./trainingCurvesFigure";
export * from "./displacementFigure";
export * from "./scatterFigure";
export * from "./heatmapFigure";
export * from "./linesFigure";
export * from "./massProfileFigure";
export * from "./calibrationTrialsFigure";
export * from "./relaxationFitFigure";
