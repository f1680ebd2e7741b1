/**
 * stableOrder (src/stats/stable-order.ts): the order a stable comparison sort gives, with its own
 * working memory or with a StableOrderScratch lent to several calls.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { StableOrderScratch, stableOrder } from "../../src/stats/stable-order.js";

const bySort = (v: readonly number[]) => Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a] - v[b]);

test("stableOrder equals a stable comparison sort of the indices, with or without a lent scratch", () => {
  const scratch = new StableOrderScratch();
  const value = fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -5, max: 5 }), fc.constant(0), fc.constant(-0));
  fc.assert(
    fc.property(fc.array(value, { minLength: 250, maxLength: 1500 }), (v) => {
      const expected = bySort(v);
      assert.deepStrictEqual(Array.from(stableOrder(v)), expected);
      // The same scratch for calls of other lengths: nothing of an earlier call leaks into the next.
      assert.deepStrictEqual(Array.from(stableOrder(v, scratch)), expected);
    }),
    { numRuns: 200 },
  );
});

test("stableOrder with a scratch: an odd number of counting passes (digits the same in some passes) returns a fresh array", () => {
  const scratch = new StableOrderScratch();
  // Small integers: the low words are all zero, so only the high word's passes run.
  const v = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 13);
  const a = stableOrder(v, scratch);
  const b = stableOrder(
    v.map((x) => -x),
    scratch,
  );
  assert.deepStrictEqual(Array.from(a), bySort(v));
  assert.deepStrictEqual(Array.from(b), bySort(v.map((x) => -x)));
  assert.notEqual(a.buffer, scratch.next.buffer);
  assert.notEqual(b.buffer, scratch.next.buffer);
});
