import type { FractionalFokkerPlanckSolution } from "./fractionalFokkerPlanck";

/**
 * The mean squared displacement of a Fokker–Planck density about a point, at every recorded time:
 * M(t) = ∫ (x - origin)^2 p(x, t) dx (midpoint rule on the cells).
 *
 * Paper (arXiv 2503.22478): the force-free FFPE has M(t) - M(0) = 2 K t^a / Gamma(1 + a).
 *
 * @param solution from fractionalFokkerPlanck.
 * @param origin reference point (default 0).
 * @returns M at solution.times (squared length units).
 * @example
 * const s = fractionalFokkerPlanck({ order: 1, domain: { min: -2, max: 2, numCells: 4 }, diffusion: 1, initial: () => 1, timeStep: 1, numSteps: 1 });
 * fokkerPlanckMsd(s)[0]; // 1.25
 * @complexity O(records x cells).
 */
export function fokkerPlanckMsd(solution: FractionalFokkerPlanckSolution, origin = 0): Float64Array {
  const { x, density, times, cellWidth } = solution;
  const n = x.length;
  const out = new Float64Array(times.length);
  for (let r = 0; r < times.length; r++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += (x[i]! - origin) ** 2 * density[r * n + i]!;
    out[r] = m * cellWidth;
  }
  return out;
}

/** Amplitude of one cosine mode of a Fokker–Planck solution over time, and its decay rate. */
export interface CosineModeRelaxation {
  times: Float64Array;
  /** Amplitude at each recorded time divided by its initial value (1 at t = 0). */
  amplitude: Float64Array;
  /**
   * Eigenvalue of the mode for the solver's force-free operator, lambda = (4K / h^2) sin^2(m pi h / 2L)
   * (→ K (m pi / L)^2 as h → 0): the mode relaxes like E_a(-lambda t^a).
   */
  rate: number;
}

/**
 * Projects a force-free Fokker–Planck solution on the cosine mode cos(m pi (x - min) / L) of the
 * zero-flux box [min, min + L] and returns its relaxation, normalised to 1 at t = 0.
 *
 * Paper (arXiv 2503.22478): FFPE modes relax like the Mittag-Leffler function E_a(-lambda t^a). The
 * cosine is an exact eigenvector of the solver's cell-centred Laplacian, so the amplitude measures the
 * time discretisation alone.
 *
 * @param solution from fractionalFokkerPlanck (no potential).
 * @param options.mode m, an integer ≥ 1; options.diffusion K > 0 used by the solver.
 * @returns a {@link CosineModeRelaxation}.
 * @throws RangeError for m < 1, K ≤ 0, or a mode absent from the initial density.
 * @example
 * const s = fractionalFokkerPlanck({ order: 1, domain: { min: 0, max: 1, numCells: 20 }, diffusion: 0.1, initial: (x) => 1 + Math.cos(Math.PI * x), timeStep: 0.01, numSteps: 2 });
 * cosineModeRelaxation(s, { mode: 1, diffusion: 0.1 }).amplitude[0]; // 1
 */
export function cosineModeRelaxation(solution: FractionalFokkerPlanckSolution, options: { mode: number; diffusion: number }): CosineModeRelaxation {
  const fn = "cosineModeRelaxation";
  const { mode, diffusion } = options;
  if (!Number.isInteger(mode) || mode < 1) throw new RangeError(`${fn}: mode must be an integer ≥ 1, got ${mode}`);
  if (!(diffusion > 0) || !Number.isFinite(diffusion)) throw new RangeError(`${fn}: diffusion must be a finite number > 0, got ${diffusion}`);
  const { x, density, times, cellWidth: h } = solution;
  const n = x.length;
  const length = n * h;
  const min = x[0]! - h / 2;
  const project = (r: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += density[r * n + i]! * Math.cos((mode * Math.PI * (x[i]! - min)) / length);
    return (2 / n) * s;
  };
  const initial = project(0);
  if (!(Math.abs(initial) > 1e-12)) throw new RangeError(`${fn}: the initial density has no component on mode ${mode} (amplitude ${initial})`);
  const amplitude = Float64Array.from(times, (_, r) => project(r) / initial);
  const rate = ((4 * diffusion) / (h * h)) * Math.sin((mode * Math.PI * h) / (2 * length)) ** 2;
  return { times, amplitude, rate };
}
