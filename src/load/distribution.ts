/**
 * One response-time distribution read from a file that holds no time axis
 * (.hgrm percentile output, spigo histograms, a load-test tool's summary: Locust
 * stats.csv, ab -e, wrk): its summary statistics, the
 * histogram bins and the percentile curve, for `chp summary` and the
 * distribution plot. Statistics the file cannot give are null, never guessed
 * silently (a truncated spigo table has no maximum).
 */
export interface DistributionSummary {
  /** NaN when the file gives percentiles only (ab -e): never invented; JSON prints it as null, text as NA. */
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  stdDeviation: number | null;
  p50: number | null;
  p90: number | null;
  /** Where the file gives it (or its rows do): absent or null otherwise. */
  p95?: number | null;
  p99: number | null;
  p999: number | null;
}

export interface FileDistribution {
  file: string;
  format: "hgrm" | "spigo" | "spigo-centroids" | "locust-stats" | "ab-percentiles" | "ab-text" | "wrk" | "k6-summary" | "gatling-stats";
  /** The series name the file states (spigo `name:`), if any. */
  name: string | null;
  /** The unit of the values when the format implies one (spigo: ns), else null. */
  unit: string | null;
  stats: DistributionSummary;
  /** Failed requests, when the tool counts them apart (Locust's Failure Count); absent otherwise. */
  errors?: number | null;
  /** Histogram bins [from, to] with counts (values in the file's unit); empty for a summary of percentiles. */
  bins: { from: number; to: number; count: number }[];
  /** The percentile curve: fraction in [0, 1] and the value at it. */
  percentiles: { fraction: number; value: number }[];
  /** True when the rows do not cover the whole population (a truncated table). */
  truncated: boolean;
  /** Which statistics are derived from the rows rather than stated by the file. */
  derived: (keyof DistributionSummary)[];
}

/**
 * The value at a percentile from cumulative rows: the first row whose cumulative
 * count reaches ceil(p/100 * total) (nearest rank, as HdrHistogram defines it);
 * null when the rows end first.
 */
export function valueAtCumulative(rows: readonly { cumulative: number; value: number }[], total: number, p: number): number | null {
  const want = Math.max(1, Math.ceil((p / 100) * total));
  for (const r of rows) if (r.cumulative >= want) return r.value;
  return null;
}
