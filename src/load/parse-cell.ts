/**
 * Strict cell parsers. `Number("")` is 0 and `Number("0x10")` is 16; these are not:
 * a cell is a decimal number, a missing marker, or an error.
 */

const decimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const missing = new Set(["", "na", "nan", "null", "none", "-", "n/a"]);
const infinite = /^[+-]?inf(inity)?$/i;

/** What a cell held. */
export type CellKind = "number" | "missing" | "infinite" | "invalid";

/** Parse a decimal number; `kind` says whether it was one, missing (empty, NA, NaN), infinite or invalid. */
export function parseNumberCell(cell: string): { kind: CellKind; value: number } {
  const s = cell.trim();
  if (decimal.test(s)) {
    const value = Number(s);
    // A decimal that overflows a double ("1e309", "32E914") is as unusable as "Infinity".
    return Number.isFinite(value) ? { kind: "number", value } : { kind: "infinite", value: NaN };
  }
  const lower = s.toLowerCase();
  if (missing.has(lower)) return { kind: "missing", value: NaN };
  if (infinite.test(s)) return { kind: "infinite", value: NaN };
  return { kind: "invalid", value: NaN };
}

const pow10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A plain decimal in bytes (`digits[.digits]`, at most 15 digits in all; no sign, space or
 * exponent), or NaN for anything else. Where it is not NaN it equals parseNumberCell's value
 * for the same text: the digits are an integer below 2^53 and 10^k is exact, so m / 10^k is
 * the correctly rounded quotient, as Number() gives (Clinger's fast path).
 */
export function parseDecimalBytes(buf: Uint8Array, start: number, end: number): number {
  let m = 0;
  let i = start;
  for (; i < end; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) break;
    m = m * 10 + c;
  }
  const whole = i - start;
  if (i === end) return whole > 0 && whole <= 15 ? m : NaN;
  if (buf[i] !== 46) return NaN;
  const dot = i++;
  for (; i < end; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) return NaN;
    m = m * 10 + c;
  }
  const frac = end - dot - 1;
  if (whole + frac === 0 || whole + frac > 15) return NaN;
  return frac === 0 ? m : m / pow10[frac];
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** How numeric timestamps are read: epoch seconds, milliseconds, microseconds or nanoseconds. */
export type EpochUnit = "s" | "ms" | "us" | "ns";

/**
 * The unit of a numeric timestamp column, from the magnitude of its first value:
 * >= 1e17 ns, >= 1e14 us, >= 1e11 ms (1973 onwards in ms), else seconds (which
 * also covers relative offsets 0, 1, 2, ...).
 */
export function epochUnitOf(value: number): EpochUnit {
  const a = Math.abs(value);
  if (a >= 1e17) return "ns";
  if (a >= 1e14) return "us";
  if (a >= 1e11) return "ms";
  return "s";
}

/** Seconds per unit of each epoch unit. */
export const epochScale: Record<EpochUnit, number> = { s: 1, ms: 1e-3, us: 1e-6, ns: 1e-9 };

/**
 * Parse an ISO 8601 date or date-time to epoch seconds. A time with no zone is
 * read as UTC (so results do not depend on the machine's time zone).
 * Returns NaN when the text is not such a timestamp.
 */
export function parseIsoSeconds(text: string): number {
  const m = isoDate.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 24 || Number(mi) > 59 || Number(s) > 60) return NaN;
  const ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return NaN;
  let seconds = ms / 1000 + (frac ? Number("0." + frac) : 0);
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offset = Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || "0") * 60;
    seconds -= sign * offset;
  }
  return seconds;
}

/**
 * A timestamp cell to epoch seconds: numeric cells in `unit` (decided once per
 * column by the caller), or ISO 8601 text. NaN when it is neither; Missing when empty.
 */
export function parseTimeCell(cell: string, unit: EpochUnit | undefined): { kind: CellKind; value: number; unit?: EpochUnit } {
  const n = parseNumberCell(cell);
  if (n.kind === "number") {
    const u = unit ?? epochUnitOf(n.value);
    return { kind: "number", value: n.value * epochScale[u], unit: u };
  }
  if (n.kind === "missing") return n;
  const iso = parseIsoSeconds(cell);
  if (!Number.isNaN(iso)) return { kind: "number", value: iso };
  return { kind: "invalid", value: NaN };
}
