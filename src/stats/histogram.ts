import { type BinRule, sturges } from "./bin-rules.js";
import { medianSorted } from "./median.js";
import { pretty } from "./pretty.js";

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
  if (values instanceof Float64Array) {
    let i = 0;
    while (i < values.length && Number.isFinite(values[i])) i++;
    if (i === values.length) return values;
  }
  const out = new Float64Array(values.length);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[k++] = values[i];
  return k === out.length ? out : out.slice(0, k);
}

function rangeOf(x: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  return [lo, hi];
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
  let count = typeof spec === "function" ? spec(x) : spec;
  if (typeof count !== "number" || !Number.isFinite(count) || count < 1) {
    throw new RangeError(`histogram: invalid number of breaks ${count}`);
  }
  if (count > 1e6) count = 1e6; // R warns and caps
  const [lo, hi] = rangeOf(x);
  const breaks = pretty(lo, hi, Math.trunc(count), 1);
  if (breaks.length <= 1) throw new RangeError(`histogram: pretty() error, breaks = ${breaks.join(", ")}`);
  for (let i = 1; i < breaks.length; i++) {
    if (!(breaks[i] > breaks[i - 1])) throw new RangeError("histogram: 'breaks' are not strictly increasing");
  }
  return { breaks, explicit: false };
}

/**
 * R's fuzzy breaks: each break moved by `diddle` = fuzz * (median(diff(breaks)) when more
 * than 5 breaks, diff(range(x)) when at most 3, else the smallest positive bin width), up
 * for right-closed bins and down for left-closed ones, the closed end outwards.
 */
function fuzzyBreaks(breaks: readonly number[], x: ArrayLike<number>, right: boolean, includeLowest: boolean, fuzz: number): Float64Array {
  const nB = breaks.length;
  const h = new Float64Array(nB - 1);
  for (let i = 0; i < nB - 1; i++) h[i] = breaks[i + 1] - breaks[i];
  let scale: number;
  if (nB > 5) {
    scale = medianSorted(Float64Array.from(h).sort());
  } else if (nB <= 3) {
    const [lo, hi] = rangeOf(x);
    scale = x.length ? hi - lo : NaN; // R: diff(range(numeric(0))) is -Inf
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

/**
 * R's C_BinCount for one value: the 0-based bin in fuzzy breaks `fb` by binary search,
 * or -1 when outside. Right-closed bins take a value equal to an inner break into the lower
 * bin; left-closed into the upper.
 */
function binOf(v: number, fb: Float64Array, right: boolean, includeBorder: boolean): number {
  const nb1 = fb.length - 1;
  if (!Number.isFinite(v)) return -1;
  if (!(fb[0] <= v && (v < fb[nb1] || (v === fb[nb1] && includeBorder)))) return -1;
  let lo = 0;
  let hi = nb1;
  while (hi - lo >= 2) {
    const mid = (hi + lo) >>> 1;
    if (v > fb[mid] || (!right && v === fb[mid])) lo = mid;
    else hi = mid;
  }
  return lo;
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
  const fb = fuzzyBreaks(breaks, x, right, includeLowest, fuzz);
  const nB = breaks.length;
  const counts = new Array<number>(nB - 1).fill(0);
  let counted = 0;
  for (let i = 0; i < n; i++) {
    const b = binOf(x[i], fb, right, includeLowest);
    if (b >= 0) {
      counts[b]++;
      counted++;
    }
  }
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
 * The 0-based bin of each value under exactly the rule `histogram` counts with (R's fuzzy
 * breaks and C_BinCount), for breaks a histogram returned (or any strictly increasing
 * breaks): -1 for values outside the breaks and for NaN / ±Infinity. The fuzz is computed from
 * the finite values given, as `histogram` does, so `binIndex(x, histogram(x).breaks)` agrees
 * with `histogram(x).counts` value by value. Pass the same `right`, `includeLowest` and
 * `fuzz` the histogram used (a rule or count always includes the lowest; `includeLowest`
 * defaults to true here as there). Inputs are never modified.
 */
export function binIndex(values: ArrayLike<number>, breaks: readonly number[], options: Omit<HistogramOptions, "breaks"> = {}): Int32Array {
  const right = options.right ?? defaultHistogramOptions.right;
  const includeLowest = options.includeLowest ?? defaultHistogramOptions.includeLowest;
  const fuzz = options.fuzz ?? defaultHistogramOptions.fuzz;
  checkFuzz(fuzz);
  const { breaks: sorted } = resolveBreaks(new Float64Array(0), breaks);
  const fb = fuzzyBreaks(sorted, finiteValues(values), right, includeLowest, fuzz);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = binOf(values[i], fb, right, includeLowest);
  return out;
}
