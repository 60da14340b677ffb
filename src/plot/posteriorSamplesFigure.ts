import type { MinibatchLoss } from "../model/minibatchLoss";
import type { SgldTrace } from "../slt/sampleSgld";
import type { Figure } from "./figure";

/** Options of {@link posteriorSamplesFigure}. */
export interface PosteriorSamplesFigureOptions {
  /** Half-width of the plotted square around w* (default: 1.1 x the largest |w_i - w*_i| sampled, at least 0.1). */
  radius?: number;
  /** Grid points per axis of the contour (default 121), integer >= 10. */
  gridSize?: number;
  /** Samples evaluated for the contour (default: all of the loss's samples, at most 2000). */
  numSamples?: number;
  title?: string;
}

/**
 * SGLD samples of a two-parameter model over the contours of its excess loss
 * n beta (L_n(w) - L_n(w*)) on a log scale: what the LLC measures, as the volume of low loss that the
 * localized posterior fills (e.g. the cross-shaped valley of a normal crossing).
 *
 * @param loss a MinibatchLoss with numParams = 2 (e.g. createNormalCrossingLoss).
 * @param trace an SgldTrace sampled with `recordParams: true`.
 * @param center w* (length 2).
 * @param options radius, gridSize, numSamples, title.
 * @returns a Plotly figure: one contour trace and one scatter trace per chain (never displays).
 * @throws RangeError when the model is not two-dimensional or the trace has no recorded parameters.
 * @example
 * const nc = createNormalCrossingLoss({ a: 1, b: 1, numSamples: 200, seed: 0 });
 * const trace = await sampleSgld(nc, nc.trueParams, { stepSize: 1e-4, localization: 1, numChains: 2, numDraws: 50, recordParams: true, workers: false });
 * posteriorSamplesFigure(nc, trace, nc.trueParams, { gridSize: 21 }).data.length; // 3
 */
export function posteriorSamplesFigure(loss: MinibatchLoss, trace: SgldTrace, center: Float32Array, options: PosteriorSamplesFigureOptions = {}): Figure {
  const fn = "posteriorSamplesFigure";
  if (loss.numParams !== 2 || center.length !== 2) throw new RangeError(`${fn}: the model must have 2 parameters, got ${loss.numParams}`);
  if (!trace.params?.length || trace.params.every((p) => p.length === 0)) {
    throw new RangeError(`${fn}: trace.params is empty; sample with recordParams: true`);
  }
  const size = options.gridSize ?? 121;
  if (!Number.isInteger(size) || size < 10) throw new RangeError(`${fn}: gridSize must be an integer >= 10, got ${size}`);
  let spread = 0;
  for (const p of trace.params) for (let i = 0; i < p.length; i++) spread = Math.max(spread, Math.abs(p[i]! - center[i % 2]!));
  const radius = options.radius ?? Math.max(0.1, 1.1 * spread);
  const count = Math.min(options.numSamples ?? loss.numSamples, loss.numSamples, options.numSamples ?? 2000);
  const indices = Int32Array.from({ length: count }, (_, i) => i);
  const base = loss.loss(center, indices);
  const nBeta = trace.settings.nBeta;
  const axis = Array.from({ length: size }, (_, i) => -radius + (2 * radius * i) / (size - 1));
  const w = new Float32Array(2);
  const z = axis.map((y) =>
    axis.map((x) => {
      w[0] = center[0]! + x;
      w[1] = center[1]! + y;
      return Math.log10(Math.max(nBeta * (loss.loss(w, indices) - base), 1e-6));
    }),
  );
  const data: Figure["data"] = [
    {
      type: "contour",
      x: axis.map((x) => x + center[0]!),
      y: axis.map((y) => y + center[1]!),
      z,
      colorscale: "Viridis",
      reversescale: true,
      colorbar: { title: { text: "log₁₀ nβ(L − L*)" } },
      contours: { coloring: "heatmap" },
      name: "excess loss",
    },
  ];
  trace.params.forEach((p, c) => {
    const xs: number[] = [], ys: number[] = [];
    for (let i = 0; i + 1 < p.length; i += 2) {
      xs.push(p[i]!);
      ys.push(p[i + 1]!);
    }
    data.push({ type: "scatter", mode: "markers", name: `chain ${c}`, x: xs, y: ys, marker: { size: 3, opacity: 0.5 } });
  });
  return {
    data,
    layout: {
      title: { text: options.title ?? `SGLD samples of the localized posterior (nβ = ${nBeta.toPrecision(4)}, γ = ${trace.settings.localization})` },
      xaxis: { title: { text: "w₁" } },
      yaxis: { title: { text: "w₂" }, scaleanchor: "x" },
      height: 480,
    },
  };
}
