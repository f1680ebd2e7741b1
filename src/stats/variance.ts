import { divideDD, scaleFor, scaledSquareSum } from "./extended.js";
import { mean } from "./mean.js";

/**
 * Sample variance with denominator n - 1, exactly as R's `var(x, na.rm = TRUE)` for a vector
 * (`C_cov`, src/library/stats/src/cov.c): a two-pass algorithm — the mean m as R's `mean()`
 * computes it, then sum((x - m)^2) / (n - 1) with each (x - m) and its square in double
 * precision and the sum accumulated in extended precision (R: `long double`; here:
 * double-double), so results equal R's to within an ulp.
 *
 * NaN values are skipped (R's `na.rm = TRUE`). Returns NaN when fewer than two values remain
 * (R returns NA) and NaN when any value is ±Infinity (as R). A square that overflows gives
 * Infinity, as in R. The input is never modified.
 */
export function variance(values: ArrayLike<number>): number {
  const n = countNotNaN(values);
  if (n < 2 || sawInfinity) return NaN;
  return sumOfSquares(values, mean(values), n);
}

/**
 * `variance(values)` given `m = mean(values)` already (R's `mean()`, as `mean` computes it): the
 * same double, without computing the mean again.
 */
export function varianceAbout(values: ArrayLike<number>, m: number): number {
  const n = countNotNaN(values);
  if (n < 2 || sawInfinity) return NaN;
  return sumOfSquares(values, m, n);
}

// Whether the last countNotNaN met ±Infinity (a module variable: set after its loop without type feedback).
let sawInfinity = false;

function countNotNaN(values: ArrayLike<number>): number {
  let n = 0;
  let infinite = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    n++;
    if (v === Infinity || v === -Infinity) infinite = true;
  }
  sawInfinity = infinite;
  return n;
}

// The largest square the last squareLoop found.
let largestSquare = 0;

function squareLoop(values: ArrayLike<number>, m: number): void {
  let maxSq = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    const d = v - m;
    const sq = d * d;
    if (sq > maxSq) maxSq = sq;
  }
  largestSquare = maxSq;
}

/** sum((x - m)^2) / (n - 1), the sum in double-double (scaled so that it cannot overflow). */
function sumOfSquares(values: ArrayLike<number>, m: number, n: number): number {
  squareLoop(values, m);
  if (largestSquare === Infinity) return Infinity;
  const scale = scaleFor(largestSquare, n);
  const acc = scaledSquareSum(values, m, scale);
  const q = divideDD(acc.hi, acc.lo, n - 1);
  return (q.hi + q.lo) / scale;
}

/**
 * Sample standard deviation, R's `sd(x, na.rm = TRUE)` = sqrt(var(x)) with denominator
 * n - 1. NaN values are skipped; NaN for fewer than two values or any ±Infinity.
 */
export function sd(values: ArrayLike<number>): number {
  return Math.sqrt(variance(values));
}
