/**
 * Time units: their spellings, seconds per unit, and the parsers of unit and duration
 * text (column names, --unit/--input-unit, --interval, --sla).
 *
 *   spelling ("msec", "µs", "seconds") -> unit (ms, us, s, ...) -> seconds per unit
 *
 * Every parser here returns null for text it cannot read; the caller turns that into
 * its own message (src/messages.ts), so library code never words a flag.
 */
import { nameTokens } from "./name-tokens.js";

/** A unit of response times and of per-request latencies. */
export type TimeUnit = "ns" | "us" | "ms" | "s";

/** A unit a column name or a response-time text may state: a TimeUnit, or minutes. */
export type DurationUnit = TimeUnit | "min";

/** Seconds per response-time unit. */
export const timeUnitSeconds: Readonly<Record<TimeUnit, number>> = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1 };

/** Seconds per unit, minutes included. */
export const durationUnitSeconds: Readonly<Record<DurationUnit, number>> = { ...timeUnitSeconds, min: 60 };

/**
 * Every spelling of a unit, lower case, "u" for the micro sign. A column name states
 * a unit when one of its words is one of these ("latency_ms", "Response Time (usec)").
 */
export const unitSpellings: Readonly<Record<string, DurationUnit>> = {
  ns: "ns",
  nanos: "ns",
  nanoseconds: "ns",
  us: "us",
  usec: "us",
  micros: "us",
  microseconds: "us",
  ms: "ms",
  msec: "ms",
  millis: "ms",
  milliseconds: "ms",
  s: "s",
  sec: "s",
  secs: "s",
  seconds: "s",
  min: "min",
  minutes: "min",
};

/** The unit one word spells (already lower case, micro sign read as "u"), or undefined. */
export function unitOfWord(word: string): DurationUnit | undefined {
  return Object.hasOwn(unitSpellings, word) ? unitSpellings[word] : undefined;
}

/** Lower case, the micro sign (U+00B5) and the Greek mu (U+03BC) read as "u". */
function unitText(text: string): string {
  return text.trim().toLowerCase().replace(/[µμ]/g, "u");
}

/** The TimeUnit a unit itself is (a DurationUnit that is not minutes), else null. */
export function asTimeUnit(unit: string | null | undefined): TimeUnit | null {
  return unit != null && Object.hasOwn(timeUnitSeconds, unit) ? (unit as TimeUnit) : null;
}

/**
 * The TimeUnit a flag value names (`--unit`, `--input-unit`): ns, us (µs), ms or s in
 * any spelling of `unitSpellings` and any case ("MS", "msec", "seconds"); null for
 * anything else, minutes included.
 */
export function parseTimeUnit(text: string): TimeUnit | null {
  return asTimeUnit(unitOfWord(unitText(text)));
}

/**
 * The time unit a column's name states ("latency_ms" -> "ms", "Response Time (us)" ->
 * "us", "resp_µs" -> "us"): its last word that spells a unit; undefined when none does.
 */
export function unitFromColumnName(name: string): DurationUnit | undefined {
  const tokens = nameTokens(name);
  for (let i = tokens.length - 1; i >= 0; i--) {
    const unit = unitOfWord(tokens[i]);
    if (unit) return unit;
  }
  return undefined;
}

/** Seconds per unit of a duration text: the unit spellings, and m (minutes) and h (hours). */
const durationSuffixSeconds: Readonly<Record<string, number>> = {
  ...Object.fromEntries(Object.entries(unitSpellings).map(([word, unit]) => [word, durationUnitSeconds[unit]])),
  m: 60,
  h: 3600,
};

/**
 * A duration in seconds (`--interval`): a plain decimal with an optional lower-case
 * unit, "10s", "500ms", "1m", "1min", "2h", "10sec"; a bare number is seconds.
 * Null when the text is not one, or is not positive.
 */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zµ]+)?\s*$/.exec(text);
  if (!m) return null;
  const suffix = (m[2] ?? "s").replace("µ", "u");
  if (!Object.hasOwn(durationSuffixSeconds, suffix)) return null;
  const v = Number(m[1]) * durationSuffixSeconds[suffix];
  return v > 0 ? v : null;
}

/**
 * A response time (`--sla`): "250ms", "0.25s", "2e2 us" or a bare "250", a positive
 * finite number with an optional unit in any spelling and case. With a unit it is
 * converted to the response's unit (`responseSeconds` seconds per unit); a bare number
 * is already in the response's unit. Null when the text is not one.
 */
export function parseResponseTime(text: string, responseSeconds: number): number | null {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*([a-zµμ]+)?\s*$/i.exec(text);
  if (!m) return null;
  const v = Number(m[1]);
  if (!(v > 0) || !Number.isFinite(v)) return null;
  if (m[2] === undefined) return v;
  const unit = unitOfWord(unitText(m[2]));
  return unit === undefined ? null : (v * durationUnitSeconds[unit]) / responseSeconds;
}

/**
 * Seconds per response unit (for Little's law and the SLA): the unit's own when it is a
 * known spelling ("ms", "us", "s", "min", "sec", ...); else milliseconds, with `assumed`
 * true so the caller can say so.
 */
export function responseUnitSeconds(unit: string | null | undefined): { seconds: number; assumed: boolean } {
  const known = unit != null ? unitOfWord(unit) : undefined;
  return known !== undefined ? { seconds: durationUnitSeconds[known], assumed: false } : { seconds: 1e-3, assumed: true };
}
