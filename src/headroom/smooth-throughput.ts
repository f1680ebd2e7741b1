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
 * The rows in time order, ties in row order (as a stable sort by time): the rows themselves when
 * they are in order already (the readers give them so), else a radix order (a comparison sort
 * where some time is NaN).
 */
function timeOrder(t: ArrayLike<number>): { readonly length: number; [i: number]: number } {
  const n = t.length;
  let sorted = true;
  let nan = false;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(t[i])) nan = true;
    else if (i > 0 && t[i] < t[i - 1]) sorted = false;
  }
  if (nan) return Array.from({ length: n }, (_, i) => i).sort((a, b) => t[a] - t[b] || a - b);
  if (sorted) return identity(n);
  return stableOrder(t);
}

function identity(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
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
  const gaps = new Float64Array(n - 1);
  let m = 0;
  for (let k = 1; k < n; k++) {
    const d = t[order[k]] - t[order[k - 1]];
    if (d > 0) gaps[m++] = d;
  }
  if (m === 0) return null;
  const length = quantileOfScratch(gaps.subarray(0, m), 0.5);
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, x[i]);
  const count = peak * length;
  if (!(count > 0) || count >= o.minPeakCount) return null;
  const wanted = Math.min(Math.ceil(o.minPeakCount / count), o.maxWindow, Math.floor(o.maxShare * n));
  if (wanted < 2) return null;
  // An odd window centred on its row: on a regular grid, the row and (window - 1) / 2 on each side.
  const window = wanted % 2 === 0 ? wanted + 1 : wanted;
  // Rows within half a window of each row in time (a two-pointer sweep over the time order).
  const half = (window * length) / 2;
  // In shared memory, as the rows the fits read: a worker thread may refit the bootstrap from it.
  const out = sharedFloat64(n);
  let lo = 0;
  let hi = 0;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const tk = t[order[k]];
    while (hi < n && t[order[hi]] <= tk + half) sum += x[order[hi++]];
    while (t[order[lo]] < tk - half) sum -= x[order[lo++]];
    out[order[k]] = sum / (hi - lo);
  }
  return { x: out, window };
}
