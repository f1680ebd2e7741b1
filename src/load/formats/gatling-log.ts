/** Gatling's text simulation.log (2.x to 3.7): REQUEST records (name, start, end, OK/KO) into intervals. */
import { requestLogReader } from "./request-logs.js";
import type { InputFormat } from "./types.js";

/** A record type in the first column (Gatling 2.1 and later) or the third (2.0). */
const record = /^([^\t]*\t[^\t]*\t)?(RUN|USER|REQUEST|GROUP)\t/;

export const gatlingLogFormat: InputFormat = {
  id: "gatling-log",
  describe: "a Gatling simulation.log (text, Gatling 2.x to 3.7)",
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
