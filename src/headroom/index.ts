/** The headroom analysis: zero-drop, quantile trim, R-default histograms, max staircase, inverse-Gaussian fit. */
export type { AnalyzeOptions, GlmFit, HeadroomAnalysis, Histogram } from "./types.js";
export { type HeadroomInput, analyzeHeadroom, defaultAnalyzeOptions, maxStaircase } from "./analyze.js";
