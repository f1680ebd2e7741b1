/**
 * R's `pretty()` break points: "about n + 1 equally spaced 'round' values which cover the
 * range", exactly as R 4.2's `base:::pretty.default` computes them:
 *
 * ```
 * R_pretty(lo, hi, n, min.n, shrink.sml = 0.75, high.u.bias = 1.5, u5.bias = 2.75,
 *          f.min = 2^-20, eps.correct = 0, bounds = TRUE)      (C, src/appl/pretty.c)
 *   -> seq.int(l, u, length.out = n + 1)                        (C, src/main/seq.c)
 *   -> values with |s| < 1e-14 * (u/n - l/n) set to 0           (R, "zap small")
 * ```
 *
 * The unit is chosen from {1, 2, 5, 10} x 10^k near (hi - lo) / n, with the high-unit and
 * "5" biases; a range that is tiny relative to its magnitude (including lo == hi) gets a
 * cell of 0.75 * max(|lo|, |hi|) / min.n instead.
 */

const DBL_EPSILON = 2.220446049250313e-16;
const DBL_MIN = 2.2250738585072014e-308;
const DBL_MAX = 1.7976931348623157e308;
const ROUNDING_EPS = 1e-10;
const MAX_F = 1.25;

/** The tuning constants of R's `pretty.default`, with R's defaults. */
export interface PrettyTuning {
  shrinkSml: number;
  highUBias: number;
  u5Bias: number;
  fMin: number;
}

/** R's defaults: shrink.sml = 0.75, high.u.bias = 1.5, u5.bias = .5 + 1.5 * high.u.bias, f.min = 2^-20. */
export const defaultPrettyTuning: PrettyTuning = {
  shrinkSml: 0.75,
  highUBias: 1.5,
  u5Bias: 0.5 + 1.5 * 1.5,
  fMin: 2 ** -20,
};

/**
 * pow(10, k) as glibc computes it (R calls the C library's pow). V8's Math.pow(10, k) differs
 * from glibc for dozens of k; the correctly rounded decimal literal agrees with glibc except
 * at the two exact ties below, where glibc rounds up (measured for k in -330..310).
 */
function pow10(k: number): number {
  if (k === 23) return 1.0000000000000001e23;
  if (k === 210) return 1.0000000000000001e210;
  return Number(`1e${k}`);
}

/** R_pretty with bounds = TRUE, eps.correction = 0: the covering bounds and the division count. */
export function rPretty(
  lo: number,
  up: number,
  ndiv: number,
  minN: number,
  tuning: PrettyTuning = defaultPrettyTuning,
): { l: number; u: number; n: number; unit: number } {
  const h = tuning.highUBias;
  const h5 = tuning.u5Bias;
  const fMin = tuning.fMin;
  const dx = up - lo;
  let cell: number;
  let iSmall: boolean;
  if (dx === 0 && up === 0) {
    cell = 1;
    iSmall = true;
  } else {
    cell = Math.max(Math.abs(lo), Math.abs(up));
    let U = 1 + (h5 >= 1.5 * h + 0.5 ? 1 / (1 + h) : 1.5 / (1 + h5));
    U *= Math.max(1, ndiv) * DBL_EPSILON;
    iSmall = dx < cell * U * 3;
  }
  if (iSmall) {
    if (cell > 10) cell = 9 + cell / 10;
    cell *= tuning.shrinkSml;
    if (minN > 1) cell /= minN;
  } else {
    cell = dx;
    if (ndiv > 1) cell = Number.isFinite(dx) ? cell / ndiv : up / ndiv - lo / ndiv;
  }
  let subsmall = fMin * DBL_MIN;
  if (subsmall === 0) subsmall = DBL_MIN;
  if (cell < subsmall) cell = subsmall;
  else if (cell > DBL_MAX / MAX_F) cell = DBL_MAX / MAX_F;

  const base = pow10(Math.floor(Math.log10(cell)));
  let unit = base;
  let ns: number;
  if ((ns = 2 * base) - cell < h * (cell - unit)) {
    unit = ns;
    if ((ns = 5 * base) - cell < h5 * (cell - unit)) {
      unit = ns;
      if ((ns = 10 * base) - cell < h * (cell - unit)) unit = ns;
    }
  }
  ns = Math.floor(lo / unit + ROUNDING_EPS);
  let nu = Math.ceil(up / unit - ROUNDING_EPS);
  while (ns * unit > lo + ROUNDING_EPS * unit) ns--;
  while (nu * unit < up - ROUNDING_EPS * unit) nu++;
  // Near DBL_MAX the covering multiple of unit can overflow: R steps back inside.
  while (!Number.isFinite(ns * unit)) ns++;
  while (!Number.isFinite(nu * unit)) nu--;

  let k = Math.trunc(0.5 + nu - ns);
  let n: number;
  if (k < minN) {
    k = minN - k;
    if (lo === 0 && up > 0) {
      // R 4.2: a range starting at exactly 0 only grows upwards
      nu += k;
    } else if (up === 0 && lo < 0) {
      // ... and one ending at exactly 0 only downwards
      ns -= k;
    } else if (ns >= 0) {
      nu += Math.trunc(k / 2);
      ns -= Math.trunc(k / 2) + (k % 2);
    } else {
      ns -= Math.trunc(k / 2);
      nu += Math.trunc(k / 2) + (k % 2);
    }
    n = minN;
  } else {
    n = k;
  }
  let l = lo;
  let u = up;
  if (ns * unit < l) l = ns * unit;
  if (nu * unit > u) u = nu * unit;
  return { l, u, n, unit };
}

/** R 4.2's `seq.int(from, to, length.out = lout)`: from + i * by, with the first and last exact. */
export function seqLengthOut(from: number, to: number, lout: number): number[] {
  const out = new Array<number>(lout);
  if (lout > 0) out[0] = from;
  if (lout > 1) out[lout - 1] = to;
  if (lout > 2) {
    const by = (to - from) / (lout - 1);
    if (Number.isFinite(by)) {
      for (let i = 1; i < lout - 1; i++) out[i] = from + i * by;
    } else {
      // to - from overflowed: R works in halves
      const half = (to / (lout - 1) - from / (lout - 1)) / 2;
      for (let i = 1; i < lout - 1; i++) out[i] = 2 * (from / 2 + i * half);
    }
  }
  return out;
}

/**
 * R's `pretty(c(lo, hi), n, min.n)` (`pretty.default`, R 4.2): about n + 1 round, equally
 * spaced break points covering [min(lo, hi), max(lo, hi)], bit-for-bit as R returns them.
 *
 * - `n`: desired number of intervals (integer >= 0; R's `n`, default 5);
 * - `minN`: minimal number of intervals (0 <= minN <= n; R's `min.n`, default floor(n / 3)).
 *
 * Throws a RangeError when lo or hi is not finite (R drops non-finite values and returns an
 * empty vector when none remain), when n / minN are invalid, or when the breaks would overflow
 * (ranges near ±DBL_MAX with a large minN) — R errors in those cases too.
 */
export function pretty(lo: number, hi: number, n = 5, minN: number = Math.floor(n / 3), tuning: PrettyTuning = defaultPrettyTuning): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new RangeError(`pretty() needs finite bounds, got ${lo} and ${hi}`);
  }
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`pretty(): invalid n ${n}`);
  if (!Number.isInteger(minN) || minN < 0 || minN > n) {
    throw new RangeError(`pretty(): invalid minN ${minN} (need 0 <= minN <= n = ${n})`);
  }
  const z = rPretty(Math.min(lo, hi), Math.max(lo, hi), n, minN, tuning);
  if (!Number.isFinite(z.l) || !Number.isFinite(z.u)) {
    // R errors here too ("'to' must be a finite number" from seq.int)
    throw new RangeError(`pretty(): breaks for [${lo}, ${hi}] with n = ${n}, minN = ${minN} overflow`);
  }
  const s = seqLengthOut(z.l, z.u, z.n + 1);
  if (z.n > 0) {
    const delta = z.u / z.n - z.l / z.n;
    for (let i = 0; i < s.length; i++) if (Math.abs(s[i]) < 1e-14 * delta) s[i] = 0;
  }
  return s;
}
