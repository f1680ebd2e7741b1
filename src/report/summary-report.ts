/**
 * `chp summary` as a library call, for every input shape:
 *
 *   series       -> R's summary() of throughput and response (quantiles R type 7, over the rows
 *                   with a value), sd, mean+2sd and p90..p99.9, as Cockcroft's 2013 slides set them;
 *                   and the tool's own totals when the file carries them (Locust's Total columns)
 *   intervals    -> the whole run (the merge of the interval histograms, never an average of
 *                   percentiles) and every interval; with byLabel each label apart
 *   distribution -> its statistics (those the file cannot give are null)
 *
 * Histogram values stay in the file's unit unless `unit` converts them.
 */
import type { DistributionStats, IntervalSet, IntervalStats } from "../load/intervals.js";
import { distributionStats } from "../load/intervals.js";
import type { HdrHistogram } from "../load/hdr/histogram.js";
import type { LabelIntervals } from "../load/request-log.js";
import type { FileDistribution } from "../load/distribution.js";
import type { LoadedInput, LoadOptions, ToolTotals } from "../load/formats/types.js";
import { loadInputs } from "../load/load-inputs.js";
import type { TimeSeries } from "../load/time-series.js";
import { UsageError } from "../errors.js";
import { formatMessage } from "../messages.js";
import { summary, summaryLabels, type Summary } from "../stats/summary.js";
import { formatNumber, formatTable, toJson } from "../util/format.js";
import { scaleValue, unitConversion, type SeriesOptions } from "./series.js";

export interface SummaryOptions extends LoadOptions, Pick<SeriesOptions, "unit" | "inputUnit"> {}

/** The summary of a time series. */
export interface SeriesSummary {
  kind: "series";
  series: TimeSeries;
  throughput: Summary;
  response: Summary;
  /** The whole run's totals as the tool computed them (never percentiles of the rows' percentiles), when the file carries them. */
  totals?: ToolTotals;
}

const totalKeys = ["count", "min", "max", "mean", "p50", "p90", "p99", "p999"] as const;
const intervalKeys = ["tag", "start", "length", "count", "throughput", "max", "mean", "p50", "p90", "p99", "p999"] as const;
const scaled = new Set(["min", "max", "mean", "p50", "p90", "p99", "p999"]);

/** The summary of interval histograms or of one distribution. */
export interface HistogramSummary {
  kind: "histograms";
  file: string;
  format: string;
  unit: string | null;
  /** `errors` only where the format counts failures apart in a distribution (Locust's stats.csv). */
  total: Record<(typeof totalKeys)[number], number | null> & { errors?: number | null };
  /** Absent for one distribution. */
  intervals?: Record<(typeof intervalKeys)[number], number | string | null>[];
  /** With byLabel: each label's total and intervals, sorted by label. */
  labels?: { label: string; total: HistogramSummary["total"]; intervals: NonNullable<HistogramSummary["intervals"]> }[];
  notes: string[];
}

export type SummaryReport = SeriesSummary | HistogramSummary;

const conv = (v: number | null, f: number) => (v === null || Number.isNaN(v) ? null : scaleValue(v, f));

function totalOf(h: HdrHistogram, scale: number, factor: number): HistogramSummary["total"] {
  const t: DistributionStats = distributionStats(h, scale);
  return Object.fromEntries(totalKeys.map((k) => [k, k === "count" ? t.count : conv(t[k], factor)])) as HistogramSummary["total"];
}

function intervalsOf(list: readonly IntervalStats[], factor: number): NonNullable<HistogramSummary["intervals"]> {
  return list.map(
    (s) =>
      Object.fromEntries(intervalKeys.map((k) => [k, scaled.has(k) ? conv(s[k] as number, factor) : s[k]])) as NonNullable<
        HistogramSummary["intervals"]
      >[number],
  );
}

function fromIntervals(set: IntervalSet & { labels?: LabelIntervals[]; late?: number }, o: SummaryOptions): HistogramSummary {
  const { factor, unit } = unitConversion(set.unit, o, set.file);
  const total = totalOf(set.total, set.scale, factor);
  const intervals = intervalsOf(set.intervals, factor);
  const labels = set.labels?.map((l) => ({ label: l.label, total: totalOf(l.total, set.scale, factor), intervals: intervalsOf(l.intervals, factor) }));
  const notes: string[] = [];
  if (set.format !== "hlog")
    notes.push(`throughput = successful requests per second; ${set.totalErrors} failed request${set.totalErrors === 1 ? "" : "s"} counted apart`);
  if (set.late) notes.push(`${set.late} requests completed after their interval was closed: counted in the total only`);
  return { kind: "histograms", file: set.file, format: set.format, unit, total, intervals, ...(labels ? { labels } : {}), notes };
}

function fromDistribution(d: FileDistribution, o: SummaryOptions): HistogramSummary {
  const { factor, unit } = unitConversion(d.unit, o, d.file);
  const s = d.stats;
  // errors, where the format counts them, right after count (as the tool's report lists them)
  const keys = d.errors !== undefined ? (["count", "errors", ...totalKeys.slice(1)] as const) : totalKeys;
  const total = Object.fromEntries(
    keys.map((k) => [k, k === "count" ? s.count : k === "errors" ? (d.errors ?? null) : conv(s[k], factor)]),
  ) as HistogramSummary["total"];
  const notes: string[] = [];
  if (d.truncated) notes.push("the table is truncated: the population is estimated from Count / Prob; statistics beyond the last row are NA");
  if (d.derived.length) notes.push(`derived from the rows (not stated by the file): ${d.derived.join(", ")}`);
  return { kind: "histograms", file: d.file, format: d.format, unit, total, notes };
}

/** The summary of a loaded input (see the top of this file). */
export function summarizeInput(input: LoadedInput, o: SummaryOptions = {}): SummaryReport {
  if (input.kind === "series") {
    if (o.unit !== undefined && o.unit !== null) throw new UsageError(formatMessage.optionNotForFormat("unit", input.series.file, "a time-series CSV"));
    const series = input.series;
    const report: SeriesSummary = { kind: "series", series, throughput: summary(series.throughput), response: summary(series.response) };
    return input.totals ? { ...report, totals: input.totals } : report;
  }
  return input.kind === "intervals" ? fromIntervals(input.set, o) : fromDistribution(input.dist, o);
}

/** Load the inputs and summarise them: what `chp summary` prints. */
export async function summaryReport(inputs: string | readonly string[] | LoadedInput, o: SummaryOptions = {}): Promise<SummaryReport> {
  const input = typeof inputs === "object" && "kind" in inputs ? inputs : await loadInputs(inputs, o);
  return summarizeInput(input, o);
}

const seriesJsonKeys = ["n", "min", "q1", "median", "mean", "q3", "max", "p90", "p95", "p99", "p999", "sd"] as const;

/** The `--json` form: for a series exactly the documented keys, response first; for histograms total, intervals and labels. */
export function summaryJson(report: SummaryReport): string {
  if (report.kind === "series") {
    const pick = (s: Summary) => Object.fromEntries(seriesJsonKeys.map((k) => [k, s[k]]));
    const series = { response: pick(report.response), throughput: pick(report.throughput) };
    return toJson(report.totals ? { total: toolTotalJson(report.totals), ...series } : series);
  }
  if (!report.intervals) return toJson({ total: report.total });
  if (!report.labels) return toJson({ total: report.total, intervals: report.intervals });
  const labels = Object.fromEntries(report.labels.map((l) => [l.label, { total: l.total, intervals: l.intervals }]));
  return toJson({ total: report.total, intervals: report.intervals, labels });
}

const toolTotalKeys = ["count", "errors", "min", "max", "mean", "p50"] as const;

/** The tool's totals in the `total` shape of the histogram summaries (the keys the tool gives). */
function toolTotalJson(t: ToolTotals): Record<string, number | null> {
  return Object.fromEntries(toolTotalKeys.map((k) => [k, t[k]]));
}

/** The tool's own totals block of the series text form. */
function toolTotalText(t: ToolTotals): string {
  const table = formatTable(["", ...toolTotalKeys], [["total", ...toolTotalKeys.map((k) => formatNumber(t[k]))]]);
  return `\ntool's own totals (${t.source}${t.unit ? `; ${t.unit}` : ""}):\n${table}\n`;
}

/** Rows of the series text form, in R's order with sd, mean+2sd and the tail percentiles after. */
const seriesTextRows = (["n", "min", "q1", "median", "mean", "q3", "max", "sd", "meanPlus2Sd", "p90", "p95", "p99", "p999"] as const).map(
  (key) => [summaryLabels[key], key] as const,
);

function seriesText(report: SeriesSummary): string {
  const { series } = report;
  const label = (name: string, unit?: string) => (unit ? `${name} (${unit})` : name);
  const head = ["", label(series.columns.throughput, series.units.throughput), label(series.columns.response, series.units.response)];
  const rows = seriesTextRows.map(([name, key]) => [name, formatNumber(report.throughput[key]), formatNumber(report.response[key])]);
  const time = series.columns.time
    ? `time "${series.columns.time}" (${series.units.time === "iso" ? "ISO 8601" : `epoch ${series.units.time}`})`
    : "no time column";
  const totals = report.totals ? toolTotalText(report.totals) : "";
  return `${series.file}: ${series.rows} rows; ${time}, throughput "${series.columns.throughput}", response "${series.columns.response}"\n\n${formatTable(head, rows)}\n${totals}`;
}

const maxTextIntervals = 50;
const labelKeys = ["count", "min", "mean", "p50", "p90", "p99", "p999", "max"] as const;

function histogramText(s: HistogramSummary): string {
  const u = s.unit ? ` (${s.unit})` : "";
  const head = `${s.file}: ${s.format}${s.intervals ? `, ${s.intervals.length} intervals` : ", one distribution"}; values${u || " in the file's unit"}`;
  const keys = s.total.errors !== undefined ? (["count", "errors", ...totalKeys.slice(1)] as const) : totalKeys;
  const total = formatTable(["", ...keys], [["total", ...keys.map((k) => formatNumber(s.total[k]))]]);
  let text = `${head}\n\n${total}\n`;
  if (s.intervals) {
    const shown = s.intervals.slice(0, maxTextIntervals);
    const rows = shown.map((i) => intervalKeys.map((k) => (k === "tag" ? String(i.tag ?? "") : formatNumber(i[k] as number | null, k === "start" ? 13 : 4))));
    text += `\n${formatTable([...intervalKeys], rows)}\n`;
    if (s.intervals.length > shown.length) text += `... ${s.intervals.length - shown.length} more intervals (all of them with --json)\n`;
  }
  if (s.labels) {
    const rows = s.labels.map((l) => [l.label, ...labelKeys.map((k) => formatNumber(l.total[k]))]);
    text += `\nby label (each label's intervals with --json):\n${formatTable(["label", ...labelKeys], rows)}\n`;
  }
  for (const n of s.notes) text += `note: ${n}\n`;
  return text;
}

/** The text form: R's summary() table for a series; the total, the intervals (the first 50) and notes for histograms. */
export function summaryText(report: SummaryReport): string {
  return report.kind === "series" ? seriesText(report) : histogramText(report);
}
