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

/** Rows where both values are present and non-zero (R's chp drops zeros; missing values cannot be plotted). */
function cleanRows(x: ArrayLike<number>, y: ArrayLike<number>): Int32Array {
  const rows = new Int32Array(x.length);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const yi = y[i];
    if (xi !== 0 && yi !== 0 && !Number.isNaN(xi) && !Number.isNaN(yi)) rows[k++] = i;
  }
  return rows.subarray(0, k);
}

function pick(values: ArrayLike<number>, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

/** Keep rows with response < quantile(response, q) (and throughput likewise when qx); q >= 1 keeps all. */
function trimRows(x: Float64Array, y: Float64Array, rows: Int32Array, q: number, qx: boolean) {
  if (q >= 1) return { rows, responseCutoff: null, throughputCutoff: null };
  const responseCutoff = quantile(y, q);
  const throughputCutoff = qx ? quantile(x, q) : null;
  const kept = new Int32Array(rows.length);
  let k = 0;
  for (let i = 0; i < rows.length; i++) {
    if (y[i] < responseCutoff && (throughputCutoff === null || x[i] < throughputCutoff)) kept[k++] = rows[i];
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

/** Analyse one throughput/response series for the headroom plot. */
export function analyzeHeadroom(input: HeadroomInput, options: Partial<AnalyzeOptions> = {}): HeadroomAnalysis {
  const opts: AnalyzeOptions = { ...defaultAnalyzeOptions, ...options };
  if (!(opts.q > 0) || Number.isNaN(opts.q)) throw new RangeError(message.badQ(opts.q));
  const { throughput, response, file } = input;
  if (throughput.length !== response.length) throw new RangeError("throughput and response have different lengths");

  const clean = cleanRows(throughput, response);
  if (clean.length < 2) throw new DataError(message.tooFewRows(clean.length, "after dropping rows with a zero or missing value"), { file });
  const cleanX = pick(throughput, clean);
  let throughputPeak = -Infinity;
  for (let i = 0; i < cleanX.length; i++) if (cleanX[i] > throughputPeak) throughputPeak = cleanX[i];
  const trimmed = trimRows(cleanX, pick(response, clean), clean, opts.q, opts.qx);
  const row = trimmed.rows;
  if (row.length < 2) {
    // Ties at the cutoff (a constant response) drop every row: say so, and how to keep them.
    const ys = pick(response, clean);
    const hint = ys.every((v) => v === ys[0]) ? rm.trimmedTies(ys[0]) : rm.trimmedMost();
    throw new DataError(`${message.tooFewRows(row.length, `after trimming at the ${opts.q} quantile`)}; ${hint}`, { file });
  }

  const x = pick(throughput, row);
  const y = pick(response, row);
  const t = input.time ? pick(input.time, row) : null;
  const throughputHist = histogram(x);
  const responseHist = histogram(y);
  const maxCurve = maxStaircase(x, y, throughputHist.breaks);
  const fit = opts.fit ? fitInverseGaussianGlm(x, y) : noFit;

  return {
    rows: throughput.length,
    kept: row.length,
    usable: clean.length,
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
