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
 *
 * With `byLabel`, every slot also holds one histogram per label seen in it, and
 * each label gets its own IntervalSetBuilder on the same grid (an interval for
 * every overall interval, empty where the label has no request).
 */
import { HdrHistogram, type HdrLayout } from "./hdr/histogram.js";
import { IntervalSetBuilder } from "./intervals.js";
import { DataError } from "../errors.js";
import { reliabilityMessage } from "../messages.js";

/** The most intervals a run may span (the empty ones between requests are emitted too). */
export const maxIntervals = 1_000_000;

/**
 * A time further than this beyond the times recorded so far (seconds: 366 days, or 10 times the
 * span so far when that is longer) is a wrong timestamp, not a part of the run: one request
 * stamped in the year 3000 among 2024 stamps would otherwise give 356,357 empty one-day intervals.
 */
export const farTimeFloor = 366 * 86_400;
export const farTimeSpans = 10;

/** Times from here (1973, in epoch seconds) are epoch times; below, offsets from a run's start. */
const epochTimesFrom = 1e8;

/** Emptied histograms kept for new slots at most. */
const maxSpare = 1024;

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
  /** Also aggregate per label (record's `label` argument). */
  byLabel: boolean;
  /**
   * Without an interval: the shortest one to choose (seconds), for times stamped coarser than the
   * chain's first steps (k6's CSV stamps whole seconds: 0.2 s intervals would hold all of a
   * second's requests in one and none in the four after).
   */
  minInterval: number;
}

export const defaultIntervalSlotsOptions: IntervalSlotsOptions = {
  interval: null,
  scale: 1,
  layout: { lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, significantDigits: 3 },
  window: 256,
  maxSlots: 400,
  targetIntervals: 60,
  byLabel: false,
  minInterval: 0,
};

interface Slot {
  histogram: HdrHistogram;
  errors: number;
  /** With byLabel: the label's part of this slot. */
  labels?: Map<string, Slot>;
}

export class IntervalSlots {
  private readonly o: IntervalSlotsOptions;
  private length: number;
  private chainAt = 0;
  private origin: number | null = null;
  private slots = new Map<number, Slot>();
  /** The slot the last value went to, and its key (NaN: none; reset whenever slots merge or close). */
  private lastKey = NaN;
  private lastSlot: Slot | undefined = undefined;
  private newest = -Infinity;
  private closedThrough = -Infinity;
  private readonly template: HdrHistogram;
  /** Emptied histograms of merged slots, for new slots. */
  private readonly spare: HdrHistogram[] = [];
  readonly builder: IntervalSetBuilder;
  /** With byLabel: each label's intervals (same grid as `builder`) and total. */
  readonly labelBuilders = new Map<string, IntervalSetBuilder>();
  /** Never recorded into: the histogram of a label's empty interval. */
  private readonly empty: HdrHistogram;
  /** Values that arrived after their interval was closed (counted in the total only). */
  late = 0;
  minTime = Infinity;
  maxTime = -Infinity;
  values = 0;

  constructor(options: Partial<IntervalSlotsOptions> = {}) {
    this.o = { ...defaultIntervalSlotsOptions, ...options };
    if (this.o.interval === null) {
      const at = intervalChain.findIndex((l) => l >= this.o.minInterval);
      this.chainAt = at < 0 ? intervalChain.length - 1 : at;
    }
    this.length = this.o.interval ?? intervalChain[this.chainAt];
    this.template = new HdrHistogram(this.o.layout);
    this.builder = new IntervalSetBuilder(this.o.scale);
    this.builder.total = this.template.emptyCopy();
    this.empty = this.template.emptyCopy();
  }

  /** The label's builder, created with an empty interval for each interval already closed. */
  private labelBuilder(label: string): IntervalSetBuilder {
    let b = this.labelBuilders.get(label);
    if (b === undefined) {
      b = new IntervalSetBuilder(this.o.scale);
      b.total = this.template.emptyCopy();
      for (const i of this.builder.intervals) b.add({ tag: label, start: i.start, length: i.length, histogram: this.empty, errors: 0 });
      this.labelBuilders.set(label, b);
    }
    return b;
  }

  /**
   * Why time t (seconds) cannot be recorded, or null. Checked before anything is recorded, so that
   * --skip-bad-rows can leave the row out.
   */
  timeProblem(t: number): string | null {
    const origin = this.origin ?? Math.floor(t);
    // A time so far from the first that the intervals between could not be held (each gap interval is
    // emitted): a wrong timestamp, e.g. seconds among milliseconds, that would keep the reader emitting empty intervals.
    const longest = this.o.interval ?? intervalChain[intervalChain.length - 1];
    if (!(Math.abs(t - origin) / longest <= maxIntervals)) return reliabilityMessage.timeSpan(t, origin, maxIntervals, longest);
    // Only between epoch times (after 1973): times relative to a run's start among epoch times are the merge's error.
    if (this.values > 0 && t >= epochTimesFrom && this.minTime >= epochTimesFrom) {
      const far = Math.max(farTimeFloor, farTimeSpans * (this.maxTime - this.minTime));
      if (t > this.maxTime + far || t < this.minTime - far) return reliabilityMessage.farTime(t, this.minTime, this.maxTime, this.values);
    }
    return null;
  }

  /**
   * From minTime to here a time cannot be refused by timeProblem (-Infinity before the first value).
   * timeProblem refuses nothing from minTime to maxTime (those passed it, and it only looks at the
   * distance from the origin and past the span), nor, from maxTime up, anything below a time it
   * does not refuse (it only refuses further off): safeTo is the farthest time it allows, or maxTime.
   * Stays true as maxTime grows (the limit past the span only widens), so it is found again only
   * when a value goes through `record`.
   */
  private safeTo = Number.NEGATIVE_INFINITY;

  private updateSafeTo(): void {
    if (this.origin === null || this.values === 0) return;
    const longest = this.o.interval ?? intervalChain[intervalChain.length - 1];
    let to = this.origin + maxIntervals * longest * (1 - 1e-9);
    if (this.minTime >= epochTimesFrom) to = Math.min(to, this.maxTime + Math.max(farTimeFloor, farTimeSpans * (this.maxTime - this.minTime)) * (1 - 1e-9));
    this.safeTo = to > this.maxTime && this.timeProblem(to) === null ? to : this.maxTime;
  }

  /**
   * `record` of a value that goes into an open slot, without a label (the common case, kept cheap):
   * true when recorded; false, with nothing done, for any other (then `record` it). Times from
   * minTime to safeTo are never refused, so no error is possible here.
   */
  recordNear(t: number, value: number, success: boolean): boolean {
    if (!(t >= this.minTime && t <= this.safeTo) || this.o.byLabel) return false;
    const key = Math.floor((t - this.origin!) / this.length);
    let slot = this.lastSlot;
    if (key !== this.lastKey) {
      // an open slot other than the last one (rows near an interval's edge come in either order)
      slot = key > this.closedThrough ? this.slots.get(key) : undefined;
      if (slot === undefined) return false;
      this.lastKey = key;
      this.lastSlot = slot;
    }
    this.values++;
    if (t > this.maxTime) this.maxTime = t;
    if (success) slot!.histogram.record(Math.round(value * this.o.scale));
    else slot!.errors++;
    return true;
  }

  /** Record one value completed at time t (seconds); failures count as errors and are not recorded in the histogram. */
  record(t: number, value: number, success: boolean, label?: string): void {
    const minTime = this.minTime;
    this.recordAny(t, value, success, label);
    if (this.minTime !== minTime || t > this.safeTo) this.updateSafeTo();
  }

  private recordAny(t: number, value: number, success: boolean, label?: string): void {
    if (this.origin === null) this.origin = Math.floor(t);
    const problem = this.timeProblem(t);
    if (problem !== null) throw new DataError(problem);
    if (t < this.minTime) this.minTime = t;
    if (t > this.maxTime) this.maxTime = t;
    this.values++;
    const key = Math.floor((t - this.origin) / this.length);
    if (key <= this.closedThrough) {
      this.late++;
      const byLabel = this.o.byLabel && label !== undefined ? this.labelBuilder(label) : null;
      for (const b of byLabel ? [this.builder, byLabel] : [this.builder]) {
        if (success) b.total!.record(Math.round(value * this.o.scale));
        else b.totalErrors++;
      }
      return;
    }
    // the slot of the previous value is kept at hand (rows come roughly in time order)
    let slot = key === this.lastKey ? this.lastSlot : this.slots.get(key);
    let added = false;
    if (slot === undefined) {
      slot = { histogram: this.spare.pop() ?? this.template.emptyCopy(), errors: 0 };
      this.slots.set(key, slot);
      if (key > this.newest) this.newest = key;
      added = true;
    }
    this.lastKey = key;
    this.lastSlot = slot;
    if (success) slot.histogram.record(Math.round(value * this.o.scale));
    else slot.errors++;
    if (this.o.byLabel && label !== undefined) {
      this.labelBuilder(label);
      this.recordInSlotLabel(slot, value, success, label);
    }
    // Relieved after the value is in its slot: merging may fold this slot into an older one (a value
    // recorded after that went into the folded slot and was lost).
    if (added && this.slots.size > (this.o.interval === null ? this.o.maxSlots : 2 * this.o.window)) {
      this.relieve();
      this.lastKey = NaN;
      this.lastSlot = undefined;
    }
  }

  /**
   * A value counted in its label only (with byLabel), not in the overall intervals and total: a JMeter
   * Transaction Controller sample, whose requests are recorded one by one. It never opens an interval,
   * so the overall grid is the same with or without it: in an open interval it counts in its label's
   * part of it, elsewhere in its label's total only.
   */
  recordInLabel(t: number, value: number, success: boolean, label: string): void {
    if (!this.o.byLabel) return;
    const b = this.labelBuilder(label);
    const key = this.origin === null ? NaN : Math.floor((t - this.origin) / this.length);
    const slot = key > this.closedThrough ? this.slots.get(key) : undefined;
    if (slot === undefined) {
      if (success) b.total!.record(Math.round(value * this.o.scale));
      else b.totalErrors++;
      return;
    }
    this.recordInSlotLabel(slot, value, success, label);
  }

  /** The value in its label's part of an open slot (the part made on the label's first value there). */
  private recordInSlotLabel(slot: Slot, value: number, success: boolean, label: string): void {
    slot.labels ??= new Map();
    let part = slot.labels.get(label);
    if (part === undefined) {
      part = { histogram: this.template.emptyCopy(), errors: 0 };
      slot.labels.set(label, part);
    }
    if (success) part.histogram.record(Math.round(value * this.o.scale));
    else part.errors++;
  }

  private relieve(): void {
    if (this.o.interval === null && this.chainAt + 1 < intervalChain.length) {
      // as many steps as it takes, so the level reached depends on the values seen, not their order
      // (several logs read together give the intervals of one log holding all their rows)
      do this.coarsen(this.chainAt + 1);
      while (this.slots.size > this.o.maxSlots && this.chainAt + 1 < intervalChain.length);
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
        mergeSlot(into, slot);
        this.recycle(slot.histogram);
      }
    }
    this.slots = merged;
    this.newest = Math.floor(this.newest / ratio);
    this.chainAt = to;
    this.length = intervalChain[to];
  }

  /**
   * A merged slot's histogram, emptied, for a later slot (the short first intervals merge often: a
   * new histogram each time, grown to the values' range, was much of a reading's cost). Only one
   * still like the template's copy: emptied, it is exactly a new one but for its storage's length.
   */
  private recycle(h: HdrHistogram): void {
    if (h.highestTrackableValue !== this.template.highestTrackableValue || this.spare.length >= maxSpare) return;
    h.clear();
    this.spare.push(h);
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
    const start = Math.round((this.origin! + key * this.length) * 1e6) / 1e6;
    this.builder.add({ tag: null, start, length: this.length, histogram: slot.histogram, errors: slot.errors });
    for (const [label, b] of this.labelBuilders) {
      const part = slot.labels?.get(label);
      b.add({ tag: label, start, length: this.length, histogram: part?.histogram ?? this.empty, errors: part?.errors ?? 0 });
    }
  }

  /** No more values: choose the final interval (when not given) and close every slot. Returns the interval length. */
  finish(): number {
    this.lastKey = NaN;
    this.lastSlot = undefined;
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
    // the labels' intervals are on the same grid: the same covered lengths
    for (const b of this.labelBuilders.values()) {
      for (const k of [0, all.length - 1]) {
        const s = b.intervals[k];
        s.length = all[k].length;
        s.throughput = s.count / s.length;
      }
    }
  }
}

function mergeSlot(into: Slot, slot: Slot): void {
  into.histogram.add(slot.histogram);
  into.errors += slot.errors;
  if (slot.labels === undefined) return;
  into.labels ??= new Map();
  for (const [label, part] of slot.labels) {
    const to = into.labels.get(label);
    if (to === undefined) into.labels.set(label, part);
    else mergeSlot(to, part);
  }
}
