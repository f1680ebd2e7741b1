import { ExtendedSum, divideDD, scaleFor, scaledResidualSum, scaledSum } from "./extended.js";

/**
 * Arithmetic mean exactly as R's `mean(x, na.rm = TRUE)` (`mean.default` ->
 * `.Internal(mean(x))`, src/main/summary.c): s = sum(x) / n, then, when s is finite, the
 * mean of the residuals is added back, s + sum(x - s) / n. R accumulates in `long double`;
 * this uses double-double accumulation (with power-of-two scaling for huge/tiny data), so the
 * result equals R's to within one unit in the last place (tested at relative 1e-13).
 *
 * NaN values are skipped (R's `na.rm = TRUE`); ±Infinity is kept as in R (the mean is then
 * ±Infinity, or NaN when both signs occur). Returns NaN for no values (R returns NaN too).
 * The input is never modified.
 */
export function mean(values: ArrayLike<number>): number {
  scan(values);
  const n = scanned;
  if (n === 0) return NaN;
  if (scannedPosInf || scannedNegInf) return scannedPosInf && scannedNegInf ? NaN : scannedPosInf ? Infinity : -Infinity;
  const scale = scaleFor(scannedMaxAbs, n);
  // Pass 1: s = sum / n.
  const sum = scaledSum(values, scale);
  const s = divideDD(sum.hi, sum.lo, n);
  // Pass 2: s += sum(x - s) / n.
  const t = scaledResidualSum(values, scale, s.hi, s.lo);
  const c = divideDD(t.hi, t.lo, n);
  const total = new ExtendedSum();
  total.addDD(s.hi, s.lo);
  total.addDD(c.hi, c.lo);
  return (total.hi + total.lo) / scale;
}

// What the last scan found (module variables: set after its loop without type feedback).
let scanned = 0;
let scannedMaxAbs = 0;
let scannedPosInf = false;
let scannedNegInf = false;

/** The values that are not NaN: how many, the largest finite magnitude, and whether ±Infinity occurs. */
function scan(values: ArrayLike<number>): void {
  let n = 0;
  let maxAbs = 0;
  let posInf = false;
  let negInf = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue; // NaN
    n++;
    if (v === Infinity) posInf = true;
    else if (v === -Infinity) negInf = true;
    else {
      const a = Math.abs(v);
      if (a > maxAbs) maxAbs = a;
    }
  }
  scanned = n;
  scannedMaxAbs = maxAbs;
  scannedPosInf = posInf;
  scannedNegInf = negInf;
}
