/**
 * Every stochastic ground-truth check of the suite (see test/stochastic.ts), in the order of the
 * spread table. Run without arguments (as the test runner does for every file under test/) this
 * module does nothing.
 */
import { BAYES_CASES } from "./bayes/bayesCases";
import { DIFFUSION_CASES } from "./diffusion/diffusionCases";
import { EXPERIMENT_CASES } from "./experiment/experimentCases";
import { FRACTAL_CASES } from "./fractal/fractalCases";
import { SLT_CASES } from "./slt/sltCases";
import { THEORY_CASES } from "./theory/theoryCases";
import { TRAIN_CASES } from "./train/trainCases";
import type { StochasticCase } from "./stochastic";

export const STOCHASTIC_CASES: StochasticCase[] = [...DIFFUSION_CASES, ...FRACTAL_CASES, ...BAYES_CASES, ...EXPERIMENT_CASES, ...SLT_CASES, ...TRAIN_CASES, ...THEORY_CASES];
