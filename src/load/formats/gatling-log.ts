/**
 * Gatling's simulation.log: the text log of Gatling 2.x to 3.12 and the binary one of 3.13 and later,
 * REQUEST records (name, start, end, OK/KO) into intervals;
 * and the statistics JSON of a Gatling report (js/global_stats.json, js/stats.json): one distribution.
 */
import { requestLogReader } from "./request-logs.js";
import type { InputFormat } from "./types.js";

/** A record type in the first column (Gatling 2.1 and later) or the third (2.0). */
const record = /^([^\t]*\t[^\t]*\t)?(RUN|USER|REQUEST|GROUP)\t/;

export const gatlingLogFormat: InputFormat = {
  id: "gatling-log",
  describe: "a Gatling simulation.log (text, Gatling 2.x to 3.12)",
  extensions: [".log"],
  gives: "intervals",
  options: ["skipBadRows", "label", "byLabel", "interval", "start", "end"],
  sniff(head) {
    const first = head.firstLine;
    if (/^RUN\t/.test(first) || /^[^\t]*\t[^\t]*\tRUN\t/.test(first)) return 1;
    return record.test(first) && head.lines.some((l) => /^([^\t]*\t[^\t]*\t)?REQUEST\t/.test(l)) ? 1 : 0;
  },
  ...requestLogReader("gatling-log"),
};

/** A Gatling statistics JSON's start, white space removed: a stats object, or stats.json's GROUP with its stats. */
const statsStart = /^\{("type":"GROUP",)?.{0,400}"numberOfRequests":\{"total":/;

export const gatlingStatsFormat: InputFormat = {
  id: "gatling-stats",
  describe: "a Gatling report statistics JSON (js/global_stats.json, js/stats.json; --label picks a request of stats.json)",
  extensions: [],
  gives: "distribution",
  options: ["label"],
  sniff(head) {
    const c = head.text.slice(0, 8192).replace(/\s+/g, "");
    return statsStart.test(c) && /"percentiles1":/.test(c) ? 1 : 0;
  },
  async read(input, o) {
    const { readGatlingStats } = await import("../gatling-stats.js");
    return { kind: "distribution", format: "gatling-stats", dist: await readGatlingStats(input.open(), input.file, { label: o.label }) };
  },
};

/**
 * The start of a binary Gatling log: the RUN record's header (0), the big-endian length of the
 * Gatling version that follows (1 to 64), the version ("3.13.1") and its Latin-1 coder byte (0).
 */
function isGatlingBinary(text: string): boolean {
  if (text.length < 8 || text.charCodeAt(0) !== 0 || text.charCodeAt(1) !== 0 || text.charCodeAt(2) !== 0 || text.charCodeAt(3) !== 0) return false;
  const length = text.charCodeAt(4);
  if (length < 1 || length > 64) return false;
  return /^\d+\.\d+[.\w-]*$/.test(text.slice(5, 5 + length)) && text.charCodeAt(5 + length) === 0;
}

export const gatlingBinaryFormat: InputFormat = {
  id: "gatling-binary",
  describe: "a Gatling simulation.log (binary, Gatling 3.13 and later)",
  extensions: [".log"],
  gives: "intervals",
  options: ["skipBadRows", "label", "byLabel", "interval"],
  sniff(head) {
    return isGatlingBinary(head.text) ? 1 : 0;
  },
  ...requestLogReader("gatling-binary"),
};
