/**
 * A generic per-request CSV: a time and a latency column (and optionally success and label), one row
 * per request, no throughput column. Told from a time series by its columns: a file with a
 * throughput column, or with --throughput-col, is a time series, and so is one whose latency
 * column is named as a statistic of an interval (avg, mean, median, p99): one request has no
 * average.
 */
import { matchScore, nameTokens } from "../columns.js";
import { headerRow } from "./head.js";
import { requestLogOptions, requestLogReader } from "./request-logs.js";
import type { InputFormat } from "./types.js";

/** Latency column names that state a statistic of many requests, not one request's latency. */
const aggregateNames = new Set(["mean", "avg", "average", "median", "p50", "p90", "p95", "p99", "p999", "p99_9", "max", "min"]);

/** Whether a column name states an aggregate ("avg", "mean_ms", "p99 latency"). */
export function namesAggregate(name: string): boolean {
  return nameTokens(name).some((t) => aggregateNames.has(t)) || aggregateNames.has(nameTokens(name).join("_"));
}

export const requestCsvFormat: InputFormat = {
  id: "request-csv",
  describe: "a per-request CSV (a time and a latency column per request, e.g. timestamp,latency[,success][,label])",
  extensions: [],
  gives: "intervals",
  options: requestLogOptions,
  sniff(head, o) {
    const row = headerRow(head);
    if (row === null || o.throughputCol !== undefined) return 0;
    const has = (role: "time" | "throughput" | "response") => row.cells.some((h) => matchScore(h, role) > 0);
    if (row.cells.some((h) => matchScore(h, "response") > 0 && namesAggregate(h))) return 0;
    return has("response") && has("time") && !has("throughput") ? 0.6 : 0;
  },
  ...requestLogReader("request-csv"),
};
