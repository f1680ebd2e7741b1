/**
 * Locust `--csv` summary (`*_stats.csv`): one row per endpoint and an `Aggregated` row, no time
 * axis; the Aggregated row (or `--label NAME`'s) read as one distribution (ms).
 */
import { hasColumns, headerRow } from "./head.js";
import type { InputFormat } from "./types.js";

export const locustStatsFormat: InputFormat = {
  id: "locust-stats",
  describe: "a Locust --csv summary (*_stats.csv: one row per endpoint, no time axis; --label picks one)",
  extensions: [],
  gives: "distribution",
  options: ["label"],
  sniff(head) {
    return hasColumns(headerRow(head), "type", "name", "request count", "failure count", "median response time") ? 1 : 0;
  },
  async read(input, o) {
    const { readLocustStats } = await import("../locust.js");
    return { kind: "distribution", format: "locust-stats", dist: await readLocustStats(input.open(), input.file, { label: o.label }) };
  },
};
