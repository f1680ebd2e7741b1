/**
 * Empirical latency distributions: raw samples, or weighted buckets (a histogram: each bucket
 * a range [from, to] and a count). Loaders of bucketed formats (HdrHistogram .hgrm, spigo
 * histograms, a from/to/count CSV) produce `WeightedBucket[]` and call `empiricalFromBuckets`;
 * everything downstream (simulation, exact CDF, mode fitting, Guesstimate DATA) then works.
 *
 * Within a bucket values are taken as uniform on [from, to] (a bucket with from == to is a
 * point mass).
 */
import { sortedFinite } from "../stats/quantile.js";

/** One histogram bucket: `count` observations in [from, to]. */
export interface WeightedBucket {
  from: number;
  to: number;
  count: number;
}

/** An empirical distribution: the sorted samples, or buckets with cumulative counts. */
export type Empirical =
  | { kind: "samples"; sorted: Float64Array }
  | { kind: "buckets"; buckets: readonly WeightedBucket[]; cumulative: Float64Array; total: number };

/** From raw samples (NaN and infinities dropped; the input is not modified). */
export function empiricalFromSamples(values: ArrayLike<number>): Empirical {
  return { kind: "samples", sorted: sortedFinite(values) };
}

/**
 * From weighted buckets: those with a positive count are kept, sorted by `from`. Throws a
 * RangeError for a bucket whose bounds are not finite, with to < from, or a negative count.
 */
export function empiricalFromBuckets(buckets: readonly WeightedBucket[]): Empirical {
  for (const b of buckets) {
    if (!Number.isFinite(b.from) || !Number.isFinite(b.to) || b.to < b.from || !(b.count >= 0) || !Number.isFinite(b.count)) {
      throw new RangeError(`bad bucket [${b.from}, ${b.to}] count ${b.count}`);
    }
  }
  const kept = buckets
    .filter((b) => b.count > 0)
    .map((b) => ({ ...b }))
    .sort((a, b) => a.from - b.from);
  const cumulative = new Float64Array(kept.length);
  let total = 0;
  kept.forEach((b, i) => {
    total += b.count;
    cumulative[i] = total;
  });
  return { kind: "buckets", buckets: kept, cumulative, total };
}

/** How many observations the distribution holds. */
export function empiricalSize(e: Empirical): number {
  return e.kind === "samples" ? e.sorted.length : e.total;
}

/** First index i with a[i] > x (a ascending). */
function upperBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** P(X <= x): the ECDF of the samples, or piecewise linear within buckets. */
export function empiricalCdf(e: Empirical, x: number): number {
  if (e.kind === "samples") return e.sorted.length === 0 ? NaN : upperBound(e.sorted, x) / e.sorted.length;
  let acc = 0;
  for (const b of e.buckets) {
    if (x >= b.to) acc += b.count;
    else if (x >= b.from) acc += b.to > b.from ? (b.count * (x - b.from)) / (b.to - b.from) : b.count;
  }
  return acc / e.total;
}

/** Inverse CDF at u in [0, 1): a sample with u uniform. */
export function empiricalQuantile(e: Empirical, u: number): number {
  if (e.kind === "samples") {
    const n = e.sorted.length;
    return e.sorted[Math.min(n - 1, Math.floor(u * n))];
  }
  const target = u * e.total;
  const i = Math.min(e.buckets.length - 1, upperBound(e.cumulative, target));
  const b = e.buckets[i];
  const before = i === 0 ? 0 : e.cumulative[i - 1];
  const f = b.count > 0 ? (target - before) / b.count : 0;
  return b.from + Math.min(1, Math.max(0, f)) * (b.to - b.from);
}

/** The mean: of the samples, or of the bucket midpoints weighted by count. */
export function empiricalMean(e: Empirical): number {
  if (e.kind === "samples") {
    let s = 0;
    for (const v of e.sorted) s += v;
    return s / e.sorted.length;
  }
  let s = 0;
  for (const b of e.buckets) s += (b.count * (b.from + b.to)) / 2;
  return s / e.total;
}

/** Smallest and largest value the distribution can take. */
export function empiricalRange(e: Empirical): [number, number] {
  if (e.kind === "samples") return [e.sorted[0], e.sorted[e.sorted.length - 1]];
  return [e.buckets[0].from, Math.max(...e.buckets.map((b) => b.to))];
}
