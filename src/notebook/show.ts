import type { Figure } from "../plot/figure";
import { figureBundle } from "./figureBundle";
import { displayBundle } from "./display";

/**
 * Displays a Plotly figure in the notebook as one output (Plotly JSON, HTML and a text summary).
 * Outside a notebook it prints the summary line. Returns nothing, so a cell ending in `show(...)`
 * prints nothing else; for an output updated in place use `displayBundle(figureBundle(fig))`.
 */
export function show(figure: Figure, options: { height?: number } = {}): void {
  displayBundle(figureBundle(figure, options));
}
