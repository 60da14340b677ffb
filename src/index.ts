/**
 * almost-bayesian: typed helpers for reproducing "Almost Bayesian: The Fractal Dynamics of Stochastic
 * Gradient Descent" (Hennick & De Baerdemacker, arXiv 2503.22478) in TypeScript notebooks.
 *
 * Folders: `env` (backend, run mode, environment report), `data` (MNIST, Fashion-MNIST, two moons),
 * `plot` (pure Plotly figure builders), `notebook` (display), `util` (seeded random numbers).
 */
export * from "./env";
export * from "./data";
export * from "./plot";
export * from "./notebook";
export * from "./util";
export * from "./diffusion";
