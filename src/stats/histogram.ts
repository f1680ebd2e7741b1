import { type BinRule, sturges } from "./bin-rules.js";
import { medianSorted } from "./median.js";
import { pretty } from "./pretty.js";
import { type BinLookup, binLookup, binOf } from "./bin-lookup.js";

/** A histogram as R's `hist()` returns it: `counts[i]` falls in (breaks[i], breaks[i+1]]. */
export interface Histogram {
  breaks: number[];
  counts: number[];
  mids: number[];
  density: number[];
}

/**
 * Options of `histogram` and `binIndex`, with R's `hist()` defaults (`defaultHistogramOptions`).
 */
export interface HistogramOptions {
  /**
   * A bin rule (`sturges`, `scott`, `freedmanDiaconis` or your own), a suggested number of
   * bins, or explicit break points. Rules and counts give `pretty(range(x), n, min.n = 1)`
   * breaks. Default `sturges` (R's `breaks = "Sturges"`).
   */
  breaks?: BinRule | number | readonly number[];
  /** Bins are right-closed (a, b] when true, left-closed [a, b) when false. Default true. */
  right?: boolean;
  /**
   * The lowest bin (right = true) or the highest (right = false) is closed at both ends.
   * Default true. As in R it is only honoured with explicit breaks (R warns and uses true
   * otherwise).
   */
  includeLowest?: boolean;
  /** Relative fuzz moving breaks off data values (R's `fuzz`), >= 0. Default 1e-7. */
  fuzz?: number;
}

/** R's `hist()` defaults. */
export const defaultHistogramOptions = {
  breaks: sturges,
  right: true,
  includeLowest: true,
  fuzz: 1e-7,
} as const satisfies Required<HistogramOptions>;

/** The finite values, in order: `values` itself (read, never changed) when it is a Float64Array of finite values only. */
function finiteValues(values: ArrayLike<number>): Float64Array {
  if (values instanceof Float64Array && firstNonFinite(values) === values.length) return values;
  const out = new Float64Array(values.length);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[k++] = values[i];
  return k === out.length ? out : out.slice(0, k);
}

/** The index of the first value that is not finite (values.length when all are). */
function firstNonFinite(values: Float64Array): number {
  let i = 0;
  while (i < values.length && Number.isFinite(values[i])) i++;
  return i;
}

// The range the last rangeLoop found (module variables: set after its loop without type feedback,
// so V8's code for the loop stays valid from call to call).
let rangeLo = Infinity;
let rangeHi = -Infinity;

function rangeLoop(x: ArrayLike<number>): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  rangeLo = lo;
  rangeHi = hi;
}

function rangeOf(x: ArrayLike<number>): [number, number] {
  rangeLoop(x);
  return [rangeLo, rangeHi];
}

interface ResolvedBreaks {
  breaks: number[];
  /** False when the breaks came from a rule or a count (R: `use.br` false). */
  explicit: boolean;
}

/** The break points R's `hist.default` uses for these finite values. */
function resolveBreaks(x: Float64Array, spec: BinRule | number | readonly number[]): ResolvedBreaks {
  if (typeof spec !== "number" && typeof spec !== "function") {
    if (spec.length < 2) {
      throw new RangeError(`histogram: explicit breaks need at least 2 values, got ${spec.length}`);
    }
    const breaks = Array.from(spec).sort((a, b) => a - b);
    for (let i = 0; i < breaks.length; i++) {
      if (!Number.isFinite(breaks[i])) throw new RangeError(`histogram: break ${breaks[i]} is not finite`);
      if (i > 0 && !(breaks[i] > breaks[i - 1])) {
        throw new RangeError(`histogram: breaks must be strictly increasing, ${breaks[i]} repeats`);
      }
    }
    return { breaks, explicit: true };
  }
  const count = typeof spec === "function" ? spec(x) : spec;
  const [lo, hi] = rangeOf(x);
  return { breaks: breaksFromCount(count, lo, hi), explicit: false };
}

/** R's breaks from a suggested bin count and the range of the finite values: pretty(range, n, min.n = 1). */
function breaksFromCount(suggested: number, lo: number, hi: number): number[] {
  let count = suggested;
  if (typeof count !== "number" || !Number.isFinite(count) || count < 1) {
    throw new RangeError(`histogram: invalid number of breaks ${count}`);
  }
  if (count > 1e6) count = 1e6; // R warns and caps
  const breaks = pretty(lo, hi, Math.trunc(count), 1);
  if (breaks.length <= 1) throw new RangeError(`histogram: pretty() error, breaks = ${breaks.join(", ")}`);
  for (let i = 1; i < breaks.length; i++) {
    if (!(breaks[i] > breaks[i - 1])) throw new RangeError("histogram: 'breaks' are not strictly increasing");
  }
  return breaks;
}

/**
 * R's fuzzy breaks: each break moved by `diddle` = fuzz * (median(diff(breaks)) when more
 * than 5 breaks, diff(range(x)) = `spread()` when at most 3, else the smallest positive bin width), up
 * for right-closed bins and down for left-closed ones, the closed end outwards.
 */
function fuzzyBreaks(breaks: readonly number[], spread: () => number, right: boolean, includeLowest: boolean, fuzz: number): Float64Array {
  const nB = breaks.length;
  const h = new Float64Array(nB - 1);
  for (let i = 0; i < nB - 1; i++) h[i] = breaks[i + 1] - breaks[i];
  let scale: number;
  if (nB > 5) {
    scale = medianSorted(Float64Array.from(h).sort());
  } else if (nB <= 3) {
    scale = spread();
  } else {
    scale = Infinity;
    for (const w of h) if (w > 0 && w < scale) scale = w;
  }
  const diddle = fuzz * scale;
  const out = new Float64Array(nB);
  if (right) {
    out[0] = breaks[0] + (includeLowest ? -diddle : diddle);
    for (let i = 1; i < nB; i++) out[i] = breaks[i] + diddle;
  } else {
    for (let i = 0; i < nB - 1; i++) out[i] = breaks[i] - diddle;
    out[nB - 1] = breaks[nB - 1] + (includeLowest ? diddle : -diddle);
  }
  return out;
}

/** diff(range(x)) of finite values, NaN when there are none (R: diff(range(numeric(0))) is -Inf, then no bins). */
function finiteSpread(x: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) continue;
    n++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return n > 0 ? hi - lo : NaN;
}

// What the last countLoop counted (a module variable: set after its loop without type feedback).
let countedValues = 0;

/** Counts of the values per bin (C_BinCount); countedValues: how many fell inside the breaks. */
function countLoop(x: Float64Array, L: BinLookup, counts: Float64Array): void {
  let counted = 0;
  for (let i = 0; i < x.length; i++) {
    const b = binOf(x[i], L);
    if (b >= 0) {
      counts[b]++;
      counted++;
    }
  }
  countedValues = counted;
}

function checkFuzz(fuzz: number): void {
  if (!(fuzz >= 0)) throw new RangeError(`histogram: fuzz must be non-negative, got ${fuzz}`);
}

/**
 * Histogram exactly as R 4.2's `hist(x, breaks, right, include.lowest, fuzz, plot = FALSE)`
 * (`graphics:::hist.default`) computes it:
 *
 * ```
 * x (finite values only)
 *   -> breaks: rule(x) or a count -> pretty(range(x), n, min.n = 1)  | explicit, sorted
 *   -> fuzzy breaks (R's "diddle", 1e-7 of a typical bin width)
 *   -> counts (C_BinCount: binary search, right-closed, lowest bin closed)
 *   -> density = counts / (n * diff(breaks)), mids = (b[i] + b[i + 1]) / 2
 * ```
 *
 * `counts[i]` counts values in (breaks[i], breaks[i+1]] (right = true; [.., ..) otherwise).
 * NaN and ±Infinity are dropped, as `hist()` drops them; n is the number of finite values.
 * Throws a RangeError when no finite values remain (R: "invalid number of 'breaks'", or zero
 * counts with explicit breaks — rejected here), when explicit breaks do not span the data
 * (R: "some 'x' not counted; maybe 'breaks' do not span range of 'x'"), when explicit breaks
 * have fewer than 2 values, repeat or are not finite, when a rule or count gives fewer than 1
 * bin, or when fuzz is negative. The input is never modified.
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  const spec = options.breaks ?? defaultHistogramOptions.breaks;
  const right = options.right ?? defaultHistogramOptions.right;
  const fuzz = options.fuzz ?? defaultHistogramOptions.fuzz;
  checkFuzz(fuzz);
  const x = finiteValues(values);
  const n = x.length;
  if (n === 0) throw new RangeError("histogram: no finite values");
  const { breaks, explicit } = resolveBreaks(x, spec);
  const includeLowest = explicit ? (options.includeLowest ?? defaultHistogramOptions.includeLowest) : true;
  const fb = fuzzyBreaks(breaks, () => finiteSpread(x), right, includeLowest, fuzz);
  const binCounts = new Float64Array(breaks.length - 1);
  countLoop(x, binLookup(fb, right, includeLowest), binCounts);
  return histogramOf(breaks, binCounts, n, countedValues);
}

/** The histogram of n finite values of which `counted` fell inside the breaks, `binCounts` per bin: R's counts, density and mids (every value must be counted). */
function histogramOf(breaks: number[], binCounts: Float64Array, n: number, counted: number): Histogram {
  const nB = breaks.length;
  const counts = Array.from(binCounts);
  if (counted < n) {
    throw new RangeError(
      `histogram: ${n - counted} of ${n} values fall outside the breaks [${breaks[0]}, ${breaks[nB - 1]}]; ` + "the breaks must span the range of the data",
    );
  }
  const density = new Array<number>(nB - 1);
  const mids = new Array<number>(nB - 1);
  for (let i = 0; i < nB - 1; i++) {
    density[i] = counts[i] / (n * (breaks[i + 1] - breaks[i]));
    mids[i] = 0.5 * (breaks[i + 1] + breaks[i]);
  }
  return { breaks, counts, mids, density };
}

/**
 * `histogram(values)` with R's defaults (Sturges, right-closed, fuzz 1e-7) taken apart, for
 * values the caller knows to be n finite values between `lo` and `hi` (their extremes): the
 * breaks and the lookup its counts use (`binOf(v, lookup)`), so that a caller can count in a
 * pass of its own, and `finish(binCounts, counted)` makes the histogram that `histogram(values)`
 * gives from the counts. The range, the count and the finiteness checks are then the caller's.
 * @internal
 */
export function sturgesHistogram(
  n: number,
  lo: number,
  hi: number,
): { breaks: number[]; lookup: BinLookup; finish(binCounts: Float64Array, counted: number): Histogram } {
  if (n === 0) throw new RangeError("histogram: no finite values");
  const fuzz = defaultHistogramOptions.fuzz;
  // Sturges' rule (bin-rules.ts) on n finite values.
  const breaks = breaksFromCount(Math.ceil(Math.log2(n) + 1), lo, hi);
  const fb = fuzzyBreaks(breaks, () => hi - lo, true, true, fuzz);
  return { breaks, lookup: binLookup(fb, true, true), finish: (binCounts, counted) => histogramOf(breaks, binCounts, n, counted) };
}

/**
 * The 0-based bin of each value under exactly the rule `histogram` counts with (R's fuzzy
 * breaks and C_BinCount), for breaks a histogram returned (or any strictly increasing
 * breaks): -1 for values outside the breaks and for NaN / ±Infinity. The fuzz is computed from
 * the finite values given, as `histogram` does, so `binIndex(x, histogram(x).breaks)` agrees
 * with `histogram(x).counts` value by value. Pass the same `right`, `includeLowest` and
 * `fuzz` the histogram used (a rule or count always includes the lowest; `includeLowest`
 * defaults to true here as there). Inputs are never modified.
 */
export function binIndex(values: ArrayLike<number>, breaks: readonly number[], options: Omit<HistogramOptions, "breaks"> = {}): Int32Array {
  const L = binLookupOf(values, breaks, options);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = binOf(values[i], L);
  return out;
}

/**
 * The lookup `binIndex` uses (see src/stats/bin-lookup.ts): `binOf(v, binLookupOf(values, breaks))`
 * is `binIndex(values, breaks)` at a value of `values`, one value at a time. The options are
 * those of binIndex.
 */
export function binLookupOf(values: ArrayLike<number>, breaks: readonly number[], options: Omit<HistogramOptions, "breaks"> = {}): BinLookup {
  const right = options.right ?? defaultHistogramOptions.right;
  const includeLowest = options.includeLowest ?? defaultHistogramOptions.includeLowest;
  const fuzz = options.fuzz ?? defaultHistogramOptions.fuzz;
  checkFuzz(fuzz);
  const { breaks: sorted } = resolveBreaks(new Float64Array(0), breaks);
  const fb = fuzzyBreaks(sorted, () => finiteSpread(values), right, includeLowest, fuzz);
  return binLookup(fb, right, includeLowest);
}
