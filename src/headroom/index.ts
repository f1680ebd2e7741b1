/** The headroom analysis: zero-drop, quantile trim, R-default histograms, max staircase, inverse-Gaussian fit. */
export type { AnalyzeOptions, GlmFit, HeadroomAnalysis, Histogram } from "./types.js";
export { type HeadroomInput, analyzeHeadroom, defaultAnalyzeOptions, maxStaircase } from "./analyze.js";
export {
  type ClassifyOptions,
  type PatternResult,
  type Relation,
  classifyPattern,
  defaultClassifyOptions,
  patternScores,
  relation,
} from "./classify-pattern.js";
export { type PatternThresholds, defaultPatternThresholds } from "./pattern-thresholds.js";
export { type PatternFeatures, patternFeatures, cleanSeries, spearman } from "./pattern-features.js";
export { type HeadroomEstimate, type HeadroomMethod, type HeadroomOptions, defaultHeadroomOptions, estimateHeadroom } from "./estimate-headroom.js";
export {
  type LoadProfile,
  type PatternLabel,
  type PatternSimulateOptions,
  type SimulatedSeries,
  defaultPatternSimulateOptions,
  heldOutSimulateRanges,
  patternLabels,
  simulatePattern,
} from "./simulate.js";
export { type NoiseKind, type NoiseSeries, type NoiseSimulateOptions, defaultNoiseSimulateOptions, noiseKinds, simulateNoise } from "./simulate-noise.js";
