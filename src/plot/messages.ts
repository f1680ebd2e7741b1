/** Every piece of text the plot writes, in one place (tests assert against these functions). */
import { formatCount as formatWholeCount, formatFigure } from "../util/format.js";

/** A number as the plot prints it: 4 significant digits, thousands separated (as the text: src/util/format.ts). */
export function formatNumber(value: number): string {
  return formatFigure(value);
}

let countFormat: Intl.NumberFormat | null = null;

/** A count with thousands separators (a fraction rounded to a whole number, by Intl only then). */
export function formatCount(value: number): string {
  if (Number.isSafeInteger(value)) return formatWholeCount(value);
  countFormat ??= new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  return countFormat.format(value);
}

/** "Response (ms)" or "Response". */
export function axisLabel(label: string, unit: string | null): string {
  return unit ? `${label} (${unit})` : label;
}

/** First subtitle line: rows kept and the trim. */
export function keptNote(kept: number, rows: number, q: number, responseCutoff: number | null, throughputCutoff: number | null): string {
  let text = `${formatCount(kept)} of ${formatCount(rows)} intervals`;
  if (responseCutoff !== null) {
    text += `; response < ${formatNumber(responseCutoff)} (q = ${formatNumber(q)})`;
  }
  if (throughputCutoff !== null) {
    text += `; throughput < ${formatNumber(throughputCutoff)}`;
  }
  return text;
}

/** Subtitle note when the scatter draws a sample of the points. */
export function sampleNote(drawn: number, kept: number): string {
  return `scatter shows ${formatCount(drawn)} of ${formatCount(kept)} points (density-preserving sample); histograms, max and fit use all`;
}

/** Subtitle note when the fitted curve is left out because the fit failed. */
export function fitOmittedNote(reason: string | undefined): string {
  return `fitted curve not drawn: ${reason ?? "no valid fit"}`;
}

/** Subtitle note when the analysis kept no rows. */
export function noDataNote(): string {
  return "no intervals left to plot";
}

/** Legend entry of the max staircase. */
export const maxLegend = "max response per throughput bin";

/** Legend entry of the fitted curve. */
export function fitLegend(): string {
  return "fitted inverse-Gaussian GLM";
}

/** Title of the time panel. */
export function timePanelTitle(xLabel: string): string {
  return `${xLabel} over time`;
}

/** Title of the time panel's axis when the input had no time column. */
export const rowAxisTitle = "Row";

/** Title of the time axis and of the time in tooltips. */
export const timeTitle = "Time (UTC)";

/** Title of the legend of `splits`. */
export const splitsLegendTitle = "Time segment";

/** Axis title of both histograms' count axes. */
export const countTitle = "Count";

/** The headroom plot's default title, naming its input. */
export function headroomTitle(input: string): string {
  return `Headroom plot — ${input}`;
}

/**
 * The throughput axis's unit: the reader's per-second unit as it gives it ("req/s" for request
 * logs and load tools, "values/s" for an HdrHistogram log, which counts recorded values), else
 * "req/s, assumed": chp reads a throughput column with no unit as per second (the M/M/c curve
 * and Little's law need it).
 */
export function throughputUnitLabel(unit: string | null | undefined): string {
  return unit ? unit : "req/s, assumed";
}

/**
 * The response axis's unit: the reader's, a column name's or `--unit`'s; else, for a time series,
 * "ms, assumed" (chp's reading of a response column with no unit); for histogram intervals, whose
 * files do not record one, a pointer to `--unit`.
 */
export function responseUnitLabel(unit: string | null | undefined, intervals: boolean): string {
  if (unit) return unit;
  return intervals ? "unit not recorded: give --unit" : "ms, assumed";
}

/** Legend entry of the queueing curve whose saturation is the quoted maximum useful throughput. */
export function limitCurveLegend(method: "mmc" | "capacity-curve", sharpness: number): string {
  return method === "mmc"
    ? `M/M/c queue fitted (${sharpness} server${sharpness === 1 ? "" : "s"}): its limit is the max useful throughput`
    : `capacity curve fitted (m = ${formatNumber(sharpness)}): its limit is the max useful throughput`;
}
