/** Notebook helpers (Jupyter + tslab): show charts and tables; never imports tslab itself. */
export {
  type MimeBundle,
  type ShowOptions,
  type Showable,
  defaultShowOptions,
  isHeadroomAnalysis,
  isHistogram,
  isSummary,
  isVegaLiteSpec,
  mimeBundle,
  vegaLiteMime,
} from "./mime-bundle.js";
export { displayBundle, show } from "./show.js";
export { type HistogramSpecOptions, defaultHistogramSpecOptions, histogramSpec } from "./histogram-spec.js";
export { type Cell, type Table, cellText, recordsTable, summaryRows, summaryTable, tableHtml, tableText } from "./table.js";
