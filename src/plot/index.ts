export * from "./figure";
export * from "./imageGridFigure";
export * from "./pointsFigure";
export * from "./msdFigure";
export * from "./localSlopeFigure";
export * from "./returnProbabilityFigure";
export * from "./relaxationFigure";
