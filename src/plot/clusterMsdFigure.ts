import type { ClusterDisplacementExponent } from "../bayes/clusterDisplacementExponents";
import type { Figure } from "./figure";

/**
 * The late-training mean squared displacement of each cluster's SGD runs against the lag, on log-log
 * axes, with the fitted exponent 2 alpha in the legend.
 *
 * @param exponents one {@link ClusterDisplacementExponent} per cluster; @param names cluster names.
 * @returns a Plotly {@link Figure}.
 * @throws RangeError when names and exponents differ in number.
 * @example
 * const e = { alpha: 0.5, standardError: 0, rSquared: 1, numMembers: 1, lags: Float64Array.from([1, 2]), msd: Float64Array.from([1, 2]) };
 * clusterMsdFigure([e], ["A"]).data.length; // 1
 */
export function clusterMsdFigure(exponents: ClusterDisplacementExponent[], names: string[], options: { title?: string } = {}): Figure {
  if (names.length !== exponents.length) throw new RangeError(`clusterMsdFigure: names must have one entry per cluster (${exponents.length}), got ${names.length}`);
  return {
    data: exponents.map((e, k) => ({
      type: "scatter" as const, mode: "lines+markers" as const,
      name: `${names[k]} (α = ${e.alpha.toFixed(3)})`,
      x: Array.from(e.lags), y: Array.from(e.msd, (v) => +v.toPrecision(4)),
    })),
    layout: {
      title: { text: options.title ?? "Late-training MSD of each cluster's SGD runs" },
      xaxis: { title: { text: "lag t − t₀ (steps)" }, type: "log" },
      yaxis: { title: { text: "|w(t) − w(t₀)|²" }, type: "log" },
      height: 380,
    },
  };
}
