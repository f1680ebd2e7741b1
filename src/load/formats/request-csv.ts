/**
 * A generic per-request CSV: a time and a latency column (and optionally success and label), one row
 * per request, no throughput column. Told from a time series by its columns: a file with a
 * throughput column, or with --throughput-col, is a time series.
 */
import { matchScore } from "../columns.js";
import { headerRow } from "./head.js";
import { requestLogOptions, requestLogReader } from "./request-logs.js";
import type { InputFormat } from "./types.js";

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
    return has("response") && has("time") && !has("throughput") ? 0.6 : 0;
  },
  ...requestLogReader("request-csv"),
};
