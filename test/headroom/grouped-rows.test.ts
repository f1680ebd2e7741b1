/**
 * Grouped fits for long series (src/headroom/grouped-rows.ts) and the fast
 * stable argsort of the pattern features: weights of 1 are the plain fits
 * exactly; grouped estimates agree with the row-wise ones.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { fitCapacityCurve } from "../../src/stats/capacity-curve.js";
import { fitUsl } from "../../src/stats/usl.js";
import { gridBinIndex, groupResamples, groupRows } from "../../src/headroom/grouped-rows.js";
import { blockSegments, blockSteps, blockWeights, type BlockSegments } from "../../src/headroom/block-segments.js";
import { analyzeHeadroom } from "../../src/headroom/analyze.js";
import { estimateHeadroom } from "../../src/headroom/estimate-headroom.js";
import { stableOrder } from "../../src/stats/stable-order.js";
import { seededRandom } from "../../src/util/random.js";
import { assertClose } from "../helpers/close.js";

/** An M/M/1-like series: response 20 / (1 - X / 1000) ms with lognormal noise. */
function series(n: number, seed: number) {
  const rnd = seededRandom(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.max(1, 150 + 550 * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 3600)) + 25 * rnd.normal());
    y[i] = (20 / (1 - Math.min(x[i] / 1000, 0.95))) * Math.exp(0.12 * rnd.normal());
  }
  return { x, y };
}

test("weights of 1: the capacity curve and the USL are the plain fits, exactly", () => {
  const { x, y } = series(500, 3);
  const ones = new Float64Array(x.length).fill(1);
  assert.deepStrictEqual(fitCapacityCurve(x, y, { weights: ones, maxRatio: 3 }), fitCapacityCurve(x, y, { maxRatio: 3 }));
  const c = x.map((v, i) => v * y[i] * 1e-3);
  assert.deepStrictEqual(fitUsl(c, x, { weights: ones }), fitUsl(c, x));
});

test("groupRows: counts, means and weighted means per bin; a resample's repeated rows count again", () => {
  const key = [1, 2, 9, 10, 10];
  const value = [1, 3, 5, 7, 9];
  const bin = gridBinIndex(key, 2, "linear");
  assert.deepStrictEqual([...bin], [0, 0, 1, 1, 1]);
  const g = groupRows(bin, 2, key, value, null);
  assert.deepStrictEqual([...g.key], [1.5, 29 / 3]);
  assert.deepStrictEqual([...g.value], [2, 7]);
  assert.deepStrictEqual([...g.weight], [2, 3]);
  const w = groupRows(bin, 2, key, value, key, Float64Array.from([2, 0, 1, 0, 0]));
  assert.deepStrictEqual([...w.weight], [2, 9]);
  assert.deepStrictEqual([...w.value], [1, 5]);
});

test("blockSteps: their running sums are blockWeights' weights (n rows in all); edge cases: one row, block as long as the series", () => {
  for (const [n, len] of [
    [1000, 10],
    [1003, 10],
    [1, 1],
    [7, 7],
    [5, 9],
  ]) {
    const blockLength = Math.min(len, n);
    const steps = blockSteps(n, blockLength, seededRandom(n).uniform);
    const weights = blockWeights(n, blockLength, seededRandom(n).uniform);
    assert.equal(steps.length, n + 1);
    let run = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      run += steps[i];
      assert.equal(run, weights[i]);
      total += run;
    }
    assert.equal(total, n);
    // Every block that starts ends: the steps add up to 0.
    assert.equal(run + steps[n], 0);
  }
});

test("seededRandom(seed, skip) draws the stream from its skip-th uniform on; skip 0 is the stream itself", () => {
  const whole = seededRandom(42);
  const first = Array.from({ length: 1000 }, () => whole.uniform());
  for (const skip of [0, 1, 999]) assert.equal(seededRandom(42, skip).uniform(), first[skip]);
  const far = seededRandom(7);
  for (let k = 0; k < 123_456; k++) far.uniform();
  assert.equal(seededRandom(7, 123_456).uniform(), far.uniform());
});

/** The row weights segments stand for: rows at[j] .. at[j + 1] - 1 drawn weight[j] times. */
function segmentWeights(s: BlockSegments): Int32Array {
  const w = new Int32Array(s.n);
  for (let j = 0; j < s.count; j++) w.fill(s.weight[j], s.at[j], j + 1 < s.count ? s.at[j + 1] : s.n);
  return w;
}

test("blockSegments are blockWeights' weights as runs: ascending from row 0, each run's weight differing from the last's", () => {
  // 3,000,000 rows: events up to 2^23, three passes of the radix sort; 1 and 7 rows: one.
  for (const [n, len, seed] of [
    [1000, 10, 1],
    [1003, 10, 2],
    [1, 1, 3],
    [7, 7, 4],
    [5, 5, 5],
    [20_000, 27, 6],
    [3_000_000, 144, 7],
  ]) {
    const s = blockSegments(n, len, seededRandom(seed).uniform);
    assert.deepStrictEqual(segmentWeights(s), blockWeights(n, len, seededRandom(seed).uniform), `n ${n}`);
    assert.equal(s.at[0], 0);
    for (let j = 1; j < s.count; j++) {
      assert.ok(s.at[j] > s.at[j - 1] && s.at[j] < n, `n ${n}: run ${j} starts after the last, inside the rows`);
      assert.notEqual(s.weight[j], s.weight[j - 1], `n ${n}: runs ${j - 1} and ${j} have one weight`);
    }
  }
});

test("m-out-of-n: blockSegments of `drawn` rows are blockWeights' of the same draws; the weights add up to drawn; starts anywhere in the rows", () => {
  for (const [n, len, drawn, seed] of [
    [1000, 10, 1000, 1],
    [1000, 10, 95, 2],
    [20_000, 27, 5_000, 3],
    [3_000_000, 144, 50_000, 4],
    [100, 1, 1, 5],
  ]) {
    const s = blockSegments(n, len, seededRandom(seed).uniform, drawn);
    const w = blockWeights(n, len, seededRandom(seed).uniform, undefined, drawn);
    assert.deepStrictEqual(segmentWeights(s), w, `n ${n}, drawn ${drawn}`);
    assert.equal(
      w.reduce((t, v) => t + v, 0),
      drawn,
      `n ${n}: ${drawn} rows drawn`,
    );
    if (drawn < n / 10) {
      // The blocks start anywhere in the n rows, not in the first `drawn`.
      let last = 0;
      for (let i = 0; i < n; i++) if (w[i] > 0) last = i;
      assert.ok(last > n / 2, `n ${n}: a drawn row past the middle (last ${last})`);
    }
  }
  // drawn = n is the n-out-of-n resample itself.
  assert.deepStrictEqual(blockSegments(1003, 10, seededRandom(9).uniform, 1003), blockSegments(1003, 10, seededRandom(9).uniform));
});

test("groupResamples is groupRows of each resample's weights, exactly, whatever the tile", () => {
  const { x, y } = series(9000, 13);
  const c = x.map((v, i) => v * y[i] * 1e-3);
  const ly = y.map(Math.log);
  const xBin = gridBinIndex(x, 64, "linear");
  const cBin = gridBinIndex(c, 64, "log");
  // Rows whose key is not positive are in no bin (-1): left out as groupRows leaves them out.
  xBin[17] = -1;
  cBin[4000] = -1;
  const segments = [1, 2, 3].map((seed) => blockSegments(x.length, 21, seededRandom(seed).uniform));
  const weights = segments.map(segmentWeights);
  const a = { bin: xBin, key: x, value: ly };
  const b = { bin: cBin, key: c, value: x };
  for (const tile of [1, 5, 4096, 1 << 20]) {
    const both = groupResamples(64, { both: [a, b] }, segments, tile);
    const one = groupResamples(64, { one: a, valueWeight: null }, segments, tile);
    const weighted = groupResamples(64, { one: { bin: xBin, key: x, value: y }, valueWeight: x }, segments, tile);
    weights.forEach((w, k) => {
      assert.deepStrictEqual(both[k], [groupRows(xBin, 64, x, ly, null, w), groupRows(cBin, 64, c, x, null, w)], `tile ${tile}, resample ${k}`);
      assert.deepStrictEqual(one[k], [groupRows(xBin, 64, x, ly, null, w)]);
      assert.deepStrictEqual(weighted[k], [groupRows(xBin, 64, x, y, x, w)]);
    });
  }
});

// Both sizes are above the grouping threshold (5,000 rows): 1,024 bins hold 8 to 12 rows each.
// The grouping error depends on the bins' width (1/1024 of the range), not on the row count, and
// the row-wise bootstrap the grouped one is compared with costs time in proportion to the rows.
for (const [n, seed] of [
  [12_000, 11],
  [8_000, 12],
])
  test(`grouped headroom estimate (1,024 bins) agrees with the row-wise one on ${n} rows`, () => {
    const { x, y } = series(n, seed);
    const a = analyzeHeadroom({ throughput: x, response: y });
    const grouped = estimateHeadroom(a, { responseSeconds: 1e-3 });
    const rows = estimateHeadroom(a, { responseSeconds: 1e-3, groupAbove: Infinity });
    assert.equal(grouped.grouped, 1024);
    assert.equal(rows.grouped, null);
    assert.equal(grouped.method, rows.method);
    // Tolerance: the bins' width is 1/1024 of the throughput range; observed differences ~1e-6 (USL ~1e-4).
    assertClose(grouped.maxUsefulThroughput, rows.maxUsefulThroughput, 1e-4);
    assertClose(grouped.interval![0], rows.interval![0], 1e-3);
    assertClose(grouped.interval![1], rows.interval![1], 1e-3);
    assertClose(grouped.usl!.xMax!, rows.usl!.xMax!, 1e-3);
    const sla = estimateHeadroom(a, { responseSeconds: 1e-3, sla: 60 });
    const slaRows = estimateHeadroom(a, { responseSeconds: 1e-3, sla: 60, groupAbove: Infinity });
    assert.equal(sla.maxUsefulThroughput, slaRows.maxUsefulThroughput); // the point estimate is the full-data GLM
    assertClose(sla.interval![0], slaRows.interval![0], 1e-4, "SLA interval low");
    assertClose(sla.interval![1], slaRows.interval![1], 1e-4, "SLA interval high");
  });

test("stableOrder is a stable argsort: what Array.prototype.sort with a comparator gives", () => {
  fc.assert(
    // Short arrays take the comparison sort, long ones (>= 256) the radix passes.
    fc.property(
      fc
        .integer({ min: 0, max: 1 })
        .chain((long) =>
          fc.array(
            fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(-0, Infinity, -Infinity)),
            long ? { minLength: 256, maxLength: 3000 } : { maxLength: 255 },
          ),
        ),
      (values) => {
        const expected = Array.from(values, (_, i) => i).sort((a, b) => values[a] - values[b]);
        assert.deepStrictEqual([...stableOrder(values)], expected);
      },
    ),
    { numRuns: 300, seed: 8 },
  );
});
