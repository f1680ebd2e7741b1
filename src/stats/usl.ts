/**
 * Universal Scalability Law (Gunther): throughput at concurrency N
 *
 *   X(N) = lambda N / (1 + sigma (N - 1) + kappa N (N - 1))
 *
 * fitted by nonlinear least squares of X on N with sigma, kappa >= 0, as R's
 * `nls(X ~ lambda*N/(1 + sigma*(N-1) + kappa*N*(N-1)), algorithm = "port",
 * lower = c(0, 0, 0))` (the reference the R `usl` package builds on).
 *
 *   start: N / X = (1 + sigma (N-1) + kappa N (N-1)) / lambda is linear in
 *          (1/lambda, sigma/lambda, kappa/lambda): least squares there
 *   -> Levenberg-Marquardt on the sum of squared throughput residuals,
 *      projected onto sigma, kappa >= 0 (a coefficient at its bound stays
 *      there while the gradient pushes it out)
 *   -> peak: N* = sqrt((1 - sigma) / kappa), X(N*); with kappa = 0 the
 *      ceiling lambda / sigma is approached but never reached.
 *
 * With `weights`, each row stands for `w` rows (grouped data: a bin's mean
 * concurrency and mean throughput, weighted by its row count); w = 1 is the
 * plain fit, exactly.
 */
import { positiveRows } from "./positive-rows.js";
import { dampedStep, solveLinear } from "./solve-linear.js";

export interface UslFit {
  ok: boolean;
  reason?: string;
  lambda: number | null;
  sigma: number | null;
  kappa: number | null;
  /** Concurrency of the peak throughput, sqrt((1 - sigma) / kappa); null when kappa = 0 or sigma >= 1. */
  nStar: number | null;
  /** X(N*), or the ceiling lambda / sigma when kappa = 0 and sigma > 0; null when unbounded. */
  xMax: number | null;
  /** Residual sum of squares. */
  rss: number | null;
  iterations: number;
  converged: boolean;
}

export interface UslOptions {
  maxIterations: number;
  /** Relative change of the RSS that counts as converged. */
  tolerance: number;
  /** Weight of each row (null: 1 each); rows of weight <= 0 are skipped. */
  weights: ArrayLike<number> | null;
}

export const defaultUslOptions: UslOptions = { maxIterations: 200, tolerance: 1e-12, weights: null };

/** X(N) of the USL. */
export function uslThroughput(lambda: number, sigma: number, kappa: number, n: number): number {
  return (lambda * n) / (1 + sigma * (n - 1) + kappa * n * (n - 1));
}

function rssOf(n: ArrayLike<number>, x: ArrayLike<number>, p: [number, number, number], w: ArrayLike<number> | null): number {
  let s = 0;
  for (let i = 0; i < n.length; i++) s += (w === null ? 1 : w[i]) * (x[i] - uslThroughput(p[0], p[1], p[2], n[i])) ** 2;
  return s;
}

/**
 * J'J and J'r of the USL's residuals at p (J: the Jacobian of X(N) in lambda, sigma, kappa, rows
 * weighted): each entry summed over the rows in order, as wi * g[a] * r and wi * g[a] * g[b] (both
 * halves of J'J computed, as they were), without an array per row (a bootstrap refits thousands
 * of times).
 */
function normalEquations(n: ArrayLike<number>, x: ArrayLike<number>, w: ArrayLike<number> | null, p: [number, number, number]) {
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let a00 = 0;
  let a01 = 0;
  let a02 = 0;
  let a10 = 0;
  let a11 = 0;
  let a12 = 0;
  let a20 = 0;
  let a21 = 0;
  let a22 = 0;
  for (let i = 0; i < n.length; i++) {
    const N = n[i];
    const d = 1 + p[1] * (N - 1) + p[2] * N * (N - 1);
    const f = (p[0] * N) / d;
    const g0 = N / d;
    const g1 = (-f * (N - 1)) / d;
    const g2 = (-f * N * (N - 1)) / d;
    const r = x[i] - f;
    const wi = w === null ? 1 : w[i];
    t0 += wi * g0 * r;
    a00 += wi * g0 * g0;
    a01 += wi * g0 * g1;
    a02 += wi * g0 * g2;
    t1 += wi * g1 * r;
    a10 += wi * g1 * g0;
    a11 += wi * g1 * g1;
    a12 += wi * g1 * g2;
    t2 += wi * g2 * r;
    a20 += wi * g2 * g0;
    a21 += wi * g2 * g1;
    a22 += wi * g2 * g2;
  }
  return {
    JtJ: [
      [a00, a01, a02],
      [a10, a11, a12],
      [a20, a21, a22],
    ],
    Jtr: [t0, t1, t2],
  };
}

/** The linearised start: least squares of N/X on (1, N-1, N(N-1)), clipped to the bounds. */
function start(n: ArrayLike<number>, x: ArrayLike<number>, w: ArrayLike<number> | null): [number, number, number] | null {
  // The normal equations, entry by entry: each sum of wi * f[r] * f[c] (and wi * f[r] * z) over the rows in order, f = (1, N-1, N(N-1)).
  let [a00, a01, a02, a10, a11, a12, a20, a21, a22, b0, b1, b2] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n.length; i++) {
    const f1 = n[i] - 1;
    const f2 = n[i] * (n[i] - 1);
    const z = n[i] / x[i];
    const wi = w === null ? 1 : w[i];
    b0 += wi * 1 * z;
    a00 += wi * 1 * 1;
    a01 += wi * 1 * f1;
    a02 += wi * 1 * f2;
    b1 += wi * f1 * z;
    a10 += wi * f1 * 1;
    a11 += wi * f1 * f1;
    a12 += wi * f1 * f2;
    b2 += wi * f2 * z;
    a20 += wi * f2 * 1;
    a21 += wi * f2 * f1;
    a22 += wi * f2 * f2;
  }
  const A = [
    [a00, a01, a02],
    [a10, a11, a12],
    [a20, a21, a22],
  ];
  const b = [b0, b1, b2];
  const c = solveLinear(A, b) ?? startWithoutKappa(A, b);
  if (!c || !(c[0] > 0)) return null;
  return [1 / c[0], Math.max(0, c[1] / c[0]), Math.max(0, c[2] / c[0])];
}

/** Without spread in N(N-1): the start of (1, N-1) only. */
function startWithoutKappa(A: readonly number[][], b: readonly number[]): number[] | null {
  const s = solveLinear([A[0].slice(0, 2), A[1].slice(0, 2)], b.slice(0, 2));
  return s ? [s[0], s[1], 0] : null;
}

/** The coefficients not held at their bound: sigma or kappa at 0 with the gradient pushing below 0 stay. */
function freeCoefficients(p: readonly number[], Jtr: readonly number[]): number[] {
  const idx = [0];
  if (!(p[1] <= 0 && Jtr[1] < 0)) idx.push(1);
  if (!(p[2] <= 0 && Jtr[2] < 0)) idx.push(2);
  return idx;
}

const failed = (reason: string, iterations = 0): UslFit => ({
  ok: false,
  reason,
  lambda: null,
  sigma: null,
  kappa: null,
  nStar: null,
  xMax: null,
  rss: null,
  iterations,
  converged: false,
});

/** Fit the USL to throughput `x` at concurrency `n` (rows with n > 0 and x > 0, both finite). */
export function fitUsl(concurrency: ArrayLike<number>, throughput: ArrayLike<number>, options: Partial<UslOptions> = {}): UslFit {
  const o = { ...defaultUslOptions, ...options };
  const rows = positiveRows(concurrency, throughput, o.weights);
  const xv = rows.b;
  if (rows.a.length < 3) return failed("fewer than 3 rows with positive concurrency and throughput");
  // Typed arrays, and weights of 1 without weights (a product with 1 is the same double): every
  // fit reads arrays of one kind (V8 compiles its code once).
  const n = Float64Array.from(rows.a);
  const w = rows.w === null ? new Float64Array(n.length).fill(1) : Float64Array.from(rows.w);
  // Work in units where the largest throughput is 1: lambda then is of order 1.
  let xs = 0;
  for (const v of xv) xs = Math.max(xs, v);
  const x = Float64Array.from(xv, (v) => v / xs);
  let p = start(n, x, w);
  if (!p) return failed("the data do not determine a positive lambda (throughput does not grow with concurrency)");
  let rss = rssOf(n, x, p, w);
  let mu = 1e-3;
  let iterations = 0;
  let converged = false;
  for (; iterations < o.maxIterations; iterations++) {
    // Jacobian of X(N) in (lambda, sigma, kappa).
    const { JtJ, Jtr } = normalEquations(n, x, w, p);
    const idx = freeCoefficients(p, Jtr);
    let improved = false;
    for (let tries = 0; tries < 30; tries++) {
      const step = dampedStep(JtJ, Jtr, idx, mu);
      if (!step) {
        mu *= 10;
        continue;
      }
      const q: [number, number, number] = [p[0], p[1], p[2]];
      for (let j = 0; j < idx.length; j++) q[idx[j]] += step[j];
      q[1] = Math.max(0, q[1]);
      q[2] = Math.max(0, q[2]);
      if (!(q[0] > 0)) {
        mu *= 10;
        continue;
      }
      const r2 = rssOf(n, x, q, w);
      if (r2 <= rss) {
        const rel = (rss - r2) / (rss + 1e-300);
        p = q;
        rss = r2;
        mu = Math.max(mu / 10, 1e-12);
        improved = true;
        if (rel < o.tolerance) converged = true;
        break;
      }
      mu *= 10;
    }
    if (!improved || converged) {
      converged = true;
      break;
    }
  }
  const [lam, sigma, kappa] = p;
  const lambda = lam * xs;
  let nStar: number | null = null;
  let xMax: number | null = null;
  if (kappa > 0 && sigma < 1) {
    nStar = Math.sqrt((1 - sigma) / kappa);
    xMax = uslThroughput(lambda, sigma, kappa, nStar);
  } else if (sigma > 0) xMax = lambda / sigma;
  return { ok: true, lambda, sigma, kappa, nStar, xMax, rss: rss * xs * xs, iterations, converged };
}
