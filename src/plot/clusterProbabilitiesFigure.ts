import type { Figure } from "./figure";

/** One distribution over clusters, with optional interval bounds per cluster. */
export interface ProbabilitySeries {
  name: string;
  values: ArrayLike<number>;
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
}

/**
 * Grouped bars of several distributions over the same clusters (e.g. Bayesian, raw SGD, tempered SGD).
 *
 * @param clusters cluster names (K).
 * @param series distributions, each with K values (and optional K lower / upper bounds drawn as error bars).
 * @param options.title figure title.
 * @returns a Plotly {@link Figure} of grouped bars, probabilities on the y axis.
 * @throws RangeError when a series does not have K values.
 * @example
 * clusterProbabilitiesFigure(["A", "B"], [{ name: "SGD", values: [0.7, 0.3] }]).data.length; // 1
 */
export function clusterProbabilitiesFigure(clusters: string[], series: ProbabilitySeries[], options: { title?: string } = {}): Figure {
  const data = series.map((s) => {
    if (s.values.length !== clusters.length) throw new RangeError(`clusterProbabilitiesFigure: series "${s.name}" must have ${clusters.length} values, got ${s.values.length}`);
    const y = Array.from(s.values, (v) => +v.toFixed(4));
    const trace: Figure["data"][number] = { type: "bar", name: s.name, x: clusters, y };
    if (s.lower && s.upper) {
      (trace as { error_y?: unknown }).error_y = {
        type: "data", symmetric: false,
        array: Array.from(s.upper, (u, k) => +(u - y[k]!).toFixed(4)),
        arrayminus: Array.from(s.lower, (l, k) => +(y[k]! - l).toFixed(4)),
      };
    }
    return trace;
  });
  return { data, layout: { title: { text: options.title ?? "Cluster probabilities" }, barmode: "group", yaxis: { title: { text: "probability" } }, height: 380 } };
}
