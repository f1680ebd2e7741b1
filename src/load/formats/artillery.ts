/**
 * Artillery's JSON report (`artillery run --output`): 1.x with raw latencies per 10 s entry ->
 * exact interval histograms; 2.x with per-period summaries -> a time series of one statistic.
 */
import type { InputFormat, InputHead } from "./types.js";

/** The head without white space, for JSON signatures. */
const compact = (head: InputHead) => head.text.replace(/\s+/g, "");

/** An Artillery report: an object with "aggregate" and "intermediate". */
function isReport(c: string): boolean {
  return /^\{/.test(c) && /"aggregate":\{/.test(c) && (/"intermediate":\[/.test(c) || /^\{"aggregate":\{/.test(c));
}

export const artillery1Format: InputFormat = {
  id: "artillery1",
  describe: "an Artillery 1.x JSON report (intermediate[] with raw latencies)",
  extensions: [],
  gives: "intervals",
  options: [],
  sniff(head) {
    const c = compact(head);
    return isReport(c) && /"(scenariosCreated|requestsCompleted)":/.test(c) ? 1 : 0;
  },
  async read(input) {
    const { readArtillery1 } = await import("../artillery.js");
    return { kind: "intervals", format: "artillery1", set: await readArtillery1(input.open(), input.file) };
  },
};

export const artillery2Format: InputFormat = {
  id: "artillery2",
  describe: "an Artillery 2.x JSON report (intermediate[] per-period http.response_time summaries; --response picks the statistic, --label an endpoint)",
  extensions: [],
  gives: "series",
  options: ["label"],
  sniff(head) {
    const c = compact(head);
    return isReport(c) && /"(counters|firstCounterAt|summaries|histograms)":/.test(c) && !/"(scenariosCreated|requestsCompleted)":/.test(c) ? 1 : 0;
  },
  async read(input, o) {
    const { readArtillery2 } = await import("../artillery.js");
    const { series, totals, response } = await readArtillery2(input.open(), input.file, { response: o.response, label: o.label });
    return { kind: "series", format: "artillery2", series, totals, response };
  },
};
