/** Loaders: CSV/TSV time series (streaming, column detection, units, ISO/epoch time); histograms and logs. */
export { type TimeSeries, type TimeSeriesOptions, loadTimeSeries, readTimeSeries } from "./time-series.js";
export { type ColumnChoice, type ColumnFlags, type Role, chooseColumns, columnAliases, detectColumn, matchScore, resolveColumn } from "./columns.js";
export {
  type DurationUnit,
  type TimeUnit,
  durationUnitSeconds,
  timeUnitSeconds,
  parseDuration,
  parseResponseTime,
  parseTimeUnit,
  responseUnitSeconds,
  unitFromColumnName,
} from "./units.js";
// Histogram and log loaders: HdrHistogram (V0/V1/V2 encodings, interval logs), .hgrm, spigo, per-request logs.
export { HdrHistogram, type HdrLayout, defaultHdrLayout } from "./hdr/histogram.js";
export { decodeHistogram, encodeHistogram, base64Bytes, describeCookie, type EncodeOptions, type EncodingVersion } from "./hdr/encoding.js";
export { readHistogramLog, scanHistogramLog, type HistogramLogInfo, type HistogramLogOptions } from "./hdr/interval-log.js";
export {
  type IntervalHistogram,
  type IntervalSet,
  type IntervalStats,
  type DistributionStats,
  type ResponseStat,
  distributionStats,
  intervalStats,
  intervalsToTimeSeries,
  responseStats,
} from "./intervals.js";
export { IntervalSlots, intervalChain, type IntervalSlotsOptions } from "./interval-slots.js";
export { readMergedHistogramLogs, readMergedRequestLogs } from "./merge-intervals.js";
export { readRequestLog, type LabelIntervals, type RequestLogOptions, type RequestLogSet } from "./request-log.js";
export { readHgrm } from "./hgrm.js";
export { readSpigo } from "./spigo.js";
export type { FileDistribution, DistributionSummary } from "./distribution.js";
// The format registry and the one entry to every reader.
export { inputFormats, formatById, chooseFormat, sniffAll } from "./formats/registry.js";
export type { InputFormat, InputHead, InputKind, LoadedInput, LoadOptions, OpenedInput, ReaderOption, SeriesGroups, SeriesSource } from "./formats/types.js";
export { loadInputs, openInputs, inputWarnings } from "./load-inputs.js";
export { openInput } from "./open-input.js";
