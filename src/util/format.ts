/** Text formatting for terminals and notebooks: numbers as R prints them in `summary()` (4 significant digits). */

/** `signif(v, digits)` printed without trailing zeros; "NA" for NaN/null, integers in full. */
export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "NA";
  if (!Number.isFinite(v)) return v > 0 ? "Inf" : "-Inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const rounded = Number(v.toPrecision(digits));
  const abs = Math.abs(rounded);
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-4)) return rounded.toExponential(digits - 1).replace(/\.?0+e/, "e");
  return String(rounded);
}

/** A table with a header row; first column left-aligned, the rest right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  return all
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** JSON with NaN and infinities as null (JSON has no NaN). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2);
}

const figureFormat = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });

/**
 * A figure a person reads in a sentence, a plot label or a note: 4 significant digits with
 * thousands separators ("1,007", "912.8", "14.75"). The headroom statement, the verdict, the
 * plot's note and its markers all print through this, so they state the same numbers alike.
 */
export function formatFigure(v: number): string {
  return Number.isFinite(v) ? figureFormat.format(v) : String(v);
}

/** A fraction as a whole percentage ("9%"), as the headroom is stated everywhere. */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
