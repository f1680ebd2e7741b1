/**
 * IntervalSlots (src/load/interval-slots.ts): a value whose new slot makes the slots
 * merge up the interval chain is counted (it was lost when its slot was folded into
 * an older one before the value went in). Reference: the number of values recorded;
 * exact.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { IntervalSlots } from "../../src/load/interval-slots.js";

test("IntervalSlots: the value that opens the 401st slot, out of time order, is counted after the 0.1 s slots merge into 0.2 s ones", () => {
  const s = new IntervalSlots({ byLabel: true });
  // slots 0..397, 399, 400, then 398: it merges with 399 (inserted earlier) into one 0.2 s slot
  const keys = [...Array(398).keys(), 399, 400, 398];
  for (const k of keys) s.record(1000 + k * 0.1 + 0.05, 10, true, "a");
  s.finish();
  const count = s.builder.intervals.reduce((n, i) => n + i.count, 0);
  assert.equal(count, keys.length);
  assert.equal(s.builder.total!.totalCount, keys.length);
  const a = s.labelBuilders.get("a")!;
  assert.equal(
    a.intervals.reduce((n, i) => n + i.count, 0),
    keys.length,
  );
});
