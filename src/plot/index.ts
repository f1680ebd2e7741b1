/** The headroom plot: Vega-Lite spec (pure data -> spec) and rendering (spec -> SVG/PNG/HTML/JSON). */
export { headroomSpec, plotColors, denseThreshold, brushParam, datasetNames, fitSamples } from "./headroom-spec.js";
export type { PointDatum, BarDatum, StepDatum } from "./headroom-spec.js";
export { defaultPlotOptions, resolvePlotOptions, maxSplits } from "./plot-options.js";
export type { PlotOptions } from "./plot-options.js";
export { runSpec, runAnnotations, type RunPlotOptions } from "./report-plot.js";
export { thinScatter } from "./thin-scatter.js";
export { decimateSeries } from "./decimate-series.js";
export { renderSvg, renderPng, svgToPng, renderHtml, specJson, scriptJson, escapeHtml, fontFiles, runtimeFiles } from "./render.js";
export type { PngOptions, HtmlOptions } from "./render.js";
export { responseSpec, modesSpec, logBins, modeColors, defaultDistributionPlotOptions } from "./response-spec.js";
export type { DistributionPlotOptions, DistributionSeries, PlotMode } from "./response-spec.js";
export { distributionSpec, logRebin, defaultDistributionSpecOptions as defaultFileDistributionSpecOptions } from "./distribution-spec.js";
export type { DistributionSpecOptions as FileDistributionSpecOptions } from "./distribution-spec.js";
