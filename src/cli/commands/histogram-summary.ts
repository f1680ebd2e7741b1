/**
 * `chp summary FILE...` for histogram and log formats: the whole run's
 * distribution (the merge of the interval histograms) and, for interval
 * formats, every interval. `--json` prints exactly
 *   {"total": {"count","min","max","mean","p50","p90","p99","p999"},
 *    "intervals": [{"tag","start","length","count","throughput","max","mean","p50","p90","p99","p999"}]}
 * ("intervals" only for interval formats); values in the file's unit unless --unit.
 * With --by-label (per-request logs) the JSON also has
 *   "labels": {"<label>": {"total": {...}, "intervals": [...]}}  (same keys),
 * and the text a per-label table of the totals.
 */
import { formatNumber, formatTable, toJson } from "../../util/format.js";
import type { Io } from "../io.js";
import { distributionStats, type IntervalSet, type IntervalStats } from "../../load/intervals.js";
import type { HdrHistogram } from "../../load/hdr/histogram.js";
import type { LabelIntervals } from "../../load/request-log.js";
import type { FileDistribution } from "../../load/distribution.js";
import { loadHistogramInputs, unitFactor, type HistogramArgs, type Loaded } from "./histogram-input.js";

const totalKeys = ["count", "min", "max", "mean", "p50", "p90", "p99", "p999"] as const;
const intervalKeys = ["tag", "start", "length", "count", "throughput", "max", "mean", "p50", "p90", "p99", "p999"] as const;
const scaled = new Set(["min", "max", "mean", "p50", "p90", "p99", "p999"]);

export interface HistogramSummary {
  file: string;
  format: string;
  unit: string | null;
  total: Record<(typeof totalKeys)[number], number | null>;
  intervals?: Record<(typeof intervalKeys)[number], number | string | null>[];
  /** --by-label: each label's total and intervals, sorted by label. */
  labels?: { label: string; total: HistogramSummary["total"]; intervals: NonNullable<HistogramSummary["intervals"]> }[];
  notes: string[];
}

const conv = (v: number | null, f: number) => (v === null || Number.isNaN(v) ? null : v * f);

function totalOf(h: HdrHistogram, scale: number, factor: number): HistogramSummary["total"] {
  const t = distributionStats(h, scale);
  return Object.fromEntries(totalKeys.map((k) => [k, k === "count" ? t.count : conv(t[k], factor)])) as HistogramSummary["total"];
}

function intervalsOf(list: readonly IntervalStats[], factor: number): NonNullable<HistogramSummary["intervals"]> {
  return list.map((s) =>
    Object.fromEntries(intervalKeys.map((k) => [k, scaled.has(k) ? conv(s[k] as number, factor) : s[k]])) as NonNullable<HistogramSummary["intervals"]>[number],
  );
}

function fromIntervals(set: IntervalSet, a: HistogramArgs): HistogramSummary {
  const { factor, unit } = unitFactor(set.unit, a, set.file);
  const total = totalOf(set.total, set.scale, factor);
  const intervals = intervalsOf(set.intervals, factor);
  const byLabel = (set as IntervalSet & { labels?: LabelIntervals[] }).labels;
  const labels = byLabel?.map((l) => ({ label: l.label, total: totalOf(l.total, set.scale, factor), intervals: intervalsOf(l.intervals, factor) }));
  const notes: string[] = [];
  if (set.format !== "hlog") notes.push(`throughput = successful requests per second; ${set.totalErrors} failed request${set.totalErrors === 1 ? "" : "s"} counted apart`);
  const late = (set as IntervalSet & { late?: number }).late;
  if (late) notes.push(`${late} requests completed after their interval was closed: counted in the total only`);
  return { file: set.file, format: set.format, unit, total, intervals, ...(labels ? { labels } : {}), notes };
}

function fromDistribution(d: FileDistribution, a: HistogramArgs): HistogramSummary {
  const { factor, unit } = unitFactor(d.unit, a, d.file);
  const s = d.stats;
  const total = Object.fromEntries(totalKeys.map((k) => [k, k === "count" ? s.count : conv(s[k], factor)])) as HistogramSummary["total"];
  const notes: string[] = [];
  if (d.truncated) notes.push("the table is truncated: the population is estimated from Count / Prob; statistics beyond the last row are NA");
  if (d.derived.length) notes.push(`derived from the rows (not stated by the file): ${d.derived.join(", ")}`);
  return { file: d.file, format: d.format, unit, total, notes };
}

export function histogramSummary(loaded: Loaded, a: HistogramArgs): HistogramSummary {
  return loaded.kind === "intervals" ? fromIntervals(loaded.set, a) : fromDistribution(loaded.dist, a);
}

export function histogramSummaryJson(s: HistogramSummary): string {
  if (!s.intervals) return toJson({ total: s.total });
  if (!s.labels) return toJson({ total: s.total, intervals: s.intervals });
  const labels = Object.fromEntries(s.labels.map((l) => [l.label, { total: l.total, intervals: l.intervals }]));
  return toJson({ total: s.total, intervals: s.intervals, labels });
}

const maxTextIntervals = 50;
const labelKeys = ["count", "min", "mean", "p50", "p90", "p99", "p999", "max"] as const;

export function histogramSummaryText(s: HistogramSummary): string {
  const u = s.unit ? ` (${s.unit})` : "";
  const head = `${s.file}: ${s.format}${s.intervals ? `, ${s.intervals.length} intervals` : ", one distribution"}; values${u || " in the file's unit"}`;
  const total = formatTable(["", ...totalKeys], [["total", ...totalKeys.map((k) => formatNumber(s.total[k]))]]);
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

export async function runHistogramSummary(files: readonly string[], a: HistogramArgs, json: boolean, io: Io): Promise<void> {
  const s = histogramSummary(await loadHistogramInputs(files, a, io), a);
  io.stdout(json ? histogramSummaryJson(s) + "\n" : histogramSummaryText(s));
}
