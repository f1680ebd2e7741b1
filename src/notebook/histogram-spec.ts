/**
 * A histogram as R's `hist()` draws it, as a Vega-Lite spec: one bar per bin
 * (breaks[i], breaks[i+1]] with height counts[i] (or density[i]), no gaps between bars.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Histogram } from "../headroom/types.js";
import { plotColors } from "../plot/headroom-spec.js";

/** How `histogramSpec` draws. Every field has a default in `defaultHistogramSpecOptions`. */
export interface HistogramSpecOptions {
  title: string;
  /** Name of the value axis, e.g. "Response (ms)". */
  xLabel: string;
  /** Bar height: counts (R's `freq = TRUE`) or density (`freq = FALSE`). */
  y: "count" | "density";
  /** Plot area size in pixels. */
  width: number;
  height: number;
  /** Font of all text (the font the PNG renderer ships). */
  font: string;
}

export const defaultHistogramSpecOptions: Readonly<HistogramSpecOptions> = Object.freeze({
  title: "Histogram",
  xLabel: "Value",
  y: "count",
  width: 480,
  height: 220,
  font: "DejaVu Sans",
});

/** The bars of `hist` as a Vega-Lite spec (data inline; x from the first to the last break). */
export function histogramSpec(hist: Histogram, options: Partial<HistogramSpecOptions> = {}): TopLevelSpec {
  const o: HistogramSpecOptions = { ...defaultHistogramSpecOptions, ...options };
  const heights = o.y === "density" ? hist.density : hist.counts;
  const values: { lo: number; hi: number; n: number; h: number }[] = [];
  for (let i = 0; i + 1 < hist.breaks.length && i < heights.length; i++) {
    values.push({ lo: hist.breaks[i], hi: hist.breaks[i + 1], n: hist.counts[i], h: heights[i] });
  }
  const first = hist.breaks[0] ?? 0;
  const last = hist.breaks[hist.breaks.length - 1] ?? 1;
  const yTitle = o.y === "density" ? "Density" : "Count";
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: o.title, anchor: "start" },
    padding: 10,
    background: "white",
    width: o.width,
    height: o.height,
    data: { values },
    mark: { type: "rect", fill: plotColors.bar, stroke: plotColors.barStroke, strokeWidth: 0.5 },
    encoding: {
      x: { field: "lo", type: "quantitative", title: o.xLabel, scale: { domain: [first, last], nice: false, zero: false } },
      x2: { field: "hi" },
      y: { field: "h", type: "quantitative", title: yTitle },
      y2: { datum: 0 },
      tooltip: [
        { field: "lo", title: "from (exclusive)" },
        { field: "hi", title: "to" },
        { field: "n", title: "count" },
      ],
    },
    config: { font: o.font, axis: { titleFontWeight: "normal", labelFontSize: 10, titleFontSize: 12 } },
  };
}
