/**
 * Throughput with less counting noise, for the capacity fits: each interval's throughput is a
 * count of requests over its length, so it carries Poisson noise of relative sd 1 / sqrt(count).
 * Near saturation that noise puts single intervals above the capacity (a pool of capacity 200 req/s
 * completes 217 requests in some second), and the queueing curves, which need C above every
 * throughput they are fitted to, are pushed past the capacity; their knee flattens too, as a
 * regressor measured with noise flattens any fit. The load changes slowly next to that noise, so
 * the rate behind an interval is better read as the mean throughput of the intervals around it
 * in time: a centred moving mean over enough intervals that the window's count at the peak
 * reaches `minPeakCount` (regression calibration).
 *
 *   rows in time order, interval length = the median time step
 *     -> count at the peak = peak x length: at least minPeakCount -> unchanged (null)
 *     -> else a window of w = ceil(minPeakCount / count at the peak) intervals (at most maxWindow,
 *        and at most a `maxShare` of the rows; odd, one more if even), each row's throughput the
 *        mean of the rows within w / 2 interval lengths of it in time (w rows on a regular grid)
 *
 * Pure; never mutates its inputs.
 */
import { quantileOfScratch } from "../stats/quantile.js";
import { stableOrder } from "../stats/stable-order.js";
import { sharedFloat64 } from "../util/shared-memory.js";

/**
 * The rows in time order, ties in row order (as a stable sort by time): null when they are in
 * order already (the readers give them so), else a radix order (a comparison sort where some time
 * is NaN).
 */
function timeOrder(t: ArrayLike<number>): { readonly length: number; [i: number]: number } | null {
  const n = t.length;
  let sorted = true;
  let nan = false;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(t[i])) nan = true;
    else if (i > 0 && t[i] < t[i - 1]) sorted = false;
  }
  if (nan) return Array.from({ length: n }, (_, i) => i).sort((a, b) => t[a] - t[b] || a - b);
  if (sorted) return null;
  return stableOrder(t);
}

/** values in the given order, or the values themselves when the order is null (already in order). */
function inOrder(values: ArrayLike<number>, order: { readonly length: number; [i: number]: number } | null): ArrayLike<number> {
  if (order === null) return values;
  const out = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) out[k] = values[order[k]];
  return out;
}

export interface SmoothThroughputOptions {
  /** Requests a window must hold at the peak throughput (2,500: counting noise ±2%). */
  minPeakCount: number;
  /** The widest window, in intervals. */
  maxWindow: number;
  /** The widest window as a share of the rows (a fit needs the load's changes kept). */
  maxShare: number;
}

export const defaultSmoothThroughputOptions: SmoothThroughputOptions = { minPeakCount: 2500, maxWindow: 15, maxShare: 0.05 };

/** The smoothed throughput and its window (intervals), or null when the counts are large enough, or no time is known. */
export function smoothThroughput(
  x: Float64Array,
  t: ArrayLike<number> | null,
  options: Partial<SmoothThroughputOptions> = {},
): { x: Float64Array; window: number } | null {
  const o = { ...defaultSmoothThroughputOptions, ...options };
  const n = x.length;
  if (t === null || n < 3) return null;
  const order = timeOrder(t);
  // Time and throughput in time order (the columns themselves when they are in order already).
  const ts = inOrder(t, order);
  const xs = inOrder(x, order);
  const length = medianGap(ts);
  if (Number.isNaN(length)) return null;
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, x[i]);
  const count = peak * length;
  if (!(count > 0) || count >= o.minPeakCount) return null;
  const wanted = Math.min(Math.ceil(o.minPeakCount / count), o.maxWindow, Math.floor(o.maxShare * n));
  if (wanted < 2) return null;
  // An odd window centred on its row: on a regular grid, the row and (window - 1) / 2 on each side.
  const window = wanted % 2 === 0 ? wanted + 1 : wanted;
  // In shared memory, as the rows the fits read: a worker thread may refit the bootstrap from it.
  const out = sharedFloat64(n);
  movingMeans(ts, xs, (window * length) / 2, out, order);
  return { x: out, window };
}

/**
 * The median (R type 7) of the positive gaps between successive times (in order); NaN when there
 * are none. Where more than half of them are the smallest gap (a regular grid, or one with rows
 * trimmed away) that gap is the median, found in one pass; else the gaps are kept and selected from.
 * @internal
 */
export function medianGap(ts: ArrayLike<number>): number {
  const { lo, atLo, count } = smallestGap(ts);
  if (count === 0) return Number.NaN;
  // Type 7: the median reads the sorted gaps at floor((count - 1) / 2) and the next one; both are
  // the smallest gap when it fills the first floor((count - 1) / 2) + 2 places.
  if (atLo >= Math.floor((count - 1) / 2) + 2 || atLo === count) return lo;
  return quantileOfScratch(positiveGaps(ts), 0.5);
}

/** The smallest positive gap between successive times, how many gaps equal it, and how many are positive. */
function smallestGap(ts: ArrayLike<number>): { lo: number; atLo: number; count: number } {
  let lo = Infinity;
  let atLo = 0;
  let count = 0;
  for (let k = 1; k < ts.length; k++) {
    const d = ts[k] - ts[k - 1];
    if (d > 0) {
      count++;
      if (d < lo) {
        lo = d;
        atLo = 1;
      } else if (d === lo) atLo++;
    }
  }
  return { lo, atLo, count };
}

/** The positive gaps between successive times, in order. */
function positiveGaps(ts: ArrayLike<number>): Float64Array {
  const gaps = new Float64Array(ts.length - 1);
  let m = 0;
  for (let k = 1; k < ts.length; k++) {
    const d = ts[k] - ts[k - 1];
    if (d > 0) gaps[m++] = d;
  }
  return gaps.subarray(0, m);
}

/**
 * Each row's mean of the throughput within `half` of its time (a two-pointer sweep over rows in
 * time order: ts, xs), written at the row's own place (order[k], or k when order is null).
 * The sweep is a function of its own, the loop and nothing after it (see grouped-rows.ts).
 */
function movingMeans(
  ts: ArrayLike<number>,
  xs: ArrayLike<number>,
  half: number,
  out: Float64Array,
  order: { readonly length: number; [i: number]: number } | null,
): void {
  const n = ts.length;
  let lo = 0;
  let hi = 0;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const tk = ts[k];
    while (hi < n && ts[hi] <= tk + half) sum += xs[hi++];
    while (ts[lo] < tk - half) sum -= xs[lo++];
    out[order === null ? k : order[k]] = sum / (hi - lo);
  }
}
