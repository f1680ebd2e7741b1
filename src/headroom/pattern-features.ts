/**
 * Features of a throughput/response series that tell the four headroom-plot
 * patterns apart. Each feature is named after the mechanism it detects:
 *
 *   clean (x > 0, y > 0, time order)
 *     -> rank correlation of response with throughput
 *     -> starvation: intervals with high response at low throughput, and how
 *        constant throughput x response is there (Little's law: a full pool)
 *     -> trend: median log response in equal-count throughput bins; residuals
 *        from it, their persistence in time and their level shifts at steady
 *        throughput (capacity changing under the same load)
 *     -> shape: how the trend rises over the lower and the upper half of the
 *        throughput range, how sharp its knee is (the exponent m of a queueing
 *        curve through it: about 1 for one serialised server, a lock; near c for
 *        a pool of c servers), and the band width
 *
 * Every cut-off is read from a {@link PatternThresholds} (defaultPatternThresholds unless
 * the caller passes others). Pure; never mutates its inputs.
 */
import { fitCapacityCurve } from "../stats/capacity-curve.js";
import { quantile, quantileOfScratch, quantileSorted } from "../stats/quantile.js";
import { StableOrderScratch, stableOrder } from "../stats/stable-order.js";
import { defaultPatternThresholds, type PatternThresholds } from "./pattern-thresholds.js";

export interface PatternFeatures {
  /** Intervals used (both values positive and finite). */
  n: number;
  /** Spearman rank correlation of response with throughput. */
  spearman: number;
  /**
   * Share of intervals starved: response above 2.5x its median at under half the 95th-percentile
   * throughput (the defaults of `oscillating.starvedResponse` and `starvedThroughput`).
   */
  starvedShare: number;
  /** 1 - sd(log(x y)) / sd(log y) over the starved intervals: 1 when x y is constant (null with fewer than `oscillating.minStarved`, 8). */
  littleConstancy: number | null;
  /**
   * Slope of log response on log throughput over the intervals above twice the median response
   * (`oscillating.slopeResponse`; null with fewer than `minSlopeIntervals`, 8): -1 on Little's hyperbola.
   */
  littleSlope: number | null;
  /** Median throughput x response over the starved intervals (response units x throughput units). */
  littleProduct: number | null;
  /** Starved episodes (runs of starved intervals). */
  starvedEpisodes: number;
  /** 5th and 95th percentile and maximum of throughput. */
  xP5: number;
  xP95: number;
  xMax: number;
  /** Robust share of log-response variance left around the throughput trend (MAD^2 ratio). */
  residualShare: number;
  /** Lag-1 autocorrelation of the residuals, in time order. */
  residualPersistence: number;
  /** Robust sd of the residuals (log units): the band's half-width. */
  band: number;
  /** Level shifts of the residual at steady throughput: downward (capacity added) and upward. */
  shiftsDown: number;
  shiftsUp: number;
  /** Median size of the downward shifts, as a fraction of response (0.4 = a 40% drop). */
  dropSize: number | null;
  /** The trend at the 5th, 50% and 95th percentile positions of the throughput range. */
  trendLow: number;
  trendMid: number;
  trendHigh: number;
  /**
   * The knee's sharpness: m of the capacity curve R0 / (1 - (X / C)^m), m >= 1, fitted to the
   * trend's knots (src/stats/capacity-curve.ts). One server (a lock: M/M/1) bends from the
   * lowest load, m about 1; a pool of c servers stays flat and bends late, m rising with c.
   * Null when the curve cannot be fitted (fewer than 4 knots).
   */
  kneeSharpness: number | null;
  /** xP95 / C of that curve: how close the busiest intervals come to its saturation (null likewise). */
  kneeUtilisation: number | null;
}

function median(sorted: ArrayLike<number>): number {
  return quantileSorted(sorted, 0.5);
}

/** The median (R type 7) of values without NaN, by selection (src/stats/select.ts), not sorting. */
function medianOf(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/**
 * Median absolute deviation, scaled by 1.4826 (a constant, not a threshold) to estimate the sd of
 * normal data, as R's mad(). `scratch`: values is the caller's scratch array, rearranged and
 * overwritten here (no copies).
 */
function mad(values: Float64Array, scratch = false): number {
  const m = scratch ? quantileOfScratch(values, 0.5) : medianOf(values);
  const dev = scratch ? values : new Float64Array(values.length);
  absDeviations(values, m, dev);
  return 1.4826 * quantileOfScratch(dev, 0.5);
}

// One long loop, one function (as in src/stats/glm-passes.ts): V8 compiles a long loop while it
// runs and reuses that code at the next call; in a function that goes on after the loop, that
// code would meet the rest unrun and be thrown away at every call.

/** |v - m| of each value into `dev` (which may be `values` itself). */
function absDeviations(values: Float64Array, m: number, dev: Float64Array): void {
  for (let i = 0; i < values.length; i++) dev[i] = Math.abs(values[i] - m);
}

function sd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i];
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (values[i] - m) ** 2;
  return Math.sqrt(s / (n - 1));
}

/** Mid-ranks (ties share their mean rank), from the values' stable order. */
function ranks(values: ArrayLike<number>, idx: Int32Array = stableOrder(values)): Float64Array {
  const n = values.length;
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[idx[j + 1]] === values[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

/** Centred cross-products of a and b: sum (a - mean a)(b - mean b), sum (a - mean a)^2, sum (b - mean b)^2. */
function crossProducts(a: ArrayLike<number>, b: ArrayLike<number>): { sab: number; saa: number; sbb: number } {
  const n = a.length;
  const [sa, sb] = sumsOf(a, b);
  return centredProducts(a, b, sa / n, sb / n);
}

/** sum(a) and sum(b). */
function sumsOf(a: ArrayLike<number>, b: ArrayLike<number>): [number, number] {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i];
    mb += b[i];
  }
  return [ma, mb];
}

/** The centred cross products about the means ma and mb. */
function centredProducts(a: ArrayLike<number>, b: ArrayLike<number>, ma: number, mb: number): { sab: number; saa: number; sbb: number } {
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return { sab, saa, sbb };
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { sab, saa, sbb } = crossProducts(a, b);
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Least-squares slope of b on a (0 when a has no spread). */
function olsSlope(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { sab, saa } = crossProducts(a, b);
  return saa > 0 ? sab / saa : 0;
}

/** Spearman rank correlation (from the stable orders of a and b when the caller has them). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>, orderA?: Int32Array, orderB?: Int32Array): number {
  return pearson(ranks(a, orderA), ranks(b, orderB));
}

/** values in the given order. */
export function permuted(values: ArrayLike<number>, order: Int32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) out[k] = values[order[k]];
  return out;
}

/** The intervals with positive, finite throughput and response, in time order. */
export function cleanSeries(x: ArrayLike<number>, y: ArrayLike<number>, t?: ArrayLike<number> | null): { x: Float64Array; y: Float64Array } {
  const keep = cleanSeriesRows(x, y, t);
  return { x: permuted(x, keep), y: permuted(y, keep) };
}

/**
 * The row numbers of `cleanSeries`' intervals, in their order: a caller that reads only some of
 * them (every k-th of a long series) copies just those.
 */
export function cleanSeriesRows(x: ArrayLike<number>, y: ArrayLike<number>, t?: ArrayLike<number> | null): Int32Array {
  const rows = new Int32Array(x.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) if (x[i] > 0 && y[i] > 0 && Number.isFinite(x[i]) && Number.isFinite(y[i])) rows[m++] = i;
  const keep = rows.subarray(0, m);
  if (t) sortByTime(keep, t);
  return keep;
}

/** Sort row numbers by time, ties by row number (in place), as `keep.sort((a, b) => t[a] - t[b] || a - b)`. */
function sortByTime(keep: Int32Array, t: ArrayLike<number>): void {
  let sorted = true;
  let nan = false;
  for (let k = 0; k < keep.length; k++) {
    const v = t[keep[k]];
    if (Number.isNaN(v)) nan = true;
    else if (k > 0 && v < t[keep[k - 1]]) sorted = false;
  }
  if (nan) {
    // (NaN compares as neither before nor after: keep the comparator's own order.)
    keep.set(Array.from(keep).sort((a, b) => t[a] - t[b] || a - b));
    return;
  }
  if (sorted) return; // already in time order (ties stay in row order, as the comparator leaves them)
  const order = stableOrder(Float64Array.from(keep, (i) => t[i]));
  const copy = keep.slice();
  for (let k = 0; k < keep.length; k++) keep[k] = copy[order[k]];
}

/**
 * Median log response in `bins` equal-count throughput bins, as (log x centre, log y) knots.
 * `order`: the stable order of lx (that of x serves where log keeps distinct x apart).
 */
function trendKnots(lx: Float64Array, ly: Float64Array, bins: number, order: Int32Array): { kx: number[]; ky: number[] } {
  const n = lx.length;
  const kx: number[] = [];
  const ky: number[] = [];
  for (let b = 0; b < bins; b++) {
    const lo = Math.floor((b * n) / bins);
    const hi = Math.floor(((b + 1) * n) / bins);
    if (hi <= lo) continue;
    const xs = new Float64Array(hi - lo);
    const ys = new Float64Array(hi - lo);
    for (let k = lo; k < hi; k++) {
      xs[k - lo] = lx[order[k]];
      ys[k - lo] = ly[order[k]];
    }
    // xs is sorted already (lx in its stable order); the median of ys by selection (within ys: a copy).
    const cx = median(xs);
    if (kx.length && cx <= kx[kx.length - 1]) continue;
    kx.push(cx);
    ky.push(quantileOfScratch(ys, 0.5));
  }
  return { kx, ky };
}

function interpolate(kx: number[], ky: number[], v: number): number {
  if (v <= kx[0]) return ky[0];
  const last = kx.length - 1;
  if (v >= kx[last]) return ky[last];
  // The first knot at or past v (kx ascends): by bisection.
  let j = 1;
  let hi = last;
  while (j < hi) {
    const mid = (j + hi) >>> 1;
    if (kx[mid] < v) j = mid + 1;
    else hi = mid;
  }
  const f = (v - kx[j - 1]) / (kx[j] - kx[j - 1]);
  return ky[j - 1] + f * (ky[j] - ky[j - 1]);
}

function lag1(e: Float64Array): number {
  if (e.length < 3) return 0; // too few pairs for a correlation (arithmetic, not a threshold)
  return pearson(e.subarray(0, e.length - 1), e.subarray(1));
}

/**
 * Level shifts of `e` between adjacent windows of `w` intervals while the windows' mean log
 * throughput stays within `th.steadyThroughput`, of more than `th.minShift` and `th.shiftNoise`
 * standard errors.
 */
function levelShifts(e: Float64Array, lx: Float64Array, w: number, th: PatternThresholds["looping"]) {
  const n = e.length;
  const diffs = new Float64Array(Math.max(0, n - 1));
  differences(e, diffs);
  // The noise of a window mean, from the interval-to-interval differences (robust to the shifts themselves).
  const noise = mad(diffs, true) / Math.SQRT2;
  // The standard error of the difference of two window means is noise / sqrt(w / 2) (arithmetic).
  const threshold = Math.max(th.minShift, (th.shiftNoise * noise) / Math.sqrt(w / 2));
  const se = new Float64Array(Math.max(0, n - w + 1));
  const sx = new Float64Array(se.length);
  windowSums(e, lx, w, se, sx);
  const d = new Float64Array(n);
  const ok = new Uint8Array(n);
  shiftCandidates(se, sx, w, n, threshold, th.steadyThroughput, d, ok);
  let down = 0;
  let up = 0;
  const drops: number[] = [];
  for (let t = w; t + w <= n; t++) {
    if (!ok[t]) continue;
    // Count a shift once, at its largest window difference.
    let isPeak = true;
    for (let k = Math.max(w, t - w); k <= Math.min(n - w, t + w); k++) {
      if (k !== t && ok[k] && Math.sign(d[k]) === Math.sign(d[t]) && (Math.abs(d[k]) > Math.abs(d[t]) || (Math.abs(d[k]) === Math.abs(d[t]) && k < t)))
        isPeak = false;
    }
    if (!isPeak) continue;
    if (d[t] < 0) {
      down++;
      drops.push(1 - Math.exp(d[t]));
    } else up++;
  }
  drops.sort((a, b) => a - b);
  return { down, up, dropSize: drops.length ? median(drops) : null };
}

/** e[i] - e[i - 1] into diffs[i - 1]. */
function differences(e: Float64Array, diffs: Float64Array): void {
  for (let i = 1; i < e.length; i++) diffs[i - 1] = e[i] - e[i - 1];
}

/**
 * The sums of e and of lx over each window of w intervals from t, each added up from its first
 * value to its last: the window after t is the window before t + w, the very same sum, so each
 * is added up once.
 */
function windowSums(e: Float64Array, lx: Float64Array, w: number, se: Float64Array, sx: Float64Array): void {
  const n = e.length;
  for (let t = 0; t + w <= n; t++) {
    let a = 0;
    let b = 0;
    for (let k = 0; k < w; k++) {
      a += e[t + k];
      b += lx[t + k];
    }
    se[t] = a;
    sx[t] = b;
  }
}

/** The difference of the window means after and before t (d), and whether it is a shift at steady throughput (ok). */
function shiftCandidates(se: Float64Array, sx: Float64Array, w: number, n: number, threshold: number, steady: number, d: Float64Array, ok: Uint8Array): void {
  for (let t = w; t + w <= n; t++) {
    d[t] = (se[t] - se[t - w]) / w;
    ok[t] = Math.abs(d[t]) > threshold && Math.abs(sx[t] - sx[t - w]) / w < steady ? 1 : 0;
  }
}

/** Whether log keeps distinct values of x apart (then lx = log x has x's stable order), from x's order. */
function logKeepsOrder(x: Float64Array, lx: Float64Array, order: Int32Array): boolean {
  for (let k = 1; k < order.length; k++) {
    const i = order[k];
    const j = order[k - 1];
    if (x[i] !== x[j] && lx[i] === lx[j]) return false;
  }
  return true;
}

/** Compute the pattern features of a series (x throughput, y response, in time order). */
export function patternFeatures(x: Float64Array, y: Float64Array, thresholds: PatternThresholds = defaultPatternThresholds): PatternFeatures {
  const { general: g, oscillating: o, looping: l } = thresholds;
  const n = x.length;
  const lx = x.map(Math.log);
  const ly = y.map(Math.log);
  // Two stable orders serve every sort below: the quantiles, the ranks and the trend bins.
  const scratch = new StableOrderScratch();
  const orderX = stableOrder(x, scratch);
  const orderY = stableOrder(y, scratch);
  const xs = permuted(x, orderX);
  const ySorted = permuted(y, orderY);
  // The 5th and 95th percentiles define xP5 and xP95 (and the trend positions), as named.
  const xP5 = quantileSorted(xs, 0.05);
  const xP95 = quantileSorted(xs, 0.95);
  const xMax = xs[n - 1];
  const yMed = median(ySorted);

  // Starvation: high response at low throughput, and Little's law there.
  const starved: number[] = [];
  let episodes = 0;
  let prev = false;
  for (let i = 0; i < n; i++) {
    const s = y[i] > o.starvedResponse * yMed && x[i] < o.starvedThroughput * xP95;
    if (s) starved.push(i);
    if (s && !prev) episodes++;
    prev = s;
  }
  let littleConstancy: number | null = null;
  let littleProduct: number | null = null;
  if (starved.length >= o.minStarved) {
    const lp = Float64Array.from(starved, (i) => lx[i] + ly[i]);
    const lys = Float64Array.from(starved, (i) => ly[i]);
    const sy = sd(lys);
    littleConstancy = sy > 0 ? 1 - sd(lp) / sy : 0;
    littleProduct = Math.exp(median(lp.sort()));
  }

  const high: number[] = [];
  for (let i = 0; i < n; i++) if (y[i] > o.slopeResponse * yMed) high.push(i);
  const littleSlope =
    high.length >= o.minSlopeIntervals
      ? olsSlope(
          Float64Array.from(high, (i) => lx[i]),
          Float64Array.from(high, (i) => ly[i]),
        )
      : null;

  // Trend of log response on log throughput, and the residuals around it.
  const bins = Math.max(g.trendBins.min, Math.min(g.trendBins.max, Math.floor(n / g.trendBins.perBin)));
  const { kx, ky } = trendKnots(lx, ly, bins, logKeepsOrder(x, lx, orderX) ? orderX : stableOrder(lx, scratch));
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) e[i] = ly[i] - interpolate(kx, ky, lx[i]);
  const madY = mad(ly);
  const band = mad(e);
  const residualShare = madY > 0 ? Math.min(1, (band * band) / (madY * madY)) : 0;
  // Short windows find frequent shifts in quiet data; long ones find them under heavy noise.
  const short = levelShifts(e, lx, l.windows[0], l);
  const long = levelShifts(e, lx, l.windows[1], l);
  const shifts = long.down + long.up > short.down + short.up ? long : short;

  const at = (v: number) => Math.exp(interpolate(kx, ky, Math.log(v)));
  // The queueing curve through the trend (its knots: robust to the intervals' noise, and cheap).
  const knee = fitCapacityCurve(
    kx.map((v) => Math.exp(v)),
    ky.map((v) => Math.exp(v)),
  );
  return {
    n,
    spearman: spearman(x, y, orderX, orderY),
    starvedShare: starved.length / n,
    littleConstancy,
    littleSlope,
    littleProduct,
    starvedEpisodes: episodes,
    xP5,
    xP95,
    xMax,
    residualShare,
    residualPersistence: lag1(e),
    band,
    shiftsDown: shifts.down,
    shiftsUp: shifts.up,
    dropSize: shifts.dropSize,
    trendLow: at(xP5),
    trendMid: at((xP5 + xP95) / 2), // the middle of the range (arithmetic)
    trendHigh: at(xP95),
    kneeSharpness: knee.ok ? knee.m : null,
    kneeUtilisation: knee.ok ? xP95 / knee.capacity! : null,
  };
}
