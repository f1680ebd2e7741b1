/** ApacheBench's text report (stdout): its counts, Connection Times and percentile table, as one distribution in ms. */
import type { InputFormat } from "./types.js";

export const abTextFormat: InputFormat = {
  id: "ab-text",
  describe: "ApacheBench (ab) text output (its report: counts, connection times, percentile table)",
  extensions: [],
  gives: "distribution",
  options: [],
  sniff(head) {
    return /^This is ApacheBench/.test(head.firstLine) ? 1 : 0;
  },
  async read(input) {
    const { readAbText } = await import("../ab-text.js");
    return { kind: "distribution", format: "ab-text", dist: await readAbText(input.open(), input.file) };
  },
};
