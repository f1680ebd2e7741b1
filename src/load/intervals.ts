/**
 * Interval histograms, the common result of every interval-producing loader
 * (HdrHistogram logs, per-request logs): one histogram per time interval, the
 * statistics of each, and the whole run's total as the **merge of the histograms**
 * (never an average of percentiles).
 *
 *   loader -> IntervalHistogram (tag, start, length, histogram) -> intervalStats
 *          -> IntervalSet (stats per interval + merged total) -> toTimeSeries
 *
 * Values are in the file's own unit: a histogram holds integers `value * scale`
 * (scale 1 for hlog and JMeter milliseconds), statistics are divided back.
 */
import type { HdrHistogram } from "./hdr/histogram.js";
import type { TimeSeries } from "./time-series.js";
import type { SkippedRows } from "./series-checks.js";

/** One interval's histogram. `start` and `length` in seconds (start: epoch seconds when the log says so). */
export interface IntervalHistogram {
  tag: string | null;
  start: number;
  length: number;
  histogram: HdrHistogram;
  /** Failed requests in the interval (per-request logs; 0 for hlog). */
  errors: number;
}

/** The per-interval response statistics `--response` can choose. */
export type ResponseStat = "mean" | "p50" | "p90" | "p95" | "p99" | "p999" | "max";
export const responseStats: readonly ResponseStat[] = ["mean", "p50", "p90", "p95", "p99", "p999", "max"];

/** Statistics of a distribution, in the file's unit (Java HdrHistogram semantics). */
export interface DistributionStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  stdDeviation: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
}

export interface IntervalStats extends DistributionStats {
  tag: string | null;
  start: number;
  length: number;
  /** count / length: completions (successful ones, for request logs) per second. */
  throughput: number;
  errors: number;
}

/** The percentiles DistributionStats reports. */
const reported: readonly number[] = [50, 90, 95, 99, 99.9];

/** Statistics of a histogram whose values are `fileValue * scale`. NaN statistics when it is empty. */
export function distributionStats(h: HdrHistogram, scale = 1): DistributionStats {
  // one walk of the histogram for all of them (HdrHistogram.stats: the getters' values)
  const s = h.stats(reported);
  const empty = s.count === 0;
  const [p50, p90, p95, p99, p999] = empty ? [NaN, NaN, NaN, NaN, NaN] : s.percentiles;
  return {
    count: s.count,
    min: empty ? NaN : s.min / scale,
    max: empty ? NaN : s.max / scale,
    mean: s.mean / scale,
    stdDeviation: s.stdDeviation / scale,
    p50: p50 / scale,
    p90: p90 / scale,
    p95: p95 / scale,
    p99: p99 / scale,
    p999: p999 / scale,
  };
}

export function intervalStats(i: IntervalHistogram, scale = 1): IntervalStats {
  return {
    tag: i.tag,
    start: i.start,
    length: i.length,
    throughput: i.length > 0 ? i.histogram.totalCount / i.length : NaN,
    errors: i.errors,
    ...distributionStats(i.histogram, scale),
  };
}

export type IntervalFormat =
  | "hlog"
  | "jtl"
  | "request-csv"
  | "jmeter-xml"
  | "gatling-log"
  | "k6-csv"
  | "k6-json"
  | "artillery1"
  | "vegeta-csv"
  | "vegeta-json"
  | "gatling-binary";

/** What an interval loader returns. */
export interface IntervalSet {
  /** The file name(s) as given. */
  file: string;
  format: IntervalFormat;
  /** The unit of the values when the format states or implies it ("ns" for hlog by convention, "ms" for JTL), else null. */
  unit: string | null;
  /** Histogram values are file values times this. */
  scale: number;
  /** Start of the run, epoch seconds, when known. */
  startTime: number | null;
  intervals: IntervalStats[];
  /** The merge of every interval's histogram. */
  total: HdrHistogram;
  totalErrors: number;
  /** Every tag or label seen (for messages and --label). */
  tags: string[];
  /** What the loader noticed (e.g. no success column), for the caller to show. */
  warnings?: string[];
  /** The rows (lines) skipped with `skipBadRows`. */
  skipped?: SkippedRows;
}

/** Accumulates interval histograms into an IntervalSet (keeps statistics, not histograms). */
export class IntervalSetBuilder {
  readonly intervals: IntervalStats[] = [];
  total: HdrHistogram | null = null;
  totalErrors = 0;

  constructor(private readonly scale = 1) {}

  add(i: IntervalHistogram): void {
    this.intervals.push(intervalStats(i, this.scale));
    if (this.total === null) this.total = i.histogram.emptyCopy();
    this.total.add(i.histogram);
    this.totalErrors += i.errors;
  }
}

/**
 * Unit of an HdrHistogram interval log's throughput: the log counts recorded values (jHiccup
 * records hiccup samples, a HistogramLogWriter whatever its caller records), not requests.
 */
export const recordedValuesRate = "values/s";

/**
 * Intervals as the time-series shape the headroom analysis takes: time, throughput and one
 * response statistic. Throughput is requests per second for per-request logs and load tools,
 * recorded values per second (`recordedValuesRate`) for an HdrHistogram log.
 */
export function intervalsToTimeSeries(set: IntervalSet, response: ResponseStat = "mean"): TimeSeries {
  const n = set.intervals.length;
  const time = new Float64Array(n);
  const throughput = new Float64Array(n);
  const resp = new Float64Array(n);
  set.intervals.forEach((s, k) => {
    time[k] = s.start;
    throughput[k] = s.throughput;
    resp[k] = s.count > 0 ? s[response] : NaN;
  });
  return {
    file: set.file,
    header: ["start", "throughput", response],
    delimiter: ",",
    columns: { time: "start", throughput: "throughput", response },
    units: { time: "s", throughput: set.format === "hlog" ? recordedValuesRate : "req/s", ...(set.unit ? { response: set.unit } : {}) },
    time,
    throughput,
    response: resp,
    rows: n,
  };
}
