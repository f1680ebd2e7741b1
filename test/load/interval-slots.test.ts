/**
 * IntervalSlots (src/load/interval-slots.ts): a value whose new slot makes the slots
 * merge up the interval chain is counted (it was lost when its slot was folded into
 * an older one before the value went in). Reference: the number of values recorded;
 * exact. And recordNear (the cheap path of the common value) leaves the slots exactly as
 * record would: same intervals, totals, late values and errors, on random times.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { HdrHistogram } from "../../src/load/hdr/histogram.js";
import { defaultIntervalSlotsOptions, farTimeFloor, IntervalSlots, type IntervalSlotsOptions } from "../../src/load/interval-slots.js";
import { distributionStats } from "../../src/load/intervals.js";

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

/** Everything the slots end with (intervals' statistics, the total, late values, the errors thrown). */
function ending(record: (s: IntervalSlots, t: number, v: number, ok: boolean) => void, o: Partial<IntervalSlotsOptions>, values: [number, number, boolean][]) {
  const s = new IntervalSlots(o);
  const errors: string[] = [];
  for (const [t, v, ok] of values) {
    try {
      record(s, t, v, ok);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  const length = s.finish();
  const total = s.builder.total!;
  return {
    length,
    intervals: s.builder.intervals,
    total: [total.totalCount, total.max, total.min, s.builder.totalErrors],
    errors,
    late: s.late,
    min: s.minTime,
    max: s.maxTime,
    values: s.values,
  };
}

test("IntervalSlots.recordNear, else record, ends as record alone: random times (out of order, far off, before the first), with and without an interval", () => {
  const value = fc.tuple(
    fc.oneof(
      { weight: 30, arbitrary: fc.double({ min: -3, max: 40, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(2 * farTimeFloor, -2 * farTimeFloor, 1e9, 5e12) },
    ),
    fc.integer({ min: 0, max: 100_000 }),
    fc.boolean(),
  );
  fc.assert(
    fc.property(
      fc.array(value, { maxLength: 300 }),
      fc.constantFrom<Partial<IntervalSlotsOptions>>({}, { interval: 1 }, { interval: 0.5, window: 4 }, { maxSlots: 5 }),
      fc.constantFrom(0, 1_700_000_000),
      (values, o, epoch) => {
        const shifted = values.map(([t, v, ok]): [number, number, boolean] => [epoch + t, v, ok]);
        const alone = ending((s, t, v, ok) => s.record(t, v, ok), o, shifted);
        let near = 0;
        const both = ending(
          (s, t, v, ok) => {
            if (s.recordNear(t, v, ok)) near++;
            else s.record(t, v, ok);
          },
          o,
          shifted,
        );
        assert.deepStrictEqual(both, alone);
        return near >= 0;
      },
    ),
    { numRuns: 300 },
  );
  // the cheap path does take the common value
  const s = new IntervalSlots({ interval: 1 });
  s.record(1_700_000_000.5, 10, true);
  assert.ok(s.recordNear(1_700_000_000.7, 12, true));
  assert.ok(s.recordNear(1_700_000_000.6, 12, false));
  assert.ok(!s.recordNear(1_700_000_001.2, 12, true), "a new slot goes through record");
  assert.ok(!s.recordNear(1_699_999_999, 12, true), "before the first value goes through record");
  assert.ok(!new IntervalSlots({ byLabel: true }).recordNear(1, 1, true), "nothing recorded yet");
});

test("IntervalSlots: the merged slots' histograms reused for later slots give each interval the statistics of its own values alone", () => {
  // auto intervals: 0.1 s slots merge up the chain many times, their histograms going to new slots
  const s = new IntervalSlots({});
  const values: [number, number][] = [];
  for (let i = 0; i < 60_000; i++) {
    const t = 1_700_000_000 + i * 0.013 + ((i * 7) % 11) * 0.002;
    const v = 1 + ((i * 7919) % 5000) * (i % 97 === 0 ? 40 : 1);
    values.push([t, v]);
    s.record(t, v, true);
  }
  const length = s.finish();
  const origin = Math.floor(values[0][0]);
  const byInterval = new Map<number, HdrHistogram>();
  for (const [t, v] of values) {
    const k = Math.floor((t - origin) / length);
    if (!byInterval.has(k)) byInterval.set(k, new HdrHistogram(defaultIntervalSlotsOptions.layout));
    byInterval.get(k)!.record(v);
  }
  const got = s.builder.intervals.map((i) => [i.count, i.min, i.max, i.mean, i.p50, i.p99, i.p999]);
  const want = [...byInterval.keys()]
    .sort((a, b) => a - b)
    .map((k) => {
      const d = distributionStats(byInterval.get(k)!);
      return [d.count, d.min, d.max, d.mean, d.p50, d.p99, d.p999];
    });
  assert.ok(got.length > 10);
  assert.deepStrictEqual(got, want);
});
