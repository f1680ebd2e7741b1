/**
 * HdrHistogram.stats (one walk for count, min, max, mean, sd and percentiles) gives
 * exactly the getters' values (Java 2.1.11 semantics, which hlog.test.ts checks
 * against Java itself): relative tolerance 0, whether counts arrived in index order
 * (the listed non-zero indices are walked) or not (the index range is walked), and
 * decoding into a reused histogram gives what a fresh decode gives.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { HdrHistogram } from "../../src/load/hdr/histogram.js";
import { decodeHistogram, encodeHistogram } from "../../src/load/hdr/encoding.js";

const percentiles = [0, 0.1, 25, 50, 90, 95, 99, 99.9, 99.999, 100];

function countsOf(h: HdrHistogram): number[] {
  const out: number[] = [];
  for (let i = 0; i < h.length; i++) out.push(h.countAtIndex(i));
  return out;
}

function gettersOf(h: HdrHistogram) {
  return { count: h.totalCount, min: h.min, max: h.max, mean: h.mean, stdDeviation: h.stdDeviation, percentiles: h.valuesAtPercentiles(percentiles) };
}

const values = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 1000 })), { maxLength: 60 });
const layouts = fc.constantFrom(
  {},
  { significantDigits: 2, lowestDiscernibleValue: 1000 },
  { significantDigits: 5, highestTrackableValue: 1e7 },
  { significantDigits: 0 },
);

test("stats equals the getters and valuesAtPercentiles exactly, in any recording order (property, fast-check)", () => {
  fc.assert(
    fc.property(values, layouts, fc.boolean(), (vs, layout, sorted) => {
      const h = new HdrHistogram(layout);
      for (const [v, c] of sorted ? [...vs].sort((a, b) => a[0] - b[0]) : vs) h.record(v, c);
      assert.deepEqual(h.stats(percentiles), gettersOf(h));
      for (const p of percentiles) assert.equal(h.valueAtPercentile(p), h.stats([p]).percentiles[0]);
    }),
    { numRuns: 200 },
  );
});

test("stats of an empty histogram: count 0, min and max 0, mean and sd NaN, percentiles 0", () => {
  assert.deepEqual(new HdrHistogram().stats([50, 99]), { count: 0, min: 0, max: 0, mean: NaN, stdDeviation: NaN, percentiles: [0, 0] });
});

test("add and clear keep the counts and statistics whether the non-zero indices are listed or not (property, fast-check)", () => {
  fc.assert(
    fc.property(values, values, (a, b) => {
      const listed = decodeHistogram(encodeHistogram(fill(a)));
      const unlisted = fill(a);
      const other = decodeHistogram(encodeHistogram(fill(b)));
      listed.add(other);
      unlisted.add(fill(b));
      assert.deepEqual(countsOf(listed), countsOf(unlisted));
      assert.deepEqual(listed.stats(percentiles), unlisted.stats(percentiles));
      listed.add(listed);
      unlisted.add(unlisted);
      assert.deepEqual(countsOf(listed), countsOf(unlisted));
      for (const h of [listed, unlisted]) {
        h.clear();
        assert.equal(h.totalCount, 0);
        assert.equal(h.length, 0);
        assert.deepEqual(h.stats([50]), new HdrHistogram().stats([50]));
      }
    }),
    { numRuns: 100 },
  );
});

test("decoding into a reused histogram equals a fresh decode (and leaves nothing of the previous one)", () => {
  fc.assert(
    fc.property(fc.array(values, { minLength: 1, maxLength: 6 }), (runs) => {
      let reused: HdrHistogram | undefined;
      for (const vs of runs) {
        const bytes = encodeHistogram(fill(vs));
        const fresh = decodeHistogram(bytes);
        reused = decodeHistogram(bytes, {}, reused);
        assert.deepEqual(countsOf(reused), countsOf(fresh));
        assert.deepEqual(reused.stats(percentiles), fresh.stats(percentiles));
        assert.equal(reused.highestTrackableValue, fresh.highestTrackableValue);
      }
    }),
    { numRuns: 60 },
  );
});

function fill(vs: readonly (readonly [number, number])[]): HdrHistogram {
  const h = new HdrHistogram({ highestTrackableValue: 2 ** 41, significantDigits: 2 });
  for (const [v, c] of vs) h.record(v, c);
  return h;
}
