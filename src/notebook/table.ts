/**
 * Tables for notebooks: the same cells as HTML (`text/html`) and as aligned plain text
 * (`text/plain`, what a terminal or a plain-text frontend shows). Numbers are printed as R's
 * `summary()` prints them (4 significant digits, integers in full, "NA" for NaN).
 */
import { escapeHtml } from "../plot/render.js";
import { formatNumber, formatTable } from "../util/format.js";
import { summaryLabels, type Summary } from "../stats/summary.js";

/** A cell: numbers are formatted, null/undefined print as "NA". */
export type Cell = string | number | boolean | null | undefined;

/** A table: a header row and body rows of the same length; the first column labels the rows. */
export interface Table {
  columns: string[];
  rows: Cell[][];
  caption?: string;
}

/** The rows of R's `summary()` and the extra tail statistics, in print order. */
export const summaryRows: readonly (readonly [label: string, key: keyof Summary])[] = (
  ["min", "q1", "median", "mean", "q3", "max", "p90", "p95", "p99", "p999", "sd", "meanPlus2Sd", "n"] as const
).map((key) => [summaryLabels[key], key] as const);

/** One column per summary (e.g. `{throughput: summary(x), response: summary(y)}`), one row per statistic. */
export function summaryTable(summaries: Readonly<Record<string, Summary>>, caption?: string): Table {
  const names = Object.keys(summaries);
  return {
    columns: ["", ...names],
    rows: summaryRows.map(([label, key]) => [label, ...names.map((name) => summaries[name][key])]),
    ...(caption === undefined ? {} : { caption }),
  };
}

/** Rows of objects as a table: the columns are the keys of all rows, in first-seen order. */
export function recordsTable(records: readonly Readonly<Record<string, Cell>>[], caption?: string): Table {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  return {
    columns,
    rows: records.map((record) => columns.map((c) => record[c])),
    ...(caption === undefined ? {} : { caption }),
  };
}

/** The text of one cell. */
export function cellText(cell: Cell, digits = 4): string {
  if (cell === null || cell === undefined) return "NA";
  if (typeof cell === "number") return formatNumber(cell, digits);
  return String(cell);
}

/** The table as an HTML `<table>`: every cell escaped, numbers right-aligned. */
export function tableHtml(table: Table, digits = 4): string {
  const th = (c: string) => `<th>${escapeHtml(c)}</th>`;
  const td = (cell: Cell, first: boolean) =>
    first && typeof cell === "string"
      ? `<th style="text-align:left">${escapeHtml(cell)}</th>`
      : `<td style="text-align:${typeof cell === "number" ? "right" : "left"}">${escapeHtml(cellText(cell, digits))}</td>`;
  const caption = table.caption ? `<caption>${escapeHtml(table.caption)}</caption>` : "";
  const head = `<thead><tr>${table.columns.map(th).join("")}</tr></thead>`;
  const body = table.rows.map((row) => `<tr>${row.map((cell, i) => td(cell, i === 0)).join("")}</tr>`).join("\n");
  return `<table class="chp-table">${caption}${head}\n<tbody>\n${body}\n</tbody></table>`;
}

/** The table as aligned plain text (first column left-aligned, the rest right-aligned). */
export function tableText(table: Table, digits = 4): string {
  const text = formatTable(
    table.columns,
    table.rows.map((row) => row.map((cell) => cellText(cell, digits))),
  );
  return table.caption ? `${table.caption}\n${text}` : text;
}
