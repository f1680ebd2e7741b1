/**
 * R's `signif(x, digits)`: round to `digits` significant decimal digits, exactly as R's C
 * function `fprec()` (src/nmath/fprec.c) does it — scale by a power of ten built with
 * `R_pow_di` (repeated squaring), round half to even (`nearbyint`), scale back.
 *
 * NaN and ±Infinity are returned unchanged, as are 0 and digits > 22; digits < 1 means 1.
 * Bit-for-bit R for 1e-306 < |x| < 1e306; beyond that (subnormals, |x| near DBL_MAX) the
 * correctly rounded decimal is returned, which can differ from R by a few ulps.
 */
export function signif(x: number, digits = 6): number {
  const MAX_DIGITS = 22;
  const max10e = 308; // DBL_MAX_10_EXP
  if (x !== x || digits !== digits) return x + digits;
  if (!Number.isFinite(x)) return x;
  if (!Number.isFinite(digits)) {
    if (digits > 0) return x;
    digits = 1;
  }
  if (x === 0) return x;
  let dig = roundHalfAway(digits);
  if (dig > MAX_DIGITS) return x;
  if (dig < 1) dig = 1;
  let sgn = 1;
  if (x < 0) {
    sgn = -1;
    x = -x;
  }
  const l10 = Math.log10(x);
  let e10 = Math.trunc(dig - 1 - Math.floor(l10));
  if (Math.abs(l10) < max10e - 2) {
    let p10 = 1;
    if (e10 > max10e) {
      p10 = powDi(10, e10 - max10e);
      e10 = max10e;
    }
    if (e10 > 0) {
      const pow10 = powDi(10, e10);
      return (sgn * (nearbyint(x * pow10 * p10) / pow10)) / p10;
    }
    const pow10 = powDi(10, -e10);
    return sgn * (nearbyint(x / pow10) * pow10);
  }
  // |x| beyond 1e±306: R's C code scales in two steps that this port does not reproduce bit
  // for bit (measured: up to a few ulps apart). Round the decimal representation instead
  // (correctly rounded); subnormals then agree with R, huge values differ by an ulp or two.
  return sgn * Number(x.toPrecision(Math.min(dig, 21)));
}

/** C `round()`: half away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** C `nearbyint()` in the default rounding mode: round half to even. */
function nearbyint(x: number): number {
  const r = Math.round(x); // half towards +Infinity
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** R's `R_pow_di(x, n)`: x^n by repeated squaring (not correctly rounded, deliberately). */
function powDi(x: number, n: number): number {
  let xn = 1;
  if (n !== 0) {
    const neg = n < 0;
    if (neg) n = -n;
    for (;;) {
      if (n & 1) xn *= x;
      n >>= 1;
      if (n) x *= x;
      else break;
    }
    if (neg) xn = 1 / xn;
  }
  return xn;
}
