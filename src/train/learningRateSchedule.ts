/**
 * Learning-rate schedules: a factor on the learning rate of the optimizer in force, as a function of
 * the step. Plain data, so a schedule is part of a run's stored configuration.
 */

/**
 * A schedule: `constant` (factor 1); `warmupCosine` (linear warm-up from 0 over `warmupSteps`, then a
 * half cosine from 1 down to `finalFactor` at the last step; factor (t + 1) / warmupSteps at warm-up step t); `stepDecay` (multiply by `factor` every
 * `every` steps); `inverseSqrt` (1 during warm-up, then sqrt(warmupSteps / step)).
 */
export type LearningRateSchedule =
  | { kind: "constant" }
  | { kind: "warmupCosine"; warmupSteps?: number; finalFactor?: number }
  | { kind: "stepDecay"; every: number; factor: number }
  | { kind: "inverseSqrt"; warmupSteps: number };

/**
 * Checks a schedule and returns `factorAt(step)`, the multiplier on the base learning rate at a step
 * t in [0, numSteps).
 *
 * @param schedule see {@link LearningRateSchedule}: warmupSteps an integer in [0, numSteps],
 *   finalFactor in [0, 1] (default 0), every an integer ≥ 1, factor in (0, 1].
 * @param numSteps the run's length T (integer ≥ 1): the cosine reaches finalFactor at t = T - 1.
 * @returns the factor function (values in [0, 1]).
 * @throws RangeError naming the field outside its range or an unknown kind.
 * @example
 * const f = learningRateFactor({ kind: "warmupCosine", warmupSteps: 10 }, 110);
 * [f(0), f(5), f(10), f(109)]; // [0.1, 0.6, 1, 0]
 * learningRateFactor({ kind: "stepDecay", every: 100, factor: 0.5 }, 1000)(250); // 0.25
 */
export function learningRateFactor(schedule: LearningRateSchedule, numSteps: number): (step: number) => number {
  const fn = "learningRateFactor";
  const check = (name: string, value: number, ok: boolean, range: string): void => {
    if (!ok) throw new RangeError(`${fn}: ${name} must be ${range}, got ${value}`);
  };
  switch (schedule?.kind) {
    case "constant":
      return () => 1;
    case "warmupCosine": {
      const warmup = schedule.warmupSteps ?? 0;
      const final = schedule.finalFactor ?? 0;
      check("warmupSteps", warmup, Number.isInteger(warmup) && warmup >= 0 && warmup < numSteps, `an integer in [0, ${numSteps - 1}]`);
      check("finalFactor", final, final >= 0 && final <= 1, "in [0, 1]");
      const span = Math.max(1, numSteps - 1 - warmup);
      return (t) => {
        if (t < warmup) return (t + 1) / warmup;
        const progress = Math.min(1, (t - warmup) / span);
        return final + (1 - final) * 0.5 * (1 + Math.cos(Math.PI * progress));
      };
    }
    case "stepDecay": {
      check("every", schedule.every, Number.isInteger(schedule.every) && schedule.every >= 1, "an integer ≥ 1");
      check("factor", schedule.factor, schedule.factor > 0 && schedule.factor <= 1, "in (0, 1]");
      return (t) => Math.pow(schedule.factor, Math.floor(t / schedule.every));
    }
    case "inverseSqrt": {
      const warmup = schedule.warmupSteps;
      check("warmupSteps", warmup, Number.isInteger(warmup) && warmup >= 1, "an integer ≥ 1");
      return (t) => (t < warmup ? 1 : Math.sqrt(warmup / (t + 1)));
    }
    default:
      throw new RangeError(
        `${fn}: schedule.kind must be "constant", "warmupCosine", "stepDecay" or "inverseSqrt", got ${JSON.stringify((schedule as { kind?: unknown } | null)?.kind)}`,
      );
  }
}
