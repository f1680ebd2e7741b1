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

/** A CSV cell as RFC 4180 quotes it: in double quotes (a quote doubled) when it holds a comma, a quote or a line break. */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One series per value of a label and their total as one long CSV: `time,LABEL,throughput,response`,
 * the total's rows first with LABEL empty (a label value is never empty: Prometheus drops such a
 * label), then each value's rows; label values quoted as RFC 4180 says. The time-series reader
 * with --by LABEL reads it back to the same numbers.
 */
export function longSeriesCsv(total: TimeSeries, label: string, groups: readonly { value: string; series: TimeSeries }[]): string {
  const { columns } = total;
  const lines = [[columns.time ?? "time", csvCell(label), columns.throughput, columns.response].join(",")];
  const rows = (s: TimeSeries, value: string) => {
    for (let i = 0; i < s.rows; i++) lines.push([s.time ? cell(s.time[i]) : "", value, cell(s.throughput[i]), cell(s.response[i])].join(","));
  };
  rows(total, "");
  for (const g of groups) rows(g.series, csvCell(g.value));
  return lines.join("\n") + "\n";
}
