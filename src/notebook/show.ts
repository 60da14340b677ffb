import { figureBundle, type Figure } from "../plot/figure";
import { displayBundle, type DisplayHandle } from "./display";

/**
 * Displays a Plotly figure in the notebook as one output (Plotly JSON, HTML and a text summary).
 * Outside a notebook it prints the summary line.
 *
 * @returns a handle whose `update(bundle)` replaces the output in place.
 */
export function show(figure: Figure, options: { height?: number } = {}): DisplayHandle {
  return displayBundle(figureBundle(figure, options));
}
