/**
 * k6's raw outputs, `--out csv` and `--out json`: every metric sample of a run, of which the chosen
 * trend's (http_req_duration, or --metric NAME) are the requests -> the per-request path.
 */
import { hasColumns, headerRow } from "./head.js";
import { requestLogReader } from "./request-logs.js";
import type { InputFormat, InputHead, OpenedInput, ReaderOption } from "./types.js";

const k6Options: readonly ReaderOption[] = ["skipBadRows", "label", "byLabel", "interval", "metric"];

/**
 * The shortest interval a k6 CSV's time stamps allow: 1 s when they are whole epoch seconds (k6's
 * default K6_CSV_TIME_FORMAT), else no limit.
 */
function csvMinInterval(inputs: readonly OpenedInput[]): number {
  return inputs.some((i) => wholeSeconds(i.head)) ? 1 : 0;
}

/** True when the first data rows of a k6 CSV stamp whole epoch seconds (below 1e11: not ms). */
function wholeSeconds(head: InputHead): boolean {
  const row = headerRow(head);
  const at = row?.lower.indexOf("timestamp") ?? -1;
  if (at < 0) return false;
  const stamps = head.lines
    .slice(1, 50)
    .filter((l) => l !== "")
    .map((l) => l.split(",")[at]);
  return stamps.length > 0 && stamps.every((s) => /^\d{1,10}$/.test(s));
}

export const k6CsvFormat: InputFormat = {
  id: "k6-csv",
  describe: "a k6 --out csv file (all metrics interleaved; http_req_duration read, or --metric NAME)",
  extensions: [],
  gives: "intervals",
  options: k6Options,
  sniff(head) {
    const row = headerRow(head);
    return row !== null && row.lower[0] === "metric_name" && hasColumns(row, "metric_name", "timestamp", "metric_value") ? 1 : 0;
  },
  ...requestLogReader("k6-csv", csvMinInterval),
};

/** The start of a k6 JSON line: {"type":"Metric"|"Point", ...} or {"metric":..., "type":...}. */
const jsonLine = /^\{"(type":"(Metric|Point)"|metric":"[^"]*","type":"(Metric|Point)")/;

export const k6JsonFormat: InputFormat = {
  id: "k6-json",
  describe: "a k6 --out json file (NDJSON Metric and Point lines; http_req_duration read, or --metric NAME)",
  extensions: [],
  gives: "intervals",
  options: k6Options,
  sniff(head) {
    return jsonLine.test(head.firstLine.replace(/\s+/g, "")) ? 1 : 0;
  },
  ...requestLogReader("k6-json"),
};

/** A k6 summary's start: a JSON object whose "metrics" hold http_req_duration or another trend. */
function compact(head: InputHead, bytes: number): string {
  return head.text.slice(0, bytes).replace(/\s+/g, "");
}

export const k6SummaryFormat: InputFormat = {
  id: "k6-summary",
  describe: "a k6 summary export (--summary-export or handleSummary JSON: one run's trend statistics)",
  extensions: [],
  gives: "distribution",
  options: ["metric"],
  sniff(head) {
    const c = compact(head, 65536);
    return /^\{/.test(c) && /"metrics":\{/.test(c) && /"(http_req_duration|iteration_duration)":\{/.test(c) ? 1 : 0;
  },
  async read(input, o) {
    const { readK6Summary } = await import("../k6-summary.js");
    return { kind: "distribution", format: "k6-summary", dist: await readK6Summary(input.open(), input.file, { metric: o.metric }) };
  },
};
