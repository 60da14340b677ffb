import { PLOTLY_COLORS } from "../util/palette";
import type { Figure } from "./figure";


/** One model on a volume-scaling plot. */
export interface VolumeScalingSeries {
  name: string;
  /** Loss thresholds eps, > 0. */
  thresholds: ArrayLike<number>;
  /** Volumes V(eps) of {K < eps}, > 0, same length. */
  volumes: ArrayLike<number>;
  /** The learning coefficient lambda: a dashed reference line V ∝ eps^lambda through the smallest eps. */
  lambda?: number;
}

/**
 * The volume of the low-loss set V(eps) = vol{w : K(w) < eps} against eps on log-log axes, one series
 * per model, with reference lines of slope lambda: the learning coefficient is the exponent of this
 * volume scaling, V(eps) ~ eps^lambda (paper.md, "Theory in one page").
 *
 * @param series one per model (see {@link VolumeScalingSeries}).
 * @param options title.
 * @returns a Plotly figure (never displays).
 * @throws RangeError when series is empty or a series has mismatched lengths.
 * @example
 * volumeScalingFigure([{ name: "w1² + w2²", thresholds: [1e-4, 1e-2], volumes: [3e-4, 3e-2], lambda: 1 }]).data.length; // 2
 */
export function volumeScalingFigure(series: VolumeScalingSeries[], options: { title?: string } = {}): Figure {
  if (!Array.isArray(series) || series.length === 0) throw new RangeError(`volumeScalingFigure: series must be a non-empty array, got ${series?.length}`);
  const data: Figure["data"] = [];
  series.forEach((s, k) => {
    if (s.thresholds.length !== s.volumes.length || s.thresholds.length === 0) {
      throw new RangeError(`volumeScalingFigure: series "${s.name}" needs thresholds and volumes of one non-zero length, got ${s.thresholds.length} and ${s.volumes.length}`);
    }
    const color = PLOTLY_COLORS[k % PLOTLY_COLORS.length]!;
    const x = Array.from(s.thresholds), y = Array.from(s.volumes);
    data.push({ type: "scatter", mode: "markers", name: s.name, x, y, marker: { color, size: 7 } });
    if (s.lambda !== undefined) {
      const i0 = x.indexOf(Math.min(...x)), i1 = x.indexOf(Math.max(...x));
      const x0 = x[i0]!, y0 = y[i0]!, x1 = x[i1]!;
      data.push({
        type: "scatter", mode: "lines", name: `slope λ = ${Number(s.lambda.toPrecision(4))}`,
        x: [x0, x1], y: [y0, y0 * (x1 / x0) ** s.lambda], line: { color, dash: "dash", width: 1.5 },
      });
    }
  });
  return {
    data,
    layout: {
      title: { text: options.title ?? "Volume of the low-loss set against the loss threshold" },
      xaxis: { title: { text: "loss threshold ε" }, type: "log", exponentformat: "power" },
      yaxis: { title: { text: "volume V(ε) of {K < ε}" }, type: "log", exponentformat: "power" },
      height: 420,
    },
  };
}
