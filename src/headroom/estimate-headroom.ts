/**
 * The headroom estimate: the maximum useful throughput and the headroom left,
 * 1 - observed peak / maximum useful (Cockcroft: "the unused proportion of the
 * maximum possible (useful) throughput").
 *
 *   kept rows of the analysis (time order)
 *     -> with an SLA: the throughput where the fitted inverse-Gaussian curve
 *        mu = 1/sqrt(b0 + b1 x) reaches the SLA response
 *     -> without: the saturation throughput C of the better-fitting queueing
 *        curve that shows a knee: the M/M/c curve R = B + ErlangC(c, X/C)/(C - X)
 *        (preferred unless the other fits clearly better), or the capacity curve
 *        R = R0 / (1 - (X/C)^m) (M/M/1 at m = 1, M/M/c-like knees for larger m);
 *        else the fitted curve's vertical asymptote -b0/b1. The Universal
 *        Scalability Law (concurrency N = X R by Little's law) is always fitted
 *        and reported, but is no limit on its own.
 *     -> a moving-block bootstrap of the rows (blocks keep the time
 *        correlation) refits the chosen method and every other model that
 *        bounds the data (the other queueing curve unless the data reject it,
 *        the USL where concurrency varies): the 2.5% and 97.5%
 *        quantiles (R type 7) of each, united, are the interval. Above
 *        `resampleRows` rows a resample draws m = resampleRows rows, not all n
 *        (m-out-of-n), and each model's resample estimates are drawn towards
 *        its estimate on all rows by sqrt(m / n): sqrt(m) (estimate on m rows -
 *        estimate on n) is distributed as sqrt(n) (estimate on n - truth)
 *     -> when no estimate is bounded by the data (no knee within `reach`
 *        times the observed peak), a plain lower bound
 *
 * Above `groupAbove` rows the capacity curve, the USL and the bootstrap refits
 * run on rows grouped into `bins` fine bins (src/headroom/grouped-rows.ts:
 * throughput bins for the curve and the GLM, log-concurrency bins for the USL),
 * each bin at its means with its row count as weight; a resample is grouped
 * from its row weights (the times it drew each row). The fits then cost O(bins) instead of O(rows) per
 * iteration (1M rows: ~170 s -> ~1 s) and differ from the row-wise fits by the
 * spread of throughput within a bin (1/bins of its range; second order): on
 * 9,500 and 30,000 rows the 1,024-bin estimates and intervals are the row-wise
 * ones to ~1e-5 relative (the USL's peak to ~1e-4), far inside the bootstrap's spread.
 *
 * Pure: seeded, never prints.
 */
import { fitInverseGaussianGlm, asymptote } from "../stats/glm-inverse-gaussian.js";
import { quantile, quantilesBySelection } from "../stats/quantile.js";
import { fitUsl, type UslFit } from "../stats/usl.js";
import { capacityCurve, fitCapacityCurve, type CapacityCurveFit } from "../stats/capacity-curve.js";
import { fitMmc, mmcResponse, type MmcFit } from "../stats/mmc-fit.js";
import { seededRandom } from "../util/random.js";
import { sharedFloat64, sharedInt32 } from "../util/shared-memory.js";
import { blockSegments, blockWeights, type BlockSegments } from "./block-segments.js";
import { gridBinIndex, groupResamples, groupRows, withinSquares, type GroupedRows, type GroupSpec } from "./grouped-rows.js";
import { headroomMessage } from "./headroom-messages.js";
import { smoothThroughput } from "./smooth-throughput.js";
import type { GlmFit, HeadroomAnalysis } from "./types.js";

export type HeadroomMethod = "sla" | "mmc" | "capacity-curve" | "usl" | "glm-asymptote" | "lower-bound";

export interface HeadroomOptions {
  /** SLA response target, in the response's units; null = none. */
  sla: number | null;
  /** What the response is (e.g. "p99" when each interval's response is its 99th percentile), for the statement. */
  responseName: string | null;
  /** Seconds per response unit, for Little's law N = X R (ms: 0.001). */
  responseSeconds: number;
  /** The response's unit as words print it after an SLA figure ("ms"); null when it is not known. */
  responseUnit: string | null;
  /** The throughput's unit as words print it after a throughput figure ("req/s", "values/s"); null when it is not known. */
  throughputUnit: string | null;
  /** Explicit concurrency per kept row (replaces Little's law). */
  concurrency: ArrayLike<number> | null;
  /** Bootstrap resamples (fewer are used above 20,000 rows: see `largeBootstrap`). */
  bootstrap: number;
  /** Resamples above 20,000 rows. */
  largeBootstrap: number;
  /**
   * Above this many rows a bootstrap resample draws this many (m-out-of-n) and its spread is
   * rescaled by sqrt(m / n); Infinity: every resample draws all n. (50,000: on simulated series of
   * 200,000 to 1,000,000 intervals, scripts/evaluate-headroom.ts, the intervals cover the true
   * capacity as often as with all n, within a series or two a group, and most are the same to
   * three decimals; those that differ are mostly wider, M/M/c fits whose server count is discrete
   * (BENCHMARKS.md, session 11). A resample's grouping reads m / n of the rows.)
   */
  resampleRows: number;
  seed: number;
  /** An estimate beyond reach x the observed peak is not bounded by the data. */
  reach: number;
  /** The capacity curve must rise at least this much (0.1 = 10%) from R0 to the observed peak to count as a knee. */
  minKneeRise: number;
  /** Above this many rows the fits and the bootstrap run on grouped rows (Infinity: never). */
  groupAbove: number;
  /** Bins of the grouped fits. */
  bins: number;
  /**
   * The other queueing curve joins the bootstrap union only when its RSS is at most this many
   * times the chosen one's (2: on the simulated systems of scripts/evaluate-headroom.ts 1.3, 2
   * and no limit cover the capacity equally often; a curve 280x worse, as M/M/c on an
   * M/M/1-shaped response, no longer drags the interval down).
   */
  unionRss: number;
  /**
   * Without an SLA, where an interval at the peak throughput holds fewer requests than this, the
   * fits read each interval's throughput as the mean over the intervals around it in time, a
   * window holding this many at the peak (src/headroom/smooth-throughput.ts): counting noise
   * otherwise pushes the queueing curves' capacity past the true one. Infinity: never. Needs the
   * rows' time.
   */
  minPeakCount: number;
}

export const defaultHeadroomOptions: HeadroomOptions = {
  sla: null,
  responseName: null,
  responseSeconds: 0.001,
  responseUnit: null,
  throughputUnit: null,
  concurrency: null,
  bootstrap: 100,
  largeBootstrap: 40,
  resampleRows: 50_000,
  seed: 1,
  reach: 3,
  minKneeRise: 0.1,
  groupAbove: 5_000,
  bins: 1024,
  unionRss: 2,
  minPeakCount: 2500,
};

export interface HeadroomEstimate {
  /** Maximum useful throughput; for `lower-bound`, the bound. */
  maxUsefulThroughput: number;
  /** Bootstrap 95% interval of maxUsefulThroughput; null for `lower-bound`. */
  interval: [number, number] | null;
  /**
   * The observed peak: the largest throughput of every usable interval, before the response trim
   * (the trim drops high-response rows, often the busiest ones); the fits read the kept rows.
   */
  observedPeak: number;
  /**
   * 1 - observedPeak / maxUsefulThroughput (negative: past the SLA already); for `lower-bound`, a lower
   * bound; null when the fitted response exceeds the SLA even at zero throughput.
   */
  headroomFraction: number | null;
  /** The headroom at the interval's ends [lo, hi]; null for `lower-bound`. */
  headroomInterval: [number | null, number | null] | null;
  method: HeadroomMethod;
  /** True when the data bound the estimate (not a lower bound). */
  bounded: boolean;
  /** One sentence a person reads. */
  statement: string;
  /** Bootstrap resamples used (0 for lower-bound), and how many gave no estimate. */
  resamples: number;
  failedResamples: number;
  /** Rows each resample drew: all the fits' rows, or fewer above `resampleRows` (m-out-of-n); 0 for lower-bound. */
  resampleRows: number;
  usl: (UslFit & { concurrency: "little" | "given" }) | null;
  sla: { target: number; throughput: number | null } | null;
  /** The fitted curve's vertical asymptote -b0/b1, when it has one. */
  asymptote: number | null;
  /** The capacity curve R = R0 / (1 - (X/C)^m). */
  capacityCurve: CapacityCurveFit;
  /** The M/M/c response curve R = B + ErlangC(c, X/C) / (C - X). */
  mmc: MmcFit;
  /** Bins of the grouped fits, or null when the fits used every row. */
  grouped: number | null;
  /** The window (intervals) of the throughput's moving mean the fits read, or null when they read each interval's own. */
  smoothed: number | null;
}

function slaThroughput(fit: GlmFit, sla: number): number | null {
  if (!fit.ok || fit.intercept === null || fit.slope === null || !(sla > 0)) return null;
  if (!(fit.slope < 0)) return null;
  const x = (1 / (sla * sla) - fit.intercept) / fit.slope;
  return Number.isFinite(x) ? Math.max(0, x) : null;
}

function concurrencyOf(x: ArrayLike<number>, y: ArrayLike<number>, seconds: number): Float64Array {
  // In shared memory: a worker thread may refit the bootstrap from it (src/report/parallel-headroom.ts).
  const n = sharedFloat64(x.length);
  for (let i = 0; i < x.length; i++) n[i] = x[i] * y[i] * seconds;
  return n;
}

/** The three fits on one sample: every row, a resample, or their grouped forms. */
interface Fits {
  capacity(start: { r0: number; capacity: number; m: number } | null, maxRatio: number): CapacityCurveFit;
  glm(): GlmFit;
  usl(): UslFit;
  mmc(start: { base: number; capacity: number } | null, servers: readonly number[] | null, maxRatio: number): MmcFit;
}

/**
 * Fits of every row (w = null) or of a resample: row i counted w[i] times, which for these
 * least-squares and GLM fits is the resample's repeated rows exactly (in exact arithmetic).
 */
function rowFits(x: Float64Array, y: Float64Array, c: Float64Array, responseSeconds: number, w: Int32Array | null): Fits {
  return {
    mmc: (start, servers, maxRatio) => fitMmc(x, y, { start, servers, maxRatio, responseSeconds, weights: w }),
    capacity: (start, maxRatio) => fitCapacityCurve(x, y, { start, maxRatio, weights: w }),
    // The GLM's prior weight is the throughput: a row drawn k times weighs k x.
    glm: () => fitInverseGaussianGlm(x, y, w === null ? {} : { weights: x.map((v, i) => w[i] * v) }),
    usl: () => fitUsl(c, x, { weights: w }),
  };
}

/** A resample's grouped rows, as its fits read them (`groupResamples`). */
interface ResampleGroups {
  /** Throughput bins: mean throughput, mean log response (the queueing curves). */
  byX?: GroupedRows;
  /** Concurrency bins: mean concurrency, mean throughput (the USL). */
  byC?: GroupedRows;
  /** Throughput bins: mean throughput, throughput-weighted mean response (the GLM). */
  glm?: GroupedRows;
}

/**
 * Grouped fits of all rows (resample = null: each fit groups the rows it reads when first asked)
 * or of a resample's grouped rows.
 */
function groupedFits(g: Grouping, responseSeconds: number, resample: ResampleGroups | null = null): Fits {
  // Both queueing curves fit the same throughput bins (geometric mean response): group once.
  let byX: { key: Float64Array; response: Float64Array; weight: Float64Array } | null = null;
  const throughputBins = () => {
    if (!byX) {
      const b = resample ? resample.byX! : groupRows(g.xBin, g.bins, g.x, g.ly, null);
      byX = { key: b.key, response: b.value.map(Math.exp), weight: b.weight };
    }
    return byX;
  };
  return {
    mmc: (start, servers, maxRatio) => {
      const b = throughputBins();
      return fitMmc(b.key, b.response, { start, servers, maxRatio, responseSeconds, weights: b.weight });
    },
    capacity: (start, maxRatio) => {
      const b = throughputBins();
      return fitCapacityCurve(b.key, b.response, { start, maxRatio, weights: b.weight });
    },
    glm: () => {
      const b = resample ? resample.glm! : groupRows(g.xBin, g.bins, g.x, g.y, g.x);
      return fitInverseGaussianGlm(b.key, b.value, { weights: b.weight });
    },
    usl: () => {
      const b = resample ? resample.byC! : groupRows(g.cBin, g.bins, g.c, g.x, null);
      return fitUsl(b.key, b.value, { weights: b.weight });
    },
  };
}

/** Resamples grouped a batch at a time (`groupResamples`: the rows are read once a batch). */
const resampleBatch = 4;

/**
 * The grouped rows a batch of resamples needs for `methods`' fits, in as few passes over the
 * rows as they allow: the queueing curves' throughput bins and the USL's concurrency bins in one.
 */
function groupBatch(g: Grouping, methods: readonly HeadroomMethod[], segments: readonly BlockSegments[]): ResampleGroups[] {
  const out: ResampleGroups[] = segments.map(() => ({}));
  const needX = methods.includes("mmc") || methods.includes("capacity-curve");
  const needC = methods.includes("usl");
  const x: GroupSpec = { bin: g.xBin, key: g.x, value: g.ly };
  const c: GroupSpec = { bin: g.cBin, key: g.c, value: g.x };
  if (needX && needC)
    groupResamples(g.bins, { both: [x, c] }, segments).forEach(([a, b], k) => {
      out[k].byX = a;
      out[k].byC = b;
    });
  else if (needX) groupResamples(g.bins, { one: x, valueWeight: null }, segments).forEach(([a], k) => (out[k].byX = a));
  else if (needC) groupResamples(g.bins, { one: c, valueWeight: null }, segments).forEach(([b], k) => (out[k].byC = b));
  if (methods.includes("sla") || methods.includes("glm-asymptote"))
    groupResamples(g.bins, { one: { bin: g.xBin, key: g.x, value: g.y }, valueWeight: g.x }, segments).forEach(([b], k) => (out[k].glm = b));
  return out;
}

export interface Grouping {
  bins: number;
  x: Float64Array;
  y: Float64Array;
  c: Float64Array;
  ly: Float64Array;
  xBin: Int32Array;
  cBin: Int32Array;
}

function grouping(x: Float64Array, y: Float64Array, c: Float64Array, bins: number): Grouping {
  // In shared memory, as the concurrency: a worker thread may refit the bootstrap from them.
  const ly = sharedFloat64(y.length);
  for (let i = 0; i < y.length; i++) ly[i] = y[i] > 0 ? Math.log(y[i]) : NaN;
  return { bins, x, y, c, ly, xBin: gridBinIndex(x, bins, "linear", sharedInt32(x.length)), cBin: gridBinIndex(c, bins, "log", sharedInt32(c.length)) };
}

/** The chosen method's estimate on one (re)sample; null when it gives none. */
function estimateOn(method: HeadroomMethod, fits: Fits, o: BootstrapJob["options"], curve: CapacityCurveFit, mmc: MmcFit): number | null {
  if (method === "mmc") {
    if (!mmc.ok) return null;
    // The server count is re-profiled near the full fit's: the knee's sharpness is uncertain too.
    const c = mmc.servers!;
    const servers = [...new Set([c / 1.5, c, c * 1.5].map((v) => Math.max(1, Math.round(v))))];
    const f = fits.mmc({ base: mmc.base!, capacity: mmc.capacity! }, servers, o.reach);
    return f.ok ? f.capacity : null;
  }
  if (method === "capacity-curve") {
    const start = curve.ok ? { r0: curve.r0!, capacity: curve.capacity!, m: curve.m! } : null;
    const f = fits.capacity(start, o.reach);
    return f.ok ? f.capacity : null;
  }
  if (method === "sla") return slaThroughput(fits.glm(), o.sla!);
  if (method === "glm-asymptote") return asymptote(fits.glm());
  if (method === "usl") return fits.usl().xMax;
  return null;
}

/** Estimates of m-out-of-n resamples as estimates of all n rows would spread: centre + f (v - centre), f = sqrt(m / n). */
function rescaled(estimates: readonly number[], centre: number, f: number): number[] {
  return estimates.map((v) => centre + f * (v - centre));
}

/** Resample counts are whole and >= 0; rows a resample draws, whole and >= 1 (or Infinity: all): else a RangeError (a resample of no rows would silently give no interval). */
function checkBootstrapOptions(o: Pick<HeadroomOptions, "bootstrap" | "largeBootstrap" | "resampleRows">): void {
  for (const name of ["bootstrap", "largeBootstrap"] as const) {
    if (!(Number.isInteger(o[name]) && o[name] >= 0)) throw new RangeError(headroomMessage.badBootstrapOption(name, o[name]));
  }
  if (!(o.resampleRows === Infinity || (Number.isInteger(o.resampleRows) && o.resampleRows >= 1))) {
    throw new RangeError(headroomMessage.badBootstrapOption("resampleRows", o.resampleRows));
  }
}

/** p95 / p5 of the concurrency: the USL says nothing where concurrency hardly varies (a closed loop of fixed clients). */
function concurrencySpread(c: Float64Array): number {
  // (Both quantiles from one copy: the values `quantile` gives.)
  const [lo, hi] = quantilesBySelection(c, [0.05, 0.95]);
  return lo > 0 ? hi / lo : 0;
}

/**
 * Resamples [from, to) of a moving-block bootstrap: everything a thread needs to refit them
 * (plain data and typed arrays, so a worker thread can be sent one), and what they gave.
 * Resample b draws the uniforms b * blocks .. (b + 1) * blocks - 1 of the seeded stream, so
 * any range gives exactly the resamples the whole run would; the interval's quantiles do not
 * depend on the order of the estimates, so ranges run apart and joined give the same interval.
 */
export interface BootstrapJob {
  from: number;
  to: number;
  n: number;
  /** Rows each resample draws (n, or fewer: m-out-of-n). */
  drawn: number;
  /** Block length. */
  len: number;
  seed: number;
  methods: HeadroomMethod[];
  /** Grouped rows (long series), else the rows themselves. */
  grouping: Grouping | null;
  rows: { x: Float64Array; y: Float64Array; c: Float64Array } | null;
  options: Pick<HeadroomOptions, "reach" | "sla" | "responseSeconds">;
  curve: CapacityCurveFit;
  mmc: MmcFit;
  /**
   * Resamples shared by threads (in shared memory): each thread takes the next resample (grouped
   * rows: the next batch of `resampleBatch`) from `next` (an atomic counter from 0) and writes
   * their estimates to `estimates`, method k of
   * resample from + j at j * methods + k (NaN: none); `sharedResult` reads them back in resample
   * order, so the result does not depend on which thread ran which resample.
   */
  shared?: SharedResamples;
}

/** The counter and the estimates of resamples run by several threads (`BootstrapJob.shared`). */
export interface SharedResamples {
  next: Int32Array;
  estimates: Float64Array;
}

/** Per method (the job's order), the estimates of the resamples that gave one; and how many of the chosen method's gave none. */
export interface BootstrapResult {
  samples: number[][];
  failed: number;
}

/** The counter and estimate slots of a job's resamples, in shared memory. */
export function sharedResamples(job: BootstrapJob): SharedResamples {
  return { next: sharedInt32(1), estimates: sharedFloat64((job.to - job.from) * job.methods.length).fill(Number.NaN) };
}

/** The result of a job's shared resamples, once every thread has run out of resamples to take. */
export function sharedResult(job: BootstrapJob & { shared: SharedResamples }): BootstrapResult {
  const m = job.methods.length;
  const samples = job.methods.map(() => [] as number[]);
  let failed = 0;
  for (let j = 0; j < job.to - job.from; j++) {
    for (let k = 0; k < m; k++) {
      const v = job.shared.estimates[j * m + k];
      if (Number.isNaN(v)) {
        if (k === 0) failed++;
      } else samples[k].push(v);
    }
  }
  return { samples, failed };
}

/**
 * Run the resamples of a bootstrap job: [from, to) in order, or with `job.shared` the ones this
 * thread takes from the shared counter (its result then is in the shared estimates: `sharedResult`).
 */
export function bootstrapResamples(job: BootstrapJob): BootstrapResult {
  const { n, len, methods, grouping: g, rows, options: o, shared } = job;
  const blockLength = Math.min(len, n);
  const drawn = Math.min(job.drawn, n);
  const blocks = Math.ceil(drawn / blockLength);
  const samples = methods.map(() => [] as number[]);
  let failed = 0;
  const record = (b: number, fits: Fits) =>
    methods.forEach((m, k) => {
      const v = estimateOn(m, fits, o, job.curve, job.mmc);
      const none = v === null || !Number.isFinite(v);
      if (shared) shared.estimates[(b - job.from) * methods.length + k] = none ? Number.NaN : v;
      else if (none) {
        if (m === methods[0]) failed++;
      } else samples[k].push(v);
    });
  // Each resample jumps to its own uniforms: any thread draws the same resample b.
  const uniforms = (b: number) => seededRandom(job.seed, b * blocks).uniform;
  // Grouped rows: a batch of resamples at a time (with `shared`, the next batch no thread has taken).
  const batch = g ? resampleBatch : 1;
  // (One weights buffer for every row-wise resample: a fit never keeps the weights.)
  const scratch = g ? null : new Int32Array(n + 1);
  for (let b0 = job.from; ; b0 += batch) {
    if (shared) b0 = job.from + Atomics.add(shared.next, 0, batch);
    if (b0 >= job.to) break;
    const b1 = Math.min(job.to, b0 + batch);
    if (g) {
      const segments = Array.from({ length: b1 - b0 }, (_, j) => blockSegments(n, blockLength, uniforms(b0 + j), drawn));
      groupBatch(g, methods, segments).forEach((groups, j) => record(b0 + j, groupedFits(g, o.responseSeconds, groups)));
    } else record(b0, rowFits(rows!.x, rows!.y, rows!.c, o.responseSeconds, blockWeights(n, blockLength, uniforms(b0), scratch!, drawn)));
  }
  return { samples, failed };
}

/** Estimate the maximum useful throughput and the headroom of an analysed series. */
export function estimateHeadroom(analysis: HeadroomAnalysis, options: Partial<HeadroomOptions> = {}): HeadroomEstimate {
  const steps = headroomSteps(analysis, options);
  let step = steps.next();
  while (!step.done) step = steps.next(bootstrapResamples(step.value));
  return step.value;
}

/**
 * `estimateHeadroom` as steps: it yields its bootstrap job (at most once) and takes the job's
 * result back, so a caller can run the resamples elsewhere (shared by threads:
 * src/report/parallel-headroom.ts) and get the same estimate.
 * @internal
 */
export function* headroomSteps(analysis: HeadroomAnalysis, options: Partial<HeadroomOptions> = {}): Generator<BootstrapJob, HeadroomEstimate, BootstrapResult> {
  const steps = estimateSteps(analysis, options);
  let step = steps.next();
  while (!step.done) step = step.value === fitWanted ? steps.next(analysis.fit) : steps.next(yield step.value);
  return step.value;
}

/** What the estimate reads of an analysis: the kept rows and the peak before the trim (and, when it asks, the fit). */
export type EstimateRows = Pick<HeadroomAnalysis, "x" | "y" | "t" | "throughputPeak" | "usable">;

/** What `estimateSteps` yields when it needs the analysis's fitted curve (its `fit`), which it takes back. */
export const fitWanted = "fit";

/**
 * `headroomSteps` from the kept rows alone, before the analysis has fitted its curve: it yields
 * `fitWanted` (and takes the analysis's `fit` back) only where the estimate reads that curve,
 * the fits reading the rows' own throughput; its bootstrap job as `headroomSteps` does. So the
 * estimate can start while the analysis fits its curve (src/report/parallel-headroom.ts).
 * @internal
 */
export function* estimateSteps(
  analysis: EstimateRows,
  options: Partial<HeadroomOptions> = {},
): Generator<BootstrapJob | typeof fitWanted, HeadroomEstimate, BootstrapResult | GlmFit> {
  const o: HeadroomOptions = { ...defaultHeadroomOptions, ...options };
  checkBootstrapOptions(o);
  const { y } = analysis;
  // (With an SLA the estimate is the analysis's own fitted curve at the SLA: its rows as they are.)
  const smooth = o.sla === null && Number.isFinite(o.minPeakCount) ? smoothThroughput(analysis.x, analysis.t, { minPeakCount: o.minPeakCount }) : null;
  const x = smooth ? smooth.x : analysis.x;
  const n = x.length;
  // `peak` bounds and tests the fits (the kept rows' largest throughput); `observed`, the peak of
  // every usable interval before the trim, is what the headroom is measured against.
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, x[i]);
  const observed = Math.max(peak, Number.isFinite(analysis.throughputPeak) ? analysis.throughputPeak : 0);
  const peakOf = { usable: analysis.usable ?? n, trimmed: (analysis.usable ?? n) > n };
  const c = o.concurrency ? Float64Array.from(o.concurrency) : concurrencyOf(x, y, o.responseSeconds);
  const g = n > o.groupAbove ? grouping(x, y, c, o.bins) : null;
  const all = g ? groupedFits(g, o.responseSeconds) : rowFits(x, y, c, o.responseSeconds, null);
  const usl = n >= 3 ? { ...all.usl(), concurrency: o.concurrency ? ("given" as const) : ("little" as const) } : null;
  const within = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v) && v > 0 && v <= o.reach * peak;
  const curve = all.capacity(null, o.reach);
  // No knee in the data: the capacity at the search limit, or a curve that rises less than
  // `minKneeRise` within the data (a knee sharper than any the data show, placed just past the peak).
  const kneeRise = curve.ok ? capacityCurve(curve.r0!, curve.capacity!, curve.m!, peak) / curve.r0! - 1 : 0;
  const curveC = curve.ok && curve.capacity! < o.reach * peak * 0.999 && kneeRise >= o.minKneeRise ? curve.capacity : null;
  // The M/M/c curve likewise: its queueing at the peak must add minKneeRise to the flat part.
  const mmc = all.mmc(null, null, o.reach);
  const mmcRise = mmc.ok ? mmcResponse(mmc.base!, mmc.capacity!, mmc.servers!, peak, o.responseSeconds) / mmc.base! - 1 : 0;
  const mmcC = mmc.ok && mmc.capacity! < o.reach * peak * 0.999 && mmcRise >= o.minKneeRise ? mmc.capacity : null;
  // Grouped fits leave the spread of log response within their bins out of the RSS: add it back,
  // so that the comparison below is that of the rows' own RSS (it is the same for both curves).
  const spread = g ? withinSquares(g.xBin, g.bins, g.ly) : 0;
  // The analysis's curve was fitted to the intervals' own throughput: refitted where the fits read a moving mean
  // (as the other fits are: on grouped rows for long series), and where the analysis has no fit.
  const rowsFit = smooth ? null : ((yield fitWanted) as GlmFit);
  const fit = rowsFit?.ok ? rowsFit : smooth ? all.glm() : fitInverseGaussianGlm(x, y);
  const asym = asymptote(fit);
  // Of the two queueing curves that show a knee, the M/M/c one (a mechanism) gives the estimate
  // unless the capacity curve (a shape) fits clearly better: by more than 2% of the residual sum of squares.
  const queueing: [HeadroomMethod, number] | null =
    within(mmcC) && (!within(curveC) || (mmc.rss ?? Infinity) + spread <= 1.02 * ((curve.rss ?? Infinity) + spread))
      ? ["mmc", mmcC]
      : within(curveC)
        ? ["capacity-curve", curveC]
        : null;
  const slaX = o.sla !== null ? slaThroughput(fit, o.sla) : null;

  let method: HeadroomMethod;
  let value: number;
  if (o.sla !== null && slaX !== null && slaX <= o.reach * peak) [method, value] = ["sla", slaX];
  else if (o.sla === null && queueing) [method, value] = queueing;
  // The USL alone is not a limit here: without a knee in the response it extrapolates the
  // concurrency curve (in simulations it overshot by a median 16%); it widens the interval of a
  // queueing estimate instead (below) and is always reported.
  else if (o.sla === null && within(asym)) [method, value] = ["glm-asymptote", asym];
  else [method, value] = ["lower-bound", peak];

  const sla = o.sla !== null ? { target: o.sla, throughput: slaX } : null;
  const base = {
    observedPeak: observed,
    method,
    usl,
    sla,
    asymptote: asym,
    capacityCurve: curve,
    mmc,
    grouped: g ? g.bins : null,
    smoothed: smooth ? smooth.window : null,
  };
  if (method === "lower-bound") {
    // The largest estimate the data support as a bound: the observed peak, or the reach when a fit lies beyond it.
    const beyond = [
      o.sla !== null ? slaX : null,
      curve.ok && kneeRise >= o.minKneeRise ? curve.capacity : null,
      mmc.ok && mmcRise >= o.minKneeRise ? mmc.capacity : null,
      asym,
    ].some((v) => v !== null && v !== undefined && v >= o.reach * peak * 0.999);
    const bound = observed;
    const unbounded = o.sla !== null && slaX === null ? "sla-not-reached" : beyond ? "beyond-reach" : "no-knee";
    return {
      ...base,
      maxUsefulThroughput: bound,
      interval: null,
      headroomFraction: 1 - observed / bound,
      headroomInterval: null,
      bounded: false,
      statement: headroomMessage.lowerBound(unbounded, observed, o.reach, o.sla, o.responseName, peakOf, o.responseUnit, o.throughputUnit),
      resamples: 0,
      failedResamples: 0,
      resampleRows: 0,
    };
  }

  // The bootstrap refits the chosen method on each resample. Without an SLA every capacity model
  // that bounds the data is refitted too (the two queueing curves unless one fits over `unionRss`
  // times worse, the USL where concurrency varies), and where they disagree the interval covers them all: model uncertainty, not only
  // sampling noise.
  const methods: HeadroomMethod[] = [method];
  if (method === "mmc" || method === "capacity-curve") {
    // A queueing curve the data reject (its RSS of log response over `unionRss` times the chosen
    // curve's) says nothing about the capacity: it does not widen the interval.
    const rssOf = (m: HeadroomMethod) => (m === "mmc" ? (mmc.rss ?? Infinity) : (curve.rss ?? Infinity)) + spread;
    const fitsToo = (m: HeadroomMethod) => rssOf(m) <= o.unionRss * rssOf(method);
    if (method !== "mmc" && within(mmcC) && fitsToo("mmc")) methods.push("mmc");
    if (method !== "capacity-curve" && within(curveC) && fitsToo("capacity-curve")) methods.push("capacity-curve");
    if (usl?.ok && within(usl.xMax) && concurrencySpread(c) >= 2) methods.push("usl");
  }
  // Without an SLA the limit is no lower than a throughput the system sustained in 5% of its
  // intervals. Not the single highest interval: its throughput carries counting noise and can lie
  // above the capacity (seen in simulations). The estimate stays inside its interval. (The
  // intervals' own throughput: a moving mean of it, where the fits read one, is no throughput
  // the system sustained.) Found before the bootstrap: a thread that shares the resamples has
  // nothing else to do after them.
  const sustained = method !== "sla" ? quantile(analysis.x, 0.95) : null;
  const B = n > 20_000 ? o.largeBootstrap : o.bootstrap;
  const drawn = Math.min(n, o.resampleRows);
  const { samples, failed: failedResamples } = (yield {
    from: 0,
    to: B,
    n,
    drawn,
    len: Math.max(1, Math.round(Math.cbrt(n))),
    seed: o.seed,
    methods,
    grouping: g,
    rows: g ? null : { x, y, c },
    options: { reach: o.reach, sla: o.sla, responseSeconds: o.responseSeconds },
    curve,
    mmc,
  }) as BootstrapResult;
  // m-out-of-n: each model's resample estimates drawn towards its estimate on all rows by sqrt(m / n).
  const full: Partial<Record<HeadroomMethod, number | null>> = { mmc: mmcC, "capacity-curve": curveC, usl: usl?.xMax ?? null, [method]: value };
  let lo = value;
  let hi = value;
  samples.forEach((vs, k) => {
    if (vs.length < 2) return;
    const centre = full[methods[k]];
    const spread = drawn < n && centre !== null && centre !== undefined ? rescaled(vs, centre, Math.sqrt(drawn / n)) : vs;
    lo = Math.min(lo, quantile(spread, 0.025));
    hi = Math.max(hi, quantile(spread, 0.975));
  });
  if (sustained !== null) {
    lo = Math.max(lo, sustained);
    hi = Math.max(hi, sustained);
  }
  value = Math.min(Math.max(value, lo), hi);
  const interval: [number, number] = [lo, hi];
  // Null where the maximum useful throughput is 0: the response exceeds the SLA even at no load.
  const headroomOf = (v: number) => (v > 0 ? 1 - observed / v : null);
  const headroomFraction = headroomOf(value);
  const headroomInterval: [number | null, number | null] = [headroomOf(interval[0]), headroomOf(interval[1])];
  return {
    ...base,
    maxUsefulThroughput: value,
    interval,
    headroomFraction,
    headroomInterval,
    bounded: true,
    statement:
      headroomFraction === null
        ? headroomMessage.slaExceeded(o.sla ?? 0, o.responseName, o.responseUnit)
        : headroomMessage.estimate(
            method,
            value,
            interval,
            observed,
            headroomFraction,
            o.sla,
            o.responseName,
            peakOf,
            o.responseUnit,
            o.throughputUnit,
            smooth ? smooth.window : null,
          ),
    resamples: B,
    failedResamples,
    resampleRows: drawn,
  };
}
