/** Inputs of {@link spectralDimensionFromLlc}. */
export interface SpectralDimensionFromLlcInput {
  /** Trajectory-averaged local learning coefficient lambda_bar (> 0). */
  learningCoefficient: number;
  /** The paper's alpha: slope of log R against log t, i.e. half the MSD exponent (> 0). */
  displacementExponent: number;
}

/** The paper's spectral dimension and the quantities it is compared with. */
export interface SpectralDimensionFromLlc {
  /** d_s = 2 lambda_bar alpha. */
  spectralDimension: number;
  /** d_w = 1 / alpha = 2 lambda_bar / d_s. */
  walkDimension: number;
  /** Whether d_s ≤ lambda_bar (the paper's bound, equivalent to alpha ≤ 1/2, i.e. sub-diffusion). */
  withinBound: boolean;
}

/**
 * The paper's spectral dimension from the learning coefficient and the displacement exponent.
 *
 * Paper (arXiv 2503.22478): Alexander–Orbach-type relation d_w = 2 lambda / d_s with R ~ t^(1/d_w)
 * gives d_s = 2 lambda_bar alpha, alpha the slope of log R against log t. Note the bound d_s ≤ lambda
 * is then the same statement as alpha ≤ 1/2: an independent d_s (see spectralDimensionFromReturns)
 * is needed to test it.
 *
 * @param input.learningCoefficient lambda_bar > 0; input.displacementExponent alpha > 0.
 * @returns a {@link SpectralDimensionFromLlc}.
 * @throws RangeError for non-positive or non-finite inputs.
 * @example
 * spectralDimensionFromLlc({ learningCoefficient: 32, displacementExponent: 0.33 }).spectralDimension; // ≈ 21.12
 */
export function spectralDimensionFromLlc(input: SpectralDimensionFromLlcInput): SpectralDimensionFromLlc {
  const { learningCoefficient: lambda, displacementExponent: alpha } = input;
  if (!(lambda > 0) || !Number.isFinite(lambda)) {
    throw new RangeError(`spectralDimensionFromLlc: learningCoefficient must be a finite number > 0, got ${lambda}`);
  }
  if (!(alpha > 0) || !Number.isFinite(alpha)) {
    throw new RangeError(`spectralDimensionFromLlc: displacementExponent must be a finite number > 0, got ${alpha}`);
  }
  const ds = 2 * lambda * alpha;
  return { spectralDimension: ds, walkDimension: 1 / alpha, withinBound: ds <= lambda };
}
