/**
 * Inverse Gaussian GLM, link 1/mu^2, prior weights = throughput, IRLS as R's
 * glm.fit: the fitted curve of the Cockcroft headroom plot,
 * `glm(y ~ x, family = inverse.gaussian, weights = x)` in R.
 *
 * Model: eta = b0 + b1 * x, mu = 1 / sqrt(eta), variance mu^3; deviance
 * sum(w * (y - mu)^2 / (y * mu^2)).
 *
 * ```
 * validate -> drop zero-weight rows -> scale by powers of two
 *   -> IRLS as glm.fit (start mu = y, <= 25 iterations, halve only when out of bounds)
 *   -> [R would fail or stop short] safeguarded IRLS (constant-mean start,
 *      halve until eta > 0 at every row and the deviance does not rise)
 *   -> boundary check -> unscale -> GlmFit
 * ```
 *
 * Why a valid fit (nearly) always exists: per row the deviance is
 * w * (y * eta - 2 * sqrt(eta) + 1 / y), convex in eta and therefore in
 * (b0, b1); its derivative w * (y - 1 / sqrt(eta)) tends to -infinity as
 * eta -> 0+, so the minimum never lies where eta reaches zero at a row, and it
 * grows linearly as eta -> infinity. With positive responses and two distinct
 * throughputs the minimum is unique and has eta > 0 at every row. R's glm.fit
 * fails on many such data only because its undamped first step leaves the
 * region eta > 0 (and it has no previous coefficients to halve towards).
 *
 * Double precision is the limit: when the minimum needs 1/mu^2 at one row
 * below about 1e-13 of |b0| + |b1 x| (responses spanning ten or more orders
 * of magnitude), b0 + b1 x cannot hold it. If the iterations converge there
 * (the deviance is flat to rounding as eta at that row goes to zero) the fit
 * stands, flagged by `boundaryAt` and a caveat; if the deviance is still
 * falling into eta = 0 the result is `ok: false` with the boundary reason.
 * On such extreme data the safeguarded iterations can also stall at the
 * boundary although a representable minimum exists (seen in 3 of 20,000
 * random data sets with responses from 1e-6 to 1e6): then too `ok: false`,
 * never a wrong fit.
 */
import { glmMessage } from "./glm-messages.js";

/** Result of the inverse-Gaussian GLM `y ~ x`, link 1/mu^2, prior weights x. */
export interface GlmFit {
  /** True when a valid fit exists: 1/mu^2 = intercept + slope * x > 0 over the data. */
  ok: boolean;
  /** Why `ok` is false (or a caveat when it is true). */
  reason?: string;
  intercept: number | null;
  slope: number | null;
  converged: boolean;
  iterations: number;
  deviance: number | null;
}

/** Options of {@link fitInverseGaussianGlm}. */
export interface InverseGaussianGlmOptions {
  /** Prior weights, one per row. Default: the throughput `x` itself (as in the headroom plot). */
  weights?: ArrayLike<number>;
  /** Most IRLS iterations in all. Default 100 (R's glm.control maxit is 25). */
  maxIterations?: number;
  /** Convergence when |dev - devold| / (|dev| + 0.1) < epsilon. Default 1e-8, as R's glm.control. */
  epsilon?: number;
}

/** Defaults of {@link InverseGaussianGlmOptions} (weights default to x). */
export const defaultInverseGaussianGlmOptions = {
  maxIterations: 100,
  epsilon: 1e-8,
} as const;

/** The smallest positive normal double: below it a result has lost precision. */
const MIN_NORMAL = 2.2250738585072014e-308;

/** eta below this fraction of |b0| + |b1 x| at a row is zero to rounding. */
const NEAR_ZERO = 1e-13;

/** R's glm.control(maxit): iterations (and step halvings) R's glm.fit allows. */
const R_MAXIT = 25;

/**
 * The inverse-Gaussian GLM fit with what R's `glm` object also reports.
 * When `ok` is false every number below is null (never NaN).
 */
export interface InverseGaussianGlmFit extends GlmFit {
  /**
   * "glm.fit": the iterations are exactly R's glm.fit (start mu = y, default
   * maxit 25) and R converges to the same coefficients. "safeguarded": R's
   * glm.fit would fail ("no valid set of coefficients", "inner loop 1/2"),
   * stop at a boundary or not converge; this fit used a safe start, step
   * halving on the deviance and/or more iterations. null when no fit ran.
   */
  method: "glm.fit" | "safeguarded" | null;
  /** Where the safeguarded iterations started: R's mu = y, or the constant weighted mean. */
  start: "response" | "constant-mean" | null;
  /** Step halvings taken (R's "step size truncated"). */
  stepHalvings: number;
  /** Rows used (non-zero weight). */
  n: number;
  /** Rows dropped because their weight is zero (as R's glm.fit ignores them). */
  dropped: number;
  /** Residual degrees of freedom, n - 2. */
  dfResidual: number;
  /** Deviance of the constant fit mu = weighted mean of y (R's null.deviance). */
  nullDeviance: number | null;
  /**
   * Pearson dispersion as summary.glm: sum(working weights * working residuals^2) / (n - 2),
   * about sum(w (y - mu)^2 / mu^3) / (n - 2) (R takes the working weights from the start
   * of the last iteration; so does this); null when n = 2.
   */
  dispersion: number | null;
  /** R's AIC: sum(w) (1 + log(2 pi dev / sum(w))) + 3 sum(w log y) + 2 + 2 * 2; null when not finite. */
  aic: number | null;
  /**
   * The throughput where 1/mu^2 is zero to rounding (below 1e-13 of |b0| + |b1 x|)
   * at the best fit, else null. With ok: false the deviance was still falling
   * there; with ok: true the fit converged and the deviance is flat to rounding
   * as 1/mu^2 goes to zero at that row (the fitted response there is unreliable).
   */
  boundaryAt: number | null;
}

interface Scaled {
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  /** Original row of each kept row; null when every row is kept (row k is row k). */
  row: Int32Array | null;
  /** The smallest and largest (scaled) x. */
  xmin: number;
  xmax: number;
  /** Scratch: working weights and working response of the current step. */
  W: Float64Array;
  z: Float64Array;
  sx: number;
  sy: number;
  sw: number;
}

function failure(reason: string, n = 0, dropped = 0): InverseGaussianGlmFit {
  return {
    ok: false,
    reason,
    intercept: null,
    slope: null,
    converged: false,
    iterations: 0,
    deviance: null,
    method: null,
    start: null,
    stepHalvings: 0,
    n,
    dropped,
    dfResidual: Math.max(n - 2, 0),
    nullDeviance: null,
    dispersion: null,
    aic: null,
    boundaryAt: null,
  };
}

/** 2^round(log2(v)) for finite v > 0: scaling by it is exact. */
function powerOfTwoNear(v: number): number {
  const k = Math.max(-1074, Math.min(1023, Math.round(Math.log2(v))));
  return 2 ** k;
}

/** eta = b0 + b1 x at every row; false when any eta is not finite and > 0. */
function linearPredictor(b0: number, b1: number, x: Float64Array, eta: Float64Array): boolean {
  let valid = true;
  for (let i = 0; i < x.length; i++) {
    const e = b0 + b1 * x[i];
    eta[i] = e;
    if (!(e > 0 && e < Infinity)) valid = false;
  }
  return valid;
}

/** R's inverse.gaussian dev.resids summed: w (y - mu)^2 / (y mu^2), written as w (y / mu - 1)^2 / y. */
function devianceAt(eta: Float64Array, s: Scaled): number {
  let dev = 0;
  for (let i = 0; i < eta.length; i++) {
    const r = s.y[i] * Math.sqrt(eta[i]) - 1;
    dev += (s.w[i] * r * r) / s.y[i];
  }
  return dev;
}

/**
 * Whether eta = b0 + b1 x is finite and > 0 at every row, from the two extreme rows alone:
 * fl(b0 + fl(b1 x)) is monotone in x (rounding is monotone), so its smallest and largest
 * values over the rows are at the smallest and largest x — the same verdict as checking
 * every row, without a pass over them. Exported for its test only.
 * @internal
 */
export function validEverywhere(b0: number, b1: number, s: Pick<Scaled, "xmin" | "xmax">): boolean {
  const lo = b0 + b1 * s.xmin;
  const hi = b0 + b1 * s.xmax;
  return lo > 0 && lo < Infinity && hi > 0 && hi < Infinity;
}

/**
 * linearPredictor then devianceAt in one pass (the same arithmetic, in the same order):
 * the deviance at eta = b0 + b1 x, or NaN when some eta is not finite and > 0 (then
 * found from the extreme rows, without a pass, and `eta` is left as it was). Step halving
 * mostly rejects steps that cross eta = 0, so most rejections cost nothing.
 */
function etaDeviance(b0: number, b1: number, s: Scaled, eta: Float64Array): number {
  if (!validEverywhere(b0, b1, s)) return NaN;
  let valid = true;
  let dev = 0;
  const x = s.x;
  for (let i = 0; i < x.length; i++) {
    const e = b0 + b1 * x[i];
    eta[i] = e;
    if (!(e > 0 && e < Infinity)) valid = false;
    const r = s.y[i] * Math.sqrt(e) - 1;
    dev += (s.w[i] * r * r) / s.y[i];
  }
  return valid ? dev : NaN;
}

/**
 * One IRLS step as glm.fit: z = eta + (y - mu) / mu.eta(eta), working weight
 * W = w mu.eta^2 / V(mu) (= w mu^3 / 4), then weighted least squares of z on
 * (1, x), solved in closed form about the weighted mean of x. When the
 * centred weighted norm of x falls below `rankTolerance` of its norm the x
 * column is rank-deficient (R's dqrdc2 uses min(1e-7, epsilon / 1000)) and its
 * coefficient is 0.
 */
function wlsStep(eta: Float64Array, s: Scaled, rankTolerance: number, at?: readonly [number, number]): [number, number] {
  const n = eta.length;
  // Scratch space of the fit (s.W, s.z), reused by every step: a step allocates nothing.
  const W = s.W;
  const z = s.z;
  let sW = 0;
  let sWx = 0;
  let sWz = 0;
  // With `at` = (b0, b1), eta = b0 + b1 x is computed (and stored) in this same pass.
  const fused = at !== undefined;
  const a0 = at?.[0] ?? 0;
  const a1 = at?.[1] ?? 0;
  for (let i = 0; i < n; i++) {
    let e: number;
    if (fused) {
      e = a0 + a1 * s.x[i];
      eta[i] = e;
    } else e = eta[i];
    const mu = 1 / Math.sqrt(e);
    const muEta = -0.5 * mu * mu * mu; // -1 / (2 eta^1.5)
    const wi = (s.w[i] * muEta * muEta) / (mu * mu * mu);
    const zi = e + (s.y[i] - mu) / muEta;
    W[i] = wi;
    z[i] = zi;
    sW += wi;
    sWx += wi * s.x[i];
    sWz += wi * zi;
  }
  const xbar = sWx / sW;
  const zbar = sWz / sW;
  let sxx = 0;
  let sxz = 0;
  let sx2 = 0;
  for (let i = 0; i < n; i++) {
    const dx = s.x[i] - xbar;
    sxx += W[i] * dx * dx;
    sxz += W[i] * dx * (z[i] - zbar);
    sx2 += W[i] * s.x[i] * s.x[i];
  }
  if (!(sxx > rankTolerance * rankTolerance * sx2)) return [zbar, 0];
  const b1 = sxz / sxx;
  return [zbar - b1 * xbar, b1];
}

function validate(x: ArrayLike<number>, y: ArrayLike<number>, options: InverseGaussianGlmOptions): Scaled | string {
  const n = x.length;
  if (y.length !== n) return glmMessage.lengthMismatch(n, y.length);
  const weightsAreThroughput = options.weights === undefined;
  const w = options.weights ?? x;
  if (w.length !== n) return glmMessage.weightsLength(w.length, n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) return glmMessage.notFinite("throughput", i, x[i]);
    if (!Number.isFinite(y[i])) return glmMessage.notFinite("response", i, y[i]);
    if (!Number.isFinite(w[i])) return glmMessage.notFinite("weight", i, w[i]);
    if (w[i] < 0) return glmMessage.negativeWeight(i, w[i], weightsAreThroughput);
    if (w[i] === 0) continue;
    if (!(y[i] > 0)) return glmMessage.nonPositiveResponse(i, y[i]);
    m++;
  }
  if (m < 2) return glmMessage.tooFewRows(m);
  // The kept rows' indices, only when some weight is zero (else row k is row k).
  let keep: Int32Array | null = null;
  if (m < n) {
    keep = new Int32Array(m);
    for (let i = 0, k = 0; i < n; i++) if (w[i] !== 0) keep[k++] = i;
  }
  const rowOf = (k: number) => (keep === null ? k : keep[k]);
  let xmin = Infinity;
  let xmax = -Infinity;
  let xabs = 0;
  let ymin = Infinity;
  let ymax = 0;
  let wmax = 0;
  for (let k = 0; k < m; k++) {
    const i = rowOf(k);
    xmin = Math.min(xmin, x[i]);
    xmax = Math.max(xmax, x[i]);
    xabs = Math.max(xabs, Math.abs(x[i]));
    ymin = Math.min(ymin, y[i]);
    ymax = Math.max(ymax, y[i]);
    wmax = Math.max(wmax, w[i]);
  }
  if (xmin === xmax) return glmMessage.noSpread(xmin);
  const sx = powerOfTwoNear(xabs);
  const sy = powerOfTwoNear(Math.sqrt(ymin) * Math.sqrt(ymax));
  const sw = powerOfTwoNear(wmax);
  // With the default weights (w = x >= 0) the scaled weights are the scaled x: one column, not two.
  const sameColumn = weightsAreThroughput && sw === sx;
  const xs = new Float64Array(m);
  const s: Scaled = {
    x: xs,
    y: new Float64Array(m),
    w: sameColumn ? xs : new Float64Array(m),
    row: keep,
    xmin: xmin / sx,
    xmax: xmax / sx,
    W: new Float64Array(m),
    z: new Float64Array(m),
    sx,
    sy,
    sw,
  };
  for (let k = 0; k < m; k++) {
    const i = rowOf(k);
    s.x[k] = x[i] / sx;
    s.y[k] = y[i] / sy;
    if (!sameColumn) s.w[k] = w[i] / sw;
  }
  return s;
}

interface IrlsResult {
  b0: number;
  b1: number;
  dev: number;
  converged: boolean;
  iterations: number;
  method: "glm.fit" | "safeguarded";
  start: "response" | "constant-mean";
  stepHalvings: number;
  /** eta whose working weights the last weighted least squares used (R's `fit$weights`). */
  workingEta: Float64Array;
}

/**
 * The largest relative change of eta over the rows when the coefficients move
 * from (b0, b1) to (c0, c1): |delta eta| / (eta + 1e-8 (|b0| + |b1 x|)), the
 * second term so that rounding of eta near zero does not count as change.
 */
function etaChange(b0: number, b1: number, c0: number, c1: number, eta: Float64Array, s: Scaled): number {
  let worst = 0;
  for (let i = 0; i < eta.length; i++) {
    const x = s.x[i];
    const d = Math.abs(c0 - b0 + (c1 - b1) * x) / (eta[i] + 1e-8 * (Math.abs(b0) + Math.abs(b1 * x)));
    if (d > worst) worst = d;
  }
  return worst;
}

/** A step smaller than this relative change of eta at every row counts as settled. */
const SETTLED = 1e-3;

/**
 * Whether R's "converged" point is short of the minimum (R's test only looks
 * at the change of the deviance, which can be tiny far from the minimum when
 * eta is tiny at some row): its deviance is above the constant weighted-mean
 * fit's, or one more IRLS step (halved until valid) still moves eta by more
 * than SETTLED or lowers the deviance by more than 1000 epsilon relative.
 */
function improvable(b0: number, b1: number, dev: number, eta: Float64Array, s: Scaled, epsilon: number): boolean {
  const n = s.x.length;
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < n; i++) {
    sw += s.w[i];
    swy += s.w[i] * s.y[i];
  }
  const mean = swy / sw;
  let nulldev = 0;
  for (let i = 0; i < n; i++) {
    const r = s.y[i] / mean - 1;
    nulldev += (s.w[i] * r * r) / s.y[i];
  }
  const tenth = (0.1 * s.sy) / s.sw;
  if (dev > nulldev + 1e-12 * (nulldev + tenth)) return true;
  const [c0, c1] = wlsStep(eta, s, 0);
  if (!Number.isFinite(c0) || !Number.isFinite(c1)) return false;
  // s.z is scratch between steps: the trial eta goes there (no allocation).
  const trial = s.z;
  for (let k = 0, t = 1; k <= 30; k++, t /= 2) {
    const t0 = b0 + t * (c0 - b0);
    const t1 = b1 + t * (c1 - b1);
    const tdev = etaDeviance(t0, t1, s, trial);
    if (Number.isNaN(tdev)) continue;
    return etaChange(b0, b1, t0, t1, eta, s) > SETTLED || dev - tdev > 1e3 * epsilon * (Math.abs(dev) + tenth);
  }
  return false;
}

/** All in the scaled units of `s`. */
function irls(s: Scaled, maxIterations: number, epsilon: number): IrlsResult {
  const n = s.x.length;
  const eta = new Float64Array(n);
  // The convergence test |dev - devold| / (|dev| + 0.1) of the unscaled deviance,
  // written for the scaled deviance (dev = dev' * sw / sy exactly).
  const tenth = (0.1 * s.sy) / s.sw;
  const small = (dev: number, devold: number) => Math.abs(dev - devold) / (Math.abs(dev) + tenth) < epsilon;

  let b0 = 0;
  let b1 = 0;
  let dev = 0;
  let devold = 0; // R's start mu = y has deviance 0
  let iter = 0;
  let halvings = 0;
  let start: "response" | "constant-mean" = "response";
  const rTolerance = Math.min(1e-7, epsilon / 1000);
  const lastEta = new Float64Array(n);

  // Phase 1: R's glm.fit, step for step. Start eta = linkfun(mustart = y).
  for (let i = 0; i < n; i++) eta[i] = 1 / (s.y[i] * s.y[i]);
  let haveOld = false;
  let rPath = true;
  while (iter < Math.min(R_MAXIT, maxIterations)) {
    iter++;
    lastEta.set(eta);
    const [c0, c1] = wlsStep(eta, s, rTolerance);
    if (!Number.isFinite(c0) || !Number.isFinite(c1)) {
      rPath = false; // R: "non-finite coefficients", not converged
      break;
    }
    const old0 = b0;
    const old1 = b1;
    b0 = c0;
    b1 = c1;
    dev = etaDeviance(b0, b1, s, eta);
    let valid = !Number.isNaN(dev);
    let halved = false;
    if (!valid || !Number.isFinite(dev)) {
      if (!haveOld) {
        rPath = false; // R: "no valid set of coefficients has been found"
        break;
      }
      let ii = 1;
      while (!valid || !Number.isFinite(dev)) {
        if (ii > R_MAXIT) break; // R: "inner loop 1/2; cannot correct step size"
        ii++;
        halvings++;
        b0 = (b0 + old0) / 2;
        b1 = (b1 + old1) / 2;
        dev = etaDeviance(b0, b1, s, eta);
        valid = !Number.isNaN(dev);
      }
      if (!valid || !Number.isFinite(dev)) {
        rPath = false;
        b0 = old0;
        b1 = old1;
        linearPredictor(b0, b1, s.x, eta);
        dev = devold;
        break;
      }
      halved = true;
    }
    if (small(dev, devold)) {
      if (!halved && !improvable(b0, b1, dev, eta, s, epsilon)) {
        return { b0, b1, dev, converged: true, iterations: iter, method: "glm.fit", start, stepHalvings: halvings, workingEta: lastEta };
      }
      // R would stop here "converged" at a truncated step or short of the
      // minimum (rounding in a badly scaled step); carry on safely.
      rPath = false;
      devold = dev;
      break;
    }
    devold = dev;
    haveOld = true;
  }

  if (rPath && iter >= maxIterations) {
    return { b0, b1, dev, converged: false, iterations: iter, method: "glm.fit", start, stepHalvings: halvings, workingEta: lastEta };
  }

  // Phase 2: safeguarded IRLS (damped Newton: the link is canonical).
  if (!haveOld) {
    // No valid coefficients yet: start from the constant weighted mean, the
    // deviance minimum over constant fits (b0 = 1 / mean^2, b1 = 0).
    let sw = 0;
    let swy = 0;
    for (let i = 0; i < n; i++) {
      sw += s.w[i];
      swy += s.w[i] * s.y[i];
    }
    const mean = swy / sw;
    b0 = 1 / (mean * mean);
    b1 = 0;
    start = "constant-mean";
  }
  linearPredictor(b0, b1, s.x, eta);
  devold = devianceAt(eta, s);
  dev = devold;
  // s.z is scratch between steps (wlsStep fills it anew): the trial eta goes there.
  const trial = s.z;
  while (iter < maxIterations) {
    iter++;
    // eta, computed inside the step, stays to the end of the iteration: the working eta
    // of the last weighted least squares.
    const [c0, c1] = wlsStep(eta, s, 0, [b0, b1]);
    if (!Number.isFinite(c0) || !Number.isFinite(c1)) break;
    const d0 = c0 - b0;
    const d1 = c1 - b1;
    let t = 1;
    let accepted = false;
    for (let k = 0; k <= 60; k++, t /= 2) {
      const t0 = b0 + t * d0;
      const t1 = b1 + t * d1;
      const tdev = etaDeviance(t0, t1, s, trial);
      if (!Number.isFinite(tdev)) continue;
      if (k === 0) {
        // Converged when the full step is settled (moves eta by less than SETTLED)
        // and changes the deviance by less than R's test, or when it cannot lower
        // the deviance and either is settled or changes it by less than R's test
        // (the deviance is flat to rounding along the step). A full step that
        // lowers the deviance but is not settled goes on: R's test alone stops
        // early where eta is tiny at some row and grows by a factor each step.
        const settled = etaChange(b0, b1, t0, t1, eta, s) < SETTLED;
        const tiny = small(tdev, devold);
        if (tdev <= devold && tiny && settled) {
          return { b0: t0, b1: t1, dev: tdev, converged: true, iterations: iter, method: "safeguarded", start, stepHalvings: halvings, workingEta: eta };
        }
        if (tdev >= devold && (tiny || settled)) {
          return { b0, b1, dev: devold, converged: true, iterations: iter, method: "safeguarded", start, stepHalvings: halvings, workingEta: eta };
        }
      }
      if (tdev <= devold) {
        b0 = t0;
        b1 = t1;
        dev = tdev;
        halvings += k;
        accepted = true;
        break;
      }
    }
    if (!accepted) break; // no step lowers the deviance: stuck at the boundary
    devold = dev;
  }
  return { b0, b1, dev, converged: false, iterations: iter, method: "safeguarded", start, stepHalvings: halvings, workingEta: eta };
}

/**
 * Fit R's `glm(y ~ x, family = inverse.gaussian, weights = x)`: the inverse
 * Gaussian GLM, link 1/mu^2 (eta = b0 + b1 x, mu = 1 / sqrt(eta)), variance
 * mu^3, prior weights = throughput, by iteratively reweighted least squares as
 * R's glm.fit (start mu = y; convergence |dev - devold| / (|dev| + 0.1) <
 * epsilon). Where glm.fit converges, the coefficients and deviance are R's.
 * Where it fails (first step out of bounds, "inner loop", no convergence)
 * this fit carries on from a constant-mean start with step halving that
 * keeps eta > 0 at every row and never raises the deviance, and reaches the
 * unique minimum of the same weighted deviance.
 *
 * Rows with zero weight are dropped (R's glm.fit ignores them). NaN or
 * infinite values, negative weights, non-positive responses of kept rows,
 * fewer than 2 kept rows or a single distinct throughput give `ok: false`
 * with a reason. Never throws, never mutates its inputs, never returns NaN.
 */
export function fitInverseGaussianGlm(x: ArrayLike<number>, y: ArrayLike<number>, options: InverseGaussianGlmOptions = {}): InverseGaussianGlmFit {
  const maxIterations = options.maxIterations ?? defaultInverseGaussianGlmOptions.maxIterations;
  const epsilon = options.epsilon ?? defaultInverseGaussianGlmOptions.epsilon;
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) {
    return failure(glmMessage.badOption("maxIterations", maxIterations, "an integer >= 1"));
  }
  if (!(epsilon > 0 && Number.isFinite(epsilon))) {
    return failure(glmMessage.badOption("epsilon", epsilon, "a finite number > 0"));
  }
  const s = validate(x, y, options);
  if (typeof s === "string") return failure(s);
  const n = s.x.length;
  const dropped = x.length - n;

  const r = irls(s, maxIterations, epsilon);

  const base = {
    converged: r.converged,
    iterations: r.iterations,
    method: r.method,
    start: r.start,
    stepHalvings: r.stepHalvings,
    n,
    dropped,
    dfResidual: n - 2,
  };
  const nullResult = {
    intercept: null,
    slope: null,
    deviance: null,
    nullDeviance: null,
    dispersion: null,
    aic: null,
  };

  // Boundary: eta at some row is lost in the rounding of b0 + b1 x (less than
  // NEAR_ZERO of |b0| + |b1 x|). Still falling there: no valid fit (ok: false).
  // Converged there: the deviance is flat to rounding as eta at that row goes to
  // zero (typically a row of tiny weight and large response); the fit stands,
  // flagged by boundaryAt and a caveat.
  const eta = new Float64Array(n);
  const valid = linearPredictor(r.b0, r.b1, s.x, eta);
  let worst = 0;
  let worstRatio = Infinity;
  for (let i = 0; i < n; i++) {
    const ratio = eta[i] / (Math.abs(r.b0) + Math.abs(r.b1 * s.x[i]));
    if (!(ratio >= worstRatio)) {
      worstRatio = ratio;
      worst = i;
    }
  }
  const nearZero = !(worstRatio > NEAR_ZERO);
  const boundaryAt = nearZero ? x[s.row === null ? worst : s.row[worst]] : null;
  if (!valid || (nearZero && !r.converged)) {
    return { ...base, ...nullResult, ok: false, converged: false, reason: glmMessage.boundary(boundaryAt!), boundaryAt };
  }

  // Unscale: eta = eta' / sy^2, x = x' sx, dev = dev' sw / sy.
  const intercept = r.b0 / s.sy / s.sy;
  const slope = r.b1 / s.sy / s.sy / s.sx;
  const devScale = s.sw / s.sy;
  const deviance = r.dev * devScale;
  const lost = (v: number, scaled: number) => !Number.isFinite(v) || (Math.abs(v) < MIN_NORMAL && scaled !== 0);
  if (lost(intercept, r.b0) || lost(slope, r.b1) || lost(deviance, r.dev)) {
    return { ...base, ...nullResult, ok: false, converged: false, reason: glmMessage.overflow(), boundaryAt: null };
  }

  let sw = 0;
  let swy = 0;
  let swlogy = 0;
  let pearson = 0;
  for (let i = 0; i < n; i++) {
    const mu = 1 / Math.sqrt(eta[i]);
    sw += s.w[i];
    swy += s.w[i] * s.y[i];
    swlogy += s.w[i] * Math.log(s.y[i]);
    // summary.glm: sum(fit$weights * fit$residuals^2), the working weights w mu'^3 / 4
    // of the last iteration's start (mu') times the squared working residuals
    // ((y - mu) / mu.eta)^2 = 4 (y - mu)^2 / mu^6 of the final fit.
    const muW = 1 / Math.sqrt(r.workingEta[i]);
    const r1 = (s.y[i] - mu) / (mu * mu * mu);
    pearson += s.w[i] * muW * muW * muW * r1 * r1;
  }
  const wmean = swy / sw;
  let nulldev = 0;
  for (let i = 0; i < n; i++) {
    const r1 = s.y[i] / wmean - 1;
    nulldev += (s.w[i] * r1 * r1) / s.y[i];
  }
  const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
  // aic = sum(wt) (1 + log(dev / sum(wt) 2 pi)) + 3 sum(log(y) wt) + 2 + 2 rank, in original units.
  const logSy = Math.log(s.sy);
  const aic = s.sw * (sw * (1 + Math.log(r.dev / sw / s.sy) + Math.log(2 * Math.PI)) + 3 * (swlogy + sw * logSy)) + 2 + 4;
  return {
    ...base,
    ok: true,
    ...(r.converged ? {} : { reason: glmMessage.notConverged(r.iterations) }),
    ...(boundaryAt !== null ? { reason: glmMessage.nearBoundary(boundaryAt) } : {}),
    intercept,
    slope,
    deviance,
    nullDeviance: finiteOrNull(nulldev * devScale),
    dispersion: n > 2 ? finiteOrNull((pearson * devScale) / (n - 2)) : null,
    aic: finiteOrNull(aic),
    boundaryAt,
  };
}

/**
 * The fitted response mu = 1 / sqrt(b0 + b1 x) of an inverse-Gaussian GLM
 * (link 1/mu^2) at throughput x; null when the fit is not ok or eta <= 0 there
 * (beyond the vertical asymptote).
 */
export function predictInverseGaussian(fit: GlmFit, x: number): number | null {
  if (!fit.ok || fit.intercept === null || fit.slope === null || !Number.isFinite(x)) return null;
  const eta = fit.intercept + fit.slope * x;
  if (!(eta > 0)) return null;
  const mu = 1 / Math.sqrt(eta);
  return Number.isFinite(mu) ? mu : null;
}

/**
 * The throughput where 1/mu^2 = b0 + b1 x reaches zero, -b0 / b1: the vertical
 * asymptote of the fitted response curve of an inverse-Gaussian GLM (link
 * 1/mu^2). Only a falling eta has one ahead: null unless the fit is ok,
 * slope < 0 and intercept > 0.
 */
export function asymptote(fit: GlmFit): number | null {
  if (!fit.ok || fit.intercept === null || fit.slope === null) return null;
  if (!(fit.slope < 0 && fit.intercept > 0)) return null;
  const x = -fit.intercept / fit.slope;
  return Number.isFinite(x) ? x : null;
}
