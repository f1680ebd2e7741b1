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

/** The whole number of ASCII digits buf[from, to), NaN when empty, longer than 15 digits, or anything else is there. */
export function parseDigitBytes(buf: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 15) return Number.NaN;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
}

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

/**
 * The largest |time| in seconds from 1970 that a JavaScript Date holds (ECMAScript time values:
 * +-8.64e15 ms, 100,000,000 days, about 273,790 years either side). A time beyond it cannot be
 * drawn on a time axis or printed as a date, so the readers refuse it as a data error.
 */
export const maxDateSeconds = 8.64e12;

/** Seconds per unit of each epoch unit. */
export const epochScale: Record<EpochUnit, number> = { s: 1, ms: 1e-3, us: 1e-6, ns: 1e-9 };

/** 400 years of the Gregorian calendar in milliseconds. */
const gregorianCycleMs = 146_097 * 86_400_000;

/** Days in a month (1-12) of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Parse an ISO 8601 date or date-time to epoch seconds. A time with no zone is
 * read as UTC (so results do not depend on the machine's time zone).
 * Returns NaN when the text is not such a timestamp, or names a date or time that does not
 * exist: February 30, month 13, hour 25, minute 60, a zone offset of 24 hours or more.
 * `Date.UTC` would roll those over (2024-02-30 is 1 March), a silent wrong time. Kept: hour 24
 * as 24:00:00 (ISO 8601's end of a day, the next midnight) and second 60 (a leap second, read
 * as the next minute's first).
 */
export function parseIsoSeconds(text: string): number {
  const m = isoDate.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (minute > 59 || second > 60) return NaN;
  if (hour > 24 || (hour === 24 && (minute > 0 || second > 0 || /[1-9]/.test(frac)))) return NaN;
  // Date.UTC maps years 0-99 to 1900-1999: count from 400 years later (400 Gregorian years are
  // exactly 146,097 days), which also keeps 24:00 rolling over to the next day.
  const ms = Date.UTC(year + 400, month - 1, day, hour, minute, second) - gregorianCycleMs;
  if (Number.isNaN(ms)) return NaN;
  let seconds = ms / 1000 + (frac ? Number("0." + frac) : 0);
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = Number(digits.slice(2, 4) || "0");
    if (offsetHours > 23 || offsetMinutes > 59) return NaN;
    seconds -= sign * (offsetHours * 3600 + offsetMinutes * 60);
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
