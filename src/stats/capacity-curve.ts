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
import { dampedStep } from "./solve-linear.js";

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

/**
 * The rows as the fit reads them: u = x / max x and its log, log y, and with weights sqrt(w) (the
 * residuals carry it, so that sum r^2 is the weighted RSS; w = 1: the plain one, exactly).
 */
interface CurveRows {
  n: number;
  xMax: number;
  u: Float64Array;
  lu: Float64Array;
  ly: Float64Array;
  /** The weights (1 each without weights: a product with 1 is the same double) and their sum. */
  wv: Float64Array;
  wSum: number;
  sw: Float64Array;
}

/** A point of the fit: p = [log R0, log(ratio - 1), log(m - M0)], ratio = C / max X, and its residual sum of squares. */
interface Point {
  p: number[];
  s: number;
}

/**
 * The residuals at p into `out`, and their sum of squares: (u / ratio)^m as exp(m (log u - log
 * ratio)), one exp per row instead of a pow.
 */
function residuals(d: CurveRows, p: readonly number[], out: Float64Array): number {
  const { n, lu, ly, sw } = d;
  const lr = Math.log1p(Math.exp(p[1]));
  const m = M0 + Math.exp(p[2]);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = 1 - Math.exp(m * (lu[i] - lr));
    const r = sw[i] * (ly[i] - (p[0] - Math.log(e)));
    out[i] = r;
    s += r * r;
  }
  return s;
}

/** p with its ratio and m coordinates inside the searched box. */
function clampP(p: readonly number[], o: CapacityCurveOptions): number[] {
  return [p[0], Math.min(Math.log(o.maxRatio - 1), Math.max(-14, p[1])), Math.min(Math.log(o.maxM - M0), Math.max(-14, p[2]))];
}

/** The start of the search: a grid over (ratio, m), or the given start; log R0 is the mean residual for each. */
function startsOf(o: CapacityCurveOptions, xMax: number): [number, number][] {
  const starts: [number, number][] = [];
  if (o.start && o.start.capacity > xMax && o.start.m > M0) starts.push([o.start.capacity / xMax, o.start.m]);
  else
    for (const ratio of [1.005, 1.02, 1.05, 1.1, 1.2, 1.4, 1.7, 2.2, 3, 5, 10])
      for (const m of [1.001, 1.5, 2, 3, 5, 8, 13, 21, 34, 60, 100]) starts.push([ratio, m]);
  return starts;
}

/** The best start by residual sum of squares (null: none is finite); its residuals end up in `r` (the buffers swap as a start wins). */
function bestStart(d: CurveRows, starts: readonly [number, number][], o: CapacityCurveOptions, buffers: { r: Float64Array; tmp: Float64Array }): Point | null {
  const { n, u, ly, wv, wSum } = d;
  let best: Point | null = null;
  for (const [ratio, m] of starts) {
    let c = 0;
    for (let i = 0; i < n; i++) c += wv[i] * (ly[i] + Math.log(1 - Math.pow(u[i] / ratio, m)));
    const p = clampP([c / wSum, Math.log(ratio - 1), Math.log(m - M0)], o);
    const s = residuals(d, p, buffers.tmp);
    if (s < (best?.s ?? Infinity)) {
      best = { p, s };
      [buffers.r, buffers.tmp] = [buffers.tmp, buffers.r];
    }
  }
  return best;
}

/** The gradient's components of a coordinate at its bound whose descent points out of the box stay fixed (active set): the free ones. */
function freeCoordinates(p: readonly number[], g: readonly number[], o: CapacityCurveOptions): number[] {
  const lower = [-Infinity, -14, -14];
  const upper = [Infinity, Math.log(o.maxRatio - 1), Math.log(o.maxM - M0)];
  const free: number[] = [];
  for (let k = 0; k < 3; k++) if (!((p[k] <= lower[k] && g[k] > 0) || (p[k] >= upper[k] && g[k] < 0))) free.push(k);
  return free;
}

/**
 * Levenberg-Marquardt from `start` (whose residuals `buffers.r` holds) with a forward-difference
 * Jacobian, in the buffers given (a bootstrap refits thousands of times: no garbage per iteration).
 */
function levenbergMarquardt(
  d: CurveRows,
  start: Point,
  o: CapacityCurveOptions,
  buffers: { r: Float64Array; tmp: Float64Array; J: Float64Array[] },
): Point & { iterations: number } {
  let { p, s } = start;
  let { r, tmp: rh } = buffers;
  const J = buffers.J;
  let lambda = 1e-3;
  let iterations = 0;
  // `r` holds the residuals at p (the start's, or the step last taken: the same values a new pass
  // would give, so that pass is saved).
  for (; iterations < o.maxIterations; iterations++) {
    // Numerical Jacobian of the residuals.
    for (let k = 0; k < 3; k++) {
      const h = 1e-6 * Math.max(1, Math.abs(p[k]));
      const q = p.slice();
      q[k] += h;
      residuals(d, q, rh);
      const col = J[k];
      for (let i = 0; i < d.n; i++) col[i] = (rh[i] - r[i]) / h;
    }
    const { A, g } = normalEquations(J, r, d.n);
    const free = freeCoordinates(p, g, o);
    const descent = [-g[0], -g[1], -g[2]];
    let improved = false;
    for (let t = 0; t < 25; t++) {
      const step = dampedStep(A, descent, free, lambda);
      if (!step) {
        lambda *= 10;
        continue;
      }
      // Steps this small no longer move the fit: converged (saves the remaining tries at an optimum).
      if (settled(step, p, free)) break;
      const q = p.slice();
      for (let j = 0; j < free.length; j++) q[free[j]] += step[j];
      const qc = clampP(q, o);
      const sq = residuals(d, qc, rh);
      if (sq < s) {
        const rel = (s - sq) / (s + 1e-300);
        p = qc;
        s = sq;
        [r, rh] = [rh, r];
        lambda = Math.max(lambda / 10, 1e-12);
        improved = rel > 1e-9;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return { p, s, iterations };
}

/** Whether every coordinate of the step is below 1e-10 of its size. */
function settled(step: readonly number[], p: readonly number[], free: readonly number[]): boolean {
  for (let j = 0; j < step.length; j++) if (!(Math.abs(step[j]) < 1e-10 * (1 + Math.abs(p[free[j]])))) return false;
  return true;
}

/**
 * The rows a fit reads, or why there are too few: fewer than 4, or a single throughput (one
 * throughput value says nothing about how response changes with load: a fit would put a knee at it).
 */
function curveRows(x: ArrayLike<number>, y: ArrayLike<number>, weights: ArrayLike<number> | null): CurveRows | string {
  const rows = positiveRows(x, y, weights);
  const xs = rows.a;
  const n = xs.length;
  // Typed arrays, weights or not: every fit reads arrays of one kind (V8 compiles its code once).
  const wv = rows.w === null ? new Float64Array(n).fill(1) : Float64Array.from(rows.w);
  let wSum = n;
  if (weights !== null) {
    wSum = 0;
    for (const v of wv) wSum += v;
  }
  if (n < 4) return "fewer than 4 rows with positive throughput and response";
  if (xs.every((v) => v === xs[0])) return "every row has the same throughput, so the curve cannot be fitted";
  const xMax = rows.aMax;
  const u = Float64Array.from(xs, (v) => v / xMax);
  return { n, xMax, u, lu: Float64Array.from(u, Math.log), ly: Float64Array.from(rows.b, Math.log), wv, wSum, sw: Float64Array.from(wv, Math.sqrt) };
}

/**
 * Fit the capacity curve to throughput `x` and response `y`.
 *
 *   rows -> best start (grid, or the given one) -> Levenberg-Marquardt
 *
 * (Small functions, each with its own loops: V8 compiles a loop that runs long on its own; in
 * one large function the code compiled for the grid's loop would meet the fit's code unrun.)
 */
export function fitCapacityCurve(x: ArrayLike<number>, y: ArrayLike<number>, options: Partial<CapacityCurveOptions> = {}): CapacityCurveFit {
  const o = { ...defaultCapacityCurveOptions, ...options };
  const d = curveRows(x, y, o.weights);
  if (typeof d === "string") return failed(d);
  const n = d.n;
  const buffers = { r: new Float64Array(n), tmp: new Float64Array(n), J: [new Float64Array(n), new Float64Array(n), new Float64Array(n)] };
  let start = bestStart(d, startsOf(o, d.xMax), o, buffers);
  if (start === null) {
    // No start has a finite residual sum: from the origin (any finite step is then an improvement).
    start = { p: [0, 0, 0], s: Infinity };
    residuals(d, start.p, buffers.r);
  }
  const { p, s, iterations } = levenbergMarquardt(d, start, o, buffers);
  const ratio = 1 + Math.exp(p[1]);
  const m = M0 + Math.exp(p[2]);
  if (!Number.isFinite(s)) return failed("the fit did not converge to finite values");
  return { ok: true, r0: Math.exp(p[0]), capacity: ratio * d.xMax, m, rss: s, iterations };
}

/**
 * J'J and J'r of the Jacobian's columns J and the residuals r: every entry the sum of its
 * products over the rows in order (J'J symmetric: a product and its mirror are the same double),
 * in one pass.
 */
function normalEquations(J: readonly Float64Array[], r: Float64Array, n: number): { A: number[][]; g: number[] } {
  const [j0, j1, j2] = J;
  let [a00, a01, a02, a11, a12, a22, g0, g1, g2] = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const u0 = j0[i];
    const u1 = j1[i];
    const u2 = j2[i];
    const ri = r[i];
    a00 += u0 * u0;
    a01 += u0 * u1;
    a02 += u0 * u2;
    a11 += u1 * u1;
    a12 += u1 * u2;
    a22 += u2 * u2;
    g0 += u0 * ri;
    g1 += u1 * ri;
    g2 += u2 * ri;
  }
  return {
    A: [
      [a00, a01, a02],
      [a01, a11, a12],
      [a02, a12, a22],
    ],
    g: [g0, g1, g2],
  };
}
