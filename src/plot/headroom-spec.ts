/**
 * The Cockcroft Headroom Plot as a Vega-Lite spec: a pure function of a `HeadroomAnalysis`.
 *
 * ```
 *  +----------------------------+  +-----------+
 *  | throughput histogram       |  | throughput|
 *  | (bins at the exact breaks) |  | over time |
 *  +----------------------------+  +-----------+
 *  +----------------------------+  +-----------+
 *  | response vs throughput     |  | response  |
 *  | + max staircase (green)    |  | histogram |
 *  | + fitted curve  (red)      |  | sideways  |
 *  +----------------------------+  +-----------+
 * ```
 *
 * Alignment: the four views sit in a 2-column grid (`concat`, `columns: 2`, `align: "each"`), so the plot
 * areas of a column share their left edge and width and those of a row share their top edge
 * and height. The throughput axes of the top histogram and the scatter use the same explicit
 * domain [0, xMax], the response axes of the scatter and the right histogram the same [0, yMax],
 * with `nice: false`, so a histogram bar drawn from breaks[i] to breaks[i+1] sits exactly over
 * the scatter's x (or y) positions breaks[i]..breaks[i+1].
 *
 * Phases: domains -> segments (splits) -> datasets (sample, decimate, staircase, fit curve)
 *         -> views -> concat.
 */
import type { TopLevelSpec } from "vega-lite";
import type { NonNormalizedSpec } from "vega-lite/types_unstable/spec/index.js";
import type { HeadroomAnalysis } from "../headroom/types.js";
import { decimateSeries } from "./decimate-series.js";
import { expressionSafeTitle } from "./expression-safe-title.js";
import {
  axisLabel,
  countTitle,
  fitLegend,
  fitOmittedNote,
  keptNote,
  maxLegend,
  noDataNote,
  rowAxisTitle,
  timeTitle,
  sampleNote,
  splitsLegendTitle,
  timePanelTitle,
} from "./messages.js";
import { resolvePlotOptions, type LimitCurve, type PlotOptions } from "./plot-options.js";
import { formatFigure } from "../util/format.js";
import { estimatedTextWidth, leastCovered, type Obstacles, type PixelBox } from "./label-placement.js";
import { thinScatter } from "./thin-scatter.js";

/** Colours of the plot. The split palette leaves out the overlay colours green and red. */
export const plotColors = Object.freeze({
  point: "#3b6ea8",
  bar: "#9fb7d4",
  barStroke: "#ffffff",
  timeLine: "#3b6ea8",
  max: "#2ca02c",
  fit: "#d62728",
  unselected: "#c8c8c8",
  grid: "#ececec",
  splits: [
    "#1f77b4",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
    "#393b79",
    "#e7ba52",
    "#6b6ecf",
    "#ad494a",
    "#a55194",
    "#637939",
    "#3182bd",
    "#e6550d",
    "#756bb1",
    "#636363",
    "#843c39",
    "#bd9e39",
  ],
});

/** Kept rows above which the scatter switches to small, translucent points. */
export const denseThreshold = 5_000;

/** Name of the interval selection on the time panel (`interactive: true`). */
export const brushParam = "brush";

/** Names of the datasets in `spec.datasets`. */
export const datasetNames = Object.freeze({
  points: "points",
  time: "time",
  throughputHist: "throughputHist",
  responseHist: "responseHist",
  max: "maxStaircase",
  fit: "fitCurve",
  limit: "limitCurve",
});

/** One scatter point: throughput x, response y, time t (ms since epoch, or row number), segment s, input row r (1-based). */
export interface PointDatum {
  x: number;
  y: number;
  t: number;
  r: number;
  s?: string;
}
/** One histogram bar covering (lo, hi] with n values. */
export interface BarDatum {
  lo: number;
  hi: number;
  n: number;
}
/**
 * One point of the max staircase (`interpolate: "step-after"`): bin `bin` has max `y` from
 * x = breaks[bin]; the last point of a run closes it at breaks[bin + 1]; `run` numbers the runs
 * of non-empty bins; `series` is the legend label (also on the fit curve's points).
 */
export interface StepDatum {
  bin: number;
  run: number;
  x: number;
  y: number;
}

/** Times below this (epoch seconds, 1973-03-03) are offsets from the start of a run. */
const offsetLimit = 1e8;

/** Subtitle of the time panel when times are offsets. */
const offsetAxisTitle = "seconds from the start";

function maxOf(v: Float64Array, n: number): number {
  let m = -Infinity;
  for (let i = 0; i < n; i++) if (v[i] > m) m = v[i];
  return m;
}

/** Colour of the SLA and maximum-useful-throughput annotations. */
export const annotationColor = "#7b3294";

/** A number for an annotation label: as the verdict and the headroom statement print it (util/format.ts). */
const formatTick = formatFigure;

/**
 * The throughput axis starts at 0 when the data come near it: when their first histogram break is
 * at most this fraction of the axis end. Otherwise it starts at that break, so points far from
 * zero (a hiccup log between 770 and 860) spread over the plot instead of crowding its right fifth.
 */
export const zeroReach = 0.35;

/** Name of the text mark that points at a maximum useful throughput beyond the axis. */
export const beyondAxisName = "limitBeyondAxis";

/** Font size of the annotation labels, and their gap from the rule or edge they name (pixels). */
const labelFontSize = 11;
const labelGap = 4;

/** Width of the white halo drawn under each annotation label (pixels). */
export const haloWidth = 3.5;

/** Name of the text mark that points at an SLA above the response axis. */
export const slaAboveAxisName = "slaAboveAxis";

/** Points sampled along the fitted curve. */
export const fitSamples = 240;

/**
 * The headroom plot of `analysis` as a Vega-Lite spec (see the module comment for the layout).
 * Pure: reads the analysis, never mutates it.
 */
export function headroomSpec(analysis: HeadroomAnalysis, options: Partial<PlotOptions> = {}): TopLevelSpec {
  const o = resolvePlotOptions(options);
  const n = Math.min(analysis.x.length, analysis.y.length);

  // --- domains -----------------------------------------------------------------------------
  // The throughput axis reaches the estimated maximum useful throughput when it lies a little
  // past the data (up to 1.5x), so its line and the fitted curve's climb towards it are seen.
  const dataXMax = domainMax(analysis.throughputHist.breaks, analysis.x, n);
  const reach = o.annotations?.maxUseful ?? null;
  const xMax = reach !== null && reach > dataXMax && reach <= 1.5 * dataXMax ? reach * 1.04 : dataXMax;
  const yMax = domainMax(analysis.responseHist.breaks, analysis.y, n);
  const firstBreak = analysis.throughputHist.breaks.length > 0 ? analysis.throughputHist.breaks[0] : 0;
  const xMin = Number.isFinite(firstBreak) && firstBreak > zeroReach * xMax && firstBreak < xMax ? firstBreak : 0;
  // Axis titles are quoted into Vega expressions (tooltips, descriptions): no raw line separators.
  const xTitle = expressionSafeTitle(axisLabel(o.xLabel, o.xUnit));
  const yTitle = expressionSafeTitle(axisLabel(o.yLabel, o.yUnit));

  // --- segments (splits) -------------------------------------------------------------------
  const hasClock = analysis.t !== null && analysis.t.length >= n;
  // Times before 1973 are offsets from the start of a run (seconds), not clock times: drawn as seconds.
  const offsets = hasClock && n > 0 && maxOf(analysis.t as Float64Array, n) < offsetLimit;
  const hasTime = hasClock && !offsets;
  const timeOf = (i: number): number => (hasTime ? (analysis.t as Float64Array)[i] * 1000 : offsets ? (analysis.t as Float64Array)[i] : analysis.row[i] + 1);
  const splits = Math.min(o.splits, n);
  const groups = o.groups;
  // Points coloured by time segment (splits) or by group (groups: the input row's group).
  const coloured = splits > 0 || groups !== null;
  const segments = groups !== null ? groups.names : splits > 0 ? segmentLabels(analysis, n, splits, hasTime) : [];
  const segmentOf = (i: number): string =>
    groups !== null ? groups.names[groups.of[analysis.row[i]]] : segments[Math.min(splits - 1, Math.floor((i * splits) / n))];

  // --- datasets ----------------------------------------------------------------------------
  const drawn = thinScatter(analysis.x, analysis.y, o.maxPoints, xMax, yMax);
  const points: PointDatum[] = Array.from(drawn, (i) => {
    const p: PointDatum = { x: analysis.x[i], y: analysis.y[i], t: timeOf(i), r: analysis.row[i] + 1 };
    if (coloured) p.s = segmentOf(i);
    return p;
  });

  const throughputBars = bars(analysis.throughputHist.breaks, analysis.throughputHist.counts);
  const responseBars = bars(analysis.responseHist.breaks, analysis.responseHist.counts);
  const steps = o.showMax ? staircase(analysis.throughputHist.breaks, analysis.maxCurve).map((d) => ({ ...d, series: maxLegend })) : [];
  const fit = analysis.fit;
  const fitOk = fit.ok && fit.intercept !== null && fit.slope !== null;
  const curve = o.showFit && fitOk ? fitCurve(fit.intercept as number, fit.slope as number, xMin, xMax, yMax).map((d) => ({ ...d, series: fitLegend() })) : [];
  const limitCurve = o.annotations?.limitCurve ?? null;
  const limitPoints = limitCurve ? sampleLimitCurve(limitCurve, xMin, xMax, yMax).map((d) => ({ ...d, series: limitCurve.label })) : [];

  // --- subtitle ----------------------------------------------------------------------------
  const subtitle: string[] = [];
  if (o.subtitle !== null) {
    subtitle.push(...(Array.isArray(o.subtitle) ? o.subtitle : [o.subtitle]));
  } else {
    subtitle.push(n === 0 ? noDataNote() : keptNote(analysis.kept, analysis.rows, analysis.options.q, analysis.responseCutoff, analysis.throughputCutoff));
    if (points.length < n) subtitle.push(sampleNote(points.length, n));
    if (o.annotations?.note) subtitle.push(o.annotations.note);
  }
  if (o.showFit && !fitOk && n > 0) subtitle.push(fitOmittedNote(fit.reason));
  subtitle.push(...o.sourceNotes);

  const overlayDomain: string[] = [];
  const overlayRange: string[] = [];
  if (steps.length > 0) {
    overlayDomain.push(maxLegend);
    overlayRange.push(plotColors.max);
  }
  if (curve.length > 0) {
    overlayDomain.push(fitLegend());
    overlayRange.push(plotColors.fit);
  }
  if (limitPoints.length > 0 && limitCurve) {
    overlayDomain.push(limitCurve.label);
    overlayRange.push(annotationColor);
  }
  // --- layout ------------------------------------------------------------------------------
  const layout = layoutSizes(o, subtitle.length, overlayDomain, segments);

  const time: { t: number; x: number; s?: string }[] = [];
  if (groups !== null) {
    // One line per group: each group's rows (in input order) decimated apart.
    const rowsOf = groups.names.map(() => [] as number[]);
    for (let i = 0; i < n; i++) rowsOf[groups.of[analysis.row[i]]].push(i);
    for (const rows of rowsOf) {
      const idx = decimateSeries(
        rows.map((i) => analysis.x[i]),
        layout.side,
      );
      for (const k of idx) time.push({ t: timeOf(rows[k]), x: analysis.x[rows[k]], s: segmentOf(rows[k]) });
    }
  } else {
    for (const i of decimateSeries(analysis.x.subarray(0, n), layout.side)) {
      const d: { t: number; x: number; s?: string } = { t: timeOf(i), x: analysis.x[i] };
      if (splits > 0) d.s = segmentOf(i);
      time.push(d);
    }
  }
  if (splits > 0) {
    // Repeat each segment's first point at the end of the previous segment so the line is unbroken.
    for (let k = 1; k < splits; k++) {
      const first = Math.floor((k * n) / splits);
      if (Number.isFinite(analysis.x[first])) time.push({ t: timeOf(first), x: analysis.x[first], s: segments[k - 1] });
    }
  }

  // --- views -------------------------------------------------------------------------------
  const xScale = { domain: [xMin, xMax], nice: false, zero: xMin === 0 };
  const yScale = { domain: [0, yMax], nice: false, zero: true };
  const splitScale = { domain: segments, range: plotColors.splits.slice(0, Math.max(1, segments.length)) };
  const splitLegend = {
    title: groups !== null ? expressionSafeTitle(groups.title) : splitsLegendTitle,
    orient: "bottom" as const,
    direction: "horizontal" as const,
    columns: layout.splitColumns,
    symbolType: "circle",
    labelLimit: 220,
  };
  const interactive = o.interactive;

  const topHist: NonNormalizedSpec = {
    name: "throughputHistogram",
    width: layout.main,
    height: layout.top,
    data: { name: datasetNames.throughputHist },
    mark: { type: "rect", fill: plotColors.bar, stroke: plotColors.barStroke, strokeWidth: 0.5, clip: true },
    encoding: {
      x: { field: "lo", type: "quantitative", scale: xScale, axis: { title: null, labels: false, ticks: true, tickCount: layout.xTicks } },
      x2: { field: "hi" },
      y: { field: "n", type: "quantitative", scale: { zero: true, nice: true }, axis: { title: countTitle, tickCount: 3, labelExpr: countLabels } },
      y2: { datum: 0 },
      ...(interactive
        ? {
            tooltip: [
              { field: "lo", type: "quantitative", title: `${xTitle} from`, format: ",.6~g" },
              { field: "hi", type: "quantitative", title: "to", format: ",.6~g" },
              { field: "n", type: "quantitative", title: countTitle, format: "," },
            ],
          }
        : {}),
    },
  };

  const rightHist: NonNormalizedSpec = {
    name: "responseHistogram",
    width: layout.side,
    height: layout.main2,
    data: { name: datasetNames.responseHist },
    mark: { type: "rect", fill: plotColors.bar, stroke: plotColors.barStroke, strokeWidth: 0.5, clip: true },
    encoding: {
      y: { field: "lo", type: "quantitative", scale: yScale, axis: { title: null, labels: false, ticks: true, tickCount: layout.yTicks } },
      y2: { field: "hi" },
      x: { field: "n", type: "quantitative", scale: { zero: true, nice: true }, axis: { title: countTitle, tickCount: 3, labelExpr: countLabels } },
      x2: { datum: 0 },
      ...(interactive
        ? {
            tooltip: [
              { field: "lo", type: "quantitative", title: `${yTitle} from`, format: ",.6~g" },
              { field: "hi", type: "quantitative", title: "to", format: ",.6~g" },
              { field: "n", type: "quantitative", title: countTitle, format: "," },
            ],
          }
        : {}),
    },
  };

  const timeX = hasTime
    ? {
        field: "t",
        type: "temporal" as const,
        scale: { type: "utc" as const, nice: false },
        axis: {
          title: null,
          format: dayTickFormat(analysis.t as Float64Array, n) ?? timeTickFormat,
          tickCount: 3,
          labelOverlap: "greedy" as const,
          labelSeparation: 6,
          labelFlush: true,
        },
      }
    : { field: "t", type: "quantitative" as const, scale: { nice: false, zero: false }, axis: { title: null, tickCount: 3, format: "~s", labelFlush: true } };
  const timePanel: NonNormalizedSpec = {
    name: "throughputOverTime",
    title: {
      text: timePanelTitle(o.xLabel),
      subtitle: hasTime ? timePanelSubtitle(analysis.t as Float64Array, n) : offsets ? offsetAxisTitle : rowAxisTitle,
      fontSize: 11,
      fontWeight: "normal",
      color: "#333333",
      subtitleFontSize: 10,
      subtitleColor: "#666666",
      subtitlePadding: 2,
      anchor: "start",
      offset: 6,
    },
    width: layout.side,
    height: layout.top,
    data: { name: datasetNames.time },
    mark: { type: "line", strokeWidth: 1, clip: true, ...(coloured ? {} : { color: plotColors.timeLine }) },
    encoding: {
      x: timeX,
      y: { field: "x", type: "quantitative", scale: xScale, axis: { title: null, orient: "right", tickCount: 3 } },
      ...(coloured ? { color: { field: "s", type: "nominal" as const, scale: splitScale, legend: splitLegend } } : {}),
    },
    ...(interactive ? { params: [{ name: brushParam, select: { type: "interval" as const, encodings: ["x" as const] } }] } : {}),
  };

  const dense = points.length > denseThreshold;
  const pointSize = dense ? Math.max(4, Math.round(16 * Math.sqrt(denseThreshold / points.length))) : n > 1000 ? 16 : 26;
  const pointOpacity = dense ? 0.35 : n > 1000 ? 0.55 : 0.7;
  const pointColor = coloured ? { field: "s", type: "nominal" as const, scale: splitScale, legend: splitLegend } : { value: plotColors.point };
  const timeTooltip = hasTime
    ? { field: "t", type: "temporal" as const, timeUnit: "utcyearmonthdatehoursminutesseconds" as const, title: timeTitle }
    : { field: "t", type: "quantitative" as const, title: offsets ? offsetAxisTitle : rowAxisTitle };
  const scatterLayer: NonNormalizedSpec = {
    data: { name: datasetNames.points },
    mark: { type: "circle", size: pointSize, opacity: pointOpacity, clip: true },
    encoding: {
      x: { field: "x", type: "quantitative", scale: xScale, axis: { title: xTitle, grid: true, tickCount: layout.xTicks } },
      y: { field: "y", type: "quantitative", scale: yScale, axis: { title: yTitle, grid: true, tickCount: layout.yTicks } },
      color: interactive ? { condition: { param: brushParam, ...pointColor }, value: plotColors.unselected } : pointColor,
      ...(interactive
        ? {
            opacity: { condition: { param: brushParam, value: pointOpacity }, value: pointOpacity * 0.6 },
            tooltip: [
              { field: "x", type: "quantitative" as const, title: xTitle, format: ",.6~g" },
              { field: "y", type: "quantitative" as const, title: yTitle, format: ",.6~g" },
              timeTooltip,
              { field: "r", type: "quantitative" as const, title: "Input row", format: "d" },
            ],
          }
        : {}),
    },
  };

  // The overlays' data carry their legend label in "series" (the Vega-Lite schema allows a
  // scale and legend only on a field definition).
  const overlayStroke = () => ({
    field: "series",
    type: "nominal" as const,
    scale: { domain: overlayDomain, range: overlayRange },
    legend: {
      title: null,
      orient: "bottom" as const,
      direction: "horizontal" as const,
      symbolType: "stroke",
      symbolStrokeWidth: 2.5,
      labelLimit: 420,
      columns: layout.overlayColumns,
      columnPadding: 24,
    },
  });
  const layers: NonNormalizedSpec[] = [scatterLayer];
  if (steps.length > 0) {
    layers.push({
      data: { name: datasetNames.max },
      mark: { type: "line", interpolate: "step-after", strokeWidth: 2, clip: true },
      encoding: {
        x: { field: "x", type: "quantitative", scale: xScale },
        y: { field: "y", type: "quantitative", scale: yScale },
        detail: { field: "run", type: "nominal" },
        stroke: overlayStroke(),
      },
    });
  }
  if (curve.length > 0) {
    layers.push({
      data: { name: datasetNames.fit },
      mark: { type: "line", strokeWidth: 2, clip: true },
      encoding: {
        x: { field: "x", type: "quantitative", scale: xScale },
        y: { field: "y", type: "quantitative", scale: yScale },
        stroke: overlayStroke(),
      },
    });
  }
  if (limitPoints.length > 0) {
    layers.push({
      data: { name: datasetNames.limit },
      mark: { type: "line", strokeWidth: 2, strokeDash: [8, 3], clip: true },
      encoding: {
        x: { field: "x", type: "quantitative", scale: xScale },
        y: { field: "y", type: "quantitative", scale: yScale },
        stroke: overlayStroke(),
      },
    });
  }
  const ann = o.annotations;
  if (ann) {
    const band = ann.maxUsefulInterval;
    if (band && band[0] < xMax && band[1] > band[0] && band[1] > xMin) {
      layers.unshift({
        data: { values: [{ x: Math.max(xMin, band[0]), x2: Math.min(xMax, band[1]) }] },
        mark: { type: "rect", color: annotationColor, opacity: 0.08, clip: true },
        encoding: { x: { field: "x", type: "quantitative", scale: xScale }, x2: { field: "x2" } },
      });
    }
    // Labels go where they cover the fewest points and lines (label-placement.ts), each over a
    // white halo, so they stay readable whatever lies under them.
    const w = layout.main;
    const h = layout.main2;
    const px = (x: number) => ((x - xMin) / (xMax - xMin)) * w;
    const py = (y: number) => h - (y / yMax) * h;
    const toPixels = (line: { x: number; y: number }[]) => line.map((d) => ({ x: px(d.x), y: py(d.y) }));
    const sla = ann.sla !== null && ann.sla > 0 && ann.sla <= yMax ? ann.sla : null;
    // The SLA with the response's unit where the input states one ("SLA 100 ms"), as the text says it.
    const slaUnit = o.yUnit && /^[^\s,:]+$/.test(o.yUnit) ? ` ${o.yUnit}` : "";
    const ruleX = ann.maxUseful !== null && ann.maxUseful > 0 && ann.maxUseful <= xMax ? ann.maxUseful : null;
    const obstacles: Obstacles = {
      points: points.map((p) => ({ x: px(p.x), y: py(p.y) })),
      pointRadius: Math.sqrt(pointSize / Math.PI),
      lines: [...stepLines(steps).map(toPixels), toPixels(curve), toPixels(limitPoints)],
      boxes: [],
    };
    const lineHeight = Math.ceil(labelFontSize * 1.25);
    if (ann.maxUseful !== null && ann.maxUseful > xMax) {
      // Beyond the axis: a labelled marker at its right edge, pointing on, at the clearest height.
      const label = `max useful ${formatTick(ann.maxUseful)} →`;
      const x1 = w - labelGap;
      const x0 = x1 - estimatedTextWidth(label, labelFontSize, true);
      const mid = Math.round(h / 2);
      const at = leastCovered(
        [
          { box: { x0, x1, y0: labelGap, y1: labelGap + lineHeight }, mark: { y: 0, baseline: "top", dy: labelGap } },
          { box: { x0, x1, y0: h - labelGap - lineHeight, y1: h - labelGap }, mark: { y: "height", baseline: "bottom", dy: -labelGap } },
          { box: { x0, x1, y0: mid - lineHeight / 2, y1: mid + lineHeight / 2 }, mark: { y: mid, baseline: "middle" } },
        ],
        obstacles,
      ) as { box: PixelBox; mark: object };
      obstacles.boxes.push(at.box);
      layers.push(
        ...haloed({
          name: beyondAxisName,
          data: { values: [{ label }] },
          mark: {
            type: "text",
            color: annotationColor,
            align: "right",
            x: "width",
            dx: -labelGap,
            font: o.font,
            fontSize: labelFontSize,
            fontWeight: "bold",
            ...at.mark,
          },
          encoding: { text: { field: "label" } },
        } as NonNormalizedSpec),
      );
    }
    if (ruleX !== null) {
      const r = { x: ruleX, label: `max useful ${formatTick(ruleX)}` };
      const rx = px(ruleX);
      const tw = estimatedTextWidth(r.label, labelFontSize);
      layers.push({
        data: { values: [r] },
        mark: { type: "rule", color: annotationColor, strokeDash: [6, 4], strokeWidth: 1.5, clip: true },
        encoding: { x: { field: "x", type: "quantitative", scale: xScale } },
      });
      const lines =
        sla === null
          ? obstacles.lines
          : [
              ...obstacles.lines,
              [
                { x: 0, y: py(sla) },
                { x: w, y: py(sla) },
              ],
            ];
      const bottom = { y0: h - labelGap - lineHeight, y1: h - labelGap };
      const top = { y0: labelGap, y1: labelGap + lineHeight };
      const left = { x0: rx - labelGap - tw, x1: rx - labelGap };
      const right = { x0: rx + labelGap, x1: rx + labelGap + tw };
      const fits = (c: { box: PixelBox }) => c.box.x0 >= 0 && c.box.x1 <= w;
      const candidates = [
        { box: { ...left, ...bottom }, mark: { align: "right", baseline: "bottom", dx: -labelGap, dy: -labelGap, y: "height" } },
        { box: { ...left, ...top }, mark: { align: "right", baseline: "top", dx: -labelGap, dy: labelGap, y: 0 } },
        { box: { ...right, ...bottom }, mark: { align: "left", baseline: "bottom", dx: labelGap, dy: -labelGap, y: "height" } },
        { box: { ...right, ...top }, mark: { align: "left", baseline: "top", dx: labelGap, dy: labelGap, y: 0 } },
      ];
      const at = leastCovered(candidates.filter(fits), { ...obstacles, lines }) ?? candidates[0];
      obstacles.boxes.push(at.box);
      obstacles.lines.push([
        { x: rx, y: 0 },
        { x: rx, y: h },
      ]);
      layers.push(
        ...haloed({
          data: { values: [r] },
          mark: { type: "text", color: annotationColor, font: o.font, fontSize: labelFontSize, ...at.mark },
          encoding: { x: { field: "x", type: "quantitative", scale: xScale }, text: { field: "label" } },
        } as NonNormalizedSpec),
      );
    }
    if (ann.sla !== null && ann.sla > yMax) {
      // Above the axis: a labelled marker at its top edge, pointing up, where it covers least.
      const label = `SLA ${formatTick(ann.sla)}${slaUnit} ↑`;
      const tw = estimatedTextWidth(label, labelFontSize, true);
      const top = { y0: labelGap, y1: labelGap + lineHeight };
      const at = leastCovered(
        [
          { box: { x0: labelGap, x1: labelGap + tw, ...top }, mark: { x: 0, align: "left", dx: labelGap } },
          { box: { x0: w - labelGap - tw, x1: w - labelGap, ...top }, mark: { x: "width", align: "right", dx: -labelGap } },
        ],
        obstacles,
      ) as { box: PixelBox; mark: object };
      obstacles.boxes.push(at.box);
      layers.push(
        ...haloed({
          name: slaAboveAxisName,
          data: { values: [{ label }] },
          mark: {
            type: "text",
            color: annotationColor,
            y: 0,
            baseline: "top",
            dy: labelGap,
            font: o.font,
            fontSize: labelFontSize,
            fontWeight: "bold",
            ...at.mark,
          },
          encoding: { text: { field: "label" } },
        } as NonNormalizedSpec),
      );
    }
    if (sla !== null) {
      const r = { y: sla, label: `SLA ${formatTick(sla)}${slaUnit}` };
      const sy = py(sla);
      const tw = estimatedTextWidth(r.label, labelFontSize);
      layers.push({
        data: { values: [r] },
        mark: { type: "rule", color: annotationColor, strokeDash: [6, 4], strokeWidth: 1.5, clip: true },
        encoding: { y: { field: "y", type: "quantitative", scale: yScale } },
      });
      const above = { y0: sy - 2 - lineHeight, y1: sy - 2 };
      const below = { y0: sy + 2, y1: sy + 2 + lineHeight };
      const left = { x0: labelGap, x1: labelGap + tw };
      const right = { x0: w - labelGap - tw, x1: w - labelGap };
      const fits = (c: { box: PixelBox }) => c.box.y0 >= 0 && c.box.y1 <= h;
      const candidates = [
        { box: { ...left, ...above }, mark: { align: "left", baseline: "bottom", dx: labelGap, dy: -2, x: 0 } },
        { box: { ...right, ...above }, mark: { align: "right", baseline: "bottom", dx: -labelGap, dy: -2, x: "width" } },
        { box: { ...left, ...below }, mark: { align: "left", baseline: "top", dx: labelGap, dy: 2, x: 0 } },
        { box: { ...right, ...below }, mark: { align: "right", baseline: "top", dx: -labelGap, dy: 2, x: "width" } },
      ];
      const at = leastCovered(candidates.filter(fits), obstacles) ?? candidates[0];
      layers.push(
        ...haloed({
          data: { values: [r] },
          mark: { type: "text", color: annotationColor, font: o.font, fontSize: labelFontSize, ...at.mark },
          encoding: { y: { field: "y", type: "quantitative", scale: yScale }, text: { field: "label" } },
        } as NonNormalizedSpec),
      );
    }
  }
  const main = {
    name: "scatter",
    width: layout.main,
    height: layout.main2,
    layer: layers,
  } as NonNormalizedSpec;

  // --- concat ------------------------------------------------------------------------------
  const datasets: Record<string, object[]> = {
    [datasetNames.points]: points,
    [datasetNames.time]: time,
    [datasetNames.throughputHist]: throughputBars,
    [datasetNames.responseHist]: responseBars,
  };
  if (steps.length > 0) datasets[datasetNames.max] = steps;
  if (curve.length > 0) datasets[datasetNames.fit] = curve;
  if (limitPoints.length > 0) datasets[datasetNames.limit] = limitPoints;

  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: o.title, subtitle, anchor: "start", offset: 12 },
    padding: 10,
    background: "white",
    datasets: datasets as TopLevelSpec["datasets"],
    columns: 2,
    align: "each",
    bounds: "full",
    spacing: { row: layout.rowSpacing, column: layout.columnSpacing },
    resolve: { scale: { color: "shared" }, legend: { color: "shared", stroke: "independent" } },
    concat: [topHist, timePanel, main, rightHist],
    config: {
      font: o.font,
      view: { stroke: "#b8b8b8", strokeWidth: 0.75 },
      axis: {
        gridColor: plotColors.grid,
        domainColor: "#888888",
        tickColor: "#888888",
        labelColor: "#333333",
        labelFontSize: 10,
        titleColor: "#222222",
        titleFontSize: 12,
        titleFontWeight: "normal",
        titlePadding: 8,
      },
      title: { fontSize: 17, subtitleFontSize: 11, subtitleColor: "#555555", subtitlePadding: 6 },
      legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: "normal", padding: 2 },
    },
  };
  return spec;
}

// ------------------------------------------------------------------------------------------
// helpers

/**
 * A text layer drawn twice: first in white with a white stroke (a halo that hides the points
 * and lines under it), then itself. The halo layer carries no name.
 */
function haloed(text: NonNormalizedSpec): NonNormalizedSpec[] {
  const { name: _name, ...rest } = text as NonNormalizedSpec & { name?: string; mark: object };
  const mark = (text as { mark: object }).mark;
  const halo = { ...rest, mark: { ...mark, color: "white", stroke: "white", strokeWidth: haloWidth, strokeJoin: "round" } } as NonNormalizedSpec;
  return [halo, text];
}

/** The max staircase as the polylines its step-after lines draw, one per run. */
function stepLines(steps: StepDatum[]): { x: number; y: number }[][] {
  const out: { x: number; y: number }[][] = [];
  let run = -1;
  for (const d of steps) {
    if (d.run !== run) {
      out.push([{ x: d.x, y: d.y }]);
      run = d.run;
      continue;
    }
    const line = out[out.length - 1];
    const prev = line[line.length - 1];
    line.push({ x: d.x, y: prev.y }, { x: d.x, y: d.y });
  }
  return out;
}

/** End of an axis: the larger of the last break and the largest value; 1 when there is nothing. */
function domainMax(breaks: number[], values: Float64Array, n: number): number {
  let max = 0;
  const last = breaks.length > 0 ? breaks[breaks.length - 1] : 0;
  if (Number.isFinite(last) && last > max) max = last;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isFinite(v) && v > max) max = v;
  }
  return max > 0 ? max : 1;
}

/** Histogram bars (breaks[i], breaks[i+1]] with counts[i]. */
function bars(breaks: number[], counts: number[]): BarDatum[] {
  const out: BarDatum[] = [];
  for (let i = 0; i + 1 < breaks.length && i < counts.length; i++) {
    out.push({ lo: breaks[i], hi: breaks[i + 1], n: counts[i] });
  }
  return out;
}

/**
 * The max staircase for `interpolate: "step-after"`: one point (breaks[i], max[i]) per
 * non-empty bin, plus a closing point (breaks[j+1], max[j]) at the end of each run of
 * non-empty bins, so every bin's step spans the whole bin and an empty bin leaves a gap.
 */
function staircase(breaks: number[], maxCurve: (number | null)[]): StepDatum[] {
  const out: StepDatum[] = [];
  let run = -1;
  let open = false;
  for (let i = 0; i + 1 < breaks.length && i < maxCurve.length; i++) {
    const m = maxCurve[i];
    if (m === null || !Number.isFinite(m)) {
      if (open) closeRun(i - 1);
      open = false;
      continue;
    }
    if (!open) {
      run++;
      open = true;
    }
    out.push({ bin: i, run, x: breaks[i], y: m });
  }
  if (open) closeRun(Math.min(breaks.length - 2, maxCurve.length - 1));
  return out;

  function closeRun(last: number): void {
    out.push({ bin: last, run, x: breaks[last + 1], y: maxCurve[last] as number });
  }
}

/**
 * Samples of mu(x) = 1 / sqrt(intercept + slope * x) over [xMin, xMax] where the linear predictor
 * is positive and mu <= yMax; the exact crossing of mu = yMax is added so the curve reaches the
 * top edge. mu is monotone in x, so the samples form one unbroken line.
 */
function fitCurve(intercept: number, slope: number, xMin: number, xMax: number, yMax: number): { x: number; y: number }[] {
  const xs: number[] = [];
  for (let k = 0; k <= fitSamples; k++) xs.push(xMin + (k / fitSamples) * (xMax - xMin));
  if (slope !== 0) {
    const cross = (1 / (yMax * yMax) - intercept) / slope;
    if (cross > xMin && cross < xMax) xs.push(cross);
  }
  xs.sort((a, b) => a - b);
  const out: { x: number; y: number }[] = [];
  for (const x of xs) {
    const eta = intercept + slope * x;
    if (!(eta > 0)) continue;
    const mu = 1 / Math.sqrt(eta);
    if (mu <= yMax * (1 + 1e-9)) out.push({ x, y: Math.min(mu, yMax) });
  }
  return out;
}

/**
 * Samples of the limit's response curve over [xMin, min(xMax, limit)), denser towards the limit
 * where it climbs, kept while the response is finite and within the axis; the crossing of yMax
 * is found by bisection (the curve rises with throughput), so the line reaches the top edge.
 */
function sampleLimitCurve(c: LimitCurve, xMin: number, xMax: number, yMax: number): { x: number; y: number }[] {
  const end = Math.min(xMax, c.limit);
  if (!(end > xMin)) return [];
  const xs: number[] = [];
  for (let k = 0; k < fitSamples; k++) {
    // Spacing that shrinks as (1 - u)^2 towards the end: the knee is drawn smoothly.
    const u = k / fitSamples;
    xs.push(xMin + (end - xMin) * (1 - (1 - u) * (1 - u)));
  }
  if (end < c.limit) xs.push(end);
  const ok = (x: number) => {
    const y = c.response(x);
    return Number.isFinite(y) && y >= 0 && y <= yMax;
  };
  const out: { x: number; y: number }[] = [];
  let last = Number.NaN;
  for (const x of xs) {
    if (!ok(x)) break;
    out.push({ x, y: c.response(x) });
    last = x;
  }
  if (out.length > 0 && last < end) {
    // Bisect between the last drawable sample and the end for the crossing of the top edge.
    let lo = last;
    let hi = end;
    for (let k = 0; k < 50; k++) {
      const mid = (lo + hi) / 2;
      if (ok(mid)) lo = mid;
      else hi = mid;
    }
    if (lo > last) out.push({ x: lo, y: Math.min(yMax, c.response(lo)) });
  }
  return out;
}

/** Legend labels of the `splits` segments: "1: 10:00 – 10:15", "1: Nov 14 22:13 – Nov 15 06:45" (UTC) or "1: rows 1 – 250". */
function segmentLabels(analysis: HeadroomAnalysis, n: number, splits: number, hasTime: boolean): string[] {
  const labels: string[] = [];
  const t = analysis.t;
  let spanDays: "none" | "day" | "year" = "none";
  let withSeconds = false;
  if (hasTime && t) {
    const span = t[n - 1] - t[0];
    const first = new Date(t[0] * 1000).toISOString();
    const last = new Date(t[n - 1] * 1000).toISOString();
    spanDays = first.slice(0, 4) !== last.slice(0, 4) ? "year" : first.slice(0, 10) !== last.slice(0, 10) ? "day" : "none";
    withSeconds = Math.abs(span) < 600 * splits;
  }
  for (let k = 0; k < splits; k++) {
    const lo = Math.floor((k * n) / splits);
    const hi = Math.floor(((k + 1) * n) / splits) - 1;
    if (hasTime && t) {
      labels.push(`${k + 1}: ${formatUtc(t[lo], spanDays, withSeconds)} – ${formatUtc(t[hi], spanDays, withSeconds)}`);
    } else {
      labels.push(`${k + 1}: rows ${analysis.row[lo] + 1} – ${analysis.row[hi] + 1}`);
    }
  }
  return labels;
}

/**
 * Time tick labels (UTC), by the tick's granularity: "Nov 15" at midnight, "06:00" within a day
 * (a tick on the first of a month is a date too: "May 01", never a bare "May"). Under a day the
 * ticks are all clock times (`dayTickFormat`) and the panel's subtitle gives the date.
 */
const timeTickFormat = {
  year: "%Y",
  quarter: "%b %Y",
  month: "%b %d",
  week: "%b %d",
  date: "%b %d",
  day: "%b %d",
  hours: "%H:%M",
  minutes: "%H:%M",
  seconds: "%H:%M:%S",
  milliseconds: "%S.%L",
};

/** Clock-time tick labels for a span under a day ("00:00", "12:00"); with seconds under 10 minutes. */
function dayTickFormat(t: Float64Array, n: number): string | null {
  if (n === 0) return null;
  const span = Math.abs(t[n - 1] - t[0]);
  return span >= 86_400 ? null : span < 600 ? "%H:%M:%S" : "%H:%M";
}

/** Count axis labels: 0, 500, 1k, 1.5k, 2M (d3 "~s" per tick, no shared prefix). */
const countLabels = "format(datum.value, '~s')";

/** Subtitle of the time panel: "UTC, from 2023-11-14" when the ticks show clock times, else "UTC". */
function timePanelSubtitle(t: Float64Array, n: number): string {
  if (n === 0) return "UTC";
  const span = t[n - 1] - t[0];
  return span < 86_400 ? `UTC, from ${new Date(t[0] * 1000).toISOString().slice(0, 10)}` : "UTC";
}

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "22:13", "22:13:05", "Nov 14 22:13" or "2023-11-14 22:13" (UTC), as the span needs. */
function formatUtc(seconds: number, withDate: "none" | "day" | "year", withSeconds: boolean): string {
  const d = new Date(seconds * 1000);
  const iso = d.toISOString();
  const time = iso.slice(11, withSeconds ? 19 : 16);
  if (withDate === "year") return `${iso.slice(0, 10)} ${time}`;
  return withDate === "day" ? `${months[d.getUTCMonth()]} ${d.getUTCDate()} ${time}` : time;
}

/**
 * Sizes of the panels in pixels, from the whole-figure size minus what surrounds the plot
 * areas (measured on renders with DejaVu Sans: title, subtitle lines, axes, legends, padding).
 */
function layoutSizes(o: PlotOptions, subtitleLines: number, overlayLabels: string[], segments: string[]) {
  const rowSpacing = 10;
  const columnSpacing = 10;
  // Left axis (labels + title), column spacing, right axis of the time panel, padding.
  const horizontalChrome = 122;
  const usableW = o.width - horizontalChrome;
  const side = clamp(Math.round(usableW * 0.24), 90, 240);
  const main = Math.max(100, usableW - side);
  const overlayColumns = legendColumns(overlayLabels, main, 11);
  const overlayRows = overlayLabels.length === 0 ? 0 : Math.ceil(overlayLabels.length / overlayColumns);
  const splitColumns = legendColumns(segments, o.width - 40, 11);
  const splitRows = segments.length === 0 ? 0 : Math.ceil(segments.length / splitColumns);
  // Title, time-panel title, row spacing, axes and padding; then subtitle lines and legends.
  const verticalChrome = 168 + 16 * subtitleLines + 19 * overlayRows + (splitRows > 0 ? 30 + 20 * splitRows : 0);
  const usableH = o.height - verticalChrome;
  const top = clamp(Math.round(usableH * 0.24), 60, 200);
  const mainHeight = Math.max(100, usableH - top);
  return {
    side,
    main,
    top,
    main2: mainHeight,
    rowSpacing,
    columnSpacing,
    overlayColumns,
    splitColumns,
    xTicks: Math.max(2, Math.round(main / 70)),
    yTicks: Math.max(2, Math.round(mainHeight / 45)),
  };
}

/**
 * Legend columns so the legend is no wider than `width` pixels: label widths estimated at
 * 0.62 em per character (DejaVu Sans averages about 0.6), plus symbol and padding.
 */
function legendColumns(labels: string[], width: number, fontSize: number): number {
  if (labels.length === 0) return 1;
  const widest = Math.max(...labels.map((l) => l.length)) * 0.62 * fontSize + 24 + 16;
  const most = clamp(Math.floor(width / widest), 1, labels.length);
  // As few rows as `most` allows, then as few columns as those rows need (4 labels -> 2 x 2, not 3 + 1).
  return Math.ceil(labels.length / Math.ceil(labels.length / most));
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
