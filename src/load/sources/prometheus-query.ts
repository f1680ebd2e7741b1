/** What chp asks a Prometheus-compatible server (read by ./prometheus.ts; apart so the format types can name it without importing the source). */
export interface PrometheusQuery {
  /** The server's base URL (http://localhost:9090; a path prefix such as Mimir's /prometheus is kept). */
  url: string;
  /** A histogram's base name: the queries are built from NAME_count, NAME_sum and NAME_bucket. */
  metric?: string;
  /** The throughput query (PromQL), without `metric`. */
  throughput?: string;
  /** The response query (PromQL); with `metric`, the statistic: "mean" (default) or a percentile "p95". */
  response?: string;
  /** Range start and end: ISO 8601, epoch seconds, `now`, or relative to now (`-6h`, `now-30m`). Default: the hour before the end, and now. */
  start?: string;
  end?: string;
  /** Seconds between points (>= 1); default the range / 500 rounded up to a nice step. */
  step?: number;
  /** Seconds to wait for each answer (default 30). */
  timeout?: number;
  /** A bearer token, or a user and password for basic auth. */
  auth?: { token?: string; user?: string; password?: string };
  /** Keep the series whose label NAME has VALUE ("NAME=VALUE") when a query gives several. */
  label?: string | null;
  /** One series per value of this label (instance, pod, job) beside their total, instead of one sum. */
  by?: string | null;
  /** The response unit when the queries' metric names do not state it. */
  inputUnit?: string | null;
  /** "Now" in epoch seconds (tests); default the clock. */
  now?: number;
}
