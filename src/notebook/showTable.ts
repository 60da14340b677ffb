import { displayBundle, escapeHtml, type MimeBundle } from "./display";

/** Anything tabular: an array of records, or a danfojs DataFrame (its `columns` and `values`). */
export type TableLike = Record<string, unknown>[] | { columns: string[]; values: readonly unknown[]; index?: readonly unknown[] };

function formatCell(value: unknown, digits: number): string {
  if (typeof value === "number") {
    if (Number.isInteger(value)) return String(value);
    if (!Number.isFinite(value)) return String(value);
    const abs = Math.abs(value);
    return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? value.toExponential(digits - 1) : value.toPrecision(digits).replace(/\.?0+$/, "");
  }
  return value === null || value === undefined ? "" : String(value);
}

/** Normalises a table to a header row and string cells. */
export function tableCells(table: TableLike, digits = 4): { header: string[]; rows: string[][] } {
  if (Array.isArray(table)) {
    const header = [...new Set(table.flatMap((r) => Object.keys(r)))];
    return { header, rows: table.map((r) => header.map((h) => formatCell(r[h], digits))) };
  }
  if (!Array.isArray(table.columns) || !Array.isArray(table.values)) {
    throw new TypeError("tableCells: table must be an array of records or have columns and values (a danfojs DataFrame)");
  }
  const withIndex = Array.isArray(table.index) && table.index.some((v, i) => v !== i);
  const header = withIndex ? ["", ...table.columns] : [...table.columns];
  const rows = table.values.map((r, i) => [
    ...(withIndex ? [formatCell(table.index![i], digits)] : []),
    ...(Array.isArray(r) ? r : [r]).map((v) => formatCell(v, digits)),
  ]);
  return { header, rows };
}

/** The MIME bundle of a table: an HTML table and an aligned plain-text table. */
export function tableBundle(table: TableLike, options: { caption?: string; digits?: number } = {}): MimeBundle {
  const { header, rows } = tableCells(table, options.digits ?? 4);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (cells: string[]): string => cells.map((c, j) => c.padEnd(widths[j]!)).join("  ").trimEnd();
  const text = [options.caption ?? "", line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)]
    .filter((l, i) => i > 0 || l !== "")
    .join("\n");
  const numeric = header.map((_, j) => rows.length > 0 && rows.every((r) => r[j] === "" || !Number.isNaN(Number(r[j]))));
  const td = (c: string, j: number, tag: string): string => `<${tag} style="text-align:${numeric[j] ? "right" : "left"}">${escapeHtml(c)}</${tag}>`;
  const html =
    `<table class="ab-table">${options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : ""}` +
    `<thead><tr>${header.map((h, j) => td(h, j, "th")).join("")}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((c, j) => td(c, j, "td")).join("")}</tr>`).join("")}</tbody></table>`;
  return { "text/html": html, "text/plain": text };
}

/**
 * Displays a table (array of records or danfojs DataFrame) as one output.
 *
 * @param options.caption a caption above the table.
 * @param options.digits significant digits for non-integer numbers (default 4).
 */
export function showTable(table: TableLike, options: { caption?: string; digits?: number } = {}): void {
  displayBundle(tableBundle(table, options));
}
