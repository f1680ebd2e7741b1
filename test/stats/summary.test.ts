import fc from "fast-check";
import assert from "node:assert/strict";
import { test } from "node:test";
import { mean, sd, summary, summarySorted, sortedNonNaN } from "../../src/stats/index.js";
import { EDGE_CASES, assertRelClose, callUnmutated } from "./helpers.js";

test("R summary() (type 7 quartiles, mean) plus sd and type-7 p90/p95/p99/p99.9: golden values, relative 1e-12", () => {
  // Rscript -e 'x <- c(1, 3, 4, 7, 10, 12, 18, 25, 31, 40); cat(sprintf("%.17g", c(summary(x),
  //   quantile(x, c(.9, .95, .99, .999), names = FALSE), sd(x))))'
  //   -> 1 4.75 11 15.1 23.25 40 31.899999999999999 35.949999999999989 39.189999999999998 39.918999999999997 13.118688958886096
  const s = summary([40, 1, 31, 3, 25, 4, 18, 7, 12, 10]);
  const expected = {
    n: 10,
    min: 1,
    q1: 4.75,
    median: 11,
    mean: 15.1,
    q3: 23.25,
    max: 40,
    p90: 31.899999999999999,
    p95: 35.949999999999989,
    p99: 39.189999999999998,
    p999: 39.918999999999997,
    sd: 13.118688958886096,
    meanPlus2Sd: 15.1 + 2 * 13.118688958886096,
  };
  for (const [key, value] of Object.entries(expected)) assertRelClose(s[key as keyof typeof s], value, 1e-12, key);
});

test("R summary(): edge cases (empty, one value, zero spread, NaN, huge, tiny, negatives, integers)", () => {
  for (const [name, values] of Object.entries(EDGE_CASES)) {
    const [s, st] = callUnmutated(values, summary);
    assert.deepEqual(s, st, `${name}: number[] and Float64Array agree`);
    const used = values.filter((v) => !Number.isNaN(v));
    assert.equal(s.n, used.length, `${name}: n counts the values used`);
    if (used.length === 0) {
      for (const [key, value] of Object.entries(s)) if (key !== "n") assert.ok(Number.isNaN(value), `${name} ${key}`);
      continue;
    }
    assert.equal(s.min, Math.min(...used));
    assert.equal(s.max, Math.max(...used));
    assert.ok(s.min <= s.q1 && s.q1 <= s.median && s.median <= s.q3 && s.q3 <= s.p90 && s.p90 <= s.p95);
    assert.ok(s.p95 <= s.p99 && s.p99 <= s.p999 && s.p999 <= s.max, name);
    if (used.length === 1) assert.ok(Number.isNaN(s.sd) && Number.isNaN(s.meanPlus2Sd), `${name}: sd NaN for one value`);
  }
  // Rscript -e 'summary(c(NaN, 1, NaN, 3, 2))' -> 1 1.5 2 2 2.5 3 (NA's 2)
  const s = summary(EDGE_CASES["with NaN"]);
  assert.deepEqual([s.n, s.min, s.q1, s.median, s.mean, s.q3, s.max, s.sd], [3, 1, 1.5, 2, 2, 2.5, 3, 1]);
});

test("summarySorted on a shared sort equals summary", () => {
  const x = [5, 1, 4, 4, 9, 2.5];
  assert.deepEqual(summarySorted(sortedNonNaN(x)), summary(x));
});

test("summary by selection equals summarySorted of a sorted copy (random data: ties, NaN, ±Infinity, long inputs)", () => {
  const value = fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: -1e9, max: 1e9, noNaN: true }) },
    { weight: 3, arbitrary: fc.integer({ min: -3, max: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, NaN) },
  );
  fc.assert(
    fc.property(fc.oneof(fc.array(value, { maxLength: 30 }), fc.array(value, { minLength: 600, maxLength: 5000 })), (raw) => {
      const x = raw.map((v) => (Object.is(v, -0) ? 0 : v));
      // The quantiles exactly; mean and sd are summed in the values' own order, as R's mean() and
      // sd() do (a sorted order can differ: mean(c(-2, 2, 1e-156)) is 3.8e-157 in R, 0 sorted first).
      const got = summary(x);
      const sorted = summarySorted(sortedNonNaN(x));
      assert.deepStrictEqual({ ...got, mean: 0, sd: 0, meanPlus2Sd: 0 }, { ...sorted, mean: 0, sd: 0, meanPlus2Sd: 0 });
      assert.ok(Object.is(got.mean, mean(x)) && Object.is(got.sd, sd(x)));
    }),
    { numRuns: 300, seed: 20261201 },
  );
});
