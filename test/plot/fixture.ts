/**
 * Synthetic, seeded `HeadroomAnalysis` fixtures for the plot tests. Self-contained on purpose:
 * the histograms use a simple local equal-width binning ("nice" 1-2-5 step, Sturges count,
 * right-closed bins, lowest closed) and the fit a small IRLS of the inverse-Gaussian GLM
 * (link 1/mu^2, prior weights x) — close to, but not, the R-exact code in src/stats.
 */
import type { GlmFit, HeadroomAnalysis, Histogram } from "../../src/headroom/types.js";

/** mulberry32: a small seeded PRNG in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u: () => number): () => number {
  return () => {
    const a = Math.max(u(), 1e-12);
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  };
}

export interface FixtureOptions {
  n: number;
  seed: number;
  /** Give the rows epoch-second times (60 s apart from 2023-11-14T22:13:20Z), else t = null. */
  withTime: boolean;
  /** Keep rows with response < R-type-7 quantile(q); 1 keeps all. */
  q: number;
  /** Throughput range [lo, hi) removed from the data, to make empty bins. */
  gap: [number, number] | null;
  /** Replace the fit with a failed one. */
  fitFails: boolean;
  /** Saturation throughput of the synthetic system (req/s). */
  xmax: number;
  /** Response at zero load (ms). */
  base: number;
}

const defaults: FixtureOptions = {
  n: 1000,
  seed: 1,
  withTime: true,
  q: 0.95,
  gap: null,
  fitFails: false,
  xmax: 1000,
  base: 20,
};

/** response ~ base / (1 - x / xmax) with log-normal noise; load swings through a day-like cycle. */
export function makeAnalysis(options: Partial<FixtureOptions> = {}): HeadroomAnalysis {
  const o = { ...defaults, ...options };
  const u = rng(o.seed);
  const z = normal(u);
  // Typed arrays throughout: the 1,000,000-row fixtures are built in a fraction of a second.
  const xs = new Float64Array(o.n);
  const ys = new Float64Array(o.n);
  const period = Math.max(50, o.n / 3);
  for (let i = 0; i < o.n; i++) {
    let load = 0.5 + 0.38 * Math.sin((2 * Math.PI * i) / period) + 0.09 * z();
    load = Math.min(0.93, Math.max(0.02, load));
    xs[i] = o.xmax * load;
    ys[i] = (o.base / (1 - load)) * Math.exp(0.18 * z());
  }
  // Drop the gap (these rows are simply absent from the input), then trim at the q quantile.
  const all = new Int32Array(o.n);
  let usable = 0;
  for (let i = 0; i < o.n; i++) {
    if (o.gap && xs[i] >= o.gap[0] && xs[i] < o.gap[1]) continue;
    if (xs[i] > 0 && ys[i] > 0) all[usable++] = i;
  }
  const keep0 = all.subarray(0, usable);
  const usableY = new Float64Array(usable);
  for (let k = 0; k < usable; k++) usableY[k] = ys[keep0[k]];
  const cutoff = o.q >= 1 ? null : quantile7(usableY, o.q);
  let nk = 0;
  const kept = new Int32Array(usable);
  for (let k = 0; k < usable; k++) if (cutoff === null || usableY[k] < cutoff) kept[nk++] = keep0[k];
  const row = kept.slice(0, nk);
  const x = new Float64Array(nk);
  const y = new Float64Array(nk);
  const t = o.withTime ? new Float64Array(nk) : null;
  let peak = -Infinity;
  for (let k = 0; k < usable; k++) peak = Math.max(peak, xs[keep0[k]]);
  for (let k = 0; k < nk; k++) {
    const i = row[k];
    x[k] = xs[i];
    y[k] = ys[i];
    if (t) t[k] = 1_700_000_000 + 60 * i;
  }
  const throughputHist = equalWidthHist(x);
  const responseHist = equalWidthHist(y);
  const maxCurve = binMax(throughputHist.breaks, x, y);
  const fit: GlmFit = o.fitFails
    ? { ok: false, reason: "the fit did not converge", intercept: null, slope: null, converged: false, iterations: 25, deviance: null }
    : fitInverseGaussian(x, y);
  return {
    rows: o.n,
    kept: nk,
    usable,
    throughputPeak: peak,
    options: { q: o.q, qx: false, fit: true },
    x,
    y,
    t,
    row,
    responseCutoff: cutoff,
    throughputCutoff: null,
    throughputHist,
    responseHist,
    maxCurve,
    fit,
  };
}

/** R type 7 quantile (of positive finite values: a typed copy sorts them numerically). */
export function quantile7(values: ArrayLike<number>, p: number): number {
  const s = new Float64Array(values.length);
  for (let i = 0; i < s.length; i++) s[i] = values[i];
  s.sort();
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
}

function niceStep(raw: number): number {
  const e = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / e;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * e;
}

/** Equal-width bins with a 1-2-5 step, Sturges' count, right-closed (lowest bin closed). */
export function equalWidthHist(v: Float64Array): Histogram {
  if (v.length === 0) return { breaks: [0, 1], counts: [0], mids: [0.5], density: [0] };
  let min = Infinity;
  let max = -Infinity;
  for (const a of v) {
    if (a < min) min = a;
    if (a > max) max = a;
  }
  const k = Math.ceil(Math.log2(v.length) + 1);
  const step = niceStep(max > min ? (max - min) / k : 1);
  const lo = Math.floor(min / step) * step;
  const nb = Math.max(1, Math.ceil((max - lo) / step - 1e-9));
  const breaks = Array.from({ length: nb + 1 }, (_, i) => +(lo + i * step).toPrecision(12));
  const counts = new Array<number>(nb).fill(0);
  for (const a of v) counts[binOf(breaks, a)]++;
  const mids = counts.map((_, i) => (breaks[i] + breaks[i + 1]) / 2);
  const density = counts.map((c) => c / (v.length * step));
  return { breaks, counts, mids, density };
}

function binOf(breaks: number[], a: number): number {
  // (breaks[i], breaks[i+1]], the lowest bin also holds breaks[0].
  for (let i = 0; i + 1 < breaks.length; i++) if (a <= breaks[i + 1]) return i;
  return breaks.length - 2;
}

/** Largest response in each throughput bin, null for an empty bin. */
export function binMax(breaks: number[], x: Float64Array, y: Float64Array): (number | null)[] {
  const out: (number | null)[] = new Array(breaks.length - 1).fill(null);
  for (let i = 0; i < x.length; i++) {
    const b = binOf(breaks, x[i]);
    const cur = out[b];
    if (cur === null || y[i] > cur) out[b] = y[i];
  }
  return out;
}

/** IRLS for glm(y ~ x, family = inverse.gaussian, weights = x): eta = 1/mu^2 = a + b x, with step halving. */
export function fitInverseGaussian(x: Float64Array, y: Float64Array): GlmFit {
  const n = x.length;
  const valid = (pa: number, pb: number): boolean => {
    for (let i = 0; i < n; i++) if (!(pa + pb * x[i] > 0)) return false;
    return true;
  };
  const devianceOf = (pa: number, pb: number): number => {
    let dev = 0;
    for (let i = 0; i < n; i++) {
      const mu = 1 / Math.sqrt(pa + pb * x[i]);
      dev += (x[i] * (y[i] - mu) ** 2) / (y[i] * mu * mu);
    }
    return dev;
  };
  // Start: a flat line at the weighted mean of 1/y^2 (always valid).
  let sw0 = 0;
  let s0 = 0;
  for (let i = 0; i < n; i++) {
    sw0 += x[i];
    s0 += x[i] / (y[i] * y[i]);
  }
  let a = s0 / sw0;
  let b = 0;
  let deviance = devianceOf(a, b);
  let converged = false;
  let iterations = 0;
  for (let it = 1; it <= 100; it++) {
    iterations = it;
    let sw = 0,
      sx = 0,
      sz = 0,
      sxx = 0,
      sxz = 0;
    for (let i = 0; i < n; i++) {
      const e = a + b * x[i];
      const mu = 1 / Math.sqrt(e);
      const z = e - (2 * (y[i] - mu)) / (mu * mu * mu);
      const w = (x[i] * mu * mu * mu) / 4;
      sw += w;
      sx += w * x[i];
      sz += w * z;
      sxx += w * x[i] * x[i];
      sxz += w * x[i] * z;
    }
    const det = sw * sxx - sx * sx;
    let nb = (sw * sxz - sx * sz) / det;
    let na = (sz - nb * sx) / sw;
    let dev = valid(na, nb) ? devianceOf(na, nb) : Infinity;
    for (let h = 0; h < 60 && !(dev <= deviance * (1 + 1e-12)); h++) {
      na = (na + a) / 2;
      nb = (nb + b) / 2;
      dev = valid(na, nb) ? devianceOf(na, nb) : Infinity;
    }
    if (!Number.isFinite(dev)) break;
    a = na;
    b = nb;
    const change = Math.abs(dev - deviance) / (Math.abs(dev) + 0.1);
    deviance = dev;
    if (change < 1e-10) {
      converged = true;
      break;
    }
  }
  return { ok: converged && valid(a, b), intercept: a, slope: b, converged, iterations, deviance };
}
