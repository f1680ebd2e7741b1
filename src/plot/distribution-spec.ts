/**
 * The distribution plot of one response-time distribution read from a file
 * (.hgrm, spigo), as a Vega-Lite spec (pure data -> spec):
 *
 * - top: a histogram on a log-scale value axis: the file's bins re-binned into
 *   equal log10-width bins (each source bin's count shared out by log overlap),
 *   height = fraction of requests (of recorded values for an .hgrm) per bin;
 * - bottom: the percentile curve, value against 1/(1-p) on a log axis labelled
 *   0%, 90%, 99%, 99.9% ... (the plot HdrHistogram's plotter popularised), with
 *   p50, p90, p99 and p99.9 marked.
 *
 * A summary that lists percentiles only (Locust stats.csv, ab -e, wrk) has no bins: the plot is
 * the percentile curve alone, at the full height; a count the file does not give (NaN) is not shown.
 */
import { basename } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import type { FileDistribution } from "../load/distribution.js";
import { scaleValue } from "../report/series.js";
import { formatNumber } from "../util/format.js";

export interface DistributionSpecOptions {
  title: string;
  unit: string | null;
  /** Multiply values by this (unit conversion). */
  factor: number;
  width: number;
  height: number;
  bins: number;
}

export const defaultDistributionSpecOptions: DistributionSpecOptions = {
  title: "Response time distribution",
  unit: null,
  factor: 1,
  width: 720,
  height: 600,
  bins: 40,
};

const percentileMarks = [
  ["p50", 0.5],
  ["p90", 0.9],
  ["p99", 0.99],
  ["p999", 0.999],
] as const;

/** The file's bins as equal log10-width bins: [from, to, fraction of all requests]. */
export function logRebin(bins: FileDistribution["bins"], count: number, n: number, factor = 1): { from: number; to: number; fraction: number }[] {
  const src = bins
    .filter((b) => b.count > 0 && b.to > 0)
    .map((b) => {
      const to = b.to * factor;
      const from = b.from > 0 && b.from < b.to ? b.from * factor : to / 1.02;
      return { lo: Math.log10(from), hi: Math.log10(to), count: b.count };
    });
  if (src.length === 0) return [];
  let lo = Math.min(...src.map((s) => s.lo));
  let hi = Math.max(...src.map((s) => s.hi));
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, hi + 0.5];
  const w = (hi - lo) / n;
  const out = Array.from({ length: n }, (_, i) => ({ from: 10 ** (lo + i * w), to: 10 ** (lo + (i + 1) * w), fraction: 0 }));
  const total = count > 0 ? count : src.reduce((a, s) => a + s.count, 0);
  for (const s of src) {
    const span = s.hi - s.lo;
    const first = Math.max(0, Math.floor((s.lo - lo) / w));
    const last = Math.min(n - 1, Math.floor((s.hi - lo) / w));
    for (let i = first; i <= last; i++) {
      const a = Math.max(s.lo, lo + i * w);
      const b = Math.min(s.hi, lo + (i + 1) * w);
      const share = span > 0 ? Math.max(0, b - a) / span : i === first ? 1 : 0;
      out[i].fraction += (s.count * share) / total;
    }
  }
  return out;
}

export function distributionSpec(d: FileDistribution, options: Partial<DistributionSpecOptions> = {}): TopLevelSpec {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o: DistributionSpecOptions = {
    ...defaultDistributionSpecOptions,
    title: d.name ?? `${defaultDistributionSpecOptions.title}: ${basename(d.file)}`,
    ...defined,
  };
  const unit = ` (${o.unit ?? "unit as in the file"})`;
  const hist = logRebin(d.bins, d.stats.count, o.bins, o.factor);
  const curve = d.percentiles.filter((p) => p.fraction < 1 && p.value > 0).map((p) => ({ inv: 1 / (1 - p.fraction), value: scaleValue(p.value, o.factor) }));
  const maxInv = Math.max(10000, ...curve.map((c) => c.inv));
  // Ticks up to the first one at or past the last percentile, so that the curve ends inside the axis.
  const allTicks = [1, 2, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];
  const ticks = allTicks.slice(0, Math.max(6, allTicks.findIndex((t) => t >= maxInv / 1.01) + 1));
  const edge = ticks[ticks.length - 1];
  // The 100th percentile (the maximum) sits at 1/(1 - 1) = infinity: the curve's last step runs
  // on to the axis edge at the maximum, so percentiles past the last listed one lie on it.
  const max = d.stats.max === null ? null : scaleValue(d.stats.max, o.factor);
  if (curve.length > 0 && max !== null && max > 0 && curve[curve.length - 1].inv < edge) curve.push({ inv: edge, value: max });
  const lastInv = curve.length > 0 ? curve[curve.length - 1].inv : Infinity;
  const marks = percentileMarks
    // Past the curve's end only in a truncated table, whose statistics estimate the rows it lost.
    .filter(([k, p]) => d.stats[k] !== null && (d.truncated || 1 / (1 - p) <= lastInv * (1 + 1e-9)))
    .map(([k, p]) => {
      const value = scaleValue(d.stats[k]!, o.factor);
      // Rounded as chp summary prints it, so text and picture show the same number.
      return { inv: 1 / (1 - p), value, label: `${k === "p999" ? "p99.9" : k} = ${formatNumber(value)}` };
    });
  const pw = o.width - 90;
  const curveOnly = hist.length === 0;
  const ph = curveOnly ? Math.max(120, o.height - 100) : Math.max(120, Math.floor((o.height - 140) / 2));
  // An HdrHistogram percentile file counts recorded values (jHiccup's are hiccup samples); the load tools' files count requests.
  const what = d.format === "hgrm" ? "values" : "requests";
  const counted = Number.isNaN(d.stats.count)
    ? `percentiles only (no ${d.format === "hgrm" ? "value" : "request"} count in the file)`
    : `${d.stats.count.toLocaleString("en-US")} ${d.format === "hgrm" ? "recorded values" : "requests"}`;
  const subtitle = `${d.file}: ${counted}${d.truncated ? " (table truncated)" : ""}${curveOnly ? "; no histogram in the file" : ""}`;
  const histogramPanel = {
    width: pw,
    height: ph,
    data: { values: hist },
    mark: { type: "rect", color: "#4c78a8", stroke: "white", strokeWidth: 0.5 },
    encoding: {
      x: { field: "from", type: "quantitative", scale: { type: "log", nice: false }, title: `Response${unit}`, axis: { grid: false } },
      x2: { field: "to" },
      y: { field: "fraction", type: "quantitative", title: `Fraction of ${what}`, axis: { format: "%" } },
      y2: { datum: 0 },
    },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: o.title, subtitle, anchor: "start", font: "DejaVu Sans", subtitleFont: "DejaVu Sans" },
    config: { font: "DejaVu Sans", view: { stroke: null }, axis: { labelFont: "DejaVu Sans", titleFont: "DejaVu Sans" } },
    background: "white",
    padding: 12,
    vconcat: [
      ...(curveOnly ? [] : [histogramPanel]),
      {
        width: pw,
        height: ph,
        layer: [
          {
            data: { values: curve },
            mark: { type: "line", color: "#1f77b4", interpolate: "step-before", point: { size: 12, filled: true } },
            encoding: {
              x: {
                field: "inv",
                type: "quantitative",
                scale: { type: "log", domain: [1, edge] },
                title: "Percentile",
                axis: { values: ticks, labelExpr: "datum.value == 1 ? '0%' : format(100 - 100 / datum.value, '.4~f') + '%'", grid: true },
              },
              y: { field: "value", type: "quantitative", title: `Response${unit}` },
            },
          },
          {
            data: { values: marks },
            layer: [
              {
                mark: { type: "point", shape: "diamond", size: 90, filled: true, color: "#d62728" },
                encoding: { x: { field: "inv", type: "quantitative" }, y: { field: "value", type: "quantitative" } },
              },
              // Right of the marker (the p50 label at the left edge would otherwise run over the
              // y axis), on a white halo so that the curve does not cross the text.
              ...[{ stroke: "white", strokeWidth: 4 }, {}].map((halo) => ({
                mark: { type: "text", align: "left", dx: 7, dy: -11, fontSize: 11, color: "#d62728", ...halo },
                encoding: { x: { field: "inv", type: "quantitative" }, y: { field: "value", type: "quantitative" }, text: { field: "label" } },
              })),
            ],
          },
        ],
      },
    ],
  } as TopLevelSpec;
}
