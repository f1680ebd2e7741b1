/** The headroom plot: Vega-Lite spec (pure data -> spec) and rendering (spec -> SVG/PNG/HTML/JSON). */
export { headroomSpec, plotColors, denseThreshold, brushParam, datasetNames, fitSamples } from "./headroom-spec.js";
export type { PointDatum, BarDatum, StepDatum } from "./headroom-spec.js";
export { defaultPlotOptions, resolvePlotOptions, maxSplits } from "./plot-options.js";
export type { PlotOptions } from "./plot-options.js";
export { thinScatter } from "./thin-scatter.js";
export { decimateSeries } from "./decimate-series.js";
export { renderSvg, renderPng, svgToPng, renderHtml, specJson, scriptJson, escapeHtml, fontFiles, runtimeFiles } from "./render.js";
export type { PngOptions, HtmlOptions } from "./render.js";
