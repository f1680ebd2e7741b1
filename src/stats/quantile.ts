/**
 * Sample quantiles, the nine Hyndman & Fan (1996) definitions exactly as R 4.2's
 * `stats:::quantile.default` computes them (same arithmetic, same order of operations,
 * same fuzz), so the results are bit-for-bit R's.
 *
 * - Types 1-3 (discontinuous): with nppm = n*p (type 3: n*p - 0.5) and j = floor(nppm),
 *   type 1 (inverse of the empirical CDF) takes x[j+1] when nppm > j else x[j]; type 2
 *   (averaging at discontinuities) takes the mean of both when nppm == j; type 3 (nearest
 *   even order statistic, SAS) takes x[j] only when nppm == j and j is even.
 * - Types 4-9 (continuous): p(k) = (k - a) / (n + 1 - a - b) with (a, b) = (0, 1), (.5, .5),
 *   (0, 0), (1, 1), (1/3, 1/3), (3/8, 3/8); nppm = a + p(n + 1 - a - b), j = floor(nppm + fuzz),
 *   h = nppm - j (set to 0 when |h| < fuzz), fuzz = 4 * DBL_EPSILON.
 * - Type 7 (R's and S's default, Excel's PERCENTILE.INC): index = 1 + (n - 1) p, lo =
 *   floor(index), hi = ceiling(index); x[lo], or (1 - h) x[lo] + h x[hi] with h = index - lo
 *   when index > lo and x[hi] != x[lo] — that arithmetic form, as R writes it.
 *
 * NaN values are skipped (R's `na.rm = TRUE`); ±Infinity is kept, as R keeps it. No values
 * gives NaN (R gives NA). p must lie in [0, 1]; values within R's 100 * DBL_EPSILON outside
 * are clamped, anything else (and NaN) throws a RangeError. Inputs are never modified.
 */
import { nonNaNCopy, orderStatistics, orderStatisticsByBuckets, type ValueRange } from "./select.js";

/** The nine Hyndman-Fan sample quantile definitions, numbered as R's `type` argument. */
export type QuantileType = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** Options of `quantile` / `quantiles`. */
export interface QuantileOptions {
  /** Hyndman-Fan definition, as R's `type`. */
  type?: QuantileType;
}

/** Defaults of `QuantileOptions`: type 7, R's default. */
export const defaultQuantileOptions: Required<QuantileOptions> = { type: 7 };

const EPS = 2.220446049250313e-16; // .Machine$double.eps
const P_EPS = 100 * EPS;
const FUZZ = 4 * EPS;

/** R's probs check and clamp: |p outside [0,1]| <= 100 eps is clamped, beyond that throws. */
function checkP(p: number): number {
  if (typeof p !== "number" || p !== p || p < -P_EPS || p > 1 + P_EPS) {
    throw new RangeError(`quantile probability must lie in [0, 1], got ${p}`);
  }
  return Math.max(0, Math.min(1, p));
}

function checkType(type: number): QuantileType {
  if (!Number.isInteger(type) || type < 1 || type > 9) {
    throw new RangeError(`quantile type must be an integer from 1 to 9, got ${type}`);
  }
  return type as QuantileType;
}

/**
 * Quantile of already sorted data (ascending, no NaN; ±Infinity allowed) — the R
 * `quantile(x, p, type = type)` definition, without sorting. Empty input gives NaN.
 * Throws a RangeError for p outside [0, 1] or an invalid type.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number, type: QuantileType = 7): number {
  return quantileOf((i) => sorted[i], sorted.length, p, type);
}

/**
 * Several quantiles of the same data from one `orderStatistics` (src/stats/select.ts): the
 * values `quantiles` gives, by selecting the few order statistics they read instead of sorting.
 */
export function quantilesBySelection(values: ArrayLike<number>, ps: readonly number[], type: QuantileType = 7): number[] {
  checkType(type);
  for (const p of ps) checkP(p);
  const s = orderStatisticsByBuckets(values, (n) => ranksRead(n, ps, type)) ?? orderStatistics(values);
  return ps.map((p) => quantileOf(s.at, s.n, p, type));
}

/** The order statistics (0-based ranks) the quantiles `ps` of n values read. */
function ranksRead(n: number, ps: readonly number[], type: QuantileType): number[] {
  const ranks: number[] = [];
  const record = (i: number) => {
    ranks.push(i);
    return 0;
  };
  for (const p of ps) quantileOf(record, n, p, type);
  return ranks;
}

/** The quantile from the order statistics: `at(i)` is the value a sorted copy of the n values holds at index i. */
function quantileOf(at: (i: number) => number, n: number, p: number, type: QuantileType): number {
  const pp = checkP(p);
  const t = checkType(type);
  if (n === 0) return NaN;
  if (t === 7) {
    const index = 1 + Math.max(n - 1, 0) * pp;
    const lo = Math.floor(index);
    const hi = Math.ceil(index);
    const xlo = at(lo - 1);
    const xhi = at(hi - 1);
    if (index > lo && xhi !== xlo) {
      const h = index - lo;
      return (1 - h) * xlo + h * xhi;
    }
    return xlo;
  }
  let j: number;
  let h: number;
  if (t <= 3) {
    const nppm = t === 3 ? n * pp - 0.5 : n * pp;
    j = Math.floor(nppm);
    if (t === 1) h = nppm > j ? 1 : 0;
    else if (t === 2) h = ((nppm > j ? 1 : 0) + 1) / 2;
    else h = nppm !== j || ((j % 2) + 2) % 2 === 1 ? 1 : 0;
  } else {
    let a: number;
    let b: number;
    switch (t) {
      case 4:
        a = 0;
        b = 1;
        break;
      case 5:
        a = b = 0.5;
        break;
      case 6:
        a = b = 0;
        break;
      case 8:
        a = b = 1 / 3;
        break;
      case 9:
        a = b = 3 / 8;
        break;
      default:
        a = b = 1;
        break; // 7 handled above; kept for completeness
    }
    const nppm = a + pp * (n + 1 - a - b);
    j = Math.floor(nppm + FUZZ);
    h = nppm - j;
    if (Math.abs(h) < FUZZ) h = 0;
  }
  // R pads x as c(x[1], x[1], x, x[n], x[n]) and reads x[j + 2] and x[j + 3].
  const xlo = at(Math.min(Math.max(j, 1), n) - 1);
  const xhi = at(Math.min(Math.max(j + 1, 1), n) - 1);
  if (h === 1) return xhi;
  if (0 < h && h < 1 && xlo !== xhi) return (1 - h) * xlo + h * xhi;
  return xlo;
}

/**
 * A sorted copy of the finite values: NaN and ±Infinity dropped, ascending numeric order.
 * The input is never modified.
 */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  const len = values.length;
  const out = new Float64Array(len);
  let k = 0;
  for (let i = 0; i < len; i++) {
    const v = values[i];
    if (Number.isFinite(v)) out[k++] = v;
  }
  return (k === len ? out : out.slice(0, k)).sort();
}

/**
 * A sorted copy with NaN dropped and ±Infinity kept (R's `sort(x)` after `na.rm = TRUE`),
 * ascending numeric order. The input is never modified.
 */
export function sortedNonNaN(values: ArrayLike<number>): Float64Array {
  return nonNaNCopy(values).sort();
}

/**
 * Sample quantile of unsorted data, R's `quantile(x, p, type, na.rm = TRUE)` (Hyndman-Fan
 * type 7 by default). Selects the one or two order statistics it needs from a copy
 * (src/stats/select.ts) instead of sorting it: the same values, O(n). NaN skipped; empty
 * gives NaN; p outside [0, 1] throws.
 */
export function quantile(values: ArrayLike<number>, p: number, options: QuantileOptions = {}): number {
  const type = options.type ?? defaultQuantileOptions.type;
  checkP(p);
  checkType(type);
  const s = orderStatisticsByBuckets(values, (n) => ranksRead(n, [p], type)) ?? orderStatistics(values);
  return quantileOf(s.at, s.n, p, type);
}

/**
 * `quantile(values, p, options)` of values whose count (NaN not counted) and extremes the caller
 * has found in a pass of its own: the same value, without the pass that finds them. @internal
 */
export function quantileInRange(values: ArrayLike<number>, p: number, range: ValueRange, options: QuantileOptions = {}): number {
  const type = options.type ?? defaultQuantileOptions.type;
  checkP(p);
  checkType(type);
  const s = orderStatisticsByBuckets(values, (n) => ranksRead(n, [p], type), range) ?? orderStatistics(values);
  return quantileOf(s.at, s.n, p, type);
}

/**
 * `quantile(values, p, options)` selected within `values` itself, which it rearranges: for a
 * scratch array the caller owns and no longer needs in order (no copy is made of it).
 */
export function quantileOfScratch(values: Float64Array, p: number, options: QuantileOptions = {}): number {
  const type = options.type ?? defaultQuantileOptions.type;
  checkP(p);
  checkType(type);
  const s = orderStatistics(values, true);
  return quantileOf(s.at, s.n, p, type);
}

/**
 * Several sample quantiles of the same data (sorted once), R's
 * `quantile(x, ps, type, na.rm = TRUE, names = FALSE)`.
 */
export function quantiles(values: ArrayLike<number>, ps: readonly number[], options: QuantileOptions = {}): number[] {
  const type = options.type ?? defaultQuantileOptions.type;
  checkType(type);
  for (const p of ps) checkP(p);
  const sorted = sortedNonNaN(values);
  return ps.map((p) => quantileSorted(sorted, p, type));
}
