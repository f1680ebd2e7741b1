/** ApacheBench `-e` percentile table (`Percentage served,Time in ms`, 0..100): one distribution of percentiles, ms. */
import { hasColumns, headerRow } from "./head.js";
import type { InputFormat } from "./types.js";

export const abPercentilesFormat: InputFormat = {
  id: "ab-percentiles",
  describe: "an ApacheBench -e percentile table (Percentage served, Time in ms)",
  extensions: [],
  gives: "distribution",
  options: [],
  sniff(head) {
    return hasColumns(headerRow(head), "percentage served", "time in ms") ? 1 : 0;
  },
  async read(input) {
    const { readAbPercentiles } = await import("../ab-percentiles.js");
    return { kind: "distribution", format: "ab-percentiles", dist: await readAbPercentiles(input.open(), input.file) };
  },
};
