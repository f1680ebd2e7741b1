import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type QuantileType, quantile, quantileSorted, quantiles, sortedFinite, sortedNonNaN } from "../../src/stats/index.js";
import { quantileInRange, quantileOfScratch, quantilesBySelection } from "../../src/stats/quantile.js";
import { bucketsFrom } from "../../src/stats/select.js";
import { EDGE_CASES, assertAllRelClose, callUnmutated } from "./helpers.js";

const X = [1, 3, 4, 7, 10, 12, 18, 25, 31, 40];
const P = [0, 0.1, 0.25, 0.5, 0.9, 0.99, 1];
// Rscript -e 'x <- c(1, 3, 4, 7, 10, 12, 18, 25, 31, 40); p <- c(0, 0.1, 0.25, 0.5, 0.9, 0.99, 1)
//   for (t in 1:9) cat(sprintf("%.17g", quantile(x, p, type = t, names = FALSE)), "\n")'   (R 4.2.2)
const R_X: Record<QuantileType, number[]> = {
  1: [1, 1, 4, 10, 31, 40, 40],
  2: [1, 2, 4, 11, 35.5, 40, 40],
  3: [1, 1, 3, 10, 31, 40, 40],
  4: [1, 1, 3.5, 10, 31, 39.100000000000001, 40],
  5: [1, 2, 4, 11, 35.5, 40, 40],
  6: [1, 1.2000000000000002, 3.75, 11, 39.100000000000001, 40, 40],
  7: [1, 2.7999999999999998, 4.75, 11, 31.899999999999999, 39.189999999999998, 40],
  8: [1, 1.7333333333333329, 3.9166666666666665, 10.999999999999998, 36.699999999999996, 40, 40],
  9: [1, 1.8000000000000003, 3.9375, 11, 36.399999999999999, 40, 40],
};
// Rscript -e 'y <- c(-2.5, 0.75, 3.25, 3.25, 11)
//   for (t in 1:9) cat(sprintf("%.17g", quantile(y, c(0.2, 0.5, 0.8), type = t, names = FALSE)), "\n")'
const Y = [11, 3.25, -2.5, 3.25, 0.75]; // unsorted on purpose
const R_Y: Record<QuantileType, number[]> = {
  1: [-2.5, 3.25, 3.25],
  2: [-0.875, 3.25, 7.125],
  3: [-2.5, 0.75, 3.25],
  4: [-2.5, 2, 3.25],
  5: [-0.875, 3.25, 7.125],
  6: [-1.8499999999999994, 3.25, 9.4500000000000064],
  7: [0.1000000000000002, 3.25, 4.8000000000000016],
  8: [-1.1999999999999995, 3.25, 7.9000000000000039],
  9: [-1.1187499999999999, 3.25, 7.7062500000000016],
};
const TYPES: QuantileType[] = [1, 2, 3, 4, 5, 6, 7, 8, 9];

for (const type of TYPES) {
  test(`Hyndman-Fan type ${type} quantile equals R quantile(x, p, type = ${type}) (relative 1e-12)`, () => {
    assertAllRelClose(quantiles(X, P, { type }), R_X[type], 1e-12, "x");
    assertAllRelClose(quantiles(Y, [0.2, 0.5, 0.8], { type }), R_Y[type], 1e-12, "y");
    assertAllRelClose(
      P.map((p) => quantile(X, p, { type })),
      R_X[type],
      1e-12,
      "quantile()",
    );
    assertAllRelClose(
      P.map((p) => quantileSorted(X, p, type)),
      R_X[type],
      1e-12,
      "quantileSorted()",
    );
  });
}

test("R type 7 quantile uses R's (1 - h) * x[lo] + h * x[hi] form, bit for bit", () => {
  // Rscript -e 'cat(sprintf("%.17g", quantile(c(0.2, 0.9), 0.7, names = FALSE)))' -> 0.69000000000000006
  // (the form x[lo] + h * (x[hi] - x[lo]) would give 0.69 = 0.68999999999999995)
  assert.equal(quantile([0.2, 0.9], 0.7), 0.69000000000000006);
  assert.notEqual(0.69000000000000006, 0.2 + (1 + 0.7 - 1) * (0.9 - 0.2));
  assert.equal(quantile([5, 5, 5], 0.37), 5); // equal neighbours: no arithmetic
});

test("R type 7 quantile: edge cases (empty, one value, zero spread, NaN, huge, tiny, negatives, integers)", () => {
  const expect: Record<string, number> = {
    empty: NaN,
    one: 3.5,
    "zero spread": 2,
    "with NaN": 2, // NaN skipped like na.rm = TRUE: median of 1, 3, 2
    "huge (2^1000 scale)": 2 * 2 ** 1000,
    "tiny (2^-1000 scale)": 2 * 2 ** -1000,
    negatives: -2.5,
    integers: 5.5,
  };
  for (const [name, values] of Object.entries(EDGE_CASES)) {
    const [a, b] = callUnmutated(values, (v) => quantile(v, 0.5));
    assert.ok(Object.is(a, expect[name]) || a === expect[name], `${name}: ${a}`);
    assert.ok(Object.is(a, b), `${name}: number[] and Float64Array agree`);
    for (const type of TYPES) {
      const q = quantile(values, 0.5, { type });
      if (values.length === 0) assert.ok(Number.isNaN(q));
      else assert.ok(Number.isFinite(q), `${name} type ${type}`);
    }
  }
});

test("R quantile: p outside [0, 1] beyond 100 * eps throws RangeError; within it is clamped", () => {
  assert.throws(() => quantile(X, 1.01), RangeError);
  assert.throws(() => quantile(X, -0.5), RangeError);
  assert.throws(() => quantile(X, NaN), RangeError);
  assert.throws(() => quantiles(X, [0.5, 2]), RangeError);
  assert.throws(() => quantile(X, 0.5, { type: 10 as QuantileType }), RangeError);
  assert.equal(quantile(X, 1 + 1e-15), 40);
  assert.equal(quantile(X, -1e-15), 1);
});

test("R quantile keeps ±Infinity (na.rm drops only NaN)", () => {
  // Rscript -e 'quantile(c(1, 2, Inf), c(0.5, 1), names = FALSE)' -> 2 Inf
  assert.deepEqual(quantiles([1, 2, Infinity], [0.5, 1]), [2, Infinity]);
});

test("sortedFinite / sortedNonNaN: numeric ascending copies", () => {
  const input = Object.freeze([10, NaN, -Infinity, 9, 100, Infinity, -1]);
  assert.deepEqual(Array.from(sortedFinite(input)), [-1, 9, 10, 100]);
  assert.deepEqual(Array.from(sortedNonNaN(input)), [-Infinity, -1, 9, 10, 100, Infinity]);
});

test("property: every quantile type is monotone in p and lies within [min, max]", () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom(...TYPES),
      (values, p1, p2, type) => {
        const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
        const [qlo, qhi] = quantiles(values, [lo, hi], { type });
        const min = Math.min(...values);
        const max = Math.max(...values);
        // monotone up to the rounding of (1 - h) a + h b (one ulp of the larger magnitude)
        const slack = 4 * Number.EPSILON * Math.max(Math.abs(qlo), Math.abs(qhi));
        return qlo <= qhi + slack && qlo >= min - slack && qhi <= max + slack;
      },
    ),
    { numRuns: 500 },
  );
});

test("property: quantile of unsorted data equals quantileSorted of the sorted copy", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 40 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom(...TYPES),
      (values, p, type) => Object.is(quantile(values, p, { type }), quantileSorted(sortedFinite(values), p, type)),
    ),
  );
});

test("quantile by selection equals the quantile of a sorted copy, every type (ties, ±Infinity, NaN, long inputs)", () => {
  const value = fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
    { weight: 3, arbitrary: fc.integer({ min: -3, max: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, NaN) },
  );
  fc.assert(
    fc.property(
      fc.oneof(fc.array(value, { maxLength: 40 }), fc.array(value, { minLength: 600, maxLength: 3000 })),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: 9 }),
      (raw, p, type) => {
        const values = raw.map((v) => (Object.is(v, -0) ? 0 : v)); // (-0 and 0 compare equal: see src/stats/select.ts)
        const t = type as QuantileType;
        assert.equal(quantile(values, p, { type: t }), quantileSorted(sortedNonNaN(values), p, t));
      },
    ),
    { numRuns: 400, seed: 20261201 },
  );
});

test("quantileOfScratch (selection within the caller's scratch array) gives quantile()'s value, NaN skipped", () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.double({ noDefaultInfinity: true }), fc.constant(Number.NaN)), { minLength: 1, maxLength: 300 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (v, p) => {
        const scratch = Float64Array.from(v);
        assert.ok(Object.is(quantileOfScratch(scratch, p), quantile(v, p)));
      },
    ),
    { numRuns: 300 },
  );
});

test("R type 1-9 quantiles of 100,000+ values (read from value buckets) equal those of a sorted copy, for skewed, tied, signed and NaN-holding data", () => {
  let seed = 11;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const ps = [0, 0.001, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];
  const sets: [string, Float64Array][] = [
    ["lognormal", Float64Array.from({ length: 120_000 }, () => Math.exp(4 * (rnd() + rnd() + rnd() - 1.5)))],
    ["ties", Float64Array.from({ length: 100_000 }, () => Math.round(rnd() * 7))],
    ["one far outlier", Float64Array.from({ length: 100_000 }, (_, i) => (i === 5 ? 1e15 : rnd()))],
    ["signed with NaN", Float64Array.from({ length: 100_000 }, () => (rnd() < 0.01 ? NaN : rnd() - 0.5))],
  ];
  assert.ok(sets.every(([, v]) => v.length >= bucketsFrom));
  for (const [name, values] of sets) {
    const sorted = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
    for (const type of [1, 2, 3, 4, 5, 6, 7, 8, 9] as const) {
      assert.deepEqual(
        quantilesBySelection(values, ps, type),
        ps.map((p) => quantileSorted(sorted, p, type)),
        `${name}, type ${type}`,
      );
    }
    assert.equal(quantile(values, 0.95), quantileSorted(sorted, 0.95), name);
    // The range found by the caller's own pass (src/headroom/analyze.ts): the same quantiles.
    const range = { count: sorted.length, min: sorted[0], max: sorted[sorted.length - 1] };
    for (const p of ps) assert.equal(quantileInRange(values, p, range), quantileSorted(sorted, p), `${name}, p = ${p}, in range`);
  }
});

test("quantileInRange equals quantile below the bucket threshold too (it selects from a copy there)", () => {
  const values = [5, 1, 4, 4, 9, 2];
  for (const p of [0, 0.3, 0.5, 0.95, 1]) assert.equal(quantileInRange(values, p, { count: 6, min: 1, max: 9 }), quantile(values, p));
});
