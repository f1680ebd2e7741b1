/**
 * Mode decomposition: a k-component mixture of lognormals fitted by EM on log values
 * (a Gaussian mixture of ln x), weighted by count, k given or chosen by BIC.
 *
 *   values | buckets --ln--> weighted points (compressed to a 2,048-bin log histogram above
 *   20,000 values) --starts (quantile split + k-means++ seeds)--> EM (variance floor) -->
 *   best log-likelihood --> modes sorted by median, implied hit rates, BIC
 *
 * - Quantized values (a quarter or fewer distinct, all multiples of one step d, e.g. a log
 *   with 0.1 ms resolution) are read as buckets [x - d/2, x + d/2], the floor then the largest
 *   within-bucket log variance, so that no mode sits on a single recorded value.
 * - Buckets [from, to] enter at their log midpoint (ln from + ln to) / 2 (a bucket from 0 at
 *   ln(to / 2)); the variance floor is at least the mean within-bucket log variance w^2 / 12.
 * - Log-likelihood is of the original values (the Jacobian -sum ln x is included);
 *   BIC = -2 logLik + (3k - 1) ln n, n the total count.
 * - Chosen by BIC, k counts only fits whose components are k separate modes: each a peak of
 *   the mixture density of its own (mode association), peaks at least 3 recording steps or
 *   bucket widths apart with a dip below half the lower peak between them. Extra components that only fit the skew of one peak, a thin tail,
 *   or split a peak at the recording resolution raise the likelihood but are not modes.
 * - Each mode: weight, median exp(mu), p5 and p95 exp(mu -+ z95 sigma).
 */
import { seededRandom } from "../util/random.js";
import type { WeightedBucket } from "./empirical.js";
import { Z95 } from "./normal.js";
import { impliedHitRates } from "./types.js";

/** Options of `fitLognormalMixture`. */
export interface MixtureFitOptions {
  /** Number of modes; undefined = choose by BIC from 1 to `maxModes`. */
  modes?: number;
  maxModes?: number;
  /** Seed of the k-means++ starts. */
  seed?: number;
  /** Number of EM starts per k (the first is the quantile split). */
  starts?: number;
  maxIterations?: number;
  /** Stop when the log-likelihood improves by less than this (relative). */
  tolerance?: number;
  /** Smallest variance of a component, in (ln units)^2. */
  varianceFloor?: number;
}

/** Defaults of `MixtureFitOptions`. */
export const defaultMixtureFitOptions = {
  maxModes: 6,
  seed: 1,
  starts: 4,
  maxIterations: 1000,
  tolerance: 1e-9,
  varianceFloor: 1e-4,
} as const;

export interface Mode {
  weight: number;
  median: number;
  p5: number;
  p95: number;
  /** Mean and sd of ln x. */
  meanlog: number;
  sdlog: number;
}

export interface MixtureFit {
  modes: Mode[];
  hitRates: number[];
  logLik: number;
  bic: number;
  /** Total count (number of values, or sum of bucket counts). */
  n: number;
  iterations: number;
  converged: boolean;
  /**
   * BIC of every k tried (when k was chosen by BIC), k from 1; `separate` is false when the k
   * components are not k separate modes (see `separateModes`), such a k is never chosen.
   */
  bicByModes: { modes: number; bic: number; separate: boolean }[];
  /** The recording step found in quantized values (read as buckets), else null. */
  step: number | null;
}

/** Mixture input: raw positive values, or buckets weighted by count. */
export type MixtureInput = { values: ArrayLike<number> } | { buckets: readonly WeightedBucket[] };

interface Points {
  y: Float64Array;
  w: Float64Array;
  total: number;
  sumWY: number;
  floor: number;
  /** The recording resolution: the buckets read (sorted by `from`), none for raw values. */
  buckets: readonly WeightedBucket[];
  /** The recording step of quantized values, else null. */
  step: number | null;
}

/** Thrown for input that cannot be fitted (non-positive values, too few values). */
export class MixtureInputError extends RangeError {
  constructor(
    readonly reason: "nonPositive" | "tooFew",
    readonly count: number,
  ) {
    super(reason === "nonPositive" ? `${count} values <= 0` : `only ${count} values`);
  }
}

/**
 * The recording step of values on a fixed grid: the greatest common divisor (Euclid's
 * algorithm, to a relative tolerance of 1e-3 of the smallest gap) of the smallest value and the
 * gaps between consecutive distinct values, when every distinct value is a multiple of it. Null when the
 * values are not on a grid (fewer than two distinct values, or a step below a tenth of the
 * smallest gap, which is floating-point noise rather than a resolution).
 */
export function recordingStep(distinct: readonly number[]): number | null {
  if (distinct.length < 2) return null;
  let smallest = Infinity;
  for (let i = 1; i < distinct.length; i++) smallest = Math.min(smallest, distinct[i] - distinct[i - 1]);
  if (!Number.isFinite(smallest) || smallest <= 0) return null;
  const tol = 1e-3 * smallest;
  let g = smallest;
  // The first value joins the gaps: a grid of step d holds multiples of d, not only gaps of d.
  for (let i = 0; i < distinct.length && g >= smallest / 10; i++) {
    const x = i === 0 ? distinct[0] : distinct[i] - distinct[i - 1];
    let a = Math.max(g, x);
    let b = Math.min(g, x);
    while (b > tol) [a, b] = [b, a - b * Math.floor(a / b + tol / b)];
    g = a;
  }
  if (g < smallest / 10) return null;
  for (const x of distinct) if (Math.abs(x / g - Math.round(x / g)) > 1e-3) return null;
  return g;
}

/**
 * Values recorded at a fixed resolution d (fewer distinct values than a quarter of the count,
 * all on a grid of step d, see `recordingStep`) become buckets [x - d/2, x + d/2], so that EM
 * cannot fit a mode to each recorded value. Returns null for values that are not quantized.
 */
export function quantizedBuckets(values: ArrayLike<number>): WeightedBucket[] | null {
  const xs = Float64Array.from(values)
    .filter((x) => Number.isFinite(x) && x > 0)
    .sort();
  if (xs.length < 100) return null;
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  if (counts.size * 4 > xs.length) return null;
  const distinct = [...counts.keys()];
  const d = recordingStep(distinct);
  if (d === null) return null;
  return distinct.map((x) => ({ from: Math.max(x - d / 2, x / 2), to: x + d / 2, count: counts.get(x)! }));
}

function toPoints(input: MixtureInput, floor: number, maxFloor = false): Points {
  let y: number[] = [];
  let w: number[] = [];
  let bucketVar = 0;
  let bad = 0;
  if ("values" in input) {
    const q = quantizedBuckets(input.values);
    if (q !== null) return { ...toPoints({ buckets: q }, floor, true), step: q.length > 1 ? q[1].to - q[1].from : null };
    const v = input.values;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (!Number.isFinite(x)) continue;
      if (x <= 0) bad++;
      else {
        y.push(Math.log(x));
        w.push(1);
      }
    }
  } else {
    let tw = 0;
    for (const b of input.buckets) {
      if (!(b.count > 0)) continue;
      if (!(b.to > 0)) {
        bad += b.count;
        continue;
      }
      const lo = b.from > 0 ? Math.log(b.from) : Math.log(b.to / 2);
      const hi = Math.log(b.to);
      y.push((lo + hi) / 2);
      w.push(b.count);
      bucketVar = maxFloor ? Math.max(bucketVar, (hi - lo) ** 2 / 12) : bucketVar + (b.count * (hi - lo) ** 2) / 12;
      tw += b.count;
    }
    if (tw > 0 && !maxFloor) bucketVar /= tw;
  }
  if (bad > 0) throw new MixtureInputError("nonPositive", bad);
  if (y.length > 20_000) {
    // Compress: a fine histogram of ln x (bin width ~ range / 2048), points at bin centres.
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of y) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const bins = 2048;
    const width = (hi - lo) / bins || 1;
    const counts = new Float64Array(bins);
    for (let i = 0; i < y.length; i++) counts[Math.min(bins - 1, Math.floor((y[i] - lo) / width))] += w[i];
    const ny: number[] = [];
    const nw: number[] = [];
    counts.forEach((c, i) => {
      if (c > 0) {
        ny.push(lo + (i + 0.5) * width);
        nw.push(c);
      }
    });
    y = ny;
    w = nw;
    bucketVar = Math.max(bucketVar, (width * width) / 12);
  }
  const Y = Float64Array.from(y);
  const W = Float64Array.from(w);
  let total = 0;
  let sumWY = 0;
  for (let i = 0; i < Y.length; i++) {
    total += W[i];
    sumWY += W[i] * Y[i];
  }
  const buckets = "buckets" in input ? [...input.buckets].filter((b) => b.count > 0).sort((a, b) => a.from - b.from) : [];
  return { y: Y, w: W, total, sumWY, floor: Math.max(floor, bucketVar), buckets, step: null };
}

interface Params {
  pi: Float64Array;
  mu: Float64Array;
  v: Float64Array;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** Log-likelihood of ln-values and responsibilities into r (row-major n x k) when given. */
function eStep(p: Points, th: Params, r: Float64Array | null): number {
  const k = th.pi.length;
  const n = p.y.length;
  const c = new Float64Array(k);
  for (let j = 0; j < k; j++) c[j] = Math.log(th.pi[j]) - 0.5 * (LOG_2PI + Math.log(th.v[j]));
  let ll = 0;
  const lp = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const yi = p.y[i];
    let m = -Infinity;
    for (let j = 0; j < k; j++) {
      const d = yi - th.mu[j];
      lp[j] = c[j] - (0.5 * d * d) / th.v[j];
      if (lp[j] > m) m = lp[j];
    }
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(lp[j] - m);
    const lse = m + Math.log(s);
    ll += p.w[i] * lse;
    if (r) for (let j = 0; j < k; j++) r[i * k + j] = Math.exp(lp[j] - lse);
  }
  return ll;
}

function mStep(p: Points, r: Float64Array, th: Params, rng: () => number): void {
  const k = th.pi.length;
  const n = p.y.length;
  for (let j = 0; j < k; j++) {
    let nk = 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const wr = p.w[i] * r[i * k + j];
      nk += wr;
      s += wr * p.y[i];
    }
    if (!(nk > 1e-12 * p.total)) {
      // An empty component: restart it at a random point with the overall spread.
      th.mu[j] = p.y[Math.floor(rng() * n)];
      th.v[j] = Math.max(p.floor, 0.25);
      th.pi[j] = 1e-6;
      continue;
    }
    const mu = s / nk;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = p.y[i] - mu;
      ss += p.w[i] * r[i * k + j] * d * d;
    }
    th.mu[j] = mu;
    th.v[j] = Math.max(p.floor, ss / nk);
    th.pi[j] = nk / p.total;
  }
  let sum = 0;
  for (let j = 0; j < k; j++) sum += th.pi[j];
  for (let j = 0; j < k; j++) th.pi[j] /= sum;
}

/** Parameters from a hard assignment of points to k groups. */
function fromGroups(p: Points, group: Int32Array, k: number): Params {
  const pi = new Float64Array(k);
  const mu = new Float64Array(k);
  const v = new Float64Array(k);
  for (let i = 0; i < p.y.length; i++) {
    pi[group[i]] += p.w[i];
    mu[group[i]] += p.w[i] * p.y[i];
  }
  for (let j = 0; j < k; j++) mu[j] = pi[j] > 0 ? mu[j] / pi[j] : p.sumWY / p.total;
  for (let i = 0; i < p.y.length; i++) v[group[i]] += p.w[i] * (p.y[i] - mu[group[i]]) ** 2;
  for (let j = 0; j < k; j++) {
    v[j] = Math.max(p.floor, pi[j] > 0 ? v[j] / pi[j] : 1);
    pi[j] = Math.max(pi[j] / p.total, 1e-6);
  }
  const s = pi.reduce((a, b) => a + b, 0);
  for (let j = 0; j < k; j++) pi[j] /= s;
  return { pi, mu, v };
}

/** Start 0: split the weighted, sorted points into k groups of equal weight. */
function quantileStart(p: Points, k: number): Params {
  const order = Array.from(p.y.keys()).sort((a, b) => p.y[a] - p.y[b]);
  const group = new Int32Array(p.y.length);
  let acc = 0;
  for (const i of order) {
    group[i] = Math.min(k - 1, Math.floor((acc / p.total) * k));
    acc += p.w[i];
  }
  return fromGroups(p, group, k);
}

/** k-means++ seeds (weighted by count), then a nearest-centre assignment. */
function kmeansPlusPlusStart(p: Points, k: number, rng: () => number): Params {
  const n = p.y.length;
  const pick = (weights: Float64Array): number => {
    let total = 0;
    for (const x of weights) total += x;
    let u = rng() * total;
    for (let i = 0; i < n; i++) {
      u -= weights[i];
      if (u <= 0) return i;
    }
    return n - 1;
  };
  const centres: number[] = [p.y[pick(p.w)]];
  const d2 = new Float64Array(n);
  while (centres.length < k) {
    for (let i = 0; i < n; i++) {
      let best = Infinity;
      for (const c of centres) best = Math.min(best, (p.y[i] - c) ** 2);
      d2[i] = p.w[i] * best;
    }
    centres.push(p.y[pick(d2)]);
  }
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (Math.abs(p.y[i] - centres[j]) < Math.abs(p.y[i] - centres[best])) best = j;
    group[i] = best;
  }
  return fromGroups(p, group, k);
}

function runEm(p: Points, start: Params, o: { maxIterations: number; tolerance: number }, rng: () => number) {
  const k = start.pi.length;
  const th: Params = { pi: start.pi.slice(), mu: start.mu.slice(), v: start.v.slice() };
  const r = new Float64Array(p.y.length * k);
  let ll = eStep(p, th, r);
  let iterations = 0;
  let converged = false;
  while (iterations < o.maxIterations) {
    mStep(p, r, th, rng);
    iterations++;
    const next = eStep(p, th, r);
    const change = next - ll;
    ll = next;
    if (Math.abs(change) <= o.tolerance * Math.abs(ll)) {
      converged = true;
      break;
    }
  }
  return { th, ll, iterations, converged };
}

function fitK(p: Points, k: number, o: Required<Omit<MixtureFitOptions, "modes">>) {
  let best: ReturnType<typeof runEm> | null = null;
  const rand = seededRandom(o.seed * 7919 + k);
  const rng = () => rand.uniform();
  for (let s = 0; s < Math.max(1, o.starts); s++) {
    const start = s === 0 ? quantileStart(p, k) : kmeansPlusPlusStart(p, k, rng);
    const fit = runEm(p, start, o, rng);
    if (Number.isFinite(fit.ll) && (best === null || fit.ll > best.ll)) best = fit;
  }
  return best!;
}

function toFit(p: Points, fit: ReturnType<typeof runEm>, bicByModes: MixtureFit["bicByModes"]): MixtureFit {
  const k = fit.th.pi.length;
  const modes: Mode[] = [];
  for (let j = 0; j < k; j++) {
    const sd = Math.sqrt(fit.th.v[j]);
    const mu = fit.th.mu[j];
    modes.push({ weight: fit.th.pi[j], median: Math.exp(mu), p5: Math.exp(mu - Z95 * sd), p95: Math.exp(mu + Z95 * sd), meanlog: mu, sdlog: sd });
  }
  modes.sort((a, b) => a.median - b.median);
  const logLik = fit.ll - p.sumWY;
  const bic = -2 * logLik + (3 * k - 1) * Math.log(p.total);
  return {
    modes,
    hitRates: impliedHitRates(modes.map((m) => m.weight)),
    logLik,
    bic,
    n: p.total,
    iterations: fit.iterations,
    converged: fit.converged,
    bicByModes,
    step: p.step,
  };
}

/** Peaks of one fit closer than this many recording steps (or bucket widths) are one mode. */
export const minModeSeparationSteps = 3;

/**
 * Two peaks are separate modes only when the density between them dips below this share of
 * the lower peak (the ridgeline ratio of Hennig 2010, "Methods for merging Gaussian mixture
 * components"); two equal lognormals pass at about 3.3 sdlog apart.
 */
export const maxDipRatio = 0.5;

/** Width of the recording resolution between x1 < x2: the step, the widest bucket met, or 0. */
function resolutionBetween(p: Points, x1: number, x2: number): number {
  if (p.step !== null) return p.step;
  let widest = 0;
  for (const b of p.buckets) if (b.to >= x1 && b.from <= x2) widest = Math.max(widest, b.to - b.from);
  return widest;
}

/**
 * Whether every component of a fit is a mode of its own: mode association (Li, Ray and
 * Lindsay 2007, "A nonparametric statistical approach to clustering via mode
 * identification"): hill-climbing the mixture density of ln x from each component's mean
 * must reach k different peaks, consecutive peaks must lie at least
 * `minModeSeparationSteps` recording steps apart, and the density must dip between them
 * below `maxDipRatio` of the lower peak. A component that only bends the shoulder of another
 * (skew, a tail), spreads under several peaks, or splits one peak at the recording
 * resolution fails.
 */
function separateModes(p: Points, th: Params): boolean {
  const k = th.pi.length;
  if (k === 1) return true;
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < k; j++) {
    const sd = Math.sqrt(th.v[j]);
    lo = Math.min(lo, th.mu[j] - 6 * sd);
    hi = Math.max(hi, th.mu[j] + 6 * sd);
  }
  const n = 8192;
  const h = (hi - lo) / (n - 1);
  const dens = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = lo + i * h;
    for (let j = 0; j < k; j++) dens[i] += (th.pi[j] * Math.exp((-0.5 * (y - th.mu[j]) ** 2) / th.v[j])) / Math.sqrt(th.v[j]);
  }
  const peaks = new Set<number>();
  for (let j = 0; j < k; j++) {
    let i = Math.min(n - 1, Math.max(0, Math.round((th.mu[j] - lo) / h)));
    for (;;) {
      if (i + 1 < n && dens[i + 1] > dens[i]) i++;
      else if (i > 0 && dens[i - 1] > dens[i]) i--;
      else break;
    }
    peaks.add(i);
  }
  if (peaks.size < k) return false;
  const at = [...peaks].sort((a, b) => a - b);
  const xs = at.map((i) => Math.exp(lo + i * h));
  for (let i = 1; i < xs.length; i++) if (xs[i] - xs[i - 1] < minModeSeparationSteps * resolutionBetween(p, xs[i - 1], xs[i])) return false;
  for (let i = 1; i < at.length; i++) {
    let dip = Infinity;
    for (let g = at[i - 1]; g <= at[i]; g++) dip = Math.min(dip, dens[g]);
    if (dip > maxDipRatio * Math.min(dens[at[i - 1]], dens[at[i]])) return false;
  }
  return true;
}

/**
 * Fit a mixture of lognormals to positive latencies (raw values or weighted buckets).
 * Throws `MixtureInputError` for values <= 0 or fewer distinct values than 2 per parameter.
 */
export function fitLognormalMixture(input: MixtureInput, options: MixtureFitOptions = {}): MixtureFit {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o = { ...defaultMixtureFitOptions, ...defined } as Required<Omit<MixtureFitOptions, "modes">> & { modes?: number };
  const p = toPoints(input, o.varianceFloor);
  // By BIC: k from 1 up to maxModes, at most one mode per distinct point.
  const ks = o.modes !== undefined ? [o.modes] : Array.from({ length: Math.max(1, Math.min(o.maxModes, p.y.length)) }, (_, i) => i + 1);
  const need = Math.max(...ks);
  if (p.total < 3 * need || p.y.length < need) throw new MixtureInputError("tooFew", p.total);
  let best: { fit: ReturnType<typeof runEm>; bic: number } | null = null;
  const table: MixtureFit["bicByModes"] = [];
  for (const k of ks) {
    if (p.y.length < k) break;
    const fit = fitK(p, k, o);
    const bic = -2 * (fit.ll - p.sumWY) + (3 * k - 1) * Math.log(p.total);
    const separate = o.modes !== undefined || separateModes(p, fit.th);
    table.push({ modes: k, bic, separate });
    if (separate && (best === null || bic < best.bic)) best = { fit, bic };
  }
  return toFit(p, best!.fit, o.modes !== undefined ? [] : table);
}

/** Density of the fitted mixture at x > 0 (per unit of x). */
export function mixtureDensity(modes: readonly Mode[], x: number): number {
  if (!(x > 0)) return 0;
  const lx = Math.log(x);
  let s = 0;
  for (const m of modes) {
    const z = (lx - m.meanlog) / m.sdlog;
    s += (m.weight * Math.exp(-0.5 * z * z)) / (m.sdlog * Math.sqrt(2 * Math.PI) * x);
  }
  return s;
}
