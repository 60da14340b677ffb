/**
 * A notebook's verdicts as data: each claim it tests, the outcome, the key numbers with their
 * intervals and the paper's numbers. `showVerdicts` displays them (the claim and the numbers, in
 * Markdown) and sends the same records under {@link VERDICT_MIME}, from which the README's and the
 * site's scorecard and the notebook tests read them.
 */
import { displayBundle, type MimeBundle } from "./display";
import { escapeMarkdown, isMarkdown, neutralizeHtml, type Markdown } from "./markdown";

/** MIME type under which a notebook's verdict records travel (the scorecard reads it). */
export const VERDICT_MIME = "application/vnd.almost-bayesian.verdict+json";

/** The outcome of a claim: the paper's claims hold or not; a notebook's own checks pass or fail. */
export type Outcome = "holds" | "holds in part" | "does not hold" | "inconclusive" | "pass" | "fail";

/** An estimate with a lower and an upper bound (a bootstrap or confidence interval). */
export type IntervalLike = { estimate: number; lower: number; upper: number } | { mean: number; lower: number; upper: number };

/** A number as given to {@link verdict}: a value, an interval, or text. */
export type VerdictValue = number | IntervalLike | string;

/** One number of a verdict, formatted and kept as data. */
export interface VerdictNumber {
  label: string;
  /** As displayed: "0.31 [0.27, 0.35]". */
  text: string;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** The paper's value, as displayed (null when the paper gives none). */
  paper: string | null;
}

/** One claim (or a group of a notebook's own checks) and its outcome, as data. */
export interface VerdictRecord {
  /** Short stable key within the notebook: "late-subdiffusion". */
  id: string;
  /** "claim": a claim of the paper; "checks": the notebook's own checks (setup, ground truth). */
  kind: "claim" | "checks";
  /** The claim in words. */
  claim: string;
  verdict: Outcome;
  numbers: VerdictNumber[];
  /** One sentence: why this outcome, or what limits it. */
  note: string | null;
  /** Computed in quick mode (reduced sizes: not a judgement of the claim). */
  quick: boolean;
}

/** What {@link verdict} takes. */
export interface VerdictInput {
  id: string;
  claim: string;
  verdict: Outcome;
  kind?: "claim" | "checks";
  /** Label → our value; or entries with the paper's value beside ours. */
  numbers?: Record<string, VerdictValue> | { label: string; value: VerdictValue; paper?: VerdictValue; digits?: number }[];
  note?: string;
  /** Digits after the decimal point of numbers and intervals (default 3). */
  digits?: number;
}

function isInterval(v: unknown): v is IntervalLike {
  return typeof v === "object" && v !== null && "lower" in v && "upper" in v && ("estimate" in v || "mean" in v);
}

function centre(i: IntervalLike): number {
  return "estimate" in i ? i.estimate : i.mean;
}

/** A fixed-point number, without the sign of a value that rounds to zero. */
function fixed(v: number, digits: number): string {
  const text = v.toFixed(digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** A single number: integers as they are, very small or large values in exponent form, else fixed-point. */
function formatNumber(v: number, digits: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  return abs < 10 ** -digits || abs >= 1e6 ? v.toExponential(Math.max(1, digits - 1)) : fixed(v, digits);
}

/**
 * An estimate with its interval as text: `estimate [lower, upper]`.
 *
 * @param interval `{ estimate | mean, lower, upper }`.
 * @param digits digits after the decimal point (default 3).
 * @example
 * formatInterval({ estimate: 0.31234, lower: 0.27, upper: 0.3561 }, 2); // "0.31 [0.27, 0.36]"
 */
export function formatInterval(interval: IntervalLike, digits = 3): string {
  // All three fixed-point with the same digits, so that they line up and read as one scale.
  const f = (v: number): string => (Number.isFinite(v) ? fixed(v, digits) : String(v));
  return `${f(centre(interval))} [${f(interval.lower)}, ${f(interval.upper)}]`;
}

/** A value of a verdict as text. */
export function formatValue(value: VerdictValue, digits = 3): string {
  return typeof value === "string" ? value : typeof value === "number" ? formatNumber(value, digits) : formatInterval(value, digits);
}

/**
 * The outcome of a claim that an interval lies above (or below) a threshold: "holds" when the whole
 * interval is on the claimed side, "does not hold" when it is wholly on the other, else "inconclusive".
 *
 * @param interval the estimate's interval.
 * @param side `{ above: t }` or `{ below: t }`.
 * @example
 * intervalVerdict({ estimate: 0.3, lower: 0.25, upper: 0.35 }, { below: 0.5 }); // "holds"
 */
export function intervalVerdict(interval: IntervalLike, side: { above: number } | { below: number }): "holds" | "does not hold" | "inconclusive" {
  const { lower, upper } = interval;
  if ("above" in side) return lower > side.above ? "holds" : upper < side.above ? "does not hold" : "inconclusive";
  return upper < side.below ? "holds" : lower > side.below ? "does not hold" : "inconclusive";
}

/**
 * A verdict record from a claim, its outcome and its numbers.
 *
 * @param input id, claim, verdict, numbers (label → value, or entries with the paper's value), note, digits.
 * @param options.quick whether the numbers come from a quick-mode run (default false).
 * @returns a {@link VerdictRecord}.
 * @throws RangeError for an empty id or claim.
 * @example
 * verdict({ id: "a", claim: "α < 1/2", verdict: "holds", numbers: { "late α": { estimate: 0.3, lower: 0.25, upper: 0.35 } } }).numbers[0].text; // "0.300 [0.250, 0.350]"
 */
export function verdict(input: VerdictInput, options: { quick?: boolean } = {}): VerdictRecord {
  if (!input.id) throw new RangeError(`verdict: id must be a non-empty string, got ${JSON.stringify(input.id)}`);
  if (!input.claim) throw new RangeError(`verdict: claim must be a non-empty string (verdict ${input.id})`);
  const digits = input.digits ?? 3;
  const entries = Array.isArray(input.numbers)
    ? input.numbers
    : Object.entries(input.numbers ?? {}).map(([label, value]) => ({ label, value, paper: undefined as VerdictValue | undefined, digits: undefined as number | undefined }));
  const numbers = entries.map((e): VerdictNumber => {
    const d = e.digits ?? digits;
    const v = e.value;
    return {
      label: e.label,
      text: formatValue(v, d),
      estimate: typeof v === "number" ? v : isInterval(v) ? centre(v) : null,
      lower: isInterval(v) ? v.lower : null,
      upper: isInterval(v) ? v.upper : null,
      paper: e.paper === undefined ? null : formatValue(e.paper, d),
    };
  });
  return { id: input.id, kind: input.kind ?? "claim", claim: input.claim, verdict: input.verdict, numbers, note: input.note ?? null, quick: options.quick ?? false };
}

/**
 * The record of a notebook's own checks: "pass" when every check passes, with the failures named.
 *
 * @param checks `{ check, ok, value? }` rows.
 * @example
 * checksVerdict("setup", "the companion works here", [{ check: "a", ok: true }, { check: "b", ok: false }]).note; // "1 of 2 checks pass; failed: b"
 */
export function checksVerdict(id: string, claim: string, checks: readonly { check: string; ok: boolean; value?: string }[], options: { quick?: boolean } = {}): VerdictRecord {
  const failed = checks.filter((c) => !c.ok);
  return verdict(
    {
      id, kind: "checks", claim, verdict: failed.length === 0 ? "pass" : "fail",
      numbers: { "checks passed": `${checks.length - failed.length} of ${checks.length}` },
      note: `${checks.length - failed.length} of ${checks.length} checks pass${failed.length ? `; failed: ${failed.map((c) => c.check).join("; ")}` : ""}`,
    },
    options,
  );
}

/** Verdict records as lines, with `value` applied to every text taken from a record. */
function verdictLines(records: readonly VerdictRecord[], value: (text: string) => string, strong: (text: string) => string, note: (text: string) => string): string {
  return records
    .map((r) => {
      const rows = r.numbers.map((n) => `- ${value(n.label)}: ${value(n.text)}${n.paper !== null ? ` (paper: ${value(n.paper)})` : ""}`);
      const outcome = `${r.verdict[0]!.toUpperCase()}${r.verdict.slice(1)}`;
      return [`${strong(outcome)} — ${value(r.claim)}${r.quick ? ` ${note("(quick mode: reduced sizes, not a judgement)")}` : ""}`, ...rows, ...(r.note ? [`\n${value(r.note)}`] : [])].join("\n");
    })
    .join("\n\n");
}

/**
 * Markdown of verdict records: per claim, the outcome in bold, the claim, then our numbers beside the
 * paper's. Every text from a record is escaped, so it shows as written and never becomes markup.
 */
export function verdictMarkdown(records: readonly VerdictRecord[]): string {
  return verdictLines(records, escapeMarkdown, (s) => `**${s}**`, (s) => `*${s}*`);
}

/**
 * The MIME bundle of verdict records: the records as JSON, Markdown and plain text.
 *
 * @param options.summary shown above the verdicts: `md\`...\`` as built, or author-written Markdown
 *   (a string, whose raw HTML shows as text).
 */
export function verdictBundle(records: readonly VerdictRecord[], options: { summary?: string | Markdown } = {}): MimeBundle {
  const summary = options.summary === undefined ? null : isMarkdown(options.summary) ? options.summary : { markdown: neutralizeHtml(options.summary), text: options.summary };
  const markdown = (summary ? `${summary.markdown}\n\n` : "") + verdictMarkdown(records);
  const text = (summary ? `${summary.text}\n\n` : "") + verdictLines(records, (s) => s, (s) => s, (s) => s);
  return { [VERDICT_MIME]: { verdicts: records }, "text/markdown": markdown, "text/plain": text };
}

/**
 * Displays a notebook's verdicts: the claims and the numbers, and the records as data for the
 * scorecard.
 *
 * @param records from {@link verdict} or {@link checksVerdict}; at least one.
 * @param options.summary Markdown shown above the verdicts (a sentence tying them together).
 * @throws RangeError when no record is given.
 */
export function showVerdicts(records: VerdictRecord | readonly VerdictRecord[], options: { summary?: string | Markdown } = {}): void {
  const list = Array.isArray(records) ? records : [records as VerdictRecord];
  if (list.length === 0) throw new RangeError("showVerdicts: give at least one verdict record");
  displayBundle(verdictBundle(list, options));
}
