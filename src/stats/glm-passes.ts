/**
 * The passes over the rows of the inverse-Gaussian GLM's IRLS (src/stats/glm-inverse-gaussian.ts).
 * One pass, one function, with no branch in its loop that a call may not take: V8 optimises a
 * long loop while it runs (on-stack replacement) and reuses that code at the next call, so code
 * that has not yet run when the loop is compiled (a branch, or what follows the loop) would throw
 * the optimised code away at every call. So each loop function ends by setting module variables
 * (stores that need no type feedback) and its wrapper does the rest.
 *
 * Per row they compute exactly the expressions of R's glm.fit step and deviance, summed in row
 * order, so the fit is the same double for double however the passes are combined. Nothing is kept
 * per row but the working weights and working responses of the current step (W, z):
 * eta = b0 + b1 x is recomputed where it is needed (the same double each time).
 *
 * ```
 * working pass at eta      -> W, z and their sums (sW, sWx, sWz) [+ deviance at eta] [+ change of eta]
 * centred pass             -> the weighted least-squares coefficients from W, z
 * deviance pass at eta     -> the deviance only (step-halving trials)
 * ```
 */

/**
 * The rows of a fit, scaled by powers of two, and the scratch of its passes. Row i's scaled
 * values are x[i] ax, y[i] ay and w[i] aw: the caller's own columns times the inverse scale
 * factors (exact: powers of two), or scaled copies times 1.
 */
export interface GlmRows {
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  ax: number;
  ay: number;
  aw: number;
  /** Original row of each kept row; null when every row is kept (row k is row k). */
  row: Int32Array | null;
  /** The smallest and largest (scaled) x. */
  xmin: number;
  xmax: number;
  /** The scale factors: x = x' sx, y = y' sy, w = w' sw. */
  sx: number;
  sy: number;
  sw: number;
  /** sum(w) and sum(w y) of the scaled rows, in row order. */
  sumW: number;
  sumWY: number;
  /** Working weights and working responses of the last working pass. */
  W: Float64Array;
  z: Float64Array;
  /** Their sums, and where they were taken: eta at the start (mu = y), at (at0, at1), or nowhere yet. */
  sW: number;
  sWx: number;
  sWz: number;
  at: "start" | "linear" | null;
  at0: number;
  at1: number;
  /** The largest relative change of eta found by the last pass that measured one. */
  change: number;
}

/**
 * Whether eta = b0 + b1 x is finite and > 0 at every row, from the two extreme rows alone:
 * fl(b0 + fl(b1 x)) is monotone in x (rounding is monotone), so its smallest and largest
 * values over the rows are at the smallest and largest x — the same verdict as checking
 * every row, without a pass over them.
 */
export function validEverywhere(b0: number, b1: number, s: Pick<GlmRows, "xmin" | "xmax">): boolean {
  const lo = b0 + b1 * s.xmin;
  const hi = b0 + b1 * s.xmax;
  return lo > 0 && lo < Infinity && hi > 0 && hi < Infinity;
}

// What the last loop found (set after each loop; read by the wrappers below).
let sumW = 0;
let sumWx = 0;
let sumWz = 0;
let deviance = 0;
let allValid = true;
let largestChange = 0;

/** Working pass at R's start mu = y (eta = 1 / y^2): W, z and their sums. */
function startLoop(x: Float64Array, y: Float64Array, w: Float64Array, ax: number, ay: number, aw: number, W: Float64Array, z: Float64Array): void {
  let sW = 0;
  let sWx = 0;
  let sWz = 0;
  for (let i = 0; i < x.length; i++) {
    const yi = y[i] * ay;
    const e = 1 / (yi * yi);
    const mu = 1 / Math.sqrt(e);
    const muEta = -0.5 * mu * mu * mu; // -1 / (2 eta^1.5)
    const wi = (w[i] * aw * muEta * muEta) / (mu * mu * mu);
    const zi = e + (yi - mu) / muEta;
    W[i] = wi;
    z[i] = zi;
    sW += wi;
    sWx += wi * (x[i] * ax);
    sWz += wi * zi;
  }
  sumW = sW;
  sumWx = sWx;
  sumWz = sWz;
}

/** Working pass at eta = b0 + b1 x: W, z, their sums, the deviance and whether eta > 0 everywhere. */
function workingLoop(
  b0: number,
  b1: number,
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  ax: number,
  ay: number,
  aw: number,
  W: Float64Array,
  z: Float64Array,
): void {
  let sW = 0;
  let sWx = 0;
  let sWz = 0;
  let dev = 0;
  let valid = true;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] * ax;
    const yi = y[i] * ay;
    const wk = w[i] * aw;
    const e = b0 + b1 * xi;
    if (!(e > 0 && e < Infinity)) valid = false;
    const q = Math.sqrt(e);
    const mu = 1 / q;
    const muEta = -0.5 * mu * mu * mu;
    const wi = (wk * muEta * muEta) / (mu * mu * mu);
    const zi = e + (yi - mu) / muEta;
    W[i] = wi;
    z[i] = zi;
    sW += wi;
    sWx += wi * xi;
    sWz += wi * zi;
    const r = yi * q - 1;
    dev += (wk * r * r) / yi;
  }
  sumW = sW;
  sumWx = sWx;
  sumWz = sWz;
  deviance = dev;
  allValid = valid;
}

/** workingLoop and the largest relative change of eta from f0 + f1 x. */
function workingChangeLoop(
  b0: number,
  b1: number,
  f0: number,
  f1: number,
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  ax: number,
  ay: number,
  aw: number,
  W: Float64Array,
  z: Float64Array,
): void {
  let sW = 0;
  let sWx = 0;
  let sWz = 0;
  let dev = 0;
  let valid = true;
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] * ax;
    const yi = y[i] * ay;
    const wk = w[i] * aw;
    const e = b0 + b1 * xi;
    if (!(e > 0 && e < Infinity)) valid = false;
    const q = Math.sqrt(e);
    const mu = 1 / q;
    const muEta = -0.5 * mu * mu * mu;
    const wi = (wk * muEta * muEta) / (mu * mu * mu);
    const zi = e + (yi - mu) / muEta;
    W[i] = wi;
    z[i] = zi;
    sW += wi;
    sWx += wi * xi;
    sWz += wi * zi;
    const r = yi * q - 1;
    dev += (wk * r * r) / yi;
    const d = Math.abs(b0 - f0 + (b1 - f1) * xi) / (f0 + f1 * xi + 1e-8 * (Math.abs(f0) + Math.abs(f1 * xi)));
    if (d > worst) worst = d;
  }
  sumW = sW;
  sumWx = sWx;
  sumWz = sWz;
  deviance = dev;
  allValid = valid;
  largestChange = worst;
}

/** The deviance at eta = b0 + b1 x and whether eta > 0 everywhere. */
function devianceLoop(b0: number, b1: number, x: Float64Array, y: Float64Array, w: Float64Array, ax: number, ay: number, aw: number): void {
  let dev = 0;
  let valid = true;
  for (let i = 0; i < x.length; i++) {
    const yi = y[i] * ay;
    const e = b0 + b1 * (x[i] * ax);
    if (!(e > 0 && e < Infinity)) valid = false;
    const r = yi * Math.sqrt(e) - 1;
    dev += (w[i] * aw * r * r) / yi;
  }
  deviance = dev;
  allValid = valid;
}

/** devianceLoop and the largest relative change of eta from f0 + f1 x. */
function devianceChangeLoop(
  b0: number,
  b1: number,
  f0: number,
  f1: number,
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  ax: number,
  ay: number,
  aw: number,
): void {
  let dev = 0;
  let valid = true;
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] * ax;
    const yi = y[i] * ay;
    const e = b0 + b1 * xi;
    if (!(e > 0 && e < Infinity)) valid = false;
    const r = yi * Math.sqrt(e) - 1;
    dev += (w[i] * aw * r * r) / yi;
    const d = Math.abs(b0 - f0 + (b1 - f1) * xi) / (f0 + f1 * xi + 1e-8 * (Math.abs(f0) + Math.abs(f1 * xi)));
    if (d > worst) worst = d;
  }
  deviance = dev;
  allValid = valid;
  largestChange = worst;
}

function keepSums(s: GlmRows, at: "start" | "linear", b0: number, b1: number): void {
  s.sW = sumW;
  s.sWx = sumWx;
  s.sWz = sumWz;
  s.at = at;
  s.at0 = b0;
  s.at1 = b1;
}

/** The working pass at R's start mu = y: z = eta + (y - mu) / mu.eta, W = w mu.eta^2 / V(mu) into s.W, s.z, their sums into s. */
export function startPass(s: GlmRows): void {
  startLoop(s.x, s.y, s.w, s.ax, s.ay, s.aw, s.W, s.z);
  keepSums(s, "start", 0, 0);
}

/**
 * The working pass at eta = b0 + b1 x (as startPass) and, in the same pass, the deviance there
 * (R's dev.resids: w (y / mu - 1)^2 / y); NaN, without a pass, when eta is not finite and > 0 at
 * every row. With `from`, also the largest relative change of eta from there into `s.change`.
 */
export function workingPass(s: GlmRows, b0: number, b1: number, from?: readonly [number, number]): number {
  if (!validEverywhere(b0, b1, s)) return NaN;
  if (from === undefined) workingLoop(b0, b1, s.x, s.y, s.w, s.ax, s.ay, s.aw, s.W, s.z);
  else {
    workingChangeLoop(b0, b1, from[0], from[1], s.x, s.y, s.w, s.ax, s.ay, s.aw, s.W, s.z);
    s.change = largestChange;
  }
  keepSums(s, "linear", b0, b1);
  return allValid ? deviance : NaN;
}

/** The working sums are those of eta = b0 + b1 x: no pass needed. */
export function workingAt(s: GlmRows, b0: number, b1: number): boolean {
  return s.at === "linear" && Object.is(s.at0, b0) && Object.is(s.at1, b1);
}

let sxx = 0;
let sxz = 0;
let sx2 = 0;

function centredLoop(xbar: number, zbar: number, x: Float64Array, ax: number, W: Float64Array, z: Float64Array): void {
  let a = 0;
  let b = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] * ax;
    const dx = xi - xbar;
    a += W[i] * dx * dx;
    b += W[i] * dx * (z[i] - zbar);
    c += W[i] * xi * xi;
  }
  sxx = a;
  sxz = b;
  sx2 = c;
}

/**
 * The weighted least squares of z on (1, x) with weights W, from the last working pass, solved in
 * closed form about the weighted mean of x. When the centred weighted norm of x falls below
 * `rankTolerance` of its norm the x column is rank-deficient (R's dqrdc2 uses
 * min(1e-7, epsilon / 1000)) and its coefficient is 0.
 */
export function centredPass(s: GlmRows, rankTolerance: number): [number, number] {
  const xbar = s.sWx / s.sW;
  const zbar = s.sWz / s.sW;
  centredLoop(xbar, zbar, s.x, s.ax, s.W, s.z);
  if (!(sxx > rankTolerance * rankTolerance * sx2)) return [zbar, 0];
  const b1 = sxz / sxx;
  return [zbar - b1 * xbar, b1];
}

/**
 * The deviance at eta = b0 + b1 x; NaN (found from the extreme rows, without a pass) when eta is
 * not finite and > 0 at every row. With `from`, also the largest relative change of eta from
 * there into `s.change`. Step halving mostly rejects steps that cross eta = 0, so most
 * rejections cost nothing.
 */
export function deviancePass(s: GlmRows, b0: number, b1: number, from?: readonly [number, number]): number {
  if (!validEverywhere(b0, b1, s)) return NaN;
  if (from === undefined) devianceLoop(b0, b1, s.x, s.y, s.w, s.ax, s.ay, s.aw);
  else {
    devianceChangeLoop(b0, b1, from[0], from[1], s.x, s.y, s.w, s.ax, s.ay, s.aw);
    s.change = largestChange;
  }
  return allValid ? deviance : NaN;
}

function nullDevianceLoop(mean: number, y: Float64Array, w: Float64Array, ay: number, aw: number): void {
  let nulldev = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] * ay;
    const r = yi / mean - 1;
    nulldev += (w[i] * aw * r * r) / yi;
  }
  deviance = nulldev;
}

/** The deviance of the constant fit mu = sum(w y) / sum(w) (R's null.deviance), scaled. */
export function nullDeviancePass(s: GlmRows): number {
  nullDevianceLoop(s.sumWY / s.sumW, s.y, s.w, s.ay, s.aw);
  return deviance;
}
