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

/**
 * A figure a person reads in a sentence, a plot label or a note: 4 significant digits with
 * thousands separators ("1,007", "912.8", "14.75"). The headroom statement, the verdict, the
 * plot's note and its markers all print through this, so they state the same numbers alike.
 *
 * The text of `Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 })`, without Intl
 * (loading its locale data costs each process tens of milliseconds before the first figure): as
 * Intl does, it rounds the shortest decimal that reads back as the number (`String(v)`: 97.195,
 * not the double's exact 97.19499...) to 4 digits, ties away from zero, and writes the digits out
 * in full (no exponent), trailing zeros dropped, grouped by three.
 */
export function formatFigure(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  // The shortest decimal as digits d1 d2 ... and the power of ten of d1 (d1.d2... x 10^e).
  const [mantissa, exponent] = Math.abs(v).toExponential().split("e");
  let digits = mantissa.replace(".", "");
  let e = Number(exponent);
  if (digits.length > 4) {
    const up = digits.charCodeAt(4) >= 53; // "5": half or more of the last kept digit, away from zero
    digits = digits.slice(0, 4);
    if (up) {
      const rounded = String(Number(digits) + 1);
      if (rounded.length > 4) e++; // 9999 -> 10000
      digits = rounded.slice(0, 4);
    }
  }
  digits = digits.replace(/0+$/, "");
  const sign = v < 0 ? "-" : "";
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  const whole = digits.length > e + 1 ? digits.slice(0, e + 1) : digits.padEnd(e + 1, "0");
  const fraction = digits.slice(e + 1);
  return `${sign}${groupThousands(whole)}${fraction ? `.${fraction}` : ""}`;
}

/** A count with thousands separators ("1,000,000"), as `n.toLocaleString("en-US")` writes an integer, without Intl. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  return `${n < 0 ? "-" : ""}${groupThousands(String(Math.abs(n)))}`;
}

/** Digits grouped by three from the right with commas. */
function groupThousands(digits: string): string {
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}

/** A fraction as a whole percentage ("9%"), as the headroom is stated everywhere. */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
