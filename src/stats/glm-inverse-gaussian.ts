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
import { centredPass, deviancePass, type GlmRows, nullDeviancePass, startPass, workingAt, workingPass } from "./glm-passes.js";

/** Exported for its test only. @internal */
export { validEverywhere } from "./glm-passes.js";

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
  /**
   * Room for the working weights and working responses, at least one per row (default: new
   * arrays), e.g. shared memory whose pages another thread has faulted in. Overwritten.
   */
  work?: { W: Float64Array; z: Float64Array };
  /**
   * What the caller found of these rows in a pass of its own, with the default weights (w = x):
   * the fit then skips its own checking and summing passes. The same fit: used only where every
   * value is finite and positive, and the sums only where the fit's power-of-two scaling of them
   * is exact (else it sums again). @internal
   */
  summary?: GlmRowSummary;
}

/**
 * The rows' count, extremes and sums in row order, sum(x) and sum(x y), as a caller that has read
 * them all found them (`InverseGaussianGlmOptions.summary`). @internal
 */
export interface GlmRowSummary {
  n: number;
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number;
  sumX: number;
  sumXY: number;
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

/** The extremes of the kept rows, or the first reason a row cannot be used. */
interface Checked {
  m: number;
  xmin: number;
  xmax: number;
  xabs: number;
  ymin: number;
  ymax: number;
  wmax: number;
}

function check(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>, weightsAreThroughput: boolean): Checked | string {
  let m = 0;
  let xmin = Infinity;
  let xmax = -Infinity;
  let xabs = 0;
  let ymin = Infinity;
  let ymax = 0;
  let wmax = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const yi = y[i];
    const wi = w[i];
    if (!Number.isFinite(xi)) return glmMessage.notFinite("throughput", i, xi);
    if (!Number.isFinite(yi)) return glmMessage.notFinite("response", i, yi);
    if (!Number.isFinite(wi)) return glmMessage.notFinite("weight", i, wi);
    if (wi < 0) return glmMessage.negativeWeight(i, wi, weightsAreThroughput);
    if (wi === 0) continue;
    if (!(yi > 0)) return glmMessage.nonPositiveResponse(i, yi);
    m++;
    xmin = Math.min(xmin, xi);
    xmax = Math.max(xmax, xi);
    xabs = Math.max(xabs, Math.abs(xi));
    ymin = Math.min(ymin, yi);
    ymax = Math.max(ymax, yi);
    wmax = Math.max(wmax, wi);
  }
  return { m, xmin, xmax, xabs, ymin, ymax, wmax };
}

/**
 * `check`'s result from a caller's summary of the rows (default weights w = x), or null where it
 * cannot stand for the check: a different row count, or a value that is not finite and positive
 * (a NaN anywhere makes the sums NaN). Then `check` finds the row to name.
 */
function checkedBySummary(r: GlmRowSummary | undefined, n: number, weightsAreThroughput: boolean): Checked | null {
  if (r === undefined || !weightsAreThroughput || r.n !== n) return null;
  if (!(r.xmin > 0 && r.ymin > 0 && r.xmax < Infinity && r.ymax < Infinity && Number.isFinite(r.sumX) && Number.isFinite(r.sumXY))) return null;
  return { m: n, xmin: r.xmin, xmax: r.xmax, xabs: r.xmax, ymin: r.ymin, ymax: r.ymax, wmax: r.xmax };
}

/** Scaled by powers of two, every term and partial sum stays this far inside the normal doubles. */
const SAFE_LOW = 2 ** -1000;
const SAFE_HIGH = 2 ** 1000;

/**
 * sum(w) and sum(w y) of the rows scaled by powers of two aw and ay, from the caller's unscaled
 * sums (w = x), where that is exact: aw sum(x) is the sum of the x aw in row order, and aw ay
 * sum(x y) that of the (x aw)(y ay), because scaling by a power of two commutes with rounding
 * while no term, product or partial sum, scaled or not, leaves the normal range (all are
 * positive: each lies between the smallest term and n times the largest). Null where that is not
 * certain (values near the ends of the doubles: then the fit sums the scaled rows itself).
 * @internal Exported for its test.
 */
export function scaledSums(r: GlmRowSummary, aw: number, ay: number): { sumW: number; sumWY: number } | null {
  const n = r.n;
  // (sum(x y) is scaled by aw, then by ay: aw ay itself may not be a double.)
  const lows = [r.xmin, r.ymin, r.xmin * r.ymin, r.xmin * aw, r.ymin * ay, r.xmin * r.ymin * aw, r.xmin * aw * (r.ymin * ay)];
  const highs = [n * r.xmax, n * r.xmax * r.ymax, n * r.xmax * aw, r.ymax * ay, n * r.xmax * r.ymax * aw, n * r.xmax * aw * (r.ymax * ay)];
  if (!(lows.every((v) => v >= SAFE_LOW) && highs.every((v) => v <= SAFE_HIGH))) return null;
  return { sumW: r.sumX * aw, sumWY: r.sumXY * aw * ay };
}

/** sum(w) and sum(w y) of the scaled rows (x[k] ax, ...: the caller's columns or the scaled copies), in row order. */
function rowSums(s: GlmRows): void {
  const { x, y, w, ay, aw } = s;
  let sumW = 0;
  let sumWY = 0;
  for (let k = 0; k < x.length; k++) {
    const wk = w[k] * aw;
    sumW += wk;
    sumWY += wk * (y[k] * ay);
  }
  s.sumW = sumW;
  s.sumWY = sumWY;
}

/** The kept rows scaled into the copies s.x, s.y (and s.w): x / sx, y / sy, w / sw. */
function scaleRows(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>, s: GlmRows, sameColumn: boolean): void {
  const keep = s.row;
  for (let k = 0; k < s.x.length; k++) {
    const i = keep === null ? k : keep[k];
    s.x[k] = x[i] / s.sx;
    s.y[k] = y[i] / s.sy;
    if (!sameColumn) s.w[k] = w[i] / s.sw;
  }
}

/** The first m of `given`, or m new zeros when none is given or it is too short. */
function workArray(given: Float64Array | undefined, m: number): Float64Array {
  return given !== undefined && given.length >= m ? given.subarray(0, m) : new Float64Array(m);
}

function validate(x: ArrayLike<number>, y: ArrayLike<number>, options: InverseGaussianGlmOptions): GlmRows | string {
  const n = x.length;
  if (y.length !== n) return glmMessage.lengthMismatch(n, y.length);
  const weightsAreThroughput = options.weights === undefined;
  const w = options.weights ?? x;
  if (w.length !== n) return glmMessage.weightsLength(w.length, n);
  const summarised = checkedBySummary(options.summary, n, weightsAreThroughput);
  const c = summarised ?? check(x, y, w, weightsAreThroughput);
  if (typeof c === "string") return c;
  const m = c.m;
  if (m < 2) return glmMessage.tooFewRows(m);
  // The kept rows' indices, only when some weight is zero (else row k is row k).
  let keep: Int32Array | null = null;
  if (m < n) {
    keep = new Int32Array(m);
    for (let i = 0, k = 0; i < n; i++) if (w[i] !== 0) keep[k++] = i;
  }
  if (c.xmin === c.xmax) return glmMessage.noSpread(c.xmin);
  const sx = powerOfTwoNear(c.xabs);
  const sy = powerOfTwoNear(Math.sqrt(c.ymin) * Math.sqrt(c.ymax));
  const sw = powerOfTwoNear(c.wmax);
  // With the default weights (w = x >= 0) the scaled weights are the scaled x: one column, not two.
  const sameColumn = weightsAreThroughput && sw === sx;
  const scratch = {
    row: keep,
    xmin: c.xmin / sx,
    xmax: c.xmax / sx,
    sx,
    sy,
    sw,
    sumW: 0,
    sumWY: 0,
    W: workArray(options.work?.W, m),
    z: workArray(options.work?.z, m),
    sW: 0,
    sWx: 0,
    sWz: 0,
    at: null,
    at0: 0,
    at1: 0,
    change: 0,
  };
  // Every row kept, in Float64Arrays, and scale factors whose inverses are doubles (powers of two:
  // x[i] * (1 / sx) is x[i] / sx exactly): the passes read the caller's columns, no scaled copies.
  const inverse = [1 / sx, 1 / sy, 1 / sw];
  let s: GlmRows;
  if (keep === null && x instanceof Float64Array && y instanceof Float64Array && w instanceof Float64Array && inverse.every((a) => a < Infinity)) {
    s = { ...scratch, x, y, w, ax: inverse[0], ay: inverse[1], aw: inverse[2] };
  } else {
    const xs = new Float64Array(m);
    s = { ...scratch, x: xs, y: new Float64Array(m), w: sameColumn ? xs : new Float64Array(m), ax: 1, ay: 1, aw: 1 };
    scaleRows(x, y, w, s, sameColumn);
  }
  // (The summary's sums are of the caller's columns: usable where the passes read those columns.)
  const sums = summarised !== null && s.w === x ? scaledSums(options.summary!, s.aw, s.ay) : null;
  if (sums === null) rowSums(s);
  else {
    s.sumW = sums.sumW;
    s.sumWY = sums.sumWY;
  }
  return s;
}

/** Where the working weights of the last weighted least squares were taken (R's `fit$weights`). */
type WorkingEta = { start: true } | { start: false; b0: number; b1: number };

interface IrlsResult {
  b0: number;
  b1: number;
  dev: number;
  converged: boolean;
  iterations: number;
  method: "glm.fit" | "safeguarded";
  start: "response" | "constant-mean";
  stepHalvings: number;
  workingEta: WorkingEta;
}

/** A step smaller than this relative change of eta at every row counts as settled. */
const SETTLED = 1e-3;

/** The working pass at eta = b0 + b1 x unless the last one was there. */
function workAt(s: GlmRows, b0: number, b1: number): void {
  if (!workingAt(s, b0, b1)) workingPass(s, b0, b1);
}

/**
 * Whether R's "converged" point is short of the minimum (R's test only looks
 * at the change of the deviance, which can be tiny far from the minimum when
 * eta is tiny at some row): its deviance is above the constant weighted-mean
 * fit's, or one more IRLS step (halved until valid) still moves eta by more
 * than SETTLED or lowers the deviance by more than 1000 epsilon relative.
 */
function improvable(b0: number, b1: number, dev: number, s: GlmRows, epsilon: number, nullDeviance: () => number): boolean {
  const nulldev = nullDeviance();
  const tenth = (0.1 * s.sy) / s.sw;
  if (dev > nulldev + 1e-12 * (nulldev + tenth)) return true;
  workAt(s, b0, b1);
  const [c0, c1] = centredPass(s, 0);
  if (!Number.isFinite(c0) || !Number.isFinite(c1)) return false;
  for (let k = 0, t = 1; k <= 30; k++, t /= 2) {
    const t0 = b0 + t * (c0 - b0);
    const t1 = b1 + t * (c1 - b1);
    const tdev = deviancePass(s, t0, t1, [b0, b1]);
    if (Number.isNaN(tdev)) continue;
    return s.change > SETTLED || dev - tdev > 1e3 * epsilon * (Math.abs(dev) + tenth);
  }
  return false;
}

/** All in the scaled units of `s`. */
function irls(s: GlmRows, maxIterations: number, epsilon: number, nullDeviance: () => number): IrlsResult {
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
  let working: WorkingEta = { start: true };

  // Phase 1: R's glm.fit, step for step. Start eta = linkfun(mustart = y).
  startPass(s);
  let haveOld = false;
  let rPath = true;
  while (iter < Math.min(R_MAXIT, maxIterations)) {
    iter++;
    if (haveOld) {
      working = { start: false, b0, b1 };
      workAt(s, b0, b1);
    }
    const [c0, c1] = centredPass(s, rTolerance);
    if (!Number.isFinite(c0) || !Number.isFinite(c1)) {
      rPath = false; // R: "non-finite coefficients", not converged
      break;
    }
    const old0 = b0;
    const old1 = b1;
    b0 = c0;
    b1 = c1;
    // The deviance at the new coefficients, and the next step's working sums in the same pass.
    dev = workingPass(s, b0, b1);
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
        dev = deviancePass(s, b0, b1);
        valid = !Number.isNaN(dev);
      }
      if (!valid || !Number.isFinite(dev)) {
        rPath = false;
        b0 = old0;
        b1 = old1;
        dev = devold;
        break;
      }
      halved = true;
    }
    if (small(dev, devold)) {
      if (!halved && !improvable(b0, b1, dev, s, epsilon, nullDeviance)) {
        return { b0, b1, dev, converged: true, iterations: iter, method: "glm.fit", start, stepHalvings: halvings, workingEta: working };
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
    return { b0, b1, dev, converged: false, iterations: iter, method: "glm.fit", start, stepHalvings: halvings, workingEta: working };
  }

  // Phase 2: safeguarded IRLS (damped Newton: the link is canonical).
  if (!haveOld) {
    // No valid coefficients yet: start from the constant weighted mean, the
    // deviance minimum over constant fits (b0 = 1 / mean^2, b1 = 0).
    const mean = s.sumWY / s.sumW;
    b0 = 1 / (mean * mean);
    b1 = 0;
    start = "constant-mean";
  }
  devold = deviancePass(s, b0, b1);
  dev = devold;
  working = { start: false, b0, b1 };
  while (iter < maxIterations) {
    iter++;
    // The working weights of this step stay to the end of the iteration: those of the last
    // weighted least squares.
    working = { start: false, b0, b1 };
    workAt(s, b0, b1);
    const [c0, c1] = centredPass(s, 0);
    if (!Number.isFinite(c0) || !Number.isFinite(c1)) break;
    const d0 = c0 - b0;
    const d1 = c1 - b1;
    let t = 1;
    let accepted = false;
    for (let k = 0; k <= 60; k++, t /= 2) {
      const t0 = b0 + t * d0;
      const t1 = b1 + t * d1;
      // The full step also takes the next step's working sums (used when it is accepted) and its change of eta.
      const tdev = k === 0 ? workingPass(s, t0, t1, [b0, b1]) : deviancePass(s, t0, t1);
      if (!Number.isFinite(tdev)) continue;
      if (k === 0) {
        // Converged when the full step is settled (moves eta by less than SETTLED)
        // and changes the deviance by less than R's test, or when it cannot lower
        // the deviance and either is settled or changes it by less than R's test
        // (the deviance is flat to rounding along the step). A full step that
        // lowers the deviance but is not settled goes on: R's test alone stops
        // early where eta is tiny at some row and grows by a factor each step.
        const settled = s.change < SETTLED;
        const tiny = small(tdev, devold);
        if (tdev <= devold && tiny && settled) {
          return { b0: t0, b1: t1, dev: tdev, converged: true, iterations: iter, method: "safeguarded", start, stepHalvings: halvings, workingEta: working };
        }
        if (tdev >= devold && (tiny || settled)) {
          return { b0, b1, dev: devold, converged: true, iterations: iter, method: "safeguarded", start, stepHalvings: halvings, workingEta: working };
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
  return { b0, b1, dev, converged: false, iterations: iter, method: "safeguarded", start, stepHalvings: halvings, workingEta: working };
}

/**
 * The last pass over the rows at the fitted coefficients: whether eta > 0 at every row, the row
 * where eta is smallest against |b0| + |b1 x| (the boundary check), and the sums of AIC and the
 * Pearson dispersion (summary.glm: sum(fit$weights * fit$residuals^2), the working weights
 * w mu'^3 / 4 of the last iteration's start (mu') times the squared working residuals
 * ((y - mu) / mu.eta)^2 = 4 (y - mu)^2 / mu^6 of the final fit).
 */
function finalPass(s: GlmRows, r: IrlsResult) {
  const { x, y, w, ax, ay, aw } = s;
  const { b0, b1 } = r;
  const atStart = r.workingEta.start;
  const w0 = r.workingEta.start ? 0 : r.workingEta.b0;
  const w1 = r.workingEta.start ? 0 : r.workingEta.b1;
  let valid = true;
  let worst = 0;
  let worstRatio = Infinity;
  let swlogy = 0;
  let pearson = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] * ax;
    const yi = y[i] * ay;
    const wk = w[i] * aw;
    const e = b0 + b1 * xi;
    if (!(e > 0 && e < Infinity)) valid = false;
    const ratio = e / (Math.abs(b0) + Math.abs(b1 * xi));
    if (!(ratio >= worstRatio)) {
      worstRatio = ratio;
      worst = i;
    }
    const mu = 1 / Math.sqrt(e);
    swlogy += wk * Math.log(yi);
    const muW = 1 / Math.sqrt(atStart ? 1 / (yi * yi) : w0 + w1 * xi);
    const r1 = (yi - mu) / (mu * mu * mu);
    pearson += wk * muW * muW * muW * r1 * r1;
  }
  return { valid, worst, worstRatio, swlogy, pearson };
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

  // R's null deviance, computed once: the convergence check and the result both use it.
  let nulldev: number | null = null;
  const nullDeviance = () => (nulldev ??= nullDeviancePass(s));
  const r = irls(s, maxIterations, epsilon, nullDeviance);

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
  const f = finalPass(s, r);
  const nearZero = !(f.worstRatio > NEAR_ZERO);
  const boundaryAt = nearZero ? x[s.row === null ? f.worst : s.row[f.worst]] : null;
  if (!f.valid || (nearZero && !r.converged)) {
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

  const sw = s.sumW;
  const swlogy = f.swlogy;
  const pearson = f.pearson;
  const nd = nullDeviance();
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
    nullDeviance: finiteOrNull(nd * devScale),
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
