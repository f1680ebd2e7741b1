/** Response-time models (cache tiers), Monte Carlo, exact mixture CDF, mode decomposition, Guesstimate. */
export { type Distribution, sample, cdf, quantileOf, meanOf, support, describe, normalParams, lognormalParams } from "./distribution.js";
export {
  type Empirical,
  type WeightedBucket,
  empiricalFromSamples,
  empiricalFromBuckets,
  empiricalCdf,
  empiricalQuantile,
  empiricalMean,
  empiricalSize,
} from "./empirical.js";
export { pnorm, qnorm, dnorm, Z95 } from "./normal.js";
export { type ResponseModel, type Tier, tierShares, impliedHitRates } from "./types.js";
export { type ParseModelOptions, latencyKinds, parseModel, loadModel, readJsonFile, parseJsonText } from "./parse-model.js";
export { type EmpiricalReader, type LatencyData, type LatencyReadOptions, defaultEmpiricalReaders, readLatencies, readCsvLatencies } from "./read-latencies.js";
export { type SimulateOptions, type Simulation, defaultSimulateOptions, simulate } from "./simulate.js";
export { type MixtureOptions, type MixtureDistribution, defaultMixtureOptions, mixtureCdf } from "./mixture-cdf.js";
export { type Sweep, withHitRates, sweepableTiers, sweepScenarios } from "./sweep.js";
export { ksDistance, ksTwoSample } from "./ks.js";
export {
  type MixtureFitOptions,
  type MixtureFit,
  type MixtureInput,
  type Mode,
  defaultMixtureFitOptions,
  fitLognormalMixture,
  mixtureDensity,
  MixtureInputError,
  quantizedBuckets,
  recordingStep,
} from "./lognormal-mixture.js";
export { type Space, type SpaceMetric, type SpaceGuesstimate, type GuesstimateType, maxDataSamples } from "./guesstimate/space.js";
export { type SpaceExportOptions, defaultSpaceExportOptions, modelToSpace, samplesToSpace, ReadableIds } from "./guesstimate/export.js";
export {
  type ParsedSpace,
  type ParsedMetric,
  type EvaluateSpaceOptions,
  defaultEvaluateSpaceOptions,
  isSpace,
  parseSpace,
  evaluateSpace,
  evaluationOrder,
  outputMetrics,
  neededSamples,
  type MetricResult,
} from "./guesstimate/import.js";
export { compileFunction, ExpressionError } from "./guesstimate/expression.js";
export { formatGuess, type Guess, type FormattedGuess } from "./guesstimate/formatter.js";
export { guesstimateDisplayStats, type GuesstimateDisplayStats } from "./guesstimate/display-stats.js";
