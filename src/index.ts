/// <reference path="./types/danfojs.d.ts" />
/**
 * almost-bayesian: typed helpers for reproducing "Almost Bayesian: The Fractal Dynamics of Stochastic
 * Gradient Descent" (Hennick & De Baerdemacker, arXiv 2503.22478) in TypeScript notebooks.
 *
 * Folders: `env` (backend, run mode, environment report), `data` (MNIST, Fashion-MNIST, two moons),
 * `plot` (pure Plotly figure builders), `notebook` (display), `util` (seeded random numbers).
 */
export * from "./env/index";
export * from "./data/index";
export * from "./plot/index";
export * from "./notebook/index";
export * from "./util/index";
export * from "./slt/index";
export * from "./diffusion/index";
export * from "./fractal/index";
export * from "./theory/index";
export * from "./model/index";
export * from "./train/index";
export * from "./trajectory/index";
export * from "./bayes/index";
export * from "./experiment/index";
