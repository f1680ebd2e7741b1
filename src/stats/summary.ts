import { mean } from "./mean.js";
import { quantileSorted, quantilesBySelection } from "./quantile.js";
import { sd, varianceAbout } from "./variance.js";

/**
 * R's six-number `summary(x)` (type-7 quantiles and `mean()`), extended with the sample
 * standard deviation and the tail quantiles a response-time analysis needs.
 */
export interface Summary {
  /** Number of values used (NaN skipped). */
  n: number;
  min: number;
  /** Type-7 quantile at 0.25 (R's "1st Qu."). */
  q1: number;
  /** Type-7 quantile at 0.5, as R's `summary()` reports it. */
  median: number;
  mean: number;
  /** Type-7 quantile at 0.75 (R's "3rd Qu."). */
  q3: number;
  max: number;
  /** Type-7 quantiles at 0.9, 0.95, 0.99 and 0.999. */
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  /** Sample standard deviation, denominator n - 1 (R's `sd()`); NaN when n < 2. */
  sd: number;
  /** mean + 2 * sd. */
  meanPlus2Sd: number;
}

/** How R (and Cockcroft's slides) label each statistic when printing a summary. */
export const summaryLabels: Readonly<Record<keyof Summary, string>> = {
  n: "n",
  min: "Min.",
  q1: "1st Qu.",
  median: "Median",
  mean: "Mean",
  q3: "3rd Qu.",
  max: "Max.",
  p90: "p90",
  p95: "p95",
  p99: "p99",
  p999: "p99.9",
  sd: "sd",
  meanPlus2Sd: "mean+2sd",
};

/**
 * R's `summary(x)` — min, type-7 quartiles and median (`quantile(x)`), `mean(x)`, max —
 * plus `sd(x)`, `quantile(x, c(.9, .95, .99, .999))` (type 7) and mean + 2 sd.
 *
 * NaN values are skipped (as `summary()` does, counting them separately); `n` is the number
 * of values used. ±Infinity is kept, as R keeps it. No values: n = 0 and every other field
 * NaN. One value: sd and meanPlus2Sd NaN. The input is never modified.
 */
export function summary(values: ArrayLike<number>): Summary {
  // The quantiles by selection (a dozen order statistics, not a sort); mean and sd are
  // extended-precision sums, the same whatever the order of the values.
  const [min, q1, median, q3, max, p90, p95, p99, p999] = quantilesBySelection(values, [0, 0.25, 0.5, 0.75, 1, 0.9, 0.95, 0.99, 0.999]);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  const m = mean(values);
  const s = Math.sqrt(varianceAbout(values, m));
  return { n, min, q1, median, mean: m, q3, max, p90, p95, p99, p999, sd: s, meanPlus2Sd: m + 2 * s };
}

/**
 * `summary` of already sorted data (ascending, no NaN). Shares one sort with other
 * statistics of the same data. Its mean and sd are summed in sorted order, which can differ
 * from R's (and `summary`'s) sum in the values' own order where large values cancel.
 */
export function summarySorted(sorted: ArrayLike<number>): Summary {
  const n = sorted.length;
  const q = (p: number): number => quantileSorted(sorted, p, 7);
  const m = mean(sorted);
  const s = sd(sorted);
  return {
    n,
    min: q(0),
    q1: q(0.25),
    median: q(0.5),
    mean: m,
    q3: q(0.75),
    max: q(1),
    p90: q(0.9),
    p95: q(0.95),
    p99: q(0.99),
    p999: q(0.999),
    sd: s,
    meanPlus2Sd: m + 2 * s,
  };
}
