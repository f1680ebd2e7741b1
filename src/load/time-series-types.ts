/**
 * The time-series loader's result and options, apart from the loader so the fast
 * path (fast-numeric-csv.ts) and the general reader (time-series.ts) both use them
 * without importing each other.
 */
import type { ColumnFlags } from "./columns.js";
import type { EpochUnit } from "./parse-cell.js";
import type { SkippedRows } from "./series-checks.js";

export interface TimeSeriesOptions extends ColumnFlags {
  /** Skip rows that cannot be read (and count them in `skipped`) instead of failing on the first (default false). */
  skipBadRows?: boolean;
}

/** Aligned columns of one time-series file. */
export interface TimeSeries {
  /** The file name as given (used in messages and titles). */
  file: string;
  header: string[];
  delimiter: string;
  /** Names of the chosen columns. */
  columns: { time?: string; throughput: string; response: string };
  /** Units stated by the column names, when they state one. */
  units: { time?: EpochUnit | "iso"; throughput?: string; response?: string };
  /** Epoch seconds (or offsets in seconds), or null when there is no time column. */
  time: Float64Array | null;
  /** Throughput per row; NaN where the cell was empty or NA. */
  throughput: Float64Array;
  /** Response per row; NaN where the cell was empty or NA. */
  response: Float64Array;
  rows: number;
  /** What the reader noticed and corrected (decimal commas, rows sorted by time, duplicate times), for the caller to show. */
  warnings?: string[];
  /** The rows skipped with `skipBadRows`. */
  skipped?: SkippedRows;
}
