/**
 * Locust `--csv` stats history (`*_stats_history.csv`): a time series of the `Aggregated` rows (or
 * `--label NAME`'s), throughput = Requests/s - Failures/s, response = a window percentile column
 * chosen with `--response` (default the median, `50%`), in ms; the run's totals from the last
 * row's cumulative `Total *` columns.
 */
import { hasColumns, headerRow } from "./head.js";
import type { InputFormat } from "./types.js";

export const locustHistoryFormat: InputFormat = {
  id: "locust-history",
  describe: "a Locust --csv stats history (*_stats_history.csv; --label picks an endpoint, --response a percentile column)",
  extensions: [],
  gives: "series",
  options: ["label"],
  sniff(head) {
    return hasColumns(headerRow(head), "timestamp", "user count", "name", "requests/s", "failures/s", "total request count") ? 1 : 0;
  },
  async read(input, o) {
    const { readLocustHistory } = await import("../locust.js");
    const { series, totals, response } = await readLocustHistory(input.open(), input.file, { label: o.label, response: o.response });
    return { kind: "series", format: "locust-history", series, totals, response };
  },
};
