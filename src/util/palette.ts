/**
 * The colour palettes of every figure, in one place.
 */

/** Colours of successive series: Plotly's default cycle reordered so that the first two contrast (blue, red). */
export const SERIES_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"] as const;

/** Plotly's (and d3's category10) default cycle in its own order, for figures that follow Plotly's colours. */
export const PLOTLY_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"] as const;

/** The colour of series i of a palette, cycling. */
export function paletteColor(palette: readonly string[], i: number): string {
  return palette[((i % palette.length) + palette.length) % palette.length]!;
}
