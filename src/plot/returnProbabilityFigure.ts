import type { SpectralDimensionFromReturns } from "../diffusion/spectralDimensionFromReturns";
import { SERIES_COLORS } from "../util/palette";
import type { Figure } from "./figure";


/**
 * Return probability P(|w(t + tau) - w(t)| < r) against the lag on log-log axes, one series per
 * estimate, with the fitted power law tau^(-d_s/2) drawn over its window and d_s in the legend
 * (optionally beside the exact value).
 *
 * @param series named estimates from spectralDimensionFromReturns, optional exact d_s.
 * @returns a {@link Figure}.
 * @throws RangeError when series is empty.
 */
export function returnProbabilityFigure(series: { name: string; estimate: SpectralDimensionFromReturns; exact?: number }[], options: { title?: string } = {}): Figure {
  if (!Array.isArray(series) || series.length === 0) throw new RangeError(`returnProbabilityFigure: series must be a non-empty array, got ${Array.isArray(series) ? "length 0" : typeof series}`);
  const data: Figure["data"] = [];
  series.forEach((s, i) => {
    const color = SERIES_COLORS[i % SERIES_COLORS.length]!;
    const c = s.estimate.curve;
    const x: number[] = [];
    const y: number[] = [];
    for (let l = 0; l < c.lags.length; l++) {
      if (c.counts[l]! > 0) {
        x.push(c.lags[l]!);
        y.push(c.probability[l]!);
      }
    }
    const ds = s.estimate.spectralDimension;
    data.push({ type: "scatter", mode: "markers", name: `${s.name}: d_s = ${ds.toFixed(2)} ± ${s.estimate.standardError.toFixed(2)}${s.exact !== undefined ? ` (exact ${s.exact.toFixed(2)})` : ""}`, x, y, marker: { color, size: 6 } });
    // Fitted line through the weighted centre of the window.
    let sw = 0;
    let mx = 0;
    let my = 0;
    for (let l = 0; l < c.lags.length; l++) {
      const k = c.lagSteps[l]!;
      if (k < s.estimate.fitStart || k > s.estimate.fitEnd || !(c.counts[l]! > 0)) continue;
      sw += c.counts[l]!;
      mx += c.counts[l]! * Math.log(c.lags[l]!);
      my += c.counts[l]! * Math.log(c.probability[l]!);
    }
    if (sw > 0) {
      mx /= sw;
      my /= sw;
      const x0 = s.estimate.fitStart;
      const x1 = s.estimate.fitEnd;
      const at = (t: number) => Math.exp(my - (ds / 2) * (Math.log(t) - mx));
      data.push({ type: "scatter", mode: "lines", showlegend: false, x: [x0, x1], y: [at(x0), at(x1)], line: { color, dash: "dot", width: 2 } });
    }
  });
  return {
    data,
    layout: {
      title: { text: options.title ?? "Return probability and spectral dimension" },
      xaxis: { type: "log", title: { text: "lag τ" } },
      yaxis: { type: "log", title: { text: "P(|w(t+τ) − w(t)| < r)" } },
      height: 440,
    },
  };
}
