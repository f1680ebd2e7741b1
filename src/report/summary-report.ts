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
import { distributionStats, recordedValuesRate } from "../load/intervals.js";
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
import { JmeterStatistics, type JmeterRow } from "../stats/jmeter-statistics.js";
import { convertSeries, scaleValue, unitConversion, type SeriesOptions } from "./series.js";

export interface SummaryOptions extends LoadOptions, Pick<SeriesOptions, "unit" | "inputUnit"> {
  /** Another tool's definitions for the totals: "jmeter" = JMeter's dashboard statistics (src/stats/jmeter-statistics.ts). */
  like?: "jmeter";
}

/** The summary by JMeter's dashboard definitions (`like: "jmeter"`): its Total row, and with byLabel a row per label. */
export interface JmeterSummary {
  kind: "jmeter";
  file: string;
  format: string;
  unit: string;
  total: JmeterTotal;
  labels?: { label: string; total: JmeterTotal }[];
  notes: string[];
}

/** A JMeter statistics row in chp's key names (count = JMeter's sampleCount: failures included). */
export type JmeterTotal = Record<(typeof jmeterKeys)[number], number | null>;

/** chp's key <- statistics.json's key. */
const jmeterKeys = ["count", "errors", "errorRate", "errorPct", "mean", "min", "max", "p50", "p90", "p95", "p99", "throughput"] as const;
const jmeterScaled = new Set(["mean", "min", "max", "p50", "p90", "p95", "p99"]);

/** The summary of a time series. */
export interface SeriesSummary {
  kind: "series";
  series: TimeSeries;
  throughput: Summary;
  response: Summary;
  /** The whole run's totals as the tool computed them (never percentiles of the rows' percentiles), when the file carries them. */
  totals?: ToolTotals;
  /** With --by LABEL: each value's summary (the series above is their total). */
  by?: { label: string; groups: { value: string; summary: SeriesSummary }[] };
}

/**
 * The keys of every `total`, whatever the format (null where the format does not carry the value):
 * count = successful requests, errors = failed ones, errorRate = errors / (count + errors).
 */
const totalKeys = ["count", "errors", "errorRate", "min", "max", "mean", "p50", "p90", "p95", "p99", "p999"] as const;
const intervalKeys = ["tag", "start", "length", "count", "throughput", "max", "mean", "p50", "p90", "p95", "p99", "p999"] as const;
const scaled = new Set(["min", "max", "mean", "p50", "p90", "p95", "p99", "p999"]);

/** The summary of interval histograms or of one distribution. */
export interface HistogramSummary {
  kind: "histograms";
  file: string;
  format: string;
  unit: string | null;
  /** errors and errorRate are null where the format does not count failures (an HdrHistogram log, a .hgrm). */
  total: TotalStats;
  /** Absent for one distribution. */
  intervals?: Record<(typeof intervalKeys)[number], number | string | null>[];
  /** With byLabel: each label's total and intervals, sorted by label. */
  labels?: { label: string; total: HistogramSummary["total"]; intervals: NonNullable<HistogramSummary["intervals"]> }[];
  notes: string[];
}

export type SummaryReport = SeriesSummary | HistogramSummary | JmeterSummary;

/** A `total`: the keys of `totalKeys`. */
export type TotalStats = Record<(typeof totalKeys)[number], number | null>;

/** errors / (count + errors): null when either is unknown or there is no request. */
export function errorRateOf(count: number | null, errors: number | null): number | null {
  if (count === null || errors === null || !Number.isFinite(count) || !Number.isFinite(errors) || count + errors === 0) return null;
  return errors / (count + errors);
}

const conv = (v: number | null, f: number) => (v === null || Number.isNaN(v) ? null : scaleValue(v, f));

function totalOf(h: HdrHistogram, scale: number, factor: number, errors: number | null): TotalStats {
  const t: DistributionStats = distributionStats(h, scale);
  const value = (k: (typeof totalKeys)[number]) =>
    k === "count" ? t.count : k === "errors" ? errors : k === "errorRate" ? errorRateOf(t.count, errors) : conv(t[k], factor);
  return Object.fromEntries(totalKeys.map((k) => [k, value(k)])) as TotalStats;
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
  // an HdrHistogram log counts no failures; per-request logs count them apart from the histograms
  const counted = set.format !== "hlog";
  const total = totalOf(set.total, set.scale, factor, counted ? set.totalErrors : null);
  const intervals = intervalsOf(set.intervals, factor);
  const labels = set.labels?.map((l) => ({
    label: l.label,
    total: totalOf(l.total, set.scale, factor, counted ? l.totalErrors : null),
    intervals: intervalsOf(l.intervals, factor),
  }));
  const notes: string[] = [];
  if (set.format !== "hlog")
    notes.push(`throughput = successful requests per second; ${set.totalErrors} failed request${set.totalErrors === 1 ? "" : "s"} counted apart`);
  else notes.push(`throughput = recorded values per second (${recordedValuesRate}): an HdrHistogram log counts the values it recorded, not requests`);
  if (set.late) notes.push(`${set.late} requests completed after their interval was closed: counted in the total only`);
  return { kind: "histograms", file: set.file, format: set.format, unit, total, intervals, ...(labels ? { labels } : {}), notes };
}

function fromDistribution(d: FileDistribution, o: SummaryOptions): HistogramSummary {
  const { factor, unit } = unitConversion(d.unit, o, d.file);
  const s = d.stats;
  const count = Number.isNaN(s.count) ? null : s.count;
  const errors = d.errors ?? null;
  const value = (k: (typeof totalKeys)[number]) =>
    k === "count" ? s.count : k === "errors" ? errors : k === "errorRate" ? errorRateOf(count, errors) : conv(s[k] ?? null, factor);
  const total = Object.fromEntries(totalKeys.map((k) => [k, value(k)])) as TotalStats;
  const notes: string[] = [];
  if (d.truncated) notes.push("the table is truncated: the population is estimated from Count / Prob; statistics beyond the last row are NA");
  if (d.derived.length) notes.push(`derived from the rows (not stated by the file): ${d.derived.join(", ")}`);
  return { kind: "histograms", file: d.file, format: d.format, unit, total, notes };
}

/** JMeter's row in chp's keys, times converted by `factor` from ms; null for a row without samples. */
function jmeterTotal(r: JmeterRow, factor: number): JmeterTotal {
  const value: Record<(typeof jmeterKeys)[number], number> = {
    count: r.sampleCount,
    errors: r.errorCount,
    errorRate: r.errorCount / r.sampleCount,
    errorPct: r.errorPct,
    mean: r.meanResTime,
    min: r.minResTime,
    max: r.maxResTime,
    p50: r.medianResTime,
    p90: r.pct1ResTime,
    p95: r.pct2ResTime,
    p99: r.pct3ResTime,
    throughput: r.throughput,
  };
  const fin = (v: number) => (Number.isFinite(v) ? v : null);
  return Object.fromEntries(jmeterKeys.map((k) => [k, jmeterScaled.has(k) ? conv(fin(value[k]), factor) : fin(value[k])])) as JmeterTotal;
}

/** The samples a `like: "jmeter"` summary is built from: give them to loadInputs as `samples`. */
export function samplesFor(o: SummaryOptions): JmeterStatistics | undefined {
  return o.like === "jmeter" ? new JmeterStatistics(o.byLabel === true) : undefined;
}

function fromJmeterSamples(input: LoadedInput, stats: JmeterStatistics | undefined, o: SummaryOptions): JmeterSummary {
  const file = input.kind === "series" ? input.series.file : input.kind === "intervals" ? input.set.file : input.dist.file;
  if (input.kind !== "intervals" || input.format === "hlog" || stats === undefined || stats.count === 0)
    throw new UsageError(formatMessage.likeNeedsSamples(file, input.format));
  const { factor, unit } = unitConversion("ms", { unit: o.unit }, file);
  const rows = stats.rows();
  const notes = [
    "JMeter's dashboard definitions: every sample counts (count includes the errors); the Total row leaves out Transaction Controller samples; percentiles are R type 6 over the raw times; throughput = samples / (last end - first start)",
  ];
  return {
    kind: "jmeter",
    file,
    format: input.format,
    unit: unit ?? "ms",
    total: jmeterTotal(rows.total, factor),
    ...(o.byLabel ? { labels: rows.labels.map((r) => ({ label: r.transaction, total: jmeterTotal(r, factor) })) } : {}),
    notes,
  };
}

/**
 * The summary of a loaded input (see the top of this file). With `like: "jmeter"`, `samples` are the
 * statistics the reader fed (from `samplesFor`, given to loadInputs).
 */
export function summarizeInput(input: LoadedInput, o: SummaryOptions = {}, samples?: JmeterStatistics): SummaryReport {
  if (o.like === "jmeter") return fromJmeterSamples(input, samples, o);
  if (input.kind === "series") {
    const one = (s: TimeSeries): SeriesSummary => {
      const series = convertSeries(s, o);
      return { kind: "series", series, throughput: summary(series.throughput), response: summary(series.response) };
    };
    const report = one(input.series);
    if (input.groups) {
      const groups = input.groups.groups.map((g) => ({ value: g.value, summary: one(g.series) }));
      return { ...report, by: { label: input.groups.label, groups } };
    }
    return input.totals ? { ...report, totals: convertTotals(input.totals, o, report.series.file) } : report;
  }
  return input.kind === "intervals" ? fromIntervals(input.set, o) : fromDistribution(input.dist, o);
}

/** The tool's totals in `o.unit` (their own unit when none is asked for). */
function convertTotals(t: ToolTotals, o: SummaryOptions, file: string): ToolTotals {
  if (o.unit === undefined || o.unit === null) return t;
  const { factor, unit } = unitConversion(t.unit, { unit: o.unit }, file);
  return { ...t, unit, min: conv(t.min, factor), max: conv(t.max, factor), mean: conv(t.mean, factor), p50: conv(t.p50, factor) };
}

/** Load the inputs and summarise them: what `chp summary` prints. */
export async function summaryReport(inputs: string | readonly string[] | LoadedInput, o: SummaryOptions = {}): Promise<SummaryReport> {
  const samples = samplesFor(o);
  const input = typeof inputs === "object" && "kind" in inputs ? inputs : await loadInputs(inputs, { ...o, samples });
  return summarizeInput(input, o, samples);
}

const seriesJsonKeys = ["n", "min", "q1", "median", "mean", "q3", "max", "p90", "p95", "p99", "p999", "sd"] as const;

/** The `--json` form: for a series exactly the documented keys, response first; for histograms total, intervals and labels. */
export function summaryJson(report: SummaryReport): string {
  if (report.kind === "series") {
    const pick = (s: Summary) => Object.fromEntries(seriesJsonKeys.map((k) => [k, s[k]]));
    const series = { response: pick(report.response), throughput: pick(report.throughput) };
    if (report.by) {
      // Each value of the label, keyed by the value (text from the server or the file: JSON-escaped).
      const values = Object.fromEntries(report.by.groups.map((g) => [g.value, { response: pick(g.summary.response), throughput: pick(g.summary.throughput) }]));
      return toJson({ ...series, by: { label: report.by.label, values } });
    }
    return toJson(report.totals ? { total: toolTotalJson(report.totals), ...series } : series);
  }
  if (report.kind === "jmeter") {
    const like = { like: "jmeter", unit: report.unit, total: report.total };
    return toJson(report.labels ? { ...like, labels: Object.fromEntries(report.labels.map((l) => [l.label, { total: l.total }])) } : like);
  }
  // unit: of every time value below (null where the file does not say it and --input-unit is not given)
  const { unit } = report;
  if (!report.intervals) return toJson({ unit, total: report.total });
  if (!report.labels) return toJson({ unit, total: report.total, intervals: report.intervals });
  const labels = Object.fromEntries(report.labels.map((l) => [l.label, { total: l.total, intervals: l.intervals }]));
  return toJson({ unit, total: report.total, intervals: report.intervals, labels });
}

const toolTotalKeys = ["count", "errors", "errorRate", "min", "max", "mean", "p50"] as const;

/** The tool's totals in the `total` shape of the histogram summaries (null for what the tool does not give). */
function toolTotalJson(t: ToolTotals): TotalStats {
  const value = (k: (typeof totalKeys)[number]) =>
    k === "errorRate" ? errorRateOf(t.count, t.errors) : k in t ? (t[k as keyof ToolTotals] as number | null) : null;
  return Object.fromEntries(totalKeys.map((k) => [k, value(k)])) as TotalStats;
}

/** The tool's own totals block of the series text form. */
function toolTotalText(t: ToolTotals): string {
  const j = toolTotalJson(t);
  const table = formatTable(["", ...toolTotalKeys], [["total", ...toolTotalKeys.map((k) => formatNumber(j[k]))]]);
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
  const by = report.by
    ? report.by.groups.map((g) => `\n${report.by!.label}=${JSON.stringify(g.value)}: ${g.summary.series.rows} rows\n\n${seriesTable(g.summary)}\n`).join("")
    : "";
  const what = report.by ? `the total over ${report.by.label} (${report.by.groups.length} values, each below), ` : "";
  return `${series.file}: ${what}${series.rows} rows; ${time}, throughput "${series.columns.throughput}", response "${series.columns.response}"\n\n${formatTable(head, rows)}\n${totals}${by}`;
}

/** R's summary() table of a series: a row per statistic, the throughput and the response columns. */
function seriesTable(report: SeriesSummary): string {
  const { series } = report;
  const label = (name: string, unit?: string) => (unit ? `${name} (${unit})` : name);
  const head = ["", label(series.columns.throughput, series.units.throughput), label(series.columns.response, series.units.response)];
  return formatTable(
    head,
    seriesTextRows.map(([name, key]) => [name, formatNumber(report.throughput[key]), formatNumber(report.response[key])]),
  );
}

const maxTextIntervals = 50;
const labelKeys = ["count", "errors", "min", "mean", "p50", "p90", "p95", "p99", "p999", "max"] as const;

function histogramText(s: HistogramSummary): string {
  const u = s.unit ? ` (${s.unit})` : "";
  const head = `${s.file}: ${s.format}${s.intervals ? `, ${s.intervals.length} intervals` : ", one distribution"}; values${u || " in the file's unit"}`;
  // errors and errorRate only where the format counts failures
  const keys = s.total.errors !== null ? totalKeys : totalKeys.filter((k) => k !== "errors" && k !== "errorRate");
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
  return report.kind === "series" ? seriesText(report) : report.kind === "jmeter" ? jmeterText(report) : histogramText(report);
}

/** The text form of `--like jmeter`: JMeter's statistics table (Total first, then the labels). */
function jmeterText(s: JmeterSummary): string {
  const head = `${s.file}: ${s.format}; JMeter's dashboard statistics; times in ${s.unit}, throughput in samples/s`;
  const keys = ["count", "errors", "errorPct", "mean", "min", "max", "p50", "p90", "p95", "p99", "throughput"] as const;
  const row = (name: string, t: JmeterTotal) => [name, ...keys.map((k) => formatNumber(t[k]))];
  const rows = [row("Total", s.total), ...(s.labels ?? []).map((l) => row(l.label, l.total))];
  let text = `${head}\n\n${formatTable(["label", ...keys], rows)}\n`;
  for (const n of s.notes) text += `note: ${n}\n`;
  return text;
}
