/** Types shared by the headroom analysis and the plots drawn from it. */
import type { GlmFit } from "../stats/glm-inverse-gaussian.js";
import type { Histogram } from "../stats/histogram.js";

/** The statistics' own result types, re-exported where the headroom analysis uses them. */
export type { GlmFit, Histogram };

/** Options of `analyzeHeadroom`. */
export interface AnalyzeOptions {
  /** Keep rows with response < quantile(response, q); q >= 1 keeps all. */
  q: number;
  /** Also trim throughput at quantile(throughput, q). */
  qx: boolean;
  /** Fit the inverse-Gaussian GLM. */
  fit: boolean;
}

/** What `analyzeHeadroom` returns: everything the headroom plot needs. */
export interface HeadroomAnalysis {
  /** Rows in the input. */
  rows: number;
  /** Rows left after dropping zeros and trimming at the q quantile. */
  kept: number;
  /** Rows left after dropping zeros and missing values, before the trim: the usable intervals. */
  usable: number;
  /**
   * The largest throughput of the usable rows, before the trim: the observed peak the headroom is
   * measured against (the trim drops high-response rows, often the busiest ones).
   */
  throughputPeak: number;
  options: AnalyzeOptions;
  /** Throughput of the kept rows, in input order. */
  x: Float64Array;
  /** Response of the kept rows, in input order. */
  y: Float64Array;
  /** Time of the kept rows (epoch seconds), or null when the input had no time column. */
  t: Float64Array | null;
  /** 0-based input row of each kept row (time order when `t` is null). */
  row: Int32Array;
  /** Response cut-off quantile(response, q), or null when q >= 1. */
  responseCutoff: number | null;
  /** Throughput cut-off when `qx`, else null. */
  throughputCutoff: number | null;
  throughputHist: Histogram;
  responseHist: Histogram;
  /** Largest response in each throughput bin, null for an empty bin. */
  maxCurve: (number | null)[];
  fit: GlmFit;
}
