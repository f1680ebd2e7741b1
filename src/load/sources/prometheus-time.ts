/**
 * The time arguments of a Prometheus range query: --start/--end (ISO 8601, epoch seconds, `now`,
 * or relative to now: `-6h`, `now-30m`), --step (a duration >= 1 s, or chosen from the range) and
 * the rate window. Every parser returns null for text it cannot read; the caller words the error.
 */

/** Seconds per PromQL duration unit. */
const unitSeconds: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** "90s", "1.5m", "6h", "2d" or a bare number of seconds, in seconds; null otherwise. */
export function parsePromDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d|w|y)?\s*$/.exec(text);
  if (!m) return null;
  const v = Number(m[1]) * unitSeconds[m[2] ?? "s"];
  return Number.isFinite(v) ? v : null;
}

/** A time in epoch seconds from ISO 8601, epoch seconds, `now`, `-6h`, `now-6h` or `now+5m`; null otherwise. */
export function parsePromTime(text: string, now: number): number | null {
  const t = text.trim();
  if (t === "now") return now;
  const rel = /^(?:now)?\s*([-+])\s*(.+)$/.exec(t);
  if (rel && (t.startsWith("now") || rel[1] === "-") && !/^-?\d+(\.\d+)?$/.test(t)) {
    const d = parsePromDuration(rel[2]);
    return d === null ? null : now + (rel[1] === "-" ? -d : d);
  }
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t)) {
    // A date or a time without a zone is read as UTC, so a saved command gives the same range anywhere.
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(t) || !t.includes(":") ? t : `${t}Z`;
    const ms = Date.parse(zoned.replace(" ", "T"));
    return Number.isFinite(ms) ? ms / 1000 : null;
  }
  return null;
}

/** Steps a default step is rounded up to, in seconds. */
const niceSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** How many points a default step aims at over the range. */
export const defaultPoints = 500;

/** The default step: range / 500 rounded up to a nice step (1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1 m, ...), at least 1 s. */
export function defaultStep(rangeSeconds: number): number {
  const raw = rangeSeconds / defaultPoints;
  return niceSteps.find((s) => s >= raw) ?? Math.ceil(raw / 86400) * 86400;
}

/** A duration as PromQL writes it in a range selector: whole seconds or milliseconds ("4s", "90s", "1500ms"). */
export function promDuration(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  if (ms % 1000 !== 0) return `${ms}ms`;
  const s = ms / 1000;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/** Prometheus refuses a range query of more than 11,000 points per series; chunks stay under it. */
export const maxPointsPerQuery = 10000;

/** The [start, end] chunks of a range query, each of at most `maxPoints` points on the grid start + k step. */
export function splitRange(start: number, end: number, step: number, maxPoints = maxPointsPerQuery): [number, number][] {
  const points = Math.floor((end - start) / step + 1e-9) + 1;
  const out: [number, number][] = [];
  for (let first = 0; first < points; first += maxPoints) {
    const last = Math.min(points - 1, first + maxPoints - 1);
    out.push([start + first * step, start + last * step]);
  }
  return out;
}
