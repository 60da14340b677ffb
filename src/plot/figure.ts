/**
 * Typed Plotly figures.
 *
 * Figures are plain data (`{ data, layout }`, typed by `@types/plotly.js`); builders in `plot/` return
 * them and never display. The display layer (`notebook/figureBundle`) turns a figure into the MIME
 * bundle a notebook shows; colours come from `util/palette`.
 */
import type { Config, Data, Layout } from "plotly.js";

/** A Plotly figure: traces, layout and optional config. */
export interface Figure {
  data: Data[];
  layout?: Partial<Layout>;
  config?: Partial<Config>;
}
