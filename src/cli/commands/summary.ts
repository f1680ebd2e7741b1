/** `chp summary FILE`: R's summary() of throughput and response, plus sd, tail percentiles and mean+2sd. */
import { loadTimeSeries, type TimeSeries } from "../../load/time-series.js";
import { summary, summaryLabels, type Summary } from "../../stats/summary.js";
import { formatNumber, formatTable, toJson } from "../../util/format.js";
import type { Io } from "../io.js";
import { printLoadWarnings, rethrowWithSkipHint } from "../load-warnings.js";

export interface SummaryArgs {
  file: string;
  throughputCol?: string;
  responseCol?: string;
  timeCol?: string;
  /** Skip unreadable rows (counted, reported on stderr) instead of failing. */
  skipBadRows?: boolean;
  json?: boolean;
}

export interface SummaryReport {
  series: TimeSeries;
  throughput: Summary;
  response: Summary;
}

/** Load the file and summarise both columns (quantiles R type 7, over the rows with a value). */
export async function summaryCommand(args: SummaryArgs): Promise<SummaryReport> {
  const series = await loadTimeSeries(args.file, args).catch(rethrowWithSkipHint);
  return { series, throughput: summary(series.throughput), response: summary(series.response) };
}

const jsonKeys = ["n", "min", "q1", "median", "mean", "q3", "max", "p90", "p95", "p99", "p999", "sd"] as const;

/** The `--json` form: exactly the documented keys, response first. */
export function summaryJson(report: SummaryReport): string {
  const pick = (s: Summary) => Object.fromEntries(jsonKeys.map((k) => [k, s[k]]));
  return toJson({ response: pick(report.response), throughput: pick(report.throughput) });
}

/** Rows of the text form, in R's order with sd, mean+2sd and the tail percentiles after. */
const textRows = (["n", "min", "q1", "median", "mean", "q3", "max", "sd", "meanPlus2Sd", "p90", "p95", "p99", "p999"] as const).map(
  (key) => [summaryLabels[key], key] as const,
);

/** The text form: a column per metric, a row per statistic, as R prints summary() of a data frame. */
export function summaryText(report: SummaryReport): string {
  const { series } = report;
  const label = (name: string, unit?: string) => (unit ? `${name} (${unit})` : name);
  const head = [
    "",
    label(series.columns.throughput, series.units.throughput),
    label(series.columns.response, series.units.response),
  ];
  const rows = textRows.map(([name, key]) => [name, formatNumber(report.throughput[key]), formatNumber(report.response[key])]);
  const time = series.columns.time
    ? `time "${series.columns.time}" (${series.units.time === "iso" ? "ISO 8601" : `epoch ${series.units.time}`})`
    : "no time column";
  return `${series.file}: ${series.rows} rows; ${time}, throughput "${series.columns.throughput}", response "${series.columns.response}"\n\n${formatTable(head, rows)}\n`;
}

export async function runSummary(args: SummaryArgs, io: Io): Promise<void> {
  const report = await summaryCommand(args);
  printLoadWarnings(io, report.series);
  io.stdout(args.json ? summaryJson(report) + "\n" : summaryText(report));
}
