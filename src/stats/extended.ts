/**
 * Extended-precision helpers standing in for R's `long double` (80-bit x87) accumulators.
 *
 * R's `mean()` and `var()` accumulate in `long double` (64-bit mantissa, 15-bit exponent).
 * JavaScript has only binary64, so these helpers use double-double arithmetic (about 106
 * bits) with a power-of-two scale factor chosen from the data so that sums of huge or
 * tiny values neither overflow nor lose bits to subnormals. The results agree with R to
 * within a unit in the last place (R's 64-bit mantissa is the less precise of the two).
 *
 * Internal module: not part of the public barrel.
 */

/** An unevaluated sum hi + lo with |lo| <= ulp(hi)/2. */
export interface DoubleDouble {
  hi: number;
  lo: number;
}

/** Error-free transformation: a + b = s + e exactly (Knuth's TwoSum). */
function twoSum(a: number, b: number, out: DoubleDouble): void {
  const s = a + b;
  const bb = s - a;
  out.lo = a - (s - bb) + (b - bb);
  out.hi = s;
}

const SPLITTER = 134217729; // 2^27 + 1 (Dekker)

/** Error-free product: a * b = p + e exactly (Dekker's TwoProduct, no FMA needed). */
function twoProd(a: number, b: number, out: DoubleDouble): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  out.lo = ah * bh - p + ah * bl + al * bh + al * bl;
  out.hi = p;
}

/** Running double-double sum. */
export class ExtendedSum {
  hi = 0;
  lo = 0;
  private readonly tmp: DoubleDouble = { hi: 0, lo: 0 };

  /** Add one double exactly (up to the 106-bit precision of the pair). */
  add(x: number): void {
    const t = this.tmp;
    twoSum(this.hi, x, t);
    const lo = t.lo + this.lo;
    const hi = t.hi;
    const s = hi + lo;
    this.lo = lo - (s - hi);
    this.hi = s;
  }

  /** Add a double-double value. */
  addDD(xhi: number, xlo: number): void {
    const t = this.tmp;
    twoSum(this.hi, xhi, t);
    const lo = t.lo + this.lo + xlo;
    const s = t.hi + lo;
    this.lo = lo - (s - t.hi);
    this.hi = s;
  }
}

/** (hi + lo) / d as a normalised double-double, d a finite nonzero double. */
export function divideDD(hi: number, lo: number, d: number): DoubleDouble {
  const q1 = hi / d;
  const p: DoubleDouble = { hi: 0, lo: 0 };
  twoProd(q1, d, p);
  // remainder r = (hi + lo) - q1 * d, computed to double precision
  const r = hi - p.hi - p.lo + lo;
  const q2 = r / d;
  const s = q1 + q2;
  return { hi: s, lo: q2 - (s - q1) };
}

/** 2^k exactly, for integer k in [-1074, 1023]. */
export function pow2(k: number): number {
  // Math.pow is not guaranteed exact in V8; build the power from exact halvings/doublings.
  let r = 1;
  if (k >= 0) {
    while (k >= 512) {
      r *= 2 ** 512;
      k -= 512;
    }
    return r * 2 ** k;
  }
  while (k <= -512) {
    r *= 2 ** -512;
    k += 512;
  }
  return r * 2 ** k;
}

/**
 * A power of two that brings `maxAbs` (the largest magnitude to be summed `count` times)
 * into a range where a double-double sum can neither overflow nor sink into subnormals.
 * Returns 1 when no scaling is needed (the common case), so ordinary data is untouched.
 */
export function scaleFor(maxAbs: number, count: number): number {
  if (!(maxAbs > 0) || !Number.isFinite(maxAbs)) return 1;
  const big = 2 ** 1000 / Math.max(1, count);
  if (maxAbs < big && maxAbs > 2 ** -900) return 1;
  const e = Math.floor(Math.log2(maxAbs));
  return pow2(Math.max(-1000, Math.min(1000, -e)));
}

// The pair the last sum loop below left (module variables: set after a loop without type
// feedback, so V8's optimised code for the loop stays valid from call to call).
let loopHi = 0;
let loopLo = 0;

/**
 * sum(v * scale) over the values that are not NaN, as ExtendedSum.add would accumulate them one
 * by one (the same operations in the same order, in local variables: no object per step).
 */
export function scaledSum(values: ArrayLike<number>, scale: number): DoubleDouble {
  scaledSumLoop(values, scale);
  return { hi: loopHi, lo: loopLo };
}

function scaledSumLoop(values: ArrayLike<number>, scale: number): void {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue; // NaN
    const x = v * scale;
    // ExtendedSum.add(x)
    const s = hi + x;
    const bb = s - hi;
    const e = hi - (s - bb) + (x - bb) + lo;
    const t = s + e;
    lo = e - (t - s);
    hi = t;
  }
  loopHi = hi;
  loopLo = lo;
}

/**
 * sum(v * scale - m) over the values that are not NaN, m = mhi + mlo, as ExtendedSum.add(v * scale)
 * then ExtendedSum.addDD(-mhi, -mlo) per value would accumulate it (the residuals kept exact: x
 * and -m go into the sum separately).
 */
export function scaledResidualSum(values: ArrayLike<number>, scale: number, mhi: number, mlo: number): DoubleDouble {
  scaledResidualSumLoop(values, scale, -mhi, -mlo);
  return { hi: loopHi, lo: loopLo };
}

function scaledResidualSumLoop(values: ArrayLike<number>, scale: number, nhi: number, nlo: number): void {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    const x = v * scale;
    // ExtendedSum.add(x)
    let s = hi + x;
    let bb = s - hi;
    let e = hi - (s - bb) + (x - bb) + lo;
    let t = s + e;
    lo = e - (t - s);
    hi = t;
    // ExtendedSum.addDD(nhi, nlo)
    s = hi + nhi;
    bb = s - hi;
    e = hi - (s - bb) + (nhi - bb) + lo + nlo;
    t = s + e;
    lo = e - (t - s);
    hi = t;
  }
  loopHi = hi;
  loopLo = lo;
}

/** sum((v - m)^2 * scale) over the values that are not NaN, as ExtendedSum.add would accumulate it. */
export function scaledSquareSum(values: ArrayLike<number>, m: number, scale: number): DoubleDouble {
  scaledSquareSumLoop(values, m, scale);
  return { hi: loopHi, lo: loopLo };
}

function scaledSquareSumLoop(values: ArrayLike<number>, m: number, scale: number): void {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    const d = v - m;
    const x = d * d * scale;
    const s = hi + x;
    const bb = s - hi;
    const e = hi - (s - bb) + (x - bb) + lo;
    const t = s + e;
    lo = e - (t - s);
    hi = t;
  }
  loopHi = hi;
  loopLo = lo;
}
