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
 * The histograms and staircase (src/headroom/headroom-bins.ts) do not depend on the fit: a
 * caller with a spare thread may have them computed there while this thread fits (`hooks.bins`),
 * and may have the pages of the arrays this thread is about to fill faulted in there
 * (`hooks.touch`). Either way the result is the same.
 *
 * Pure: no I/O, never prints; throws `DataError` when too little data is left.
 */
import { DataError } from "../errors.js";
import { message, reliabilityMessage as rm } from "../messages.js";
import { quantileInRange } from "../stats/quantile.js";
import type { ValueRange } from "../stats/select.js";
import { headroomBins, type HeadroomBins, type KnownRanges } from "./headroom-bins.js";
export { maxStaircase } from "./max-staircase.js";
import { fitInverseGaussianGlm, type GlmRowSummary } from "../stats/glm-inverse-gaussian.js";
import type { AnalyzeOptions, GlmFit, HeadroomAnalysis } from "./types.js";
import { sharedFloat64, sharedInt32 } from "../util/shared-memory.js";
import type { TouchRegion } from "../util/touch-pages.js";

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

/** The clean rows (both values present and non-zero) and what the trim reads of them, from one pass. */
interface CleanRows {
  /** The clean rows' input rows; null when every row is clean (no index array then: the common case of a clean file). */
  rows: Int32Array | null;
  /** The count and extremes of their throughput and of their response (none is NaN). */
  x: ValueRange;
  y: ValueRange;
}

/**
 * Rows where both values are present and non-zero (R's chp drops zeros; missing values cannot be
 * plotted), with the extremes of their values in the same pass (the peak, and the range the
 * trim's quantile selection would otherwise find in a pass of its own).
 */
function cleanRows(x: ArrayLike<number>, y: ArrayLike<number>): CleanRows {
  const n = x.length;
  let xmin = Infinity;
  let xmax = -Infinity;
  let ymin = Infinity;
  let ymax = -Infinity;
  let first = 0;
  for (; first < n; first++) {
    const xi = x[first];
    const yi = y[first];
    if (xi === 0 || yi === 0 || Number.isNaN(xi) || Number.isNaN(yi)) break;
    if (xi < xmin) xmin = xi;
    if (xi > xmax) xmax = xi;
    if (yi < ymin) ymin = yi;
    if (yi > ymax) ymax = yi;
  }
  let rows: Int32Array | null = null;
  let k = first;
  if (first < n) {
    rows = new Int32Array(n);
    for (let i = 0; i < first; i++) rows[i] = i;
    for (let i = first + 1; i < n; i++) {
      const xi = x[i];
      const yi = y[i];
      if (xi === 0 || yi === 0 || Number.isNaN(xi) || Number.isNaN(yi)) continue;
      rows[k++] = i;
      if (xi < xmin) xmin = xi;
      if (xi > xmax) xmax = xi;
      if (yi < ymin) ymin = yi;
      if (yi > ymax) ymax = yi;
    }
    rows = rows.subarray(0, k);
  }
  return { rows, x: { count: k, min: xmin, max: xmax }, y: { count: k, min: ymin, max: ymax } };
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
function cutoffs(x: Float64Array, y: Float64Array, clean: CleanRows, q: number, qx: boolean) {
  if (q >= 1) return { responseCutoff: null, throughputCutoff: null };
  return { responseCutoff: quantileInRange(y, q, clean.y), throughputCutoff: qx ? quantileInRange(x, q, clean.x) : null };
}

/**
 * Room for the kept rows, `usable` of each (the trim keeps fewer: the results are the first
 * `kept`): their input row, throughput and response and time, and the GLM's working weights and
 * responses, all in shared memory (the bootstrap's worker reads the rows; a spare thread may
 * fault in the pages ahead of this one: src/util/touch-pages.ts).
 */
interface KeptSpace {
  row: Int32Array;
  x: Float64Array;
  y: Float64Array;
  t: Float64Array | null;
  /** The GLM's working weights and working responses; null when no fit is asked for. */
  work: { W: Float64Array; z: Float64Array } | null;
}

function keptSpace(usable: number, time: boolean, fit: boolean): KeptSpace {
  return {
    row: sharedInt32(usable),
    x: sharedFloat64(usable),
    y: sharedFloat64(usable),
    t: time ? sharedFloat64(usable) : null,
    work: fit ? { W: sharedFloat64(usable), z: sharedFloat64(usable) } : null,
  };
}

function region(a: Float64Array | Int32Array, length: number): TouchRegion {
  return { buffer: a.buffer as SharedArrayBuffer, bytes: length * a.BYTES_PER_ELEMENT };
}

/** The kept rows' arrays as the trim fills them: input row, throughput and response together, then time. */
function rowRegions(space: KeptSpace, expected: number): TouchRegion[][] {
  const together = [region(space.row, expected), region(space.x, expected), region(space.y, expected)];
  return space.t === null ? [together] : [together, [region(space.t, expected)]];
}

/** The GLM's working arrays, about `expected` rows of each. */
function fitRegions(work: NonNullable<KeptSpace["work"]>, expected: number): TouchRegion[] {
  return [region(work.W, expected), region(work.z, expected)];
}

/**
 * The kept rows, in one pass: their input row, throughput, response and time, the first `kept` of
 * `space`, and what the fit would otherwise find of them in passes of its own (their extremes and sums).
 * `clean` maps clean rows to input rows (null: the same).
 */
function keptRows(input: HeadroomInput, clean: Int32Array | null, x: Float64Array, y: Float64Array, cut: Cut, space: KeptSpace) {
  const summary = fillKept(x, y, space.t === null ? null : input.time!, cut.byY, cut.y, cut.byX, cut.x, clean, space.row, space.x, space.y, space.t);
  const kept = summary.n;
  const sub = <T extends Float64Array | Int32Array>(a: T) => a.subarray(0, kept) as T;
  return { row: sub(space.row), x: sub(space.x), y: sub(space.y), t: space.t === null ? null : sub(space.t), summary };
}

/**
 * Copies the rows the trim keeps to the start of row, kx and ky (and their time, read at their
 * input row, to kt); returns how many, with their extremes and sums (the fit's `summary`).
 */
function fillKept(
  x: Float64Array,
  y: Float64Array,
  time: ArrayLike<number> | null,
  byY: boolean,
  yCut: number,
  byX: boolean,
  xCut: number,
  clean: Int32Array | null,
  row: Int32Array,
  kx: Float64Array,
  ky: Float64Array,
  kt: Float64Array | null,
): GlmRowSummary {
  let k = 0;
  let xmin = Infinity;
  let xmax = -Infinity;
  let ymin = Infinity;
  let ymax = -Infinity;
  let sumX = 0;
  let sumXY = 0;
  for (let i = 0; i < y.length; i++) {
    const xi = x[i];
    const yi = y[i];
    if (byY && !(yi < yCut && (!byX || xi < xCut))) continue;
    const r = clean === null ? i : clean[i];
    row[k] = r;
    kx[k] = xi;
    ky[k] = yi;
    if (kt !== null) kt[k] = time![r];
    k++;
    if (xi < xmin) xmin = xi;
    if (xi > xmax) xmax = xi;
    if (yi < ymin) ymin = yi;
    if (yi > ymax) ymax = yi;
    sumX += xi;
    sumXY += xi * yi;
  }
  return { n: k, xmin, xmax, ymin, ymax, sumX, sumXY };
}

/** What a caller of {@link analyzeHeadroom} may do beside it; no hook changes the result. */
export interface AnalyzeHooks {
  /**
   * Given the kept rows (in shared memory) as soon as they are known, before the histograms and
   * the fit: a caller can start work on them elsewhere (the headroom estimate on a worker thread).
   */
  onRows?: (rows: Pick<HeadroomAnalysis, "x" | "y" | "t" | "throughputPeak" | "usable">) => void;
  /**
   * Given the shared memory the analysis is about to write, before it writes any: the regions of
   * each call are written together, the calls in order (the kept rows' input row, throughput and
   * response; their time; the GLM's working arrays). A caller with a spare thread can fault the
   * pages in there meanwhile (src/util/touch-pages.ts).
   */
  touch?: (regions: readonly TouchRegion[]) => void;
  /**
   * Starts `headroomBins(x, y, known)` (src/headroom/headroom-bins.ts) on another thread and returns a
   * function that waits for its result, or null when it could not be computed there (then this
   * thread computes it); returns null when it cannot start it.
   */
  bins?: (x: Float64Array, y: Float64Array, known: KnownRanges | null) => (() => HeadroomBins | null) | null;
}

/** Analyse one throughput/response series for the headroom plot. */
export function analyzeHeadroom(input: HeadroomInput, options: Partial<AnalyzeOptions> = {}, hooks: AnalyzeHooks = {}): HeadroomAnalysis {
  const opts: AnalyzeOptions = { ...defaultAnalyzeOptions, ...options };
  if (!(opts.q > 0) || Number.isNaN(opts.q)) throw new RangeError(message.badQ(opts.q));
  const { throughput, response, file } = input;
  if (throughput.length !== response.length) throw new RangeError("throughput and response have different lengths");

  const clean = cleanRows(throughput, response);
  const usable = clean.x.count;
  if (usable < 2) throw new DataError(message.tooFewRows(usable, "after dropping rows with a zero or missing value"), { file });
  const space = keptSpace(usable, (input.time ?? null) !== null, opts.fit);
  const expected = opts.q >= 1 ? usable : Math.min(usable, Math.ceil(opts.q * usable) + 1);
  for (const regions of rowRegions(space, expected)) hooks.touch?.(regions);
  if (space.work !== null) hooks.touch?.(fitRegions(space.work, expected));
  const cleanX = view(throughput, clean.rows);
  const cleanY = view(response, clean.rows);
  const throughputPeak = clean.x.max;
  const { responseCutoff, throughputCutoff } = cutoffs(cleanX, cleanY, clean, opts.q, opts.qx);
  const cut: Cut = { byY: responseCutoff !== null, y: responseCutoff ?? 0, byX: throughputCutoff !== null, x: throughputCutoff ?? 0 };

  // The kept rows in shared memory: worker threads read them without a copy (the headroom estimate).
  const { row, x, y, t, summary } = keptRows(input, clean.rows, cleanX, cleanY, cut, space);
  const kept = row.length;
  if (kept < 2) {
    // Ties at the cutoff (a constant response) drop every row: say so, and how to keep them.
    const hint = cleanY.every((v) => v === cleanY[0]) ? rm.trimmedTies(cleanY[0]) : rm.trimmedMost();
    throw new DataError(`${message.tooFewRows(kept, `after trimming at the ${opts.q} quantile`)}; ${hint}`, { file });
  }
  hooks.onRows?.({ x, y, t, throughputPeak, usable });
  // The histograms and staircase on another thread, if the caller has one, while this one fits;
  // their ranges are the kept rows' extremes, found as they were copied (when every value is finite).
  const known: KnownRanges | null = [summary.xmin, summary.xmax, summary.ymin, summary.ymax].every(Number.isFinite)
    ? { x: { min: summary.xmin, max: summary.xmax }, y: { min: summary.ymin, max: summary.ymax } }
    : null;
  const binsElsewhere = hooks.bins?.(x, y, known) ?? null;
  const fit = space.work !== null ? fitInverseGaussianGlm(x, y, { work: space.work, summary }) : noFit;
  const { throughputHist, responseHist, maxCurve } = binsElsewhere?.() ?? headroomBins(x, y, known);

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
