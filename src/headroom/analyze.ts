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
import { histogram, binIndex } from "../stats/histogram.js";
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
function cleanRows(x: ArrayLike<number>, y: ArrayLike<number>): Int32Array | null {
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

function allRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/** values[rows[i]] for each i (every value when rows is null), as a new array. */
function pick(values: ArrayLike<number>, rows: Int32Array | null, alloc = (n: number) => new Float64Array(n)): Float64Array {
  const out = alloc(rows === null ? values.length : rows.length);
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

/** Keep rows with response < quantile(response, q) (and throughput likewise when qx); q >= 1 keeps all. */
function trimRows(x: Float64Array, y: Float64Array, rows: Int32Array | null, q: number, qx: boolean) {
  if (q >= 1) return { rows, responseCutoff: null, throughputCutoff: null };
  const responseCutoff = quantile(y, q);
  const throughputCutoff = qx ? quantile(x, q) : null;
  const kept = new Int32Array(y.length);
  let k = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] < responseCutoff && (throughputCutoff === null || x[i] < throughputCutoff)) kept[k++] = rows === null ? i : rows[i];
  }
  return { rows: kept.subarray(0, k), responseCutoff, throughputCutoff };
}

/** The largest response in each throughput bin; null for an empty bin. */
export function maxStaircase(x: ArrayLike<number>, y: ArrayLike<number>, breaks: readonly number[]): (number | null)[] {
  const bins = binIndex(x, breaks);
  const max: (number | null)[] = new Array(breaks.length - 1).fill(null);
  for (let i = 0; i < bins.length; i++) {
    const b = bins[i];
    if (b < 0) continue;
    const m = max[b];
    if (m === null || y[i] > m) max[b] = y[i];
  }
  return max;
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

  const clean = cleanRows(throughput, response);
  const usable = clean === null ? throughput.length : clean.length;
  if (usable < 2) throw new DataError(message.tooFewRows(usable, "after dropping rows with a zero or missing value"), { file });
  const cleanX = view(throughput, clean);
  let throughputPeak = -Infinity;
  for (let i = 0; i < cleanX.length; i++) if (cleanX[i] > throughputPeak) throughputPeak = cleanX[i];
  const trimmed = trimRows(cleanX, view(response, clean), clean, opts.q, opts.qx);
  const row = trimmed.rows ?? allRows(usable);
  if (row.length < 2) {
    // Ties at the cutoff (a constant response) drop every row: say so, and how to keep them.
    const ys = view(response, clean);
    const hint = ys.every((v) => v === ys[0]) ? rm.trimmedTies(ys[0]) : rm.trimmedMost();
    throw new DataError(`${message.tooFewRows(row.length, `after trimming at the ${opts.q} quantile`)}; ${hint}`, { file });
  }

  // The kept rows in shared memory: worker threads read them without a copy (the headroom estimate).
  const x = pick(throughput, row, sharedFloat64);
  const y = pick(response, row, sharedFloat64);
  const t = input.time ? pick(input.time, row, sharedFloat64) : null;
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
    responseCutoff: trimmed.responseCutoff,
    throughputCutoff: trimmed.throughputCutoff,
    throughputHist,
    responseHist,
    maxCurve,
    fit,
  };
}
