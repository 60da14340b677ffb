import type { FractionalFokkerPlanckSolution } from "../theory/fractionalFokkerPlanck";
import type { Figure } from "./figure";

/**
 * Density profiles p(x, t) of a fractional Fokker–Planck solution at (up to) `maxCurves` recorded
 * times, optionally beside a reference density (e.g. the stationary exp(-gamma V / K) / Z) drawn dashed.
 *
 * @param solution from fractionalFokkerPlanck; options.reference { values at solution.x, label };
 * options.maxCurves (default 6, evenly spread over the records); options.title.
 * @returns a {@link Figure}.
 * @throws RangeError when the reference length differs from the grid.
 * @example
 * const s = fractionalFokkerPlanck({ order: 0.5, domain: { min: 0, max: 1, numCells: 4 }, diffusion: 1, initial: () => 1, timeStep: 0.1, numSteps: 2 });
 * fokkerPlanckFigure(s).data.length; // 3
 */
export function fokkerPlanckFigure(
  solution: FractionalFokkerPlanckSolution,
  options: { reference?: { values: ArrayLike<number>; label: string }; maxCurves?: number; title?: string } = {},
): Figure {
  const n = solution.x.length;
  const records = solution.times.length;
  const maxCurves = Math.max(1, Math.min(records, options.maxCurves ?? 6));
  const picks = new Set<number>();
  for (let i = 0; i < maxCurves; i++) picks.add(Math.round((i * (records - 1)) / Math.max(1, maxCurves - 1)));
  const x = Array.from(solution.x);
  const data: Figure["data"] = [...picks].map((r) => ({
    type: "scatter" as const,
    mode: "lines" as const,
    name: `t = ${solution.times[r]!.toPrecision(3)}`,
    x,
    y: Array.from(solution.density.subarray(r * n, (r + 1) * n)),
  }));
  if (options.reference) {
    if (options.reference.values.length !== n) {
      throw new RangeError(`fokkerPlanckFigure: reference.values must have ${n} values (one per cell), got ${options.reference.values.length}`);
    }
    data.push({ type: "scatter", mode: "lines", name: options.reference.label, x, y: Array.from(options.reference.values), line: { color: "#000000", dash: "dash" } });
  }
  return {
    data,
    layout: {
      title: { text: options.title ?? "Fractional Fokker–Planck density" },
      xaxis: { title: { text: "w" } },
      yaxis: { title: { text: "p(w, t)" } },
      height: 400,
    },
  };
}
