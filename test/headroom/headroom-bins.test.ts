/**
 * The headroom plot's binned parts from the kept rows' known extremes (one pass: both histograms'
 * counts and the staircase) equal R's hist() of each column and the staircase over the
 * throughput bins computed pass by pass (`histogram`, `maxStaircase`), field for field.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { headroomBins, type KnownRanges } from "../../src/headroom/headroom-bins.js";
import { histogram } from "../../src/stats/histogram.js";
import { maxStaircase } from "../../src/headroom/max-staircase.js";

function extremes(x: Float64Array, y: Float64Array): KnownRanges {
  let [xmin, xmax, ymin, ymax] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < x.length; i++) {
    xmin = Math.min(xmin, x[i]);
    xmax = Math.max(xmax, x[i]);
    ymin = Math.min(ymin, y[i]);
    ymax = Math.max(ymax, y[i]);
  }
  return { x: { min: xmin, max: xmax }, y: { min: ymin, max: ymax } };
}

function passByPass(x: Float64Array, y: Float64Array) {
  const throughputHist = histogram(x);
  return { throughputHist, responseHist: histogram(y), maxCurve: maxStaircase(x, y, throughputHist.breaks) };
}

test("headroomBins from known extremes equals hist() and the staircase pass by pass (property: spreads, ties, narrow ranges, a few rows)", () => {
  const value = fc.oneof(
    fc.double({ min: 0.001, max: 1e6, noNaN: true }),
    fc.integer({ min: 1, max: 5 }),
    fc.double({ min: 100, max: 100.0001, noNaN: true }), // a narrow range: pretty() gives 2 or 3 breaks
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 300 }), (rows) => {
      const x = Float64Array.from(rows, (r) => r[0]);
      const y = Float64Array.from(rows, (r) => r[1]);
      assert.deepStrictEqual(headroomBins(x, y, extremes(x, y)), passByPass(x, y));
    }),
    { numRuns: 1000, seed: 20261207 },
  );
});

test("headroomBins from known extremes equals hist() on 200,000 rows of a headroom cloud", () => {
  const n = 200_000;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let state = 7;
  const u = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < n; i++) {
    x[i] = 50 + 900 * u();
    y[i] = (20 / (1 - x[i] / 1000)) * (0.8 + 0.4 * u());
  }
  const bins = headroomBins(x, y, extremes(x, y));
  assert.deepStrictEqual(bins, passByPass(x, y));
  assert.equal(
    bins.throughputHist.counts.reduce((a, b) => a + b, 0),
    n,
  );
});

test("headroomBins from known extremes moves few breaks by R's fuzz of the data's spread, as hist() does", () => {
  // Breaks 100, 100.00005, 100.0001 (three: the fuzz is 1e-7 of the range, 1e-11 here). A value
  // 5e-9 above the middle break is above its fuzzy break: the upper bin (a fuzz of 1e-7 of anything
  // else, say of one unit, would put it in the lower one).
  const x = Float64Array.from([100, 100.00005 + 5e-9, 100.0001]);
  const y = Float64Array.from([1, 2, 3]);
  const bins = headroomBins(x, y, extremes(x, y));
  assert.deepStrictEqual(bins.throughputHist.breaks, [100, 100.00005, 100.0001]);
  assert.deepStrictEqual(bins.throughputHist.counts, [1, 2]);
  assert.deepStrictEqual(bins, passByPass(x, y));
});

test("without known extremes (or with plain arrays) headroomBins reads the values pass by pass", () => {
  const x = [3, 1, 2, 5, 4];
  const y = [1, 2, 3, 4, 5];
  const want = passByPass(Float64Array.from(x), Float64Array.from(y));
  assert.deepStrictEqual(headroomBins(x, y), want);
  assert.deepStrictEqual(headroomBins(x, y, extremes(Float64Array.from(x), Float64Array.from(y))), want);
});
