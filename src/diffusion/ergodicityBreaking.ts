import { timeAveragedMsd, type TimeAveragedMsdOptions } from "./timeAveragedMsd";
import type { MsdCurve } from "./msdCurve";
import type { Walk } from "./walk";

/** The ergodicity-breaking parameter as a function of lag. */
export interface ErgodicityBreaking {
  /** Lags (time units). */
  lags: Float64Array;
  /** EB(tau) = <(delta^2)^2> / <delta^2>^2 - 1 over members. */
  parameter: Float64Array;
  /** Member-averaged time-averaged MSD <delta^2(tau)>. */
  meanMsd: MsdCurve;
}

/**
 * The ergodicity-breaking parameter EB(tau) = Var(delta^2(tau)) / <delta^2(tau)>^2 of the
 * time-averaged MSD across members (He, Burov, Metzler & Barkai 2008).
 *
 * EB → 0 for an ergodic process (Brownian motion: EB ≈ 4 tau / (3 T) for tau ≪ T), and stays finite
 * for weak ergodicity breaking (continuous-time random walks with waiting exponent a:
 * EB → 2 Gamma(1+a)^2 / Gamma(1+2a) - 1). Variant: population variance over members; each member's
 * delta^2 by FFT ({@link timeAveragedMsd}).
 *
 * @param members ≥ 2 uniformly sampled walks with identical times.
 * @param options as {@link timeAveragedMsd}.
 * @returns an {@link ErgodicityBreaking} record.
 * @throws RangeError for fewer than 2 members or members of different lengths.
 * @example
 * const a = createWalk(new Float64Array([0, 1, 2]), 1), b = createWalk(new Float64Array([0, 2, 4]), 1);
 * ergodicityBreaking([a, b], { maxLag: 1 }).parameter[0]; // ≈ 0.36
 * @complexity O(members P T log T).
 */
export function ergodicityBreaking(members: readonly Walk[], options: TimeAveragedMsdOptions = {}): ErgodicityBreaking {
  const fn = "ergodicityBreaking";
  if (!Array.isArray(members) || members.length < 2) {
    throw new RangeError(`${fn}: members must hold at least 2 walks, got ${Array.isArray(members) ? members.length : typeof members}`);
  }
  const curves = members.map((w) => timeAveragedMsd(w, options));
  const n = curves[0]!.msd.length;
  for (let m = 1; m < curves.length; m++) {
    if (curves[m]!.msd.length !== n) throw new RangeError(`${fn}: members[${m}] gives ${curves[m]!.msd.length} lags, members[0] gives ${n}`);
  }
  const count = curves.length;
  const mean = new Float64Array(n);
  const parameter = new Float64Array(n);
  const se = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let mu = 0;
    let m2 = 0;
    for (let m = 0; m < count; m++) {
      const v = curves[m]!.msd[k]!;
      const d = v - mu;
      mu += d / (m + 1);
      m2 += d * (v - mu);
    }
    mean[k] = mu;
    parameter[k] = mu > 0 ? m2 / count / (mu * mu) : 0;
    se[k] = Math.sqrt(m2 / (count - 1) / count);
  }
  return {
    lags: curves[0]!.lags,
    parameter,
    meanMsd: { lags: curves[0]!.lags, msd: mean, standardError: se, numMembers: count, kind: "time-averaged", duration: curves[0]!.duration },
  };
}
