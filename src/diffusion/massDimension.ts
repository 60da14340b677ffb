import { fitPowerLaw, type PowerLawFit } from "./fitPowerLaw";

/** Options of {@link massDimension}. */
export interface MassDimensionOptions {
  /** Centre of the balls (length = dimension; default: the first point). */
  center?: ArrayLike<number>;
  /** Smallest and largest radius fitted (defaults: 4 x the nearest-neighbour distance of the centre, and half the largest distance). */
  minRadius?: number;
  maxRadius?: number;
  /** Number of log-spaced radii (default 20). */
  numRadii?: number;
}

/**
 * The fractal (mass) dimension d_f of a point set: N(R), the number of points within distance R of a
 * centre, grows like R^(d_f).
 *
 * Used with the walk dimension to check Alexander–Orbach, d_s = 2 d_f / d_w (arXiv 2503.22478 reads
 * the learning coefficient as such a mass dimension). Variant: cumulative counts at log-spaced radii,
 * least squares on log-log axes.
 *
 * @param points row-major `n x dimension` coordinates; dimension ≥ 1; options see {@link MassDimensionOptions}.
 * @returns { massDimension, fit, radii, counts }.
 * @throws RangeError for fewer than 3 radii with points, or malformed input.
 * @example
 * const grid = new Float64Array(2 * 10000).map((_, k) => (k % 2 === 0 ? Math.floor(k / 2) % 100 : Math.floor(k / 200)));
 * Math.round(massDimension(grid, 2, { center: [50, 50], minRadius: 5, maxRadius: 40 }).massDimension * 10) / 10; // 2
 */
export function massDimension(points: Float64Array | Float32Array, dimension: number, options: MassDimensionOptions = {}): { massDimension: number; fit: PowerLawFit; radii: Float64Array; counts: Float64Array } {
  const fn = "massDimension";
  if (!Number.isInteger(dimension) || dimension < 1 || points.length % dimension !== 0 || points.length === 0) {
    throw new RangeError(`${fn}: dimension must be an integer ≥ 1 dividing points.length = ${points.length}, got ${dimension}`);
  }
  const n = points.length / dimension;
  const center = options.center ?? points.subarray(0, dimension);
  if (center.length !== dimension) throw new RangeError(`${fn}: center must have length ${dimension}, got ${center.length}`);
  const distances = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < dimension; j++) s += (points[i * dimension + j]! - center[j]!) ** 2;
    distances[i] = Math.sqrt(s);
  }
  distances.sort();
  let nearest = 0;
  for (let i = 0; i < n; i++) if (distances[i]! > 0) { nearest = distances[i]!; break; }
  const rMin = options.minRadius ?? 4 * nearest;
  const rMax = options.maxRadius ?? distances[n - 1]! / 2;
  const k = options.numRadii ?? 20;
  if (!(rMin > 0) || !(rMax > rMin)) throw new RangeError(`${fn}: radii must satisfy 0 < minRadius < maxRadius, got ${rMin} and ${rMax}`);
  const radii = new Float64Array(k);
  const counts = new Float64Array(k);
  let idx = 0;
  for (let r = 0; r < k; r++) {
    radii[r] = rMin * (rMax / rMin) ** (r / (k - 1));
    while (idx < n && distances[idx]! <= radii[r]! * (1 + 1e-12)) idx++;
    counts[r] = idx;
  }
  const fit = fitPowerLaw(radii, counts, { pointsPerDecade: 0 });
  return { massDimension: fit.exponent, fit, radii, counts };
}
