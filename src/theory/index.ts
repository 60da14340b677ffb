/**
 * Fractional diffusion theory made executable: the gamma and Mittag-Leffler functions, the Caputo
 * derivative (L1 scheme) and a 1-D time-fractional Fokker–Planck solver.
 *
 * @module theory
 */
export * from "./gammaFunction";
export * from "./mittagLeffler";
export * from "./caputoDerivative";
export * from "./fractionalFokkerPlanck";
export * from "./fokkerPlanckObservables";
export * from "./fitRelaxation";
