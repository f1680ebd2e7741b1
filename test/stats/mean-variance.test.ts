import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { mean, median, sd, variance } from "../../src/stats/index.js";
import { EDGE_CASES, assertRelClose, callUnmutated } from "./helpers.js";

const X = [1, 3, 4, 7, 10, 12, 18, 25, 31, 40];

test("R mean() (sum/n plus mean of residuals): golden values, relative 1e-12", () => {
  // Rscript -e 'x <- c(1, 3, 4, 7, 10, 12, 18, 25, 31, 40); cat(sprintf("%.17g", c(mean(x), sd(x), var(x))))'
  //   -> 15.1 13.118688958886096 172.09999999999999
  assertRelClose(mean(X), 15.1, 1e-12);
  // Rscript -e 'cat(sprintf("%.17g", mean(c(0.1, 0.2, 0.3, 0.4))))' -> 0.25
  assert.equal(mean([0.1, 0.2, 0.3, 0.4]), 0.25);
  // Rscript -e 'cat(sprintf("%.17g", mean(c(-1, -2, -4))))' -> -2.3333333333333335
  assertRelClose(mean([-1, -2, -4]), -2.3333333333333335, 1e-12);
  // R's long double sum does not overflow:
  // Rscript -e 'cat(sprintf("%.17g", mean(c(1, 1.5, 1.75) * 2^1023)))' -> 1.2733659705274738e+308
  assertRelClose(mean([1, 1.5, 1.75].map((v) => v * 2 ** 1023)), 1.2733659705274738e308, 1e-12);
  // Rscript -e 'cat(sprintf("%.17g", mean(c(1, 3, 2) * 2^-1000)))' -> 1.8665272370064378e-301
  assertRelClose(mean([1, 3, 2].map((v) => v * 2 ** -1000)), 1.8665272370064378e-301, 1e-12);
});

test("R mean() residual correction: exact for cancelling data where naive summation is not", () => {
  const x = [1e16, 1, -1e16, 3, 0.5];
  assert.equal(mean(x), 0.9); // R (long double) gives 0.9; a naive double sum loses the 1
});

test("R var()/sd() (two-pass, n - 1): golden values, relative 1e-12", () => {
  assertRelClose(sd(X), 13.118688958886096, 1e-12);
  assertRelClose(variance(X), 172.09999999999999, 1e-12);
  // Rscript -e 'cat(sprintf("%.17g", sd(c(-1, -2, -4))))' -> 1.5275252316519468
  assertRelClose(sd([-1, -2, -4]), 1.5275252316519468, 1e-12);
  // Rscript -e 'cat(sprintf("%.17g", sd(c(0.1, 0.2, 0.3, 0.4))))' -> 0.12909944487358055
  assertRelClose(sd([0.1, 0.2, 0.3, 0.4]), 0.12909944487358055, 1e-12);
  // squares overflow in double in R too: Rscript -e 'sd(c(1, 3, 2) * 2^1000)' -> Inf
  assert.equal(sd([1, 3, 2].map((v) => v * 2 ** 1000)), Infinity);
  // Rscript -e 'cat(sprintf("%.17g", sd(c(1, 3, 2) * 2^-500)))' -> 3.0549363634996047e-151
  assertRelClose(sd([1, 3, 2].map((v) => v * 2 ** -500)), 3.0549363634996047e-151, 1e-12);
});

test("R mean / var / sd / median: edge cases (empty, one value, zero spread, NaN, huge, tiny, negatives, integers)", () => {
  const expected: Record<string, [mean: number, variance: number, median: number]> = {
    empty: [NaN, NaN, NaN],
    one: [3.5, NaN, 3.5],
    "zero spread": [2, 0, 2],
    "with NaN": [2, 1, 2],
    "huge (2^1000 scale)": [2 * 2 ** 1000, Infinity, 2 * 2 ** 1000],
    "tiny (2^-1000 scale)": [2 * 2 ** -1000, 0, 2 * 2 ** -1000], // squares underflow, as in R
    negatives: [-2.75, 2.9166666666666665, -2.5],
    integers: [5.5, 9.1666666666666661, 5.5],
  };
  for (const [name, values] of Object.entries(EDGE_CASES)) {
    const [m, mt] = callUnmutated(values, mean);
    const [v, vt] = callUnmutated(values, variance);
    const [md] = callUnmutated(values, median);
    const [em, ev, emd] = expected[name];
    assertRelClose(m, em, 1e-13, `${name} mean`);
    assertRelClose(v, ev, 1e-13, `${name} variance`);
    assertRelClose(md, emd, 1e-13, `${name} median`);
    assert.ok(Object.is(m, mt) && Object.is(v, vt), `${name}: number[] and Float64Array agree`);
    assertRelClose(sd(values), Math.sqrt(ev), 1e-13, `${name} sd`);
  }
});

test("R mean/var with ±Infinity: mean ±Inf (NaN for both signs), var NaN", () => {
  assert.equal(mean([1, Infinity]), Infinity);
  assert.equal(mean([1, -Infinity]), -Infinity);
  assert.ok(Number.isNaN(mean([Infinity, -Infinity])));
  assert.ok(Number.isNaN(variance([1, Infinity])));
});

test("R median(): even n is mean() of the two middle values", () => {
  // Rscript -e 'cat(sprintf("%.17g", c(median(c(1, 2, 3, 4)), median(c(0.1, 0.7)))))' -> 2.5 0.39999999999999997
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([0.7, 0.1]), 0.39999999999999997);
});

test("property: mean lies within [min, max]; variance is shift-invariant and non-negative", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 2, maxLength: 80 }), (x) => {
      const m = mean(x);
      const v = variance(x);
      const shifted = variance(x.map((e) => e + 1000));
      const scale = Math.max(...x.map(Math.abs), 1000);
      return m >= Math.min(...x) && m <= Math.max(...x) && v >= 0 && Math.abs(shifted - v) <= 1e-9 * (v + scale * scale * Number.EPSILON * x.length);
    }),
  );
});
