/**
 * The headroom estimate: the maximum useful throughput and the headroom left,
 * 1 - observed peak / maximum useful (Cockcroft: "the unused proportion of the
 * maximum possible (useful) throughput").
 *
 *   kept rows of the analysis (time order)
 *     -> with an SLA: the throughput where the fitted inverse-Gaussian curve
 *        mu = 1/sqrt(b0 + b1 x) reaches the SLA response
 *     -> without: the saturation throughput C of the capacity curve
 *        R = R0 / (1 - (X/C)^m) (M/M/1 at m = 1, M/M/c-like knees for larger m);
 *        else the Universal Scalability Law's peak X(N*) (concurrency N = X R
 *        by Little's law); else the fitted curve's vertical asymptote -b0/b1.
 *        The USL is always fitted and reported.
 *     -> a moving-block bootstrap of the rows (blocks keep the time
 *        correlation) refits the chosen method: the 2.5% and 97.5% quantiles
 *        (R type 7) are the interval
 *     -> when no estimate is bounded by the data (no knee within `reach`
 *        times the observed peak), a plain lower bound
 *
 * Pure: seeded, never prints.
 */
import { fitInverseGaussianGlm, asymptote } from "../stats/glm-inverse-gaussian.js";
import { quantile } from "../stats/quantile.js";
import { fitUsl, type UslFit } from "../stats/usl.js";
import { capacityCurve, fitCapacityCurve, type CapacityCurveFit } from "../stats/capacity-curve.js";
import { seededRandom } from "../util/random.js";
import { headroomMessage } from "./headroom-messages.js";
import type { GlmFit, HeadroomAnalysis } from "./types.js";

export type HeadroomMethod = "sla" | "capacity-curve" | "usl" | "glm-asymptote" | "lower-bound";

export interface HeadroomOptions {
  /** SLA response target, in the response's units; null = none. */
  sla: number | null;
  /** What the response is (e.g. "p99" when each interval's response is its 99th percentile), for the statement. */
  responseName: string | null;
  /** Seconds per response unit, for Little's law N = X R (ms: 0.001). */
  responseSeconds: number;
  /** Explicit concurrency per kept row (replaces Little's law). */
  concurrency: ArrayLike<number> | null;
  /** Bootstrap resamples (fewer are used above 20,000 rows: see `largeBootstrap`). */
  bootstrap: number;
  /** Resamples above 20,000 rows. */
  largeBootstrap: number;
  seed: number;
  /** An estimate beyond reach x the observed peak is not bounded by the data. */
  reach: number;
  /** The capacity curve must rise at least this much (0.1 = 10%) from R0 to the observed peak to count as a knee. */
  minKneeRise: number;
}

export const defaultHeadroomOptions: HeadroomOptions = {
  sla: null,
  responseName: null,
  responseSeconds: 0.001,
  concurrency: null,
  bootstrap: 100,
  largeBootstrap: 40,
  seed: 1,
  reach: 3,
  minKneeRise: 0.1,
};

export interface HeadroomEstimate {
  /** Maximum useful throughput; for `lower-bound`, the bound. */
  maxUsefulThroughput: number;
  /** Bootstrap 95% interval of maxUsefulThroughput; null for `lower-bound`. */
  interval: [number, number] | null;
  /** The largest kept throughput. */
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
  usl: (UslFit & { concurrency: "little" | "given" }) | null;
  sla: { target: number; throughput: number | null } | null;
  /** The fitted curve's vertical asymptote -b0/b1, when it has one. */
  asymptote: number | null;
  /** The capacity curve R = R0 / (1 - (X/C)^m). */
  capacityCurve: CapacityCurveFit;
}

function slaThroughput(fit: GlmFit, sla: number): number | null {
  if (!fit.ok || fit.intercept === null || fit.slope === null || !(sla > 0)) return null;
  if (!(fit.slope < 0)) return null;
  const x = (1 / (sla * sla) - fit.intercept) / fit.slope;
  return Number.isFinite(x) ? Math.max(0, x) : null;
}

function concurrencyOf(x: ArrayLike<number>, y: ArrayLike<number>, seconds: number): Float64Array {
  const n = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) n[i] = x[i] * y[i] * seconds;
  return n;
}

/** The chosen method's estimate on one (re)sample; null when it gives none. */
function estimateOn(method: HeadroomMethod, x: Float64Array, y: Float64Array, c: Float64Array, o: HeadroomOptions, curve: CapacityCurveFit): number | null {
  if (method === "capacity-curve") {
    const start = curve.ok ? { r0: curve.r0!, capacity: curve.capacity!, m: curve.m! } : null;
    const f = fitCapacityCurve(x, y, { start, maxRatio: o.reach });
    return f.ok ? f.capacity : null;
  }
  if (method === "sla") return slaThroughput(fitInverseGaussianGlm(x, y), o.sla!);
  if (method === "glm-asymptote") return asymptote(fitInverseGaussianGlm(x, y));
  if (method === "usl") return fitUsl(c, x).xMax;
  return null;
}

/** p95 / p5 of the concurrency: the USL says nothing where concurrency hardly varies (a closed loop of fixed clients). */
function concurrencySpread(c: Float64Array): number {
  const lo = quantile(c, 0.05);
  return lo > 0 ? quantile(c, 0.95) / lo : 0;
}

/** Moving-block bootstrap indices: blocks of `len` consecutive rows at random starts, n in all. */
function blockSample(n: number, len: number, uniform: () => number): Int32Array {
  const idx = new Int32Array(n);
  let k = 0;
  while (k < n) {
    const s = Math.floor(uniform() * (n - len + 1));
    for (let j = 0; j < len && k < n; j++) idx[k++] = s + j;
  }
  return idx;
}

/** Estimate the maximum useful throughput and the headroom of an analysed series. */
export function estimateHeadroom(analysis: HeadroomAnalysis, options: Partial<HeadroomOptions> = {}): HeadroomEstimate {
  const o: HeadroomOptions = { ...defaultHeadroomOptions, ...options };
  const { x, y } = analysis;
  const n = x.length;
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, x[i]);
  const c = o.concurrency ? Float64Array.from(o.concurrency) : concurrencyOf(x, y, o.responseSeconds);
  const fit = analysis.fit.ok ? analysis.fit : fitInverseGaussianGlm(x, y);
  const usl = n >= 3 ? { ...fitUsl(c, x), concurrency: o.concurrency ? ("given" as const) : ("little" as const) } : null;
  const asym = asymptote(fit);
  const curve = fitCapacityCurve(x, y, { maxRatio: o.reach });
  // No knee in the data: the capacity at the search limit, or a curve that rises less than
  // `minKneeRise` within the data (a knee sharper than any the data show, placed just past the peak).
  const kneeRise = curve.ok ? capacityCurve(curve.r0!, curve.capacity!, curve.m!, peak) / curve.r0! - 1 : 0;
  const curveC = curve.ok && curve.capacity! < o.reach * peak * 0.999 && kneeRise >= o.minKneeRise ? curve.capacity : null;
  const slaX = o.sla !== null ? slaThroughput(fit, o.sla) : null;
  const within = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v) && v > 0 && v <= o.reach * peak;

  let method: HeadroomMethod;
  let value: number;
  if (o.sla !== null && slaX !== null && slaX <= o.reach * peak) [method, value] = ["sla", slaX];
  else if (o.sla === null && within(curveC)) [method, value] = ["capacity-curve", curveC];
  else if (o.sla === null && usl?.ok && within(usl.xMax) && usl.xMax > peak && concurrencySpread(c) >= 2) [method, value] = ["usl", usl.xMax];
  else if (o.sla === null && within(asym)) [method, value] = ["glm-asymptote", asym];
  else [method, value] = ["lower-bound", peak];

  const sla = o.sla !== null ? { target: o.sla, throughput: slaX } : null;
  const base = { observedPeak: peak, method, usl, sla, asymptote: asym, capacityCurve: curve };
  if (method === "lower-bound") {
    // The largest estimate the data support as a bound: the observed peak, or the reach when a fit lies beyond it.
    const beyond = [o.sla !== null ? slaX : null, curve.ok && kneeRise >= o.minKneeRise ? curve.capacity : null, asym].some((v) => v !== null && v !== undefined && v >= o.reach * peak * 0.999);
    const bound = peak;
    const unbounded = o.sla !== null && slaX === null ? "sla-not-reached" : beyond ? "beyond-reach" : "no-knee";
    return {
      ...base,
      maxUsefulThroughput: bound,
      interval: null,
      headroomFraction: 1 - peak / bound,
      headroomInterval: null,
      bounded: false,
      statement: headroomMessage.lowerBound(unbounded, peak, bound, o.reach, o.sla, o.responseName),
      resamples: 0,
      failedResamples: 0,
    };
  }

  // The bootstrap refits the chosen method on each resample.
  // Without an SLA the USL is refitted too, and where the two capacity models disagree the
  // interval covers both: model uncertainty, not only sampling noise.
  const methods: HeadroomMethod[] = method === "capacity-curve" && usl?.ok && within(usl.xMax) && concurrencySpread(c) >= 2 ? [method, "usl"] : [method];
  const rng = seededRandom(o.seed);
  const B = n > 20_000 ? o.largeBootstrap : o.bootstrap;
  const len = Math.max(1, Math.round(Math.cbrt(n)));
  const samples = methods.map(() => [] as number[]);
  let failedResamples = 0;
  const xb = new Float64Array(n);
  const yb = new Float64Array(n);
  const cb = new Float64Array(n);
  for (let b = 0; b < B; b++) {
    const idx = blockSample(n, Math.min(len, n), rng.uniform);
    for (let i = 0; i < n; i++) {
      xb[i] = x[idx[i]];
      yb[i] = y[idx[i]];
      cb[i] = c[idx[i]];
    }
    methods.forEach((m, k) => {
      const v = estimateOn(m, xb, yb, cb, o, curve);
      if (v === null || !Number.isFinite(v)) {
        if (m === method) failedResamples++;
      } else samples[k].push(v);
    });
  }
  let lo = value;
  let hi = value;
  for (const vs of samples) {
    if (vs.length < 2) continue;
    lo = Math.min(lo, quantile(vs, 0.025));
    hi = Math.max(hi, quantile(vs, 0.975));
  }
  // Without an SLA the system has already served its observed peak: the limit is no lower.
  if (method !== "sla") {
    value = Math.max(value, peak);
    lo = Math.max(lo, peak);
    hi = Math.max(hi, peak);
  }
  const interval: [number, number] = [lo, hi];
  // Null where the maximum useful throughput is 0: the response exceeds the SLA even at no load.
  const headroomOf = (v: number) => (v > 0 ? 1 - peak / v : null);
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
        ? headroomMessage.slaExceeded(o.sla ?? 0, o.responseName)
        : headroomMessage.estimate(method, value, interval, peak, headroomFraction, o.sla, o.responseName),
    resamples: B,
    failedResamples,
  };
}
