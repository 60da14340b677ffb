import { createRandom } from "../util/random";
import { logGamma } from "../theory/gammaFunction";

/** Options of {@link lowLossMassProfile}. */
export interface LowLossMassProfileOptions {
  /** The loss level eps of the low-loss set {K < eps}, > 0 (same units as the excess loss). */
  threshold: number;
  /** Radii r of the balls around w*, increasing, each > 0. */
  radii: number[];
  /** Uniform samples per ball (default 200000), an integer >= 100. */
  samples?: number;
  seed?: number;
}

/** The mass of a low-loss set within balls of growing radius, and its local dimension. */
export interface LowLossMassProfile {
  radii: Float64Array;
  /** M(r) = vol({w : K(w) < eps, |w - w*| < r}), in units of w^d. */
  masses: Float64Array;
  /** Monte Carlo standard error of each mass. */
  standardErrors: Float64Array;
  /** Fraction of the ball inside the set. */
  fractions: Float64Array;
  /** Local mass dimension d log M / d log r between consecutive radii (length radii - 1), and the radius each belongs to (geometric midpoint). */
  localDimensions: Float64Array;
  midRadii: Float64Array;
}

/**
 * The mass of the low-loss set within distance r of w*, M(r) = vol({K < eps} ∩ B(w*, r)), for growing r:
 * the quantity whose growth exponent d log M / d log r is a mass (fractal) dimension in length units,
 * the d_f of the Alexander–Orbach relation d_s = 2 d_f / d_w.
 *
 * It puts the paper's reading of the learning coefficient as a mass dimension (paper.md, "Theory in one
 * page") on ground truth: lambda is a loss exponent (vol{K < eps} ~ eps^lambda), d_f a length exponent.
 * For a quadratic basin K = h r^2 / 2 the whole ball lies inside the set while r < sqrt(2 eps / h), so
 * M ~ r^d = r^(2 lambda); for singular K the local dimension changes with the scale.
 * Variant: plain Monte Carlo, uniform points in each ball (Gaussian direction, radius r U^(1/d)), the
 * same number of points per ball; the ball volume is pi^(d/2) r^d / Gamma(d/2 + 1).
 *
 * @param excessLoss K(w) >= 0 with K(w*) = 0, for w of length d.
 * @param center w*, length d >= 1.
 * @param options threshold eps, radii, samples, seed.
 * @returns the {@link LowLossMassProfile}.
 * @throws RangeError for an empty or non-increasing list of radii, a non-positive threshold or too few samples.
 * @example
 * const profile = lowLossMassProfile((w) => 0.5 * (w[0] * w[0] + w[1] * w[1]), new Float64Array(2), { threshold: 1, radii: [0.1, 0.2], samples: 1000 });
 * profile.fractions[1]; // 1
 * profile.localDimensions[0]; // ≈ 2
 *
 * Complexity O(radii x samples x (d + cost of K)).
 */
export function lowLossMassProfile(excessLoss: (w: Float64Array) => number, center: Float64Array, options: LowLossMassProfileOptions): LowLossMassProfile {
  const fn = "lowLossMassProfile";
  const d = center.length;
  if (d < 1) throw new RangeError(`${fn}: center must have length >= 1`);
  const { threshold } = options;
  if (!(threshold > 0 && Number.isFinite(threshold))) throw new RangeError(`${fn}: threshold must be a finite number > 0, got ${threshold}`);
  const radii = options.radii;
  if (!Array.isArray(radii) || radii.length < 2 || radii.some((r, i) => !(r > 0 && Number.isFinite(r)) || (i > 0 && !(r > radii[i - 1]!)))) {
    throw new RangeError(`${fn}: radii must be at least 2 increasing finite numbers > 0, got ${JSON.stringify(radii)}`);
  }
  const samples = options.samples ?? 200000;
  if (!Number.isInteger(samples) || samples < 100) throw new RangeError(`${fn}: samples must be an integer >= 100, got ${samples}`);
  const random = createRandom(options.seed ?? 0);
  const logUnitBall = (d / 2) * Math.log(Math.PI) - logGamma(d / 2 + 1);
  const w = new Float64Array(d), direction = new Float64Array(d);
  const masses = new Float64Array(radii.length), errors = new Float64Array(radii.length), fractions = new Float64Array(radii.length);
  radii.forEach((r, k) => {
    let inside = 0;
    for (let s = 0; s < samples; s++) {
      random.fillNormal(direction);
      let norm = 0;
      for (let i = 0; i < d; i++) norm += direction[i]! * direction[i]!;
      const scale = (r * Math.pow(random.uniformPositive(), 1 / d)) / Math.sqrt(norm);
      for (let i = 0; i < d; i++) w[i] = center[i]! + scale * direction[i]!;
      if (excessLoss(w) < threshold) inside++;
    }
    const f = inside / samples;
    const volume = Math.exp(logUnitBall + d * Math.log(r));
    fractions[k] = f;
    masses[k] = f * volume;
    errors[k] = volume * Math.sqrt((f * (1 - f)) / samples);
  });
  const localDimensions = new Float64Array(radii.length - 1), midRadii = new Float64Array(radii.length - 1);
  for (let k = 0; k + 1 < radii.length; k++) {
    localDimensions[k] = Math.log(masses[k + 1]! / masses[k]!) / Math.log(radii[k + 1]! / radii[k]!);
    midRadii[k] = Math.sqrt(radii[k]! * radii[k + 1]!);
  }
  return { radii: Float64Array.from(radii), masses, standardErrors: errors, fractions, localDimensions, midRadii };
}
