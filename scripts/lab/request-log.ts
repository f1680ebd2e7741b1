/**
 * The lab's per-request log, a CSV that chp reads as a per-request log (format request-csv):
 * timestamp = epoch ms at which the response ended, latency_ms = as the client saw it,
 * success = true for HTTP 200 (false for a refusal, an error, or a request the load generator's
 * cap dropped).
 */
import type { RequestRecord } from "./load.js";

export const requestLogHeader = "timestamp,latency_ms,success\n";

/** One record's CSV line (with its newline). */
export function requestLogLine(r: RequestRecord): string {
  return `${Math.round(r.endEpochMs)},${r.latencyMs.toFixed(3)},${r.ok}\n`;
}
