/**
 * Locust's `--csv` files, read as Locust wrote them (values in ms):
 *
 * - `*_stats_history.csv`: one row per endpoint and one `Aggregated` row per time step (every
 *   few seconds). `Requests/s`, `Failures/s` and the percentile columns `50%`..`100%` describe
 *   the current window; the `Total *` columns are cumulative since the start.
 *
 *     rows -> keep Name = label ("Aggregated" by default) -> time = Timestamp (epoch s),
 *     throughput = Requests/s - Failures/s, response = the chosen window percentile column
 *     (N/A -> NaN) -> TimeSeries; totals = the last kept row's cumulative Total columns
 *
 * - `*_stats.csv`: one summary row per endpoint and an `Aggregated` row (no time axis), read as
 *   one distribution: counts, min, max, mean and the percentile columns as the percentile curve.
 *
 * Locust computes its percentiles from response times rounded to 2 significant digits (above
 * 100 ms), so the window and total percentiles carry that rounding; the mean, min and max are exact.
 */
import { StringDecoder } from "node:string_decoder";
import { DataError, UsageError } from "../errors.js";
import { loadToolMessage as lm } from "../messages.js";
import { CsvRecords } from "./csv-records.js";
import type { FileDistribution } from "./distribution.js";
import type { ToolTotals } from "./formats/types.js";
import type { ResponseStat } from "./intervals.js";
import type { TimeSeries } from "./time-series-types.js";

export interface LocustOptions {
  /** The rows to read by their Name column (default "Aggregated"). */
  label?: string | null;
  /** The window percentile taken as the response (default p50: the `50%` column). */
  response?: ResponseStat;
}

/** The aggregate row Locust writes beside the endpoints' rows. */
export const locustAggregated = "Aggregated";

/** The percentile column each response statistic reads (`mean` has none: Locust writes no window mean). */
const percentOf: Record<Exclude<ResponseStat, "mean">, number> = { p50: 50, p90: 90, p95: 95, p99: 99, p999: 99.9, max: 100 };

/** A header's percentile columns ("50%", "99.9%"): the column index by percent. */
function percentileColumns(header: readonly string[]): { percent: number; index: number; name: string }[] {
  const out: { percent: number; index: number; name: string }[] = [];
  header.forEach((h, index) => {
    const m = /^(\d+(?:\.\d+)?)%$/.exec(h.trim());
    if (m) out.push({ percent: Number(m[1]), index, name: h.trim() });
  });
  return out;
}

/** Every record of a CSV source, header first, with its line. */
async function records(source: AsyncIterable<Buffer | string>, file: string, onRecord: (fields: string[], line: number) => void): Promise<void> {
  const decoder = new StringDecoder("utf8");
  const csv = new CsvRecords(",", onRecord, file);
  for await (const chunk of source) csv.push(typeof chunk === "string" ? chunk : decoder.write(chunk));
  csv.push(decoder.end());
  csv.end();
}

/** The index of each named column (case-insensitive); a DataError naming the missing ones. */
function columnsOf<K extends string>(header: readonly string[], names: Record<K, string>, file: string, what: string): Record<K, number> {
  const lower = header.map((h) => h.trim().toLowerCase());
  const out = {} as Record<K, number>;
  const missing: string[] = [];
  for (const [key, name] of Object.entries(names) as [K, string][]) {
    out[key] = lower.indexOf(name.toLowerCase());
    if (out[key] < 0) missing.push(name);
  }
  if (missing.length) throw new DataError(lm.locustMissingColumns(what, missing, header), { file, line: 1 });
  return out;
}

/** A numeric cell; `N/A` and empty cells are NaN when `missing` allows them. */
function cellNumber(cell: string, column: string, file: string, line: number, missing: boolean): number {
  const t = cell.trim();
  if (missing && (t === "" || t === "N/A")) return Number.NaN;
  const v = Number(t);
  if (t === "" || !Number.isFinite(v)) throw new DataError(lm.locustBadCell(column, cell), { file, line });
  return v;
}

/** An unknown label: a data error listing the names the file holds (as the per-request logs' --label). */
function unknownLabel(label: string, names: ReadonlySet<string>, file: string): DataError {
  return new DataError(lm.locustUnknownLabel(label, [...names]), { file });
}

const historyColumns = {
  time: "Timestamp",
  name: "Name",
  requests: "Requests/s",
  failures: "Failures/s",
  totalCount: "Total Request Count",
  totalFailures: "Total Failure Count",
  totalMedian: "Total Median Response Time",
  totalMean: "Total Average Response Time",
  totalMin: "Total Min Response Time",
  totalMax: "Total Max Response Time",
} as const;

/** The percentile column a response statistic reads, or a usage error saying why there is none. */
function responseColumn(header: readonly string[], stat: ResponseStat, file: string): { index: number; name: string } {
  const columns = percentileColumns(header);
  if (stat === "mean")
    throw new UsageError(
      lm.locustNoWindowMean(
        file,
        columns.map((c) => c.name),
      ),
    );
  const found = columns.find((c) => c.percent === percentOf[stat]);
  if (!found)
    throw new UsageError(
      lm.locustNoPercentileColumn(
        stat,
        `${percentOf[stat]}%`,
        columns.map((c) => c.name),
      ),
    );
  return found;
}

/** A Locust `*_stats_history.csv` as a time series, with the run's totals from the cumulative columns (see the top of this file). */
export async function readLocustHistory(
  source: AsyncIterable<Buffer | string>,
  file: string,
  o: LocustOptions = {},
): Promise<{ series: TimeSeries; totals: ToolTotals; response: ResponseStat }> {
  const label = o.label ?? locustAggregated;
  const stat = o.response ?? "p50";
  let header: string[] | null = null;
  let col: Record<keyof typeof historyColumns, number> | null = null;
  let resp = { index: -1, name: "" };
  const names = new Set<string>();
  const time: number[] = [];
  const throughput: number[] = [];
  const response: number[] = [];
  let last: { cells: string[]; line: number } | null = null;
  await records(source, file, (cells, line) => {
    if (header === null) {
      header = cells.map((c) => c.trim());
      col = columnsOf(header, historyColumns, file, "a Locust stats history");
      resp = responseColumn(header, stat, file);
      return;
    }
    const c = col!;
    const name = cells[c.name] ?? "";
    if (names.size < 1000) names.add(name);
    if (name !== label) return;
    if (cells.length !== header.length) throw new DataError(lm.locustFieldCount(cells.length, header.length), { file, line });
    time.push(cellNumber(cells[c.time], historyColumns.time, file, line, false));
    throughput.push(
      cellNumber(cells[c.requests], historyColumns.requests, file, line, false) - cellNumber(cells[c.failures], historyColumns.failures, file, line, false),
    );
    response.push(cellNumber(cells[resp.index], resp.name, file, line, true));
    last = { cells, line };
  });
  if (header === null) throw new DataError(lm.locustEmpty(), { file });
  if (last === null) {
    if (names.size === 0) throw new DataError(lm.locustEmpty(), { file });
    throw unknownLabel(label, names, file);
  }
  const c = col!;
  const { cells, line } = last as { cells: string[]; line: number };
  const total = (k: keyof typeof historyColumns) => cellNumber(cells[c[k]], historyColumns[k], file, line, true);
  const requests = total("totalCount");
  const errors = total("totalFailures");
  const nan = (v: number) => (Number.isNaN(v) ? null : v);
  const totals: ToolTotals = {
    source: `Locust's cumulative Total columns of the last ${JSON.stringify(label)} row`,
    unit: "ms",
    count: nan(requests - errors),
    errors: nan(errors),
    min: nan(total("totalMin")),
    max: nan(total("totalMax")),
    mean: nan(total("totalMean")),
    p50: nan(total("totalMedian")),
  };
  const h = header as string[];
  const series: TimeSeries = {
    file,
    header: h,
    delimiter: ",",
    columns: { time: historyColumns.time, throughput: "Requests/s - Failures/s", response: resp.name },
    units: { time: "s", throughput: "req/s", response: "ms" },
    time: Float64Array.from(time),
    throughput: Float64Array.from(throughput),
    response: Float64Array.from(response),
    rows: time.length,
  };
  return { series, totals, response: stat };
}

const statsColumns = {
  name: "Name",
  count: "Request Count",
  failures: "Failure Count",
  median: "Median Response Time",
  mean: "Average Response Time",
  min: "Min Response Time",
  max: "Max Response Time",
} as const;

/** A Locust `*_stats.csv`: the Aggregated row (or `label`'s) as one distribution (see the top of this file). */
export async function readLocustStats(source: AsyncIterable<Buffer | string>, file: string, o: Pick<LocustOptions, "label"> = {}): Promise<FileDistribution> {
  const label = o.label ?? locustAggregated;
  let header: string[] | null = null;
  let col: Record<keyof typeof statsColumns, number> | null = null;
  const names = new Set<string>();
  let row: { cells: string[]; line: number } | null = null;
  await records(source, file, (cells, line) => {
    if (header === null) {
      header = cells.map((c) => c.trim());
      col = columnsOf(header, statsColumns, file, "a Locust stats summary");
      return;
    }
    const name = cells[col!.name] ?? "";
    names.add(name);
    if (name === label && row === null) row = { cells, line };
  });
  if (header === null || names.size === 0) throw new DataError(lm.locustEmpty(), { file });
  if (row === null) throw unknownLabel(label, names, file);
  const { cells, line } = row as { cells: string[]; line: number };
  const c = col!;
  const at = (k: keyof typeof statsColumns) => cellNumber(cells[c[k]], statsColumns[k], file, line, true);
  const nan = (v: number) => (Number.isNaN(v) ? null : v);
  const requests = at("count");
  const errors = at("failures");
  const curve = percentileColumns(header)
    .map((p) => ({ fraction: p.percent / 100, value: cellNumber(cells[p.index], p.name, file, line, true) }))
    .filter((p) => !Number.isNaN(p.value));
  const pct = (percent: number) => curve.find((p) => p.fraction === percent / 100)?.value ?? null;
  return {
    file,
    format: "locust-stats",
    name: label === locustAggregated ? null : label,
    unit: "ms",
    stats: {
      count: requests - errors,
      min: nan(at("min")),
      max: nan(at("max")),
      mean: nan(at("mean")),
      stdDeviation: null,
      p50: pct(50) ?? nan(at("median")),
      p90: pct(90),
      p95: pct(95),
      p99: pct(99),
      p999: pct(99.9),
    },
    errors,
    bins: [],
    percentiles: curve,
    truncated: false,
    derived: [],
  };
}
