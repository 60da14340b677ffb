import { createRandom, type Seed } from "../util/random";
import { aoyagiLearningCoefficient } from "./aoyagiLearningCoefficient";

/** Options of {@link randomDeepLinearArchitectures}. */
export interface RandomDeepLinearArchitecturesOptions {
  /** Number of architectures, an integer >= 1. */
  count: number;
  /** Seed of the draw. */
  seed: Seed;
  /** Fewest and most weight layers L (default 2 and 5), integers with 1 <= minLayers <= maxLayers. */
  minLayers?: number;
  maxLayers?: number;
  /** Smallest and largest layer width (default 2 and 20), integers with 1 <= minWidth <= maxWidth. */
  minWidth?: number;
  maxWidth?: number;
  /** Largest parameter count d = sum_l H_l H_(l-1) accepted (default Infinity); draws above it are redrawn. */
  maxParams?: number;
}

/** A deep linear network architecture with its ground-truth learning coefficient. */
export interface DeepLinearArchitecture {
  /** Layer widths [H_0 (input), ..., H_L (output)]. */
  widths: number[];
  /** Rank r of the true map, in [0, min widths]. */
  rank: number;
  /** Parameter count d. */
  numParams: number;
  /** Aoyagi's learning coefficient lambda of the architecture at rank r. */
  learningCoefficient: number;
}

/**
 * Random deep linear network architectures and true ranks, for comparing LLC estimates with Aoyagi's
 * values over many networks on one plot (after Furman & Lau 2024, arXiv 2402.03698, who draw depth,
 * widths and rank at random in the same way).
 *
 * Variant: L uniform in [minLayers, maxLayers]; each of the L + 1 widths uniform in [minWidth,
 * maxWidth]; r uniform in [0, min widths]; an architecture with more than maxParams parameters is
 * redrawn (at most 1000 times per architecture).
 *
 * @param options count, seed, layer and width ranges, maxParams.
 * @returns `count` architectures with their parameter counts and learning coefficients.
 * @throws RangeError for options out of range; Error when 1000 draws in a row exceed maxParams.
 * @example
 * randomDeepLinearArchitectures({ count: 3, seed: 1 }).length; // 3
 * randomDeepLinearArchitectures({ count: 1, seed: 2, minLayers: 3, maxLayers: 3 })[0].widths.length; // 4
 *
 * Complexity O(count x maxLayers^2).
 */
export function randomDeepLinearArchitectures(options: RandomDeepLinearArchitecturesOptions): DeepLinearArchitecture[] {
  const fn = "randomDeepLinearArchitectures";
  const { count, seed } = options;
  const minLayers = options.minLayers ?? 2, maxLayers = options.maxLayers ?? 5;
  const minWidth = options.minWidth ?? 2, maxWidth = options.maxWidth ?? 20;
  const maxParams = options.maxParams ?? Infinity;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${fn}: count must be an integer >= 1, got ${count}`);
  if (!Number.isInteger(minLayers) || !Number.isInteger(maxLayers) || minLayers < 1 || maxLayers < minLayers) {
    throw new RangeError(`${fn}: minLayers and maxLayers must be integers with 1 <= minLayers <= maxLayers, got ${minLayers} and ${maxLayers}`);
  }
  if (!Number.isInteger(minWidth) || !Number.isInteger(maxWidth) || minWidth < 1 || maxWidth < minWidth) {
    throw new RangeError(`${fn}: minWidth and maxWidth must be integers with 1 <= minWidth <= maxWidth, got ${minWidth} and ${maxWidth}`);
  }
  if (!(maxParams >= 1)) throw new RangeError(`${fn}: maxParams must be a number >= 1, got ${options.maxParams}`);
  const random = createRandom(seed);
  const out: DeepLinearArchitecture[] = [];
  for (let k = 0; k < count; k++) {
    let found: DeepLinearArchitecture | null = null;
    for (let attempt = 0; attempt < 1000 && !found; attempt++) {
      const layers = minLayers + random.integer(maxLayers - minLayers + 1);
      const widths = Array.from({ length: layers + 1 }, () => minWidth + random.integer(maxWidth - minWidth + 1));
      const rank = random.integer(Math.min(...widths) + 1);
      let numParams = 0;
      for (let l = 1; l <= layers; l++) numParams += widths[l]! * widths[l - 1]!;
      if (numParams <= maxParams) found = { widths, rank, numParams, learningCoefficient: aoyagiLearningCoefficient(widths, rank).lambda };
    }
    if (!found) throw new Error(`${fn}: 1000 draws in a row had more than maxParams = ${maxParams} parameters; raise maxParams or lower maxWidth`);
    out.push(found);
  }
  return out;
}
