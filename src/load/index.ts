/** Loaders: CSV/TSV time series (streaming, column detection, units, ISO/epoch time). */
export { type TimeSeries, type TimeSeriesOptions, loadTimeSeries, readTimeSeries } from "./time-series.js";
export { type ColumnChoice, type ColumnFlags, type Role, chooseColumns, columnAliases } from "./columns.js";
