/**
 * Langevin dynamics of a tempered Bayesian posterior with a Gaussian prior, as an optimizer: the
 * posterior sampler of the steady-state experiment (notebook 08), run by the same trainer as SGD.
 */
import { createRandom } from "../util/random";
import type { Optimizer, OptimizerState } from "./optimizer";
import { checkOptimizerArgs, checkState } from "./optimizerChecks";

export interface LangevinOptimizerOptions {
  /** Step size eta > 0. */
  learningRate: number;
  /** Inverse temperature times sample size, n beta > 0 (n for the Bayesian posterior at beta = 1). */
  nBeta: number;
  /** Standard deviation of the Gaussian prior N(0, priorStd^2 I), > 0. */
  priorStd: number;
  /** Seed of the noise (a non-negative safe integer). */
  seed: number;
}

/**
 * Creates a Langevin "optimizer": w <- w - eta [grad L_B(w) + w / (n beta priorStd^2)] +
 * sqrt(2 eta / (n beta)) xi with xi ~ N(0, I), the SGLD discretisation (Welling & Teh 2011; step
 * eps = 2 eta / (n beta) in the paper's notation) whose stationary density is
 * ∝ exp(-n beta L_n(w) - |w|^2 / (2 priorStd^2)), up to O(eta) bias. Noise comes from one generator
 * seeded by `seed`, drawn parameter by parameter (Marsaglia's polar method); arithmetic in float64,
 * stored in float32. Its state holds the generator's, so a resumed run continues the same noise.
 *
 * @param options see {@link LangevinOptimizerOptions}.
 * @param numParams parameter count, integer ≥ 1.
 * @returns an {@link Optimizer} of kind "langevin".
 * @throws RangeError naming the option outside its range.
 * @example
 * const langevin = createLangevin({ learningRate: 0.1, nBeta: 1e12, priorStd: 1, seed: 1 }, 1);
 * const w = new Float32Array([1]);
 * langevin.step(w, new Float32Array([2])); // ≈ 0.8
 * @complexity O(d) per step.
 */
export function createLangevin(options: LangevinOptimizerOptions, numParams: number): Optimizer {
  const { learningRate, nBeta, priorStd, seed } = options;
  checkOptimizerArgs("createLangevin", numParams, [
    ["learningRate", learningRate, 0, Number.MAX_VALUE, true],
    ["nBeta", nBeta, 0, Number.MAX_VALUE, true],
    ["priorStd", priorStd, 0, Number.MAX_VALUE, true],
  ]);
  const noise = createRandom(seed);
  let stepCount = 0;
  return {
    kind: "langevin",
    learningRate,
    step(params, gradient, rate) {
      const lr = rate ?? learningRate;
      const decay = 1 / (nBeta * priorStd ** 2);
      const scale = Math.sqrt((2 * lr) / nBeta);
      let sum = 0;
      for (let i = 0; i < params.length; i++) {
        const wi = params[i]!;
        sum += params[i] = wi - lr * (gradient[i]! + decay * wi) + scale * noise.normal();
      }
      stepCount++;
      return sum;
    },
    state(): OptimizerState {
      return { kind: "langevin", stepCount, buffers: [], extra: noise.state() };
    },
    restore(state) {
      checkState("Langevin.restore", state, "langevin", 0, numParams);
      if (!state.extra) throw new RangeError(`Langevin.restore: state.extra must hold the noise generator's state, got none`);
      stepCount = state.stepCount;
      noise.restore(state.extra);
    },
  };
}
