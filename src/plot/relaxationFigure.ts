import type { Figure } from "./figure";

/**
 * Numerical solution against theory as functions of time (e.g. a Fokker–Planck mode amplitude against
 * E_a(-lambda t^a), or an MSD against 2 K t^a / Gamma(1 + a)): markers for the numbers, a line for
 * the theory, optional log axes.
 *
 * @param numerical { times, values } from a solver; theory { times, values } (dense) with its label.
 * @param options title, yLabel, logX, logY.
 * @returns a {@link Figure}.
 * @throws RangeError when an x and y array differ in length.
 * @example
 * relaxationFigure({ times: [1, 2], values: [1, 0.5] }, { times: [1, 2], values: [1, 0.5], label: "E_a" }).data.length; // 2
 */
export function relaxationFigure(
  numerical: { times: ArrayLike<number>; values: ArrayLike<number>; label?: string },
  theory: { times: ArrayLike<number>; values: ArrayLike<number>; label: string },
  options: { title?: string; yLabel?: string; logX?: boolean; logY?: boolean } = {},
): Figure {
  for (const [name, s] of [["numerical", numerical], ["theory", theory]] as const) {
    if (s.times.length !== s.values.length) throw new RangeError(`relaxationFigure: ${name}.times and ${name}.values must have the same length, got ${s.times.length} and ${s.values.length}`);
  }
  return {
    data: [
      { type: "scatter", mode: "markers", name: numerical.label ?? "numerical", x: Array.from(numerical.times), y: Array.from(numerical.values), marker: { size: 6, color: "#1f77b4" } },
      { type: "scatter", mode: "lines", name: theory.label, x: Array.from(theory.times), y: Array.from(theory.values), line: { color: "#d62728" } },
    ],
    layout: {
      title: { text: options.title ?? "Fractional relaxation" },
      xaxis: { title: { text: "t" }, ...(options.logX ? { type: "log" as const } : {}) },
      yaxis: { title: { text: options.yLabel ?? "value" }, ...(options.logY ? { type: "log" as const } : {}) },
      height: 380,
    },
  };
}
