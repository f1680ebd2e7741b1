/** R-exact statistics: quantiles, mean, variance, summary, pretty breaks and histograms. */
export {
  type QuantileOptions,
  type QuantileType,
  defaultQuantileOptions,
  quantile,
  quantileSorted,
  quantiles,
  sortedFinite,
  sortedNonNaN,
} from "./quantile.js";
export { mean } from "./mean.js";
export { median, medianSorted } from "./median.js";
export { sd, variance } from "./variance.js";
export { type Summary, summary, summaryLabels, summarySorted } from "./summary.js";
export { signif } from "./signif.js";
export { type PrettyTuning, defaultPrettyTuning, pretty } from "./pretty.js";
export { type BinRule, freedmanDiaconis, scott, sturges } from "./bin-rules.js";
export { type Histogram, type HistogramOptions, binIndex, defaultHistogramOptions, histogram } from "./histogram.js";
export {
  type GlmFit,
  type InverseGaussianGlmFit,
  type InverseGaussianGlmOptions,
  asymptote,
  defaultInverseGaussianGlmOptions,
  fitInverseGaussianGlm,
  predictInverseGaussian,
} from "./glm-inverse-gaussian.js";
export { type UslFit, type UslOptions, defaultUslOptions, fitUsl, uslThroughput } from "./usl.js";
export { erlangC } from "./erlang.js";
