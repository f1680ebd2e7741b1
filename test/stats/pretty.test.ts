import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { pretty } from "../../src/stats/index.js";

// Every expected vector below: Rscript -e 'cat(sprintf("%.17g", <call>))' with R 4.2.2 — exact equality.
const GOLDEN: [call: string, lo: number, hi: number, n: number | undefined, minN: number | undefined, expected: number[]][] = [
  ["pretty(c(0, 97))", 0, 97, undefined, undefined, [0, 20, 40, 60, 80, 100]],
  ["pretty(c(-3.7, 12.2), n = 10)", -3.7, 12.2, 10, undefined, [-4, -2, 0, 2, 4, 6, 8, 10, 12, 14]],
  ["pretty(c(1, 1 + 1e-15))", 1, 1 + 1e-15, undefined, undefined, [0, 1.0000000000000011]],
  ["pretty(c(0, 0))", 0, 0, undefined, undefined, [-1, 0]],
  ["pretty(c(5, 5))", 5, 5, undefined, undefined, [0, 5]],
  ["pretty(c(0, 1), n = 3, min.n = 3)", 0, 1, 3, 3, [0, 0.5, 1, 1.5]],
  ["pretty(c(0.1, 0.3))", 0.1, 0.3, undefined, undefined, [0.10000000000000001, 0.15000000000000002, 0.20000000000000001, 0.25, 0.30000000000000004]],
  [
    "pretty(c(1, 3) * 2^-1000)",
    2 ** -1000,
    3 * 2 ** -1000,
    undefined,
    undefined,
    [4.9999999999999993e-302, 9.9999999999999986e-302, 1.4999999999999998e-301, 1.9999999999999997e-301, 2.4999999999999996e-301, 2.9999999999999996e-301],
  ],
  [
    "pretty(c(-1, 1) * 2^1000)",
    -(2 ** 1000),
    2 ** 1000,
    undefined,
    undefined,
    [-1.5e301, -9.9999999999999993e300, -4.9999999999999997e300, 0, 5.0000000000000009e300, 1.0000000000000002e301, 1.5e301],
  ],
  [
    "pretty(c(-1, 1) * 2^1023, n = 10)  (range overflows: seq.int works in halves)",
    -(2 ** 1023),
    2 ** 1023,
    10,
    undefined,
    [
      -1e308, -7.9999999999999999e307, -5.9999999999999997e307, -4.0000000000000004e307, -2.0000000000000002e307, 0, 1.9999999999999992e307,
      4.0000000000000004e307, 5.9999999999999997e307, 8.0000000000000009e307, 1e308,
    ],
  ],
];

for (const [call, lo, hi, n, minN, expected] of GOLDEN) {
  test(`R pretty() breaks, bit for bit: ${call}`, () => {
    assert.deepEqual(pretty(lo, hi, n, minN), expected);
  });
}

test("R pretty(): edge cases (zero, one value, negatives, huge, tiny, integers) and argument errors", () => {
  assert.deepEqual(pretty(3, 3), [2, 4]); // Rscript -e 'pretty(3)' -> 2 4
  assert.deepEqual(pretty(-7, -2), [-7, -6, -5, -4, -3, -2]); // Rscript -e 'pretty(c(-7, -2))'
  assert.deepEqual(pretty(1, 10), [0, 2, 4, 6, 8, 10]); // Rscript -e 'pretty(c(1, 10))'
  assert.deepEqual(pretty(10, 1), pretty(1, 10)); // order of the bounds does not matter (R uses range)
  assert.throws(() => pretty(NaN, 1), RangeError);
  assert.throws(() => pretty(0, Infinity), RangeError);
  assert.throws(() => pretty(0, 1, -1), RangeError);
  assert.throws(() => pretty(0, 1, 5, 6), RangeError);
  assert.throws(() => pretty(0, 1, 2.5), RangeError);
});

test("property: pretty() breaks are strictly increasing, equally spaced (to rounding) and cover [lo, hi]", () => {
  fc.assert(
    fc.property(
      // (normal-range values: with subnormal bounds R's zap-to-zero step can uncover lo, in R too)
      fc.integer({ min: -1e9, max: 1e9 }),
      fc.integer({ min: 0, max: 1e9 }),
      fc.constantFrom(1e-6, 1e-3, 1, 1e3),
      fc.integer({ min: 1, max: 50 }),
      (a, w, unit, n) => {
        const lo = a * unit;
        const hi = lo + w * unit;
        const b = pretty(lo, hi, n);
        if (b[0] > lo || b[b.length - 1] < hi) return false;
        for (let i = 1; i < b.length; i++) if (!(b[i] > b[i - 1])) return false;
        return true;
      },
    ),
    { numRuns: 1000 },
  );
});
