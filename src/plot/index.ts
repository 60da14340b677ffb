export * from "./figure";
export * from "./imageGridFigure";
export * from "./pointsFigure";
