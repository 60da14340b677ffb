/**
 * Coverage of confidence intervals against independent replicates: the fraction of replicates whose
 * interval contains the truth, and the ratio of the mean reported variance to the variance of the
 * estimates across replicates (1 for a calibrated standard error).
 *
 * Run without arguments (as the test runner does for every file under test/) this module does nothing.
 */

/** One replicate: the estimate with its reported interval and, when there is one, its standard error. */
export interface Replicate {
  estimate: number;
  lower: number;
  upper: number;
  standardError?: number;
}

/** Coverage and calibration of replicated intervals. */
export interface Coverage {
  /** Fraction of replicates with lower ≤ truth ≤ upper. */
  coverage: number;
  /** Mean of the reported squared standard errors over the variance of the estimates (NaN without standard errors). */
  varianceRatio: number;
  /** Mean estimate minus truth. */
  bias: number;
}

/** Runs `replicate(r)` for r = 0..count-1 and measures coverage of `truth` and calibration. */
export async function coverageOf(count: number, truth: number, replicate: (r: number) => Replicate | Promise<Replicate>): Promise<Coverage> {
  let covered = 0, sum = 0, sumSquares = 0, se2 = 0, withSe = 0;
  const estimates: number[] = [];
  for (let r = 0; r < count; r++) {
    const x = await replicate(r);
    if (x.lower <= truth && truth <= x.upper) covered++;
    estimates.push(x.estimate);
    sum += x.estimate;
    if (x.standardError !== undefined) {
      se2 += x.standardError ** 2;
      withSe++;
    }
  }
  const mean = sum / count;
  for (const e of estimates) sumSquares += (e - mean) ** 2;
  const variance = sumSquares / (count - 1);
  return { coverage: covered / count, varianceRatio: withSe === count ? se2 / count / variance : NaN, bias: mean - truth };
}
