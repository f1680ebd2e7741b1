/**
 * Aggregation of timed values into fixed intervals, one HdrHistogram per interval,
 * in memory that does not grow with the number of values:
 *
 *   (completion time, value, success) -> slot floor((t - origin) / L) -> histogram
 *   -> closed in time order -> IntervalSetBuilder (statistics + merged total)
 *
 * With a given interval L, slots more than `window` intervals behind the newest
 * are closed (a value arriving for a closed slot still counts in the total, and
 * in `late`). Without one, L starts at 0.1 s and steps up the chain 0.1, 0.2, 1,
 * 2, 10, 20, 60, 120, 600, 1200, 3600 ... s (each a whole multiple of the one
 * before, so slots merge exactly) whenever more than `maxSlots` are open; at the
 * end the largest step that still gives at least `targetIntervals` intervals over
 * the run is used.
 */
import { HdrHistogram, type HdrLayout } from "./hdr/histogram.js";
import { IntervalSetBuilder } from "./intervals.js";
import { DataError } from "../errors.js";
import { reliabilityMessage } from "../messages.js";

/** The most intervals a run may span (the empty ones between requests are emitted too). */
export const maxIntervals = 1_000_000;

export const intervalChain: readonly number[] = [0.1, 0.2, 1, 2, 10, 20, 60, 120, 600, 1200, 3600, 7200, 21600, 43200, 86400];

export interface IntervalSlotsOptions {
  /** Interval length in seconds, or null to choose it from the run length. */
  interval: number | null;
  /** Histogram values are `value * scale`, rounded. */
  scale: number;
  layout: Partial<HdrLayout>;
  /** With a given interval: how many intervals behind the newest stay open. */
  window: number;
  /** Without one: the most open slots before stepping up the chain. */
  maxSlots: number;
  /** Without one: the final interval gives at least this many intervals when it can. */
  targetIntervals: number;
}

export const defaultIntervalSlotsOptions: IntervalSlotsOptions = {
  interval: null,
  scale: 1,
  layout: { lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, significantDigits: 3 },
  window: 256,
  maxSlots: 400,
  targetIntervals: 60,
};

interface Slot {
  histogram: HdrHistogram;
  errors: number;
}

export class IntervalSlots {
  private readonly o: IntervalSlotsOptions;
  private length: number;
  private chainAt = 0;
  private origin: number | null = null;
  private slots = new Map<number, Slot>();
  private newest = -Infinity;
  private closedThrough = -Infinity;
  private readonly template: HdrHistogram;
  readonly builder: IntervalSetBuilder;
  /** Values that arrived after their interval was closed (counted in the total only). */
  late = 0;
  minTime = Infinity;
  maxTime = -Infinity;
  values = 0;

  constructor(options: Partial<IntervalSlotsOptions> = {}) {
    this.o = { ...defaultIntervalSlotsOptions, ...options };
    this.length = this.o.interval ?? intervalChain[0];
    this.template = new HdrHistogram(this.o.layout);
    this.builder = new IntervalSetBuilder(this.o.scale);
    this.builder.total = this.template.emptyCopy();
  }

  /** Record one value completed at time t (seconds); failures count as errors and are not recorded in the histogram. */
  record(t: number, value: number, success: boolean): void {
    if (this.origin === null) this.origin = Math.floor(t);
    // A time so far from the first that the intervals between could not be held (each gap interval is
    // emitted): a wrong timestamp, e.g. seconds among milliseconds (issue 9: it hung the reader).
    const longest = this.o.interval ?? intervalChain[intervalChain.length - 1];
    if (!(Math.abs(t - this.origin) / longest <= maxIntervals)) throw new DataError(reliabilityMessage.timeSpan(t, this.origin, maxIntervals, longest));
    if (t < this.minTime) this.minTime = t;
    if (t > this.maxTime) this.maxTime = t;
    this.values++;
    const key = Math.floor((t - this.origin) / this.length);
    if (key <= this.closedThrough) {
      this.late++;
      if (success) this.builder.total!.record(Math.round(value * this.o.scale));
      else this.builder.totalErrors++;
      return;
    }
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = { histogram: this.template.emptyCopy(), errors: 0 };
      this.slots.set(key, slot);
      if (key > this.newest) this.newest = key;
      if (this.slots.size > (this.o.interval === null ? this.o.maxSlots : 2 * this.o.window)) this.relieve();
    }
    if (success) slot.histogram.record(Math.round(value * this.o.scale));
    else slot.errors++;
  }

  private relieve(): void {
    if (this.o.interval === null && this.chainAt + 1 < intervalChain.length) {
      this.coarsen(this.chainAt + 1);
      return;
    }
    this.closeThrough(this.newest - this.o.window);
  }

  /** Step up the chain to level `to`, merging slots. */
  private coarsen(to: number): void {
    const ratio = Math.round(intervalChain[to] / this.length);
    const merged = new Map<number, Slot>();
    for (const [key, slot] of this.slots) {
      const k = Math.floor(key / ratio);
      const into = merged.get(k);
      if (into === undefined) merged.set(k, slot);
      else {
        into.histogram.add(slot.histogram);
        into.errors += slot.errors;
      }
    }
    this.slots = merged;
    this.newest = Math.floor(this.newest / ratio);
    this.chainAt = to;
    this.length = intervalChain[to];
  }

  private closeThrough(last: number): void {
    const keys = [...this.slots.keys()].filter((k) => k <= last).sort((a, b) => a - b);
    for (const k of keys) {
      const gapFrom = this.closedThrough === -Infinity ? k : this.closedThrough + 1;
      for (let g = gapFrom; g < k; g++) this.emit(g, { histogram: this.template.emptyCopy(), errors: 0 });
      this.emit(k, this.slots.get(k)!);
      this.slots.delete(k);
      this.closedThrough = k;
    }
  }

  private emit(key: number, slot: Slot): void {
    this.builder.add({ tag: null, start: Math.round((this.origin! + key * this.length) * 1e6) / 1e6, length: this.length, histogram: slot.histogram, errors: slot.errors });
  }

  /** No more values: choose the final interval (when not given) and close every slot. Returns the interval length. */
  finish(): number {
    if (this.o.interval === null && this.values > 0) {
      const span = this.maxTime - this.minTime;
      let best = this.chainAt;
      for (let k = this.chainAt + 1; k < intervalChain.length; k++) if (span / intervalChain[k] >= this.o.targetIntervals) best = k;
      if (best > this.chainAt) this.coarsen(best);
    }
    this.closeThrough(Infinity);
    this.trimEdges();
    return this.length;
  }

  /**
   * The first and last intervals are usually partial: their throughput is the
   * count over the part of the interval the run covers (first value to the
   * interval's end; the interval's start to the last value), not over L.
   */
  private trimEdges(): void {
    const all = this.builder.intervals;
    if (all.length < 2) return;
    const fix = (s: (typeof all)[number], covered: number) => {
      if (covered > 0 && covered < s.length) {
        s.length = Math.round(covered * 1e6) / 1e6;
        s.throughput = s.count / s.length;
      }
    };
    const first = all[0];
    fix(first, first.start + first.length - this.minTime);
    const last = all[all.length - 1];
    fix(last, this.maxTime - last.start);
  }
}
