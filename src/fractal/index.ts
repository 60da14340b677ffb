/**
 * Seeded ground-truth processes with known diffusion exponents: walks on the Sierpinski gasket, on
 * products of gaskets, on critical percolation clusters, on a comb and on Z^d; continuous-time random
 * walks; fractional Brownian motion.
 *
 * @module fractal
 */
export * from "./embeddedGraph";
export * from "./sierpinskiGasket";
export * from "./gasketProductWalk";
export * from "./latticeWalk";
export * from "./combWalk";
export * from "./percolationClusterWalk";
export * from "./continuousTimeRandomWalk";
export * from "./fractionalBrownianMotion";
export * from "./uniformSampling";
