import type { Figure } from "./figure";

/** Evaluations along training as columns (the shape of `TrainResult.evaluations`); null columns are skipped. */
export interface TrainingCurves {
  steps: ArrayLike<number>;
  /** Loss in nats per sample. */
  trainLoss: ArrayLike<number>;
  /** Accuracies as fractions in [0, 1]. */
  trainAccuracy: ArrayLike<number> | null;
  testLoss: ArrayLike<number> | null;
  testAccuracy: ArrayLike<number> | null;
}

/** Options of {@link trainingCurvesFigure}. */
export interface TrainingCurvesFigureOptions {
  /** Per-step minibatch losses (`TrainResult.losses`, step t at index t), drawn averaged over bins. Default none. */
  minibatchLosses?: ArrayLike<number> | null;
  /** At most this many points of the minibatch-loss curve: the mean over equal step ranges (default 200, integer ≥ 1). */
  maxPoints?: number;
  /** Steps to mark with a vertical line, e.g. an optimizer switch, with their labels (default none). */
  markers?: { step: number; label: string }[];
  title?: string;
}

/**
 * Means of `values` over `bins` equal ranges of their indices, at the ranges' centres: the
 * downsampling that keeps a loss curve of many steps small in a notebook.
 *
 * @param values the series (index = step); at least one value.
 * @param bins number of ranges, an integer ≥ 1 (fewer when there are fewer values).
 * @returns centres (mean index of each range) and the means over each range.
 * @throws RangeError when values is empty or bins is not an integer ≥ 1.
 * @example
 * binnedMeans([1, 3, 5, 7], 2).means; // [2, 6]
 */
export function binnedMeans(values: ArrayLike<number>, bins: number): { centres: number[]; means: number[] } {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`binnedMeans: bins must be an integer ≥ 1, got ${bins}`);
  const n = values.length;
  if (n === 0) throw new RangeError(`binnedMeans: values must hold at least one value, got none`);
  const k = Math.min(bins, n);
  const centres: number[] = [];
  const means: number[] = [];
  for (let b = 0; b < k; b++) {
    const from = Math.floor((b * n) / k);
    const to = Math.floor(((b + 1) * n) / k);
    let s = 0;
    for (let i = from; i < to; i++) s += values[i]!;
    centres.push((from + to - 1) / 2);
    means.push(s / (to - from));
  }
  return { centres, means };
}

/**
 * Loss and accuracy along training, side by side: on the left the train and test loss at the
 * evaluation steps (nats per sample, log scale) with, optionally, the minibatch loss averaged over
 * bins of steps; on the right the train and test accuracy in per cent. Vertical dotted lines mark
 * given steps (e.g. the switch from Adam to low-learning-rate SGD). Pure: returns a Plotly figure.
 *
 * @param evaluations `TrainResult.evaluations` (test and accuracy columns may be null).
 * @param options minibatchLosses, maxPoints, markers, title.
 * @returns a {@link Figure} with two panels.
 * @throws RangeError when evaluations holds no step or maxPoints is not an integer ≥ 1.
 * @example
 * const evaluations = { steps: new Float64Array([0, 10]), trainLoss: new Float64Array([2.3, 0.5]), trainAccuracy: new Float64Array([0.1, 0.9]), testLoss: null, testAccuracy: null };
 * trainingCurvesFigure(evaluations, { minibatchLosses: [2.3, 2, 1.5] }).data.length; // 3
 */
export function trainingCurvesFigure(evaluations: TrainingCurves, options: TrainingCurvesFigureOptions = {}): Figure {
  const steps = Array.from(evaluations.steps);
  if (steps.length === 0) throw new RangeError(`trainingCurvesFigure: evaluations must hold at least one step, got none`);
  const maxPoints = options.maxPoints ?? 200;
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new RangeError(`trainingCurvesFigure: maxPoints must be an integer ≥ 1, got ${maxPoints}`);
  const data: Figure["data"] = [];
  const minibatch = options.minibatchLosses;
  if (minibatch && minibatch.length > 0) {
    const { centres, means } = binnedMeans(minibatch, maxPoints);
    data.push({ type: "scatter", mode: "lines", name: "minibatch loss (bin means)", x: centres, y: means, line: { color: "#aec7e8", width: 1 } });
  }
  data.push({ type: "scatter", mode: "lines+markers", name: "train loss", x: steps, y: Array.from(evaluations.trainLoss), line: { color: "#1f77b4" }, marker: { size: 4 } });
  if (evaluations.testLoss) {
    data.push({ type: "scatter", mode: "lines+markers", name: "test loss", x: steps, y: Array.from(evaluations.testLoss), line: { color: "#d62728" }, marker: { size: 4 } });
  }
  const percent = (a: ArrayLike<number>) => Array.from(a, (v) => 100 * v);
  if (evaluations.trainAccuracy) {
    data.push({ type: "scatter", mode: "lines+markers", name: "train accuracy", x: steps, y: percent(evaluations.trainAccuracy), xaxis: "x2", yaxis: "y2", line: { color: "#1f77b4", dash: "dot" }, marker: { size: 4 } });
  }
  if (evaluations.testAccuracy) {
    data.push({ type: "scatter", mode: "lines+markers", name: "test accuracy", x: steps, y: percent(evaluations.testAccuracy), xaxis: "x2", yaxis: "y2", line: { color: "#d62728", dash: "dot" }, marker: { size: 4 } });
  }
  const hasAccuracy = evaluations.trainAccuracy !== null || evaluations.testAccuracy !== null;
  const shapes = (options.markers ?? []).flatMap((m) =>
    (hasAccuracy ? ["x", "x2"] : ["x"]).map((axis) => ({ type: "line" as const, xref: axis as "x", yref: "paper" as const, x0: m.step, x1: m.step, y0: 0, y1: 1, line: { color: "#7f7f7f", dash: "dot" as const } })),
  );
  const annotations = (options.markers ?? []).map((m) => ({ x: m.step, xref: "x" as const, y: 1, yref: "paper" as const, text: m.label, showarrow: false, xanchor: "left" as const, yanchor: "top" as const, font: { size: 11, color: "#555" } }));
  return {
    data,
    layout: {
      title: { text: options.title ?? "Loss and accuracy along training" },
      xaxis: { title: { text: "step" }, domain: hasAccuracy ? [0, 0.47] : [0, 1] },
      yaxis: { type: "log", title: { text: "loss (nats per sample)" } },
      ...(hasAccuracy ? { xaxis2: { title: { text: "step" }, domain: [0.55, 1], anchor: "y2" }, yaxis2: { title: { text: "accuracy (%)" }, anchor: "x2" } } : {}),
      shapes,
      annotations,
      legend: { orientation: "h", y: -0.2 },
      height: 420,
    },
  };
}
