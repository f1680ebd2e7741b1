/**
 * vegeta's results, `vegeta encode --to csv` (no header) and `--to json` (one object a line):
 * per request, into the per-request path (latency ns, read in ms).
 */
import { requestLogReader } from "./request-logs.js";
import { isVegetaCsv, isVegetaJson } from "./vegeta-sniff.js";
import type { InputFormat, ReaderOption } from "./types.js";

const options: readonly ReaderOption[] = ["skipBadRows", "label", "byLabel", "interval"];

export const vegetaCsvFormat: InputFormat = {
  id: "vegeta-csv",
  describe: "vegeta results as CSV (vegeta encode --to csv; no header, ns; --label picks a URL)",
  extensions: [],
  gives: "intervals",
  options,
  sniff: (head) => (isVegetaCsv(head.firstLine) ? 1 : 0),
  ...requestLogReader("vegeta-csv"),
};

export const vegetaJsonFormat: InputFormat = {
  id: "vegeta-json",
  describe: "vegeta results as JSON lines (vegeta encode --to json; ns; --label picks a URL)",
  extensions: [],
  gives: "intervals",
  options,
  sniff: (head) => (isVegetaJson(head.firstLine) ? 1 : 0),
  ...requestLogReader("vegeta-json"),
};
