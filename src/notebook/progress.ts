/**
 * A live progress display for long runs: in a notebook, one output holding a bar, the latest loss and
 * a loss curve, replaced in place; elsewhere, one compact line on stderr. These are the reporters of
 * `util/progress`: loops never import them, they are handed one (`onProgress`), or use the default
 * that `startNotebook()` sets to {@link progressBar}.
 */
import type { ProgressFactory, ProgressReporter } from "../util/progress";
import { displayBundle, escapeHtml, inNotebook, type DisplayHandle } from "./display";

export interface ProgressBarOptions {
  /** Number of steps the run will take (integer ≥ 1). */
  total: number;
  /** Label shown before the bar (default "training"). */
  title?: string;
  /** Minimum milliseconds between redraws (default 250). */
  intervalMs?: number;
  /** Where to draw: "auto" (default) picks the notebook when in one, else stderr when it is a terminal;
   * "notebook", "stderr", or "none". */
  target?: "auto" | "notebook" | "stderr" | "none";
}

/**
 * A progress display: a {@link ProgressReporter} that redraws at most every `intervalMs`, with its
 * optional `note` (a line of detail, such as a sweep's queued/running/done counts) always there.
 */
export type Progress = ProgressReporter & Required<Pick<ProgressReporter, "note">>;

const CURVE_POINTS = 200;

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4);
}

function curveSvg(xs: number[], ys: number[], total: number): string {
  const w = 360;
  const h = 90;
  const finite = ys.filter((y) => Number.isFinite(y));
  if (finite.length < 2) return "";
  const positive = finite.every((y) => y > 0);
  const f = positive ? Math.log10 : (y: number) => y;
  let lo = Infinity;
  let hi = -Infinity;
  for (const y of finite) {
    lo = Math.min(lo, f(y));
    hi = Math.max(hi, f(y));
  }
  if (hi - lo < 1e-12) hi = lo + 1;
  const pts: string[] = [];
  xs.forEach((x, i) => {
    const y = ys[i]!;
    if (!Number.isFinite(y)) return;
    pts.push(`${((x / total) * (w - 10) + 5).toFixed(1)},${(h - 5 - ((f(y) - lo) / (hi - lo)) * (h - 10)).toFixed(1)}`);
  });
  const label = positive ? "loss (log scale)" : "loss";
  return (
    `<svg width="${w}" height="${h}" style="border:1px solid #ddd;background:#fff">` +
    `<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${pts.join(" ")}"/>` +
    `<text x="6" y="12" font-size="10" fill="#666">${label}: ${formatNumber(positive ? 10 ** hi : hi)} … ${formatNumber(positive ? 10 ** lo : lo)}</text></svg>`
  );
}

/**
 * Creates a progress display.
 *
 * In a notebook the output shows a bar, step count, the mean minibatch loss since the last redraw,
 * speed and time left, and a loss curve (mean loss over 200 equal step ranges, log scale when
 * positive), all in one output updated in place through a display handle. Outside a notebook it
 * rewrites a single line on stderr when stderr is a terminal, and prints just the final line
 * otherwise.
 *
 * @param options.total steps in the run, an integer ≥ 1.
 * @returns a {@link Progress}.
 * @throws RangeError when total is not an integer ≥ 1.
 * @example
 * const progress = createProgress({ total: 10, target: "none" });
 * progress.update(0, 1.5);
 * progress.finish(); // undefined
 */
export function createProgress(options: ProgressBarOptions): Progress {
  const total = options.total;
  if (!Number.isInteger(total) || total < 1) throw new RangeError(`createProgress: total must be an integer ≥ 1, got ${total}`);
  const title = options.title ?? "training";
  const intervalMs = options.intervalMs ?? 250;
  let target = options.target ?? "auto";
  if (target === "auto") target = inNotebook() ? "notebook" : process.stderr.isTTY ? "stderr" : "none";
  const finalLineOnly = options.target === undefined || options.target === "auto" ? !inNotebook() && !process.stderr.isTTY : false;
  const bucketSize = Math.max(1, Math.ceil(total / CURVE_POINTS));
  const curveX: number[] = [];
  const curveY: number[] = [];
  let bucketSum = 0;
  let bucketCount = 0;
  let windowSum = 0;
  let windowCount = 0;
  let lastLoss = NaN;
  let lastStep = -1;
  let detail = "";
  const start = performance.now();
  let lastDraw = -Infinity;
  let handle: DisplayHandle | null = null;

  const text = (state: string): string => {
    const done = lastStep + 1;
    const elapsed = (performance.now() - start) / 1000;
    const rate = done / Math.max(elapsed, 1e-9);
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const width = 24;
    const filled = Math.round((done / total) * width);
    return `${title} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} loss ${formatNumber(lastLoss)} ${rate.toFixed(0)} steps/s ${state || (done < total ? `${eta.toFixed(0)}s left` : `${elapsed.toFixed(1)}s`)}${detail ? ` | ${detail}` : ""}`;
  };

  const draw = (state: string, final: boolean): void => {
    lastDraw = performance.now();
    const line = text(state);
    if (target === "notebook") {
      const pct = ((lastStep + 1) / total) * 100;
      const html =
        `<div style="font-family:monospace;font-size:12px">` +
        `<div>${escapeHtml(title)} — step ${lastStep + 1}/${total}, loss ${escapeHtml(formatNumber(lastLoss))}${state ? ` — <b>${escapeHtml(state)}</b>` : ""}</div>` +
        (detail ? `<div>${escapeHtml(detail)}</div>` : "") +
        `<div style="width:360px;height:10px;background:#eee;margin:3px 0"><div style="width:${pct.toFixed(1)}%;height:10px;background:${state.startsWith("failed") ? "#d62728" : "#1f77b4"}"></div></div>` +
        `${curveSvg([...curveX, ...(bucketCount ? [lastStep] : [])], [...curveY, ...(bucketCount ? [bucketSum / bucketCount] : [])], total)}</div>`;
      const bundle = { "text/html": html, "text/plain": line };
      if (handle) handle.update(bundle);
      else handle = displayBundle(bundle);
    } else if (target === "stderr") {
      if (!finalLineOnly) process.stderr.write(`\r${line.padEnd(100).slice(0, Math.max(100, line.length))}${final ? "\n" : ""}`);
      else if (final) process.stderr.write(`${line}\n`);
    } else if (finalLineOnly && final) {
      process.stderr.write(`${line}\n`);
    }
  };

  return {
    update(step, loss) {
      lastStep = step;
      bucketSum += loss;
      bucketCount++;
      windowSum += loss;
      windowCount++;
      if (bucketCount === bucketSize) {
        curveX.push(step);
        curveY.push(bucketSum / bucketCount);
        bucketSum = 0;
        bucketCount = 0;
      }
      if (target === "none") {
        lastLoss = loss;
        return;
      }
      if (performance.now() - lastDraw >= intervalMs) {
        lastLoss = windowSum / windowCount;
        windowSum = 0;
        windowCount = 0;
        draw("", false);
      }
    },
    finish(summary = "") {
      if (windowCount) lastLoss = windowSum / windowCount;
      draw(summary, true);
    },
    fail(message) {
      draw(`failed: ${message}`, true);
    },
    note(text) {
      detail = text;
      if (target !== "none" && performance.now() - lastDraw >= intervalMs) draw("", false);
    },
  };
}

/**
 * The reporter factory of the notebook layer: a live bar in a notebook, one line on stderr in a
 * terminal, the final line only otherwise. Pass it as `onProgress`, or let `startNotebook()` make it
 * the default.
 *
 * @param options redraw interval and target, as {@link createProgress}.
 * @example
 * typeof progressBar({ target: "none" })({ total: 5, title: "demo" }).update; // "function"
 */
export function progressBar(options: Omit<ProgressBarOptions, "total" | "title"> = {}): ProgressFactory {
  return (task) => createProgress({ ...options, total: task.total, title: task.title });
}
