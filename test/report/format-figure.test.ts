/**
 * The figures every sentence, note and plot label prints (src/util/format.ts) are written without
 * Intl: they must be exactly Intl's en-US text, which is what a reader of other tools sees.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { formatCount, formatFigure } from "../../src/util/format.js";

const intlFigure = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });

test("formatFigure is Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 }) for every double", () => {
  // Ties of the shortest decimal (97.195 -> 97.2 although the double is 97.19499...), carries (9999.5 -> 10,000),
  // long integers written out, tiny fractions without an exponent, signed zero.
  for (const v of [97.195, 0.059405, 9999.5, 999.95, -9999.5, 0.5, 1234.5, 1e21, 1.2345e22, 5e-324, Number.MAX_VALUE, 1e-7, 0, -0, 123456789, -0.00012345]) {
    assert.equal(formatFigure(v), intlFigure.format(v), String(v));
  }
  fc.assert(
    fc.property(
      fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: -1e7, max: 1e7 }).map((k) => k / 1000),
      ),
      (v) => {
        assert.equal(formatFigure(v), intlFigure.format(v));
      },
    ),
    { numRuns: 3000 },
  );
  assert.equal(formatFigure(Infinity), "Infinity");
  assert.equal(formatFigure(Number.NaN), "NaN");
});

test("formatCount is toLocaleString('en-US') for every whole number", () => {
  for (const n of [0, 7, 999, 1000, 1_000_000, -1234567, Number.MAX_SAFE_INTEGER]) assert.equal(formatCount(n), n.toLocaleString("en-US"));
  fc.assert(
    fc.property(fc.maxSafeInteger(), (n) => {
      assert.equal(formatCount(n), n.toLocaleString("en-US"));
    }),
  );
});
