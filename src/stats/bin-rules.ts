import { powMinusOneThird, powOneThird } from "./cube-root-power.js";
import { quantileSorted } from "./quantile.js";
import { signif } from "./signif.js";
import { variance } from "./variance.js";

/**
 * A histogram bin rule: the suggested number of classes for the data (R's `nclass.*`).
 * `histogram()` passes the finite values only.
 */
export type BinRule = (values: ArrayLike<number>) => number;

function finiteValues(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[k++] = values[i];
  return k === out.length ? out : out.slice(0, k);
}

function range(x: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  return hi - lo;
}

/**
 * Sturges' rule, R's `nclass.Sturges(x)` = ceiling(log2(n) + 1), n = number of finite values
 * (R's `hist()` default). No values gives -Infinity, as in R (and `histogram` rejects it).
 */
export const sturges: BinRule = (values) => Math.ceil(Math.log2(finiteCount(values)) + 1);

/** The number of finite values (a loop that ends in a bare return: V8 keeps its optimised code from call to call). */
function finiteCount(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  return n;
}

/**
 * Scott's rule (1979), R's `nclass.scott(x)`: h = 3.5 sqrt(var(x)) n^(-1/3); the number of
 * classes is max(1, ceiling(diff(range(x)) / h)) when h > 0, else 1. Non-finite values are
 * dropped; with fewer than two values (R: error, var is NA) this returns 1.
 */
export const scott: BinRule = (values) => {
  const x = finiteValues(values);
  const n = x.length;
  if (n < 2) return 1;
  const h = 3.5 * Math.sqrt(variance(x)) * powMinusOneThird(n);
  return h > 0 ? Math.max(1, Math.ceil(range(x) / h)) : 1;
};

/**
 * Freedman-Diaconis rule (1981), R 4.2's `nclass.FD(x, digits = 5)`: h = 2 IQR(signif(x, 5))
 * (type-7 quartiles); if that is 0, h = diff(quantile(x., c(a, 1 - a))) / (1 - 2a) for
 * a = 1/8, 1/16, ... down to 1/512 until nonzero; if still 0, h = 3.5 sd(x). The number of
 * classes is ceiling(diff(range(x)) / h * n^(1/3)) when h > 0, else 1. Non-finite values are
 * dropped; no values or one value gives 1 (R errors for one value: its sd is NA).
 */
export const freedmanDiaconis: BinRule = (values) => {
  const x = finiteValues(values);
  const n = x.length;
  if (n === 0) return 1;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = signif(x[i], 5);
  xs.sort();
  let h = 2 * (quantileSorted(xs, 0.75) - quantileSorted(xs, 0.25));
  if (h === 0) {
    let al = 1 / 4;
    const alMin = 1 / 512;
    while (h === 0 && (al /= 2) >= alMin) {
      h = (quantileSorted(xs, 1 - al) - quantileSorted(xs, al)) / (1 - 2 * al);
    }
  }
  if (h === 0) h = 3.5 * Math.sqrt(variance(x));
  return h > 0 ? Math.ceil((range(x) / h) * powOneThird(n)) : 1;
};
