/**
 * Response-time distribution plots as Vega-Lite specs (pure data -> spec):
 *
 * - `responseSpec`: a histogram on a log-scale x axis with equal-width bins in log10 x. One
 *   simulation: stacked bars coloured by the tier that served each request (the modes). Several
 *   (a what-if sweep): one step line per scenario, overlaid, so the mode heights can be compared.
 * - `modesSpec`: the histogram of measured latencies with the fitted lognormal mixture density
 *   over it (the sum in black, each mode dashed in its colour).
 *
 * Heights are the fraction of requests per bin; a mode's density is drawn on the same scale
 * (fraction per bin = w phi((ln x - mu) / sigma) / sigma * ln(10) * bin width in log10).
 */
import type { TopLevelSpec } from "vega-lite";
import { expressionSafeTitle } from "./expression-safe-title.js";

/** Colours of the tiers / scenarios / modes, in order. */
export const modeColors: readonly string[] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

/** Options shared by both plots. */
export interface DistributionPlotOptions {
  title: string;
  subtitle: string | string[] | null;
  /** Unit of the latencies, shown on the x axis. */
  unit: string | null;
  width: number;
  height: number;
  /** Number of log10-wide bins. */
  bins: number;
  font: string;
  /** Title of the value axis; null (the default): "Response time (unit, log scale)". */
  valueTitle: string | null;
  /** What the values count, for the height axis ("Fraction of requests per bin"): "requests" by default, "samples" for a Monte Carlo metric. */
  counted: string;
}

/** Defaults of `DistributionPlotOptions`. */
export const defaultDistributionPlotOptions: Readonly<DistributionPlotOptions> = Object.freeze({
  title: "Response time distribution",
  subtitle: null,
  unit: null,
  width: 720,
  height: 400,
  bins: 80,
  font: "DejaVu Sans",
  valueTitle: null,
  counted: "requests",
});

/** One simulated (or measured) series. */
export interface DistributionSeries {
  label: string;
  /** Positive latencies (values <= 0 are left out of the log-scale plot). */
  values: ArrayLike<number>;
  /** Index of the tier that served each value (one series only: stacked by tier). */
  tier?: ArrayLike<number>;
  tierNames?: readonly string[];
}

/** A fitted mode for `modesSpec`. */
export interface PlotMode {
  weight: number;
  meanlog: number;
  sdlog: number;
  median: number;
}

function resolve(o: Partial<DistributionPlotOptions>): DistributionPlotOptions {
  const defined = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return { ...defaultDistributionPlotOptions, ...defined } as DistributionPlotOptions;
}

/** Equal-width bins in log10 over the 0.05%..99.95% range of all positive values. */
export function logBins(all: readonly ArrayLike<number>[], bins: number): { lo: number; width: number; edges: number[] } {
  const pos: number[] = [];
  for (const v of all) for (let i = 0; i < v.length; i++) if (v[i] > 0 && Number.isFinite(v[i])) pos.push(Math.log10(v[i]));
  pos.sort((a, b) => a - b);
  if (pos.length === 0) return { lo: 0, width: 1, edges: [1, 10] };
  const q = (p: number) => pos[Math.min(pos.length - 1, Math.max(0, Math.round(p * (pos.length - 1))))];
  let lo = q(0.0005);
  let hi = q(0.9995);
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  return { lo, width, edges: Array.from({ length: bins + 1 }, (_, i) => 10 ** (lo + i * width)) };
}

function binOf(v: number, lo: number, width: number, bins: number): number {
  if (!(v > 0)) return -1;
  const b = Math.floor((Math.log10(v) - lo) / width);
  return b < 0 || b >= bins ? -1 : b;
}

function axisTitle(unit: string | null): string {
  return unit ? expressionSafeTitle(`Response time (${unit}, log scale)`) : "Response time (unit not stated, log scale)";
}

/**
 * The log x axis: SI prefixes from 1,000 up (300k, 1.5M: long integers ran together), plain
 * numbers below, and labels that would overlap or touch (closer than 4 px: "7080") left out.
 */
const logAxis = { labelExpr: "datum.value >= 1000 ? format(datum.value, '.3~s') : format(datum.value, '~g')", labelOverlap: "greedy", labelSeparation: 4 };

function frame(o: DistributionPlotOptions, layer: unknown[], datasets: Record<string, unknown[]>): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: o.title, ...(o.subtitle ? { subtitle: o.subtitle } : {}) },
    width: o.width - 120,
    height: o.height - 110,
    datasets,
    config: {
      font: o.font,
      view: { stroke: "#cccccc" },
      axis: { gridColor: "#ececec", labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal" },
      legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal" },
      title: { fontSize: 16, subtitleFontSize: 11, subtitleColor: "#555555" },
    },
    resolve: { scale: { color: "independent" } },
    layer,
  } as unknown as TopLevelSpec;
}

/** Histogram of one or several response-time samples on a log x axis. */
export function responseSpec(series: readonly DistributionSeries[], options: Partial<DistributionPlotOptions> = {}): TopLevelSpec {
  const o = resolve(options);
  const { lo, width, edges } = logBins(
    series.map((s) => s.values),
    o.bins,
  );
  const xDomain: [number, number] = [edges[0], edges[edges.length - 1]];
  const xTitle = o.valueTitle === null ? axisTitle(o.unit) : expressionSafeTitle(`${o.valueTitle} (log scale)`);
  const yTitle = `Fraction of ${o.counted} per bin`;
  const x = { field: "lo", type: "quantitative", title: xTitle, scale: { type: "log", domain: xDomain, nice: false }, axis: logAxis };
  if (series.length === 1 && series[0].tier && series[0].tierNames) {
    const s = series[0];
    const names = s.tierNames!;
    const counts = names.map(() => new Float64Array(o.bins));
    for (let i = 0; i < s.values.length; i++) {
      const b = binOf(s.values[i], lo, width, o.bins);
      if (b >= 0) counts[s.tier![i]][b]++;
    }
    const n = s.values.length;
    const rows: Record<string, unknown>[] = [];
    for (let b = 0; b < o.bins; b++) {
      let y0 = 0;
      names.forEach((name, t) => {
        const f = counts[t][b] / n;
        if (f > 0) rows.push({ lo: edges[b], hi: edges[b + 1], y0, y1: y0 + f, tier: name, fraction: f });
        y0 += f;
      });
    }
    return frame(
      o,
      [
        {
          data: { name: "bars" },
          mark: { type: "rect", stroke: "#ffffff", strokeWidth: 0.3 },
          encoding: {
            x,
            x2: { field: "hi" },
            y: { field: "y0", type: "quantitative", title: yTitle },
            y2: { field: "y1" },
            color: {
              field: "tier",
              type: "nominal",
              title: "Served by",
              // The legend follows the explicit domain and the rows are already in tier order, so no
              // `sort` array: Vega-Lite would quote the names into an expression, and a line
              // separator (U+2028/U+2029) in a name breaks the expression parser.
              scale: { domain: [...names], range: modeColors.slice(0, names.length) },
            },
            tooltip: [
              { field: "tier", title: "tier" },
              { field: "lo", title: "from", format: ".3~g" },
              { field: "hi", title: "to", format: ".3~g" },
              { field: "fraction", format: ".4f" },
            ],
          },
        },
      ],
      { bars: rows },
    );
  }
  const rows: Record<string, unknown>[] = [];
  const labels = series.map((s) => s.label);
  series.forEach((s) => {
    const counts = new Float64Array(o.bins);
    for (let i = 0; i < s.values.length; i++) {
      const b = binOf(s.values[i], lo, width, o.bins);
      if (b >= 0) counts[b]++;
    }
    for (let b = 0; b < o.bins; b++)
      rows.push({ lo: edges[b], mid: Math.sqrt(edges[b] * edges[b + 1]), fraction: counts[b] / s.values.length, scenario: s.label });
  });
  return frame(
    o,
    [
      {
        data: { name: "lines" },
        mark: { type: "line", interpolate: "step", strokeWidth: 1.8 },
        encoding: {
          x: { ...x, field: "mid" },
          y: { field: "fraction", type: "quantitative", title: yTitle },
          color: {
            field: "scenario",
            type: "nominal",
            title: "Scenario",
            // No `sort` array, for the reason given for the tiers above: the domain orders the legend.
            scale: { domain: labels, range: modeColors.slice(0, labels.length) },
            // One series needs no legend: the title names it.
            legend: labels.length > 1 ? { labelLimit: 400 } : null,
          },
          tooltip: [{ field: "scenario" }, { field: "mid", title: "latency", format: ".3~g" }, { field: "fraction", format: ".4f" }],
        },
      },
    ],
    { lines: rows },
  );
}

/** Histogram of measured latencies (values with counts, or raw values) with a fitted mixture over it. */
export function modesSpec(
  data: { values: ArrayLike<number> } | { buckets: readonly { from: number; to: number; count: number }[] },
  modes: readonly PlotMode[],
  options: Partial<DistributionPlotOptions> = {},
): TopLevelSpec {
  const o = resolve(options);
  // Histogram counts on log10 bins; buckets spread their count over the bins they cover (log-uniformly).
  let values: ArrayLike<number>[];
  let add: (counts: Float64Array, lo: number, width: number) => number;
  if ("values" in data) {
    values = [data.values];
    add = (counts, lo, width) => {
      let n = 0;
      for (let i = 0; i < data.values.length; i++) {
        const v = data.values[i];
        if (!(v > 0)) continue;
        n++;
        const b = binOf(v, lo, width, o.bins);
        if (b >= 0) counts[b]++;
      }
      return n;
    };
  } else {
    const mids = data.buckets.filter((b) => b.count > 0 && b.to > 0).map((b) => (b.from > 0 ? Math.sqrt(b.from * b.to) : b.to / 2));
    values = [Float64Array.from(mids)];
    add = (counts, lo, width) => {
      let n = 0;
      for (const b of data.buckets) {
        if (!(b.count > 0 && b.to > 0)) continue;
        n += b.count;
        const a = Math.log10(b.from > 0 ? b.from : b.to / 2);
        const z = Math.log10(b.to);
        if (z <= a) {
          const k = binOf(b.to, lo, width, o.bins);
          if (k >= 0) counts[k] += b.count;
          continue;
        }
        for (let k = 0; k < o.bins; k++) {
          const l = lo + k * width;
          const overlap = Math.min(z, l + width) - Math.max(a, l);
          if (overlap > 0) counts[k] += (b.count * overlap) / (z - a);
        }
      }
      return n;
    };
  }
  const { lo, width, edges } = logBins(values, o.bins);
  const counts = new Float64Array(o.bins);
  const n = add(counts, lo, width) || 1;
  const xDomain: [number, number] = [edges[0], edges[edges.length - 1]];
  const bars = Array.from(counts, (c, b) => ({ lo: edges[b], hi: edges[b + 1], fraction: c / n }));
  const curves: Record<string, unknown>[] = [];
  const labels = modes.map((m, i) => `mode ${i + 1} (${(m.weight * 100).toFixed(1)}%, median ${+m.median.toPrecision(3)}${o.unit ? ` ${o.unit}` : ""})`);
  const steps = 400;
  const scale = Math.LN10 * width;
  for (let s = 0; s <= steps; s++) {
    const l10 = Math.log10(xDomain[0]) + ((Math.log10(xDomain[1]) - Math.log10(xDomain[0])) * s) / steps;
    const lx = l10 * Math.LN10;
    let total = 0;
    modes.forEach((m, i) => {
      const z = (lx - m.meanlog) / m.sdlog;
      const f = (m.weight * Math.exp(-0.5 * z * z) * scale) / (m.sdlog * Math.sqrt(2 * Math.PI));
      total += f;
      curves.push({ x: 10 ** l10, fraction: f, curve: labels[i] });
    });
    curves.push({ x: 10 ** l10, fraction: total, curve: "mixture" });
  }
  const x = { type: "quantitative", title: axisTitle(o.unit), scale: { type: "log", domain: xDomain, nice: false }, axis: logAxis };
  const domain = ["mixture", ...labels];
  return frame(
    o,
    [
      {
        data: { name: "bars" },
        mark: { type: "rect", fill: "#c6d4e6", stroke: "#ffffff", strokeWidth: 0.3 },
        encoding: { x: { ...x, field: "lo" }, x2: { field: "hi" }, y: { field: "fraction", type: "quantitative", title: "Fraction of requests per bin" } },
      },
      {
        data: { name: "curves" },
        mark: { type: "line", clip: true },
        encoding: {
          x: { ...x, field: "x" },
          y: { field: "fraction", type: "quantitative" },
          color: {
            field: "curve",
            type: "nominal",
            title: "Fitted lognormal mixture",
            scale: { domain, range: ["#222222", ...modeColors.slice(0, labels.length)] },
            sort: domain,
            legend: { labelLimit: 400 },
          },
          strokeDash: { field: "curve", type: "nominal", scale: { domain, range: [[1, 0], ...labels.map(() => [5, 3])] }, legend: null },
          strokeWidth: { condition: { test: "datum.curve === 'mixture'", value: 2 }, value: 1.3 },
        },
      },
    ],
    { bars, curves },
  );
}
