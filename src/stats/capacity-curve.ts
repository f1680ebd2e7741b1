/**
 * The capacity curve: response that grows without bound as throughput nears a
 * capacity C,
 *
 *   R(X) = R0 / (1 - (X / C)^m),   R0 > 0, C > max X, m >= 1,
 *
 * fitted by least squares on log R. m = 1 is exactly the M/M/1 queue
 * (R = S / (1 - rho)); larger m is flat for longer and bends later and harder,
 * as an M/M/c service with many servers does (m ~ c). (m < 1 would rise
 * early and nearly linearly; it is excluded because it explains a linear rise
 * by a far-away capacity.) C is the saturation throughput the response curve
 * points at.
 *
 *   grid start over C / max X and m -> Levenberg-Marquardt in unconstrained
 *   coordinates (log R0, log(C / max X - 1), log(m - 1)), or from a given start, numerical Jacobian
 *
 * Pure; rows with a non-positive or non-finite value are skipped. With `weights`
 * each row stands for `w` rows (grouped data: a bin's mean throughput, the
 * geometric mean of its responses and its row count): the weighted residual sum
 * of squares equals the rows' own up to a constant when x is constant in a bin.
 */
import { positiveRows } from "./positive-rows.js";
import { solveLinear } from "./solve-linear.js";

export interface CapacityCurveFit {
  ok: boolean;
  reason?: string;
  /** Response at zero throughput. */
  r0: number | null;
  /** Saturation throughput C. */
  capacity: number | null;
  /** Sharpness of the knee, m >= 1. */
  m: number | null;
  /** Residual sum of squares of log response. */
  rss: number | null;
  iterations: number;
}

export interface CapacityCurveOptions {
  maxIterations: number;
  /** Largest C / max X searched; a fit that runs to it has no knee in the data. */
  maxRatio: number;
  /** Largest m. */
  maxM: number;
  /** Start here instead of the grid (e.g. a bootstrap refit from the full fit). */
  start: { r0: number; capacity: number; m: number } | null;
  /** Weight of each row (null: 1 each); rows of weight <= 0 are skipped. */
  weights: ArrayLike<number> | null;
}

export const defaultCapacityCurveOptions: CapacityCurveOptions = { maxIterations: 100, maxRatio: 20, maxM: 200, start: null, weights: null };

/** The smallest knee sharpness m. */
const M0 = 1;

/** R(X) of the capacity curve; Infinity at or beyond C. */
export function capacityCurve(r0: number, capacity: number, m: number, x: number): number {
  const d = 1 - Math.pow(x / capacity, m);
  return d > 0 ? r0 / d : Infinity;
}

const failed = (reason: string): CapacityCurveFit => ({ ok: false, reason, r0: null, capacity: null, m: null, rss: null, iterations: 0 });

/** Fit the capacity curve to throughput `x` and response `y`. */
export function fitCapacityCurve(x: ArrayLike<number>, y: ArrayLike<number>, options: Partial<CapacityCurveOptions> = {}): CapacityCurveFit {
  const o = { ...defaultCapacityCurveOptions, ...options };
  const weights = o.weights;
  const rows = positiveRows(x, y, weights);
  const xs = rows.a;
  const ly = rows.b.map(Math.log);
  const wv = rows.w ?? [];
  const xMax = rows.aMax;
  const n = xs.length;
  // Residuals carry sqrt(w) so that sum r^2 is the weighted RSS (w = 1: the plain one, exactly).
  const sw = weights === null ? null : Float64Array.from(wv, Math.sqrt);
  let wSum = n;
  if (weights !== null) {
    wSum = 0;
    for (const v of wv) wSum += v;
  }
  if (n < 4) return failed("fewer than 4 rows with positive throughput and response");
  // One throughput value says nothing about how response changes with load: a fit would put a knee at it.
  if (xs.every((v) => v === xs[0])) return failed("every row has the same throughput, so the curve cannot be fitted");
  const u = xs.map((v) => v / xMax);
  // (u / ratio)^m as exp(m (log u - log ratio)): one exp per row instead of a pow.
  const lu = Float64Array.from(u, Math.log);

  // p = [log R0, log(ratio - 1), log(m - M0)]; ratio = C / max X.
  const clampP = (p: number[]) => [p[0], Math.min(Math.log(o.maxRatio - 1), Math.max(-14, p[1])), Math.min(Math.log(o.maxM - M0), Math.max(-14, p[2]))];
  const residuals = (p: number[], out: Float64Array): number => {
    const lr = Math.log1p(Math.exp(p[1]));
    const m = M0 + Math.exp(p[2]);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const d = 1 - Math.exp(m * (lu[i] - lr));
      const r = sw === null ? ly[i] - (p[0] - Math.log(d)) : sw[i] * (ly[i] - (p[0] - Math.log(d)));
      out[i] = r;
      s += r * r;
    }
    return s;
  };

  // Grid start; log R0 is the mean residual for each (ratio, m).
  let best: number[] = [0, 0, 0];
  let bestS = Infinity;
  let tmp = new Float64Array(n);
  // `r` holds the residuals at the current point once `haveR` (a start's, or the step last taken:
  // the same values a new pass would give, so that pass is saved).
  let r = new Float64Array(n);
  let haveR = false;
  const starts: [number, number][] = [];
  if (o.start && o.start.capacity > xMax && o.start.m > M0) starts.push([o.start.capacity / xMax, o.start.m]);
  else
    for (const ratio of [1.005, 1.02, 1.05, 1.1, 1.2, 1.4, 1.7, 2.2, 3, 5, 10])
      for (const m of [1.001, 1.5, 2, 3, 5, 8, 13, 21, 34, 60, 100]) starts.push([ratio, m]);
  for (const [ratio, m] of starts) {
    let c = 0;
    for (let i = 0; i < n; i++) c += (wv.length ? wv[i] : 1) * (ly[i] + Math.log(1 - Math.pow(u[i] / ratio, m)));
    const p = clampP([c / wSum, Math.log(ratio - 1), Math.log(m - M0)]);
    const s = residuals(p, tmp);
    if (s < bestS) {
      bestS = s;
      best = p;
      [r, tmp] = [tmp, r];
      haveR = true;
    }
  }

  let p = best;
  let s = bestS;
  let lambda = 1e-3;
  let iterations = 0;
  let rh = new Float64Array(n);
  // The Jacobian's columns, refilled each iteration (a bootstrap refits thousands of times: no garbage per iteration).
  const J = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (; iterations < o.maxIterations; iterations++) {
    if (!haveR) residuals(p, r);
    haveR = false;
    // Numerical Jacobian of the residuals.
    for (let k = 0; k < 3; k++) {
      const h = 1e-6 * Math.max(1, Math.abs(p[k]));
      const q = [...p];
      q[k] += h;
      residuals(q, rh);
      const col = J[k];
      for (let i = 0; i < n; i++) col[i] = (rh[i] - r[i]) / h;
    }
    const A = [0, 1, 2].map((a) => [0, 1, 2].map((b) => dot(J[a], J[b])));
    const g = [0, 1, 2].map((a) => dot(J[a], r));
    // A coordinate at its bound whose descent direction points out of the box stays fixed (active set).
    const lower = [-Infinity, -14, -14];
    const upper = [Infinity, Math.log(o.maxRatio - 1), Math.log(o.maxM - M0)];
    const free = [0, 1, 2].filter((k) => !((p[k] <= lower[k] && g[k] > 0) || (p[k] >= upper[k] && g[k] < 0)));
    let improved = false;
    for (let t = 0; t < 25; t++) {
      const M = free.map((a) => free.map((b) => A[a][b] + (a === b ? lambda * (A[a][a] || 1) : 0)));
      const step = solveLinear(
        M,
        free.map((k) => -g[k]),
      );
      if (!step) {
        lambda *= 10;
        continue;
      }
      // Steps this small no longer move the fit: converged (saves the remaining tries at an optimum).
      if (step.every((v, j) => Math.abs(v) < 1e-10 * (1 + Math.abs(p[free[j]])))) break;
      const q = [...p];
      free.forEach((k, j) => (q[k] += step[j]));
      const qc = clampP(q);
      const sq = residuals(qc, rh);
      if (sq < s) {
        const rel = (s - sq) / (s + 1e-300);
        p = qc;
        s = sq;
        [r, rh] = [rh, r];
        haveR = true;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = rel > 1e-9;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  const ratio = 1 + Math.exp(p[1]);
  const m = M0 + Math.exp(p[2]);
  if (!Number.isFinite(s)) return failed("the fit did not converge to finite values");
  return { ok: true, r0: Math.exp(p[0]), capacity: ratio * xMax, m, rss: s, iterations };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
