/**
 * The headroom analysis: everything the headroom plot shows, computed as R's
 * `chp()` (Cockcroft, 2008) does.
 *
 *   clean ---------> trim ---------------> histograms ------> staircase -------> fit
 *   drop rows with   keep response <       R hist() breaks    largest response   glm(y ~ x,
 *   a zero or        quantile(resp, q)     (Sturges, pretty)  in each throughput inverse.gaussian,
 *   missing value    (and throughput when  of both            bin (same bins as  weights = x)
 *                    qx); q >= 1 keeps all                    the histogram)
 *
 * Pure: no I/O, never prints; throws `DataError` when too little data is left.
 */
import { DataError } from "../errors.js";
import { message, reliabilityMessage as rm } from "../messages.js";
import { quantile } from "../stats/quantile.js";
import { histogram, binLookupOf } from "../stats/histogram.js";
import { type BinLookup, binOf } from "../stats/bin-lookup.js";
import { fitInverseGaussianGlm } from "../stats/glm-inverse-gaussian.js";
import type { AnalyzeOptions, GlmFit, HeadroomAnalysis } from "./types.js";
import { sharedFloat64 } from "../util/shared-memory.js";

/** Defaults: trim at the 95th percentile of response (as R's chp), throughput untrimmed, fit on. */
export const defaultAnalyzeOptions: AnalyzeOptions = { q: 0.95, qx: false, fit: true };

export interface HeadroomInput {
  throughput: ArrayLike<number>;
  response: ArrayLike<number>;
  /** Epoch seconds per row, or null. */
  time?: ArrayLike<number> | null;
  /** Names the input in error messages. */
  file?: string;
}

const noFit: GlmFit = { ok: false, reason: "fit not requested", intercept: null, slope: null, converged: false, iterations: 0, deviance: null };

/**
 * Rows where both values are present and non-zero (R's chp drops zeros; missing values cannot be
 * plotted); null when every row is (no index array then: the common case of a clean file).
 */
function nonZeroRows(x: ArrayLike<number>, y: ArrayLike<number>): Int32Array | null {
  const n = x.length;
  let first = 0;
  while (first < n && x[first] !== 0 && y[first] !== 0 && !Number.isNaN(x[first]) && !Number.isNaN(y[first])) first++;
  if (first === n) return null;
  const rows = new Int32Array(n);
  for (let i = 0; i < first; i++) rows[i] = i;
  let k = first;
  for (let i = first + 1; i < n; i++) {
    const xi = x[i];
    const yi = y[i];
    if (xi !== 0 && yi !== 0 && !Number.isNaN(xi) && !Number.isNaN(yi)) rows[k++] = i;
  }
  return rows.subarray(0, k);
}

/** values[rows[i]] for each i (every value when rows is null), as a new array. */
function pick(values: ArrayLike<number>, rows: Int32Array | null): Float64Array {
  const out = new Float64Array(rows === null ? values.length : rows.length);
  if (rows === null) {
    out.set(values);
    return out;
  }
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

/** The values at `rows` to read (not to keep or change): the column itself when every row is used and it is a Float64Array. */
function view(values: ArrayLike<number>, rows: Int32Array | null): Float64Array {
  return rows === null && values instanceof Float64Array ? values : pick(values, rows);
}

/** The trim: rows kept when response < y (when byY) and throughput < x (when byX); byY false keeps all. */
interface Cut {
  byY: boolean;
  y: number;
  byX: boolean;
  x: number;
}

/** The cutoffs of the trim: response < quantile(response, q) (and throughput likewise when qx); q >= 1 keeps all. */
function cutoffs(x: Float64Array, y: Float64Array, q: number, qx: boolean) {
  if (q >= 1) return { responseCutoff: null, throughputCutoff: null };
  return { responseCutoff: quantile(y, q), throughputCutoff: qx ? quantile(x, q) : null };
}

/** How many of the clean rows the trim keeps: response below yCut and, when `byX`, throughput below xCut. */
function keptCount(x: Float64Array, y: Float64Array, yCut: number, byX: boolean, xCut: number): number {
  let k = 0;
  for (let i = 0; i < y.length; i++) if (y[i] < yCut && (!byX || x[i] < xCut)) k++;
  return k;
}

/**
 * The kept rows, in one pass: their input row, throughput and response (in shared memory, for the
 * bootstrap's worker) and time. `clean` maps clean rows to input rows (null: the same).
 */
function keptRows(input: HeadroomInput, clean: Int32Array | null, x: Float64Array, y: Float64Array, cut: Cut, kept: number) {
  const row = new Int32Array(kept);
  const kx = sharedFloat64(kept);
  const ky = sharedFloat64(kept);
  const t = input.time ? sharedFloat64(kept) : null;
  fillKept(x, y, cut.byY, cut.y, cut.byX, cut.x, clean, row, kx, ky);
  if (t !== null) pickInto(input.time!, row, t);
  return { row, x: kx, y: ky, t };
}

function fillKept(
  x: Float64Array,
  y: Float64Array,
  byY: boolean,
  yCut: number,
  byX: boolean,
  xCut: number,
  clean: Int32Array | null,
  row: Int32Array,
  kx: Float64Array,
  ky: Float64Array,
): void {
  let k = 0;
  for (let i = 0; i < y.length; i++) {
    if (byY && !(y[i] < yCut && (!byX || x[i] < xCut))) continue;
    row[k] = clean === null ? i : clean[i];
    kx[k] = x[i];
    ky[k] = y[i];
    k++;
  }
}

function pickInto(values: ArrayLike<number>, rows: Int32Array, out: Float64Array): void {
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
}

/** The largest response in each throughput bin; null for an empty bin. */
export function maxStaircase(x: ArrayLike<number>, y: ArrayLike<number>, breaks: readonly number[]): (number | null)[] {
  const max = new Float64Array(breaks.length - 1);
  const seen = new Uint8Array(breaks.length - 1);
  staircaseLoop(x, y, binLookupOf(x, breaks), max, seen);
  return Array.from(max, (m, b) => (seen[b] === 1 ? m : null));
}

/** The largest y per bin of x into `max` (`seen[b]` = 1 once bin b has a value; the first value counts even if NaN). */
function staircaseLoop(x: ArrayLike<number>, y: ArrayLike<number>, L: BinLookup, max: Float64Array, seen: Uint8Array): void {
  for (let i = 0; i < x.length; i++) {
    const b = binOf(x[i], L);
    if (b < 0) continue;
    if (seen[b] === 0 || y[i] > max[b]) {
      max[b] = y[i];
      seen[b] = 1;
    }
  }
}

/**
 * Analyse one throughput/response series for the headroom plot. `onRows` is given the kept rows
 * (in shared memory) as soon as they are known, before the histograms and the fit: a caller can
 * start work on them elsewhere (the headroom estimate on a worker thread) meanwhile.
 */
export function analyzeHeadroom(
  input: HeadroomInput,
  options: Partial<AnalyzeOptions> = {},
  onRows?: (rows: Pick<HeadroomAnalysis, "x" | "y" | "t" | "throughputPeak" | "usable">) => void,
): HeadroomAnalysis {
  const opts: AnalyzeOptions = { ...defaultAnalyzeOptions, ...options };
  if (!(opts.q > 0) || Number.isNaN(opts.q)) throw new RangeError(message.badQ(opts.q));
  const { throughput, response, file } = input;
  if (throughput.length !== response.length) throw new RangeError("throughput and response have different lengths");

  const clean = nonZeroRows(throughput, response);
  const usable = clean === null ? throughput.length : clean.length;
  if (usable < 2) throw new DataError(message.tooFewRows(usable, "after dropping rows with a zero or missing value"), { file });
  const cleanX = view(throughput, clean);
  const cleanY = view(response, clean);
  let throughputPeak = -Infinity;
  for (let i = 0; i < cleanX.length; i++) if (cleanX[i] > throughputPeak) throughputPeak = cleanX[i];
  const { responseCutoff, throughputCutoff } = cutoffs(cleanX, cleanY, opts.q, opts.qx);
  const cut: Cut = { byY: responseCutoff !== null, y: responseCutoff ?? 0, byX: throughputCutoff !== null, x: throughputCutoff ?? 0 };
  const kept = cut.byY ? keptCount(cleanX, cleanY, cut.y, cut.byX, cut.x) : usable;
  if (kept < 2) {
    // Ties at the cutoff (a constant response) drop every row: say so, and how to keep them.
    const hint = cleanY.every((v) => v === cleanY[0]) ? rm.trimmedTies(cleanY[0]) : rm.trimmedMost();
    throw new DataError(`${message.tooFewRows(kept, `after trimming at the ${opts.q} quantile`)}; ${hint}`, { file });
  }

  // The kept rows in shared memory: worker threads read them without a copy (the headroom estimate).
  const { row, x, y, t } = keptRows(input, clean, cleanX, cleanY, cut, kept);
  onRows?.({ x, y, t, throughputPeak, usable });
  const throughputHist = histogram(x);
  const responseHist = histogram(y);
  const maxCurve = maxStaircase(x, y, throughputHist.breaks);
  const fit = opts.fit ? fitInverseGaussianGlm(x, y) : noFit;

  return {
    rows: throughput.length,
    kept: row.length,
    usable,
    throughputPeak,
    options: opts,
    x,
    y,
    t,
    row,
    responseCutoff,
    throughputCutoff,
    throughputHist,
    responseHist,
    maxCurve,
    fit,
  };
}
