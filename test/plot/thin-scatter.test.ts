import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { decimateSeries, thinScatter } from "../../src/plot/index.js";
import { rng } from "./fixture.js";

/** The grid thinScatter uses: g x g cells over [0, xMax] x [0, yMax], g = floor(sqrt(maxPoints / 4)). */
function cellCounts(x: number[], y: number[], idx: Iterable<number>, maxPoints: number, xMax: number, yMax: number) {
  const g = Math.max(1, Math.floor(Math.sqrt(maxPoints / 4)));
  const counts = new Map<number, number>();
  for (const i of idx) {
    const cx = Math.min(g - 1, Math.max(0, Math.floor((x[i] * g) / xMax)));
    const cy = Math.min(g - 1, Math.max(0, Math.floor((y[i] * g) / yMax)));
    const c = cy * g + cx;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return counts;
}

const cloud = fc
  .record({
    n: fc.integer({ min: 0, max: 4000 }),
    maxPoints: fc.integer({ min: 100, max: 1500 }),
    seed: fc.integer({ min: 1, max: 1e9 }),
    skew: fc.double({ min: 0.2, max: 5, noNaN: true }),
  })
  .map(({ n, maxPoints, seed, skew }) => {
    const u = rng(seed);
    const x = Array.from({ length: n }, () => 100 * u() ** skew);
    const y = Array.from({ length: n }, (_, i) => (5 / (1.01 - x[i] / 100)) * (0.5 + u()));
    return { x, y, maxPoints, xMax: 100, yMax: Math.max(1, ...y) };
  });

describe("thinScatter: deterministic density-preserving sample", () => {
  test("keeps every finite point when there are no more than maxPoints", () => {
    const x = [1, 2, Number.NaN, 4];
    const y = [1, 2, 3, Number.POSITIVE_INFINITY];
    assert.deepEqual(Array.from(thinScatter(x, y, 100, 10, 10)), [0, 1]);
    assert.deepEqual(Array.from(thinScatter([], [], 100, 1, 1)), []);
  });

  test("property: at most maxPoints, increasing indices, every occupied cell kept, denser cells keep more", () => {
    fc.assert(
      fc.property(cloud, ({ x, y, maxPoints, xMax, yMax }) => {
        const idx = thinScatter(x, y, maxPoints, xMax, yMax);
        assert.ok(idx.length <= Math.max(maxPoints, 0) || x.length <= maxPoints);
        for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1]);
        if (x.length <= maxPoints) {
          assert.equal(idx.length, x.length);
          return;
        }
        const all = cellCounts(x, y, x.keys(), maxPoints, xMax, yMax);
        const kept = cellCounts(x, y, idx, maxPoints, xMax, yMax);
        assert.equal(kept.size, all.size, "every occupied cell keeps a point");
        const cells = [...all.keys()].sort((a, b) => (all.get(a) as number) - (all.get(b) as number));
        for (let k = 1; k < cells.length; k++) {
          assert.ok((kept.get(cells[k]) as number) >= (kept.get(cells[k - 1]) as number), "monotone in density");
        }
        // The sample uses most of its budget (at least half).
        assert.ok(idx.length >= maxPoints / 2);
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  test("the same input gives the same sample; the input is not mutated", () => {
    const u = rng(5);
    const x = Float64Array.from({ length: 50_000 }, () => u() * 10);
    const y = Float64Array.from({ length: 50_000 }, () => u() * 3);
    const copy = x.slice();
    const a = thinScatter(x, y, 2000, 10, 3);
    const b = thinScatter(x, y, 2000, 10, 3);
    assert.deepEqual(a, b);
    assert.deepEqual(x, copy);
  });
});

describe("decimateSeries: min/max (M4) decimation", () => {
  test("short series are kept whole (non-finite values dropped)", () => {
    assert.deepEqual(Array.from(decimateSeries([3, 1, Number.NaN, 2], 10)), [0, 1, 3]);
  });

  test("property: each bucket keeps its first, last, min and max; indices increase", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 3000 }),
        fc.integer({ min: 1, max: 200 }),
        (values, buckets) => {
          const idx = Array.from(decimateSeries(values, buckets));
          for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1]);
          const n = values.length;
          if (n <= 4 * buckets) {
            assert.equal(idx.length, n);
            return;
          }
          assert.ok(idx.length <= 4 * buckets);
          const kept = new Set(idx);
          for (let k = 0; k < buckets; k++) {
            const lo = Math.floor((k * n) / buckets);
            const hi = Math.floor(((k + 1) * n) / buckets);
            const slice = values.slice(lo, hi);
            assert.ok(kept.has(lo) && kept.has(hi - 1));
            const min = Math.min(...slice);
            const max = Math.max(...slice);
            assert.ok(idx.some((i) => i >= lo && i < hi && values[i] === min));
            assert.ok(idx.some((i) => i >= lo && i < hi && values[i] === max));
          }
        },
      ),
      { numRuns: 100, seed: 7 },
    );
  });
});
