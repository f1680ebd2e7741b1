/**
 * A time series as the CSV the time-series reader reads back to the same numbers: a header of the
 * series' column names, epoch seconds, every value in JavaScript's shortest round-trip form, and
 * a missing value (NaN) as an empty cell.
 */
import type { TimeSeries } from "../time-series-types.js";

const cell = (v: number) => (Number.isNaN(v) ? "" : String(v));

export function seriesCsv(series: TimeSeries): string {
  const { columns } = series;
  const lines = [[...(series.time ? [columns.time ?? "time"] : []), columns.throughput, columns.response].join(",")];
  for (let i = 0; i < series.rows; i++) {
    lines.push([...(series.time ? [cell(series.time[i])] : []), cell(series.throughput[i]), cell(series.response[i])].join(","));
  }
  return lines.join("\n") + "\n";
}
