/**
 * Adam (Kingma & Ba 2015), with L2 or decoupled (AdamW) weight decay, as PyTorch implements it.
 */
import type { Optimizer, OptimizerState } from "./optimizer";
import { checkOptimizerArgs, checkState } from "./optimizerChecks";

export interface AdamOptions {
  /** Step size eta > 0 (default 1e-3). */
  learningRate?: number;
  /** First-moment decay beta1 in [0, 1) (default 0.9). */
  beta1?: number;
  /** Second-moment decay beta2 in [0, 1) (default 0.999). */
  beta2?: number;
  /** Denominator offset epsilon > 0 (default 1e-8). */
  epsilon?: number;
  /** Weight decay ≥ 0 (default 0): added to the gradient, or decoupled when `decoupledWeightDecay`. */
  weightDecay?: number;
  /** AdamW: shrink weights by (1 - eta weightDecay) instead of adding to the gradient (default false). */
  decoupledWeightDecay?: boolean;
}

/**
 * Creates an Adam optimizer.
 *
 * Update at step t (from 1): m = beta1 m + (1 - beta1) g, v = beta2 v + (1 - beta2) g^2,
 * w = w - (eta / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon), as `torch.optim.Adam`.
 * Arithmetic in float64, moments stored in float32. Adam's per-coordinate preconditioning changes the
 * metric of the walk, which is why the paper expects its diffusion relations to hold less well for it.
 *
 * @param options see {@link AdamOptions} for each default and range.
 * @param numParams parameter count, integer ≥ 1.
 * @returns an {@link Optimizer} whose state holds the two moment buffers.
 * @throws RangeError naming the option and its valid range.
 * @example
 * const adam = createAdam({ learningRate: 0.1 }, 1);
 * const w = new Float32Array([1]);
 * adam.step(w, new Float32Array([3])); // ≈ 0.9
 * @complexity O(d) per step.
 */
export function createAdam(options: AdamOptions, numParams: number): Optimizer {
  const learningRate = options.learningRate ?? 1e-3;
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const weightDecay = options.weightDecay ?? 0;
  const decoupled = options.decoupledWeightDecay ?? false;
  checkOptimizerArgs("createAdam", numParams, [
    ["learningRate", learningRate, 0, Number.MAX_VALUE, true],
    ["beta1", beta1, 0, 0.999999999],
    ["beta2", beta2, 0, 0.999999999],
    ["epsilon", epsilon, 0, Number.MAX_VALUE, true],
    ["weightDecay", weightDecay, 0, Number.MAX_VALUE],
  ]);
  let m = new Float32Array(numParams);
  let v = new Float32Array(numParams);
  let stepCount = 0;
  return {
    kind: "adam",
    learningRate,
    step(params, gradient, rate) {
      const lr = rate ?? learningRate;
      stepCount++;
      const correction1 = 1 - Math.pow(beta1, stepCount);
      const sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, stepCount));
      const stepSize = lr / correction1;
      const shrink = decoupled ? 1 - lr * weightDecay : 1;
      const l2 = decoupled ? 0 : weightDecay;
      const sum = adamUpdate(params, gradient, m, v, stepSize, sqrtCorrection2, beta1, beta2, epsilon, shrink, l2);
      return sum;
    },
    state(): OptimizerState {
      return { kind: "adam", stepCount, buffers: [m.slice(), v.slice()] };
    },
    restore(state) {
      checkState("Adam.restore", state, "adam", 2, numParams);
      stepCount = state.stepCount;
      m = state.buffers[0]!.slice();
      v = state.buffers[1]!.slice();
    },
  };
}

/** The Adam loop as a plain module function (locals and arguments only, which V8 optimizes best). */
function adamUpdate(
  params: Float32Array,
  gradient: Float32Array,
  m: Float32Array,
  v: Float32Array,
  stepSize: number,
  sqrtCorrection2: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  shrink: number,
  l2: number,
): number {
  let sum = 0;
  const n = params.length;
  for (let i = 0; i < n; i++) {
    const w0 = params[i]!;
    const g = gradient[i]! + l2 * w0;
    const mi = beta1 * m[i]! + (1 - beta1) * g;
    const vi = beta2 * v[i]! + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    const w = w0 * shrink - (stepSize * mi) / (Math.sqrt(vi) / sqrtCorrection2 + epsilon);
    params[i] = w;
    sum += w;
  }
  return sum;
}
