import type { RelaxationFit } from "../theory/fitRelaxation";
import { paletteColor, SERIES_COLORS } from "../util/palette";
import type { Figure } from "./figure";

/**
 * Relaxation curves with their Mittag-Leffler and exponential fits on log-log axes (the excess above
 * each fit's y∞, so a power-law tail is a straight line): per curve, the mean over replicates as
 * markers with ± 1 standard error, the Mittag-Leffler fit as a solid line and the exponential fit as a
 * dashed line, in the curve's colour. Points at or below the fitted y∞ cannot be shown on a log axis
 * and are left out (their count is in the legend).
 *
 * @param curves `{ name, fit }` from {@link fitRelaxation}.
 * @param options title, xLabel, yLabel, normalize (divide each curve by its Mittag-Leffler amplitude A, default true, so that curves of different size share the axes).
 * @returns a {@link Figure}.
 * @throws RangeError for an empty list.
 * @example
 * const t = [1, 2, 4, 8, 16, 32];
 * relaxationFitFigure([{ name: "e^(−t/4)", fit: fitRelaxation(t, t.map((s) => Math.exp(-s / 4)), { orderStep: 0.5 }) }]).data.length; // 3
 */
export function relaxationFitFigure(curves: readonly { name: string; fit: RelaxationFit }[], options: { title?: string; xLabel?: string; yLabel?: string; normalize?: boolean } = {}): Figure {
  if (!Array.isArray(curves) || curves.length === 0) throw new RangeError(`relaxationFitFigure: curves must hold at least one { name, fit }, got ${Array.isArray(curves) ? 0 : typeof curves}`);
  const data: Figure["data"] = [];
  curves.forEach(({ name, fit }, k) => {
    const color = paletteColor(SERIES_COLORS, k);
    const ml = fit.mittagLeffler, ex = fit.exponential;
    const scale = options.normalize === false ? 1 : Math.abs(ml.amplitude) || 1;
    const t = Array.from<number>(fit.times);
    const above = (v: number, offset: number) => ((v - offset) / scale > 0 ? (v - offset) / scale : null);
    const y = t.map((_, i) => above(fit.mean[i]!, ml.offset));
    const hidden = y.filter((v) => v === null).length;
    data.push({
      type: "scatter", mode: "markers", name: `${name}${hidden ? ` (${hidden} points ≤ y∞ not shown)` : ""}`, x: t, y, marker: { color, size: 6 },
      ...(fit.standardError ? { error_y: { type: "data" as const, array: Array.from<number>(fit.standardError).map((s) => s / scale), visible: true, color, thickness: 1 } } : {}),
    });
    data.push({ type: "scatter", mode: "lines", name: `E_a fit, a = ${ml.order.toFixed(2)}, τ = ${ml.timeScale.toPrecision(3)}`, x: t, y: Array.from<number>(ml.fitted).map((v) => above(v, ml.offset)), line: { color, width: 2 } });
    data.push({ type: "scatter", mode: "lines", name: `exponential fit, τ = ${ex.timeScale.toPrecision(3)}`, x: t, y: Array.from<number>(ex.fitted).map((v) => above(v, ml.offset)), line: { color, width: 1.5, dash: "dash" } });
  });
  return {
    data,
    layout: {
      title: { text: options.title ?? "Relaxation: Mittag-Leffler against exponential" },
      xaxis: { title: { text: options.xLabel ?? "t" }, type: "log" },
      yaxis: { title: { text: options.yLabel ?? (options.normalize === false ? "y − y∞" : "(y − y∞) / A") }, type: "log" },
      height: 460,
    },
  };
}
