/** Reports: load -> analyse -> classify -> estimate as one call, the objects `chp analyze` and `chp summary` print. */
export {
  headroomReport,
  headroomRun,
  analyzeInput,
  reportJson,
  type HeadroomReport,
  type HeadroomReportOptions,
  type HeadroomRun,
  type ReportHeadroom,
} from "./headroom-report.js";
export {
  summaryReport,
  summarizeInput,
  summaryJson,
  summaryText,
  type SummaryReport,
  type SummaryOptions,
  type SeriesSummary,
  type HistogramSummary,
} from "./summary-report.js";
export { seriesOf, unitConversion, type SeriesOptions } from "./series.js";
export { verdictText } from "./verdict.js";
export { parseSla, percentileName } from "./response-units.js";
export { classifyInParallel, parallelAbove, type PendingPattern } from "./parallel-pattern.js";
