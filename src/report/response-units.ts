/** The SLA as given (a response time with or without a unit) and the percentile a response column holds. */
import { UsageError } from "../errors.js";
import { parseResponseTime } from "../load/units.js";
import { message } from "../messages.js";

/** "p99" when the response column holds a per-interval percentile (p99, p95_ms, latency_p99.9, 99th), else null. */
export function percentileName(column: string): string | null {
  const m = /(?:^|[^a-z0-9])p(\d{1,2}(?:[._]\d+)?|99\d)(?![0-9])/i.exec(column) ?? /(?:^|[^a-z0-9])(\d{1,2}(?:\.\d+)?)(?:th|pct|%)/i.exec(column);
  if (!m) return null;
  const p = m[1].replace("_", ".");
  return `p${/^99\d$/.test(p) ? `99.${p[2]}` : p}`;
}

/** An SLA "250ms" | "0.25s" | "250": a positive response time, in response units (`responseSeconds` seconds each). */
export function parseSla(raw: string, responseSeconds: number): number {
  const v = parseResponseTime(raw, responseSeconds);
  if (v === null) throw new UsageError(message.badNumberOption("--sla", raw, "a positive response time such as 250ms, 0.25s or 250 (in the response's units)"));
  return v;
}
