/**
 * An HdrHistogram-compatible integer histogram: the same bucket / sub-bucket
 * layout, index arithmetic and statistics as the Java `org.HdrHistogram.Histogram`
 * (2.1.x), so counts decoded from Java's encodings sit at the same indices and
 * `valueAtPercentile` returns what Java's `getValueAtPercentile` returns.
 *
 * Layout (Java's `AbstractHistogram`):
 * - `subBucketCount` = 2^ceil(log2(2 * 10^digits)); half of it per bucket after the first;
 * - `unitMagnitude` = floor(log2(lowestDiscernibleValue));
 * - bucket of v: the position of v's highest bit above the sub-bucket range;
 *   sub-bucket: v >> (bucket + unitMagnitude); index = (bucket + 1) * half + sub - half.
 *
 * Counts are stored in a Float64Array that grows to the highest index used (a
 * histogram of small values stays small; values above `highestTrackableValue` are
 * accepted and extend the range, like Java's auto-resize). Values are JS numbers:
 * exact up to 2^53.
 *
 * Speed: the statistics only visit the indices between the lowest and highest
 * non-zero count (kept up to date by every add), and `stats` computes count, min,
 * max, mean, standard deviation and any percentiles in one walk of that range
 * (sums still taken in ascending index order, as Java's iterators do, so the
 * results are the same to the last bit). While counts arrive in ascending index
 * order (every decoder), the histogram also lists its non-zero indices, and
 * `stats`, `add` and `clear` walk that list instead of the range; the first
 * count added below the last listed index drops the list for good (until `clear`).
 */

const TWO32 = 4294967296;

/** floor(log2(x)) for an integer x >= 1 (exact up to 2^53). */
function highestBit(x: number): number {
  if (x < TWO32) return 31 - Math.clz32(x);
  return 63 - Math.clz32(Math.floor(x / TWO32));
}

/** Largest double below x (Java's Math.nextAfter(x, -Infinity)), for finite x. */
function nextDownOf(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const b = new BigInt64Array(f.buffer);
  b[0] += x > 0 ? -1n : 1n;
  return f[0];
}

/** nextDown of the few percentiles asked for again and again (50, 90, ...), remembered. */
const nextDownSeen = new Map<number, number>();
function nextDown(x: number): number {
  let d = nextDownSeen.get(x);
  if (d === undefined) {
    d = nextDownOf(x);
    if (nextDownSeen.size >= 256) nextDownSeen.clear();
    nextDownSeen.set(x, d);
  }
  return d;
}

/** 2^k for k = 0..1023 (exact powers of two; Math.pow(2, k) gives the same). */
const pow2 = new Float64Array(1024);
for (let k = 0, p = 1; k < 1024; k++, p *= 2) pow2[k] = p;
const powerOfTwo = (k: number): number => (k < 1024 ? pow2[k] : Math.pow(2, k));

const noIndices = new Int32Array(0);

/** The non-zero counts of one histogram (index, count), reused by every `stats` call. */
let scratchIndex = new Int32Array(4096);
let scratchCount = new Float64Array(4096);
let scratchMedian = new Float64Array(4096);

/** What `stats` returns: Java HdrHistogram statistics, computed in one walk. */
export interface HdrStats {
  /** totalCount. */
  count: number;
  /** Java getMinValue (0 when empty). */
  min: number;
  /** Java getMaxValue (0 when empty). */
  max: number;
  /** Java getMean (NaN when empty). */
  mean: number;
  /** Java getStdDeviation (NaN when empty). */
  stdDeviation: number;
  /** Java getValueAtPercentile of each requested percentile, in the order asked (0 when empty). */
  percentiles: number[];
}

/** How a histogram is laid out. */
export interface HdrLayout {
  /** Smallest value told apart from 0 (>= 1); Java's lowestDiscernibleValue. */
  lowestDiscernibleValue: number;
  /** Highest value expected (the range grows past it when needed). */
  highestTrackableValue: number;
  /** Decimal digits of value precision, 0 to 5. */
  significantDigits: number;
}

export const defaultHdrLayout: HdrLayout = {
  lowestDiscernibleValue: 1,
  highestTrackableValue: 3_600_000_000_000,
  significantDigits: 3,
};

export class HdrHistogram {
  readonly lowestDiscernibleValue: number;
  readonly significantDigits: number;
  highestTrackableValue: number;
  readonly unitMagnitude: number;
  readonly subBucketCount: number;
  readonly subBucketHalfCount: number;
  readonly subBucketHalfCountMagnitude: number;
  /** Java's integerToDoubleValueConversionRatio: kept from the encoding and written back; it does not scale the statistics (as in Java's integer Histogram). */
  integerToDoubleValueConversionRatio = 1;
  /** Counts by index; may be shorter than the layout's full length (missing = 0). */
  private counts: Float64Array;
  /** One past the highest index with a non-zero count. */
  private used = 0;
  totalCount = 0;
  private maxIndex = -1;
  private minNonZeroIndex = -1;
  /** The indices that became non-zero, ascending, while `listed` (see the top of this file). */
  private nonZero: Int32Array = noIndices;
  private nonZeroCount = 0;
  private listed = true;

  /** subBucketHalfCount - 1 (index bits within a bucket). */
  private readonly halfMask: number;

  constructor(layout: Partial<HdrLayout> = {}) {
    const l = { ...defaultHdrLayout, ...layout };
    if (!(Number.isInteger(l.lowestDiscernibleValue) && l.lowestDiscernibleValue >= 1)) {
      throw new RangeError(`lowestDiscernibleValue must be an integer >= 1 (got ${l.lowestDiscernibleValue})`);
    }
    if (!(Number.isInteger(l.significantDigits) && l.significantDigits >= 0 && l.significantDigits <= 5)) {
      throw new RangeError(`significantDigits must be an integer from 0 to 5 (got ${l.significantDigits})`);
    }
    if (!(l.highestTrackableValue >= 2 * l.lowestDiscernibleValue)) {
      throw new RangeError(`highestTrackableValue must be at least twice lowestDiscernibleValue (got ${l.highestTrackableValue})`);
    }
    this.lowestDiscernibleValue = l.lowestDiscernibleValue;
    this.highestTrackableValue = l.highestTrackableValue;
    this.significantDigits = l.significantDigits;
    const largestSingleUnit = 2 * Math.pow(10, l.significantDigits);
    const subBucketCountMagnitude = Math.ceil(Math.log(largestSingleUnit) / Math.log(2));
    this.subBucketHalfCountMagnitude = (subBucketCountMagnitude > 1 ? subBucketCountMagnitude : 1) - 1;
    this.subBucketCount = Math.pow(2, this.subBucketHalfCountMagnitude + 1);
    this.subBucketHalfCount = this.subBucketCount / 2;
    this.unitMagnitude = highestBit(l.lowestDiscernibleValue);
    this.halfMask = this.subBucketHalfCount - 1;
    this.counts = new Float64Array(this.subBucketCount);
  }

  /** A new empty histogram with the same layout. */
  emptyCopy(): HdrHistogram {
    const h = new HdrHistogram(this.layout());
    h.integerToDoubleValueConversionRatio = this.integerToDoubleValueConversionRatio;
    return h;
  }

  layout(): HdrLayout {
    return {
      lowestDiscernibleValue: this.lowestDiscernibleValue,
      highestTrackableValue: this.highestTrackableValue,
      significantDigits: this.significantDigits,
    };
  }

  /** Java's countsArrayLength for highestTrackableValue: (buckets + 1) * subBucketHalfCount. */
  get countsArrayLength(): number {
    let smallestUntrackable = this.subBucketCount * Math.pow(2, this.unitMagnitude);
    let buckets = 1;
    while (smallestUntrackable <= this.highestTrackableValue) {
      if (smallestUntrackable > 4611686018427387903) {
        buckets++;
        break;
      }
      smallestUntrackable *= 2;
      buckets++;
    }
    return (buckets + 1) * this.subBucketHalfCount;
  }

  // ---- index arithmetic (Java AbstractHistogram) ----

  bucketIndex(value: number): number {
    const mask = (this.subBucketCount - 1) * Math.pow(2, this.unitMagnitude);
    // highest bit of (value | subBucketMask) = highest bit of max(value, mask)
    return highestBit(Math.max(value, mask)) - this.unitMagnitude - this.subBucketHalfCountMagnitude;
  }

  private subBucketIndex(value: number, bucket: number): number {
    return Math.floor(value / Math.pow(2, bucket + this.unitMagnitude));
  }

  /** The counts index of a value. */
  indexOf(value: number): number {
    const shiftMax = this.unitMagnitude + this.subBucketHalfCountMagnitude + 1;
    if (value >= 0 && value < 2147483648 && shiftMax < 31) {
      // int32 fast path of the same arithmetic (Java's bit operations)
      const mask = (this.subBucketCount - 1) << this.unitMagnitude;
      const b = 31 - Math.clz32(value | mask) - this.unitMagnitude - this.subBucketHalfCountMagnitude;
      const s = value >>> (b + this.unitMagnitude);
      return (b + 1) * this.subBucketHalfCount + (s - this.subBucketHalfCount);
    }
    const b = this.bucketIndex(value);
    const s = this.subBucketIndex(value, b);
    return (b + 1) * this.subBucketHalfCount + (s - this.subBucketHalfCount);
  }

  /** The lowest value at a counts index. */
  valueFromIndex(index: number): number {
    if ((index | 0) === index && index >= 0) {
      // the same arithmetic on int32 indices, with shifts and a table of powers of two
      const b = (index >> this.subBucketHalfCountMagnitude) - 1;
      if (b < 0) return index * powerOfTwo(this.unitMagnitude);
      return ((index & this.halfMask) + this.subBucketHalfCount) * powerOfTwo(b + this.unitMagnitude);
    }
    let bucket = Math.floor(index / this.subBucketHalfCount) - 1;
    let sub = (index % this.subBucketHalfCount) + this.subBucketHalfCount;
    if (bucket < 0) {
      sub -= this.subBucketHalfCount;
      bucket = 0;
    }
    return sub * Math.pow(2, bucket + this.unitMagnitude);
  }

  // Equivalent values at a counts index (non-negative int32). Below 2^62 an index's
  // lowest value is its own lowestEquivalentValue and its range is
  // 2^(bucket + unitMagnitude) (its sub-bucket is always below subBucketCount);
  // above, the general value arithmetic is used, as before.

  /** sizeOfEquivalentValueRange(valueFromIndex(index)), for a value below 2^62. */
  private rangeAtIndex(index: number): number {
    const bucket = (index >> this.subBucketHalfCountMagnitude) - 1;
    return powerOfTwo((bucket < 0 ? 0 : bucket) + this.unitMagnitude);
  }

  /** lowestEquivalentValue(valueFromIndex(index)). */
  private lowestAtIndex(index: number): number {
    const v = this.valueFromIndex(index);
    return v < 4611686018427387904 ? v : this.lowestEquivalentValue(v);
  }

  /** medianEquivalentValue(valueFromIndex(index)). */
  private medianAtIndex(index: number): number {
    const v = this.valueFromIndex(index);
    return v < 4611686018427387904 ? v + Math.floor(this.rangeAtIndex(index) / 2) : this.medianEquivalentValue(v);
  }

  /** highestEquivalentValue(valueFromIndex(index)). */
  private highestAtIndex(index: number): number {
    const v = this.valueFromIndex(index);
    return v < 4611686018427387904 ? v + this.rangeAtIndex(index) - 1 : this.highestEquivalentValue(v);
  }

  /** The lowest index that may hold a count (every index below it is 0). */
  private firstIndex(): number {
    if (this.used > 0 && this.counts[0] !== 0) return 0;
    return this.minNonZeroIndex < 0 ? this.used : this.minNonZeroIndex;
  }

  sizeOfEquivalentValueRange(value: number): number {
    const b = this.bucketIndex(value);
    const s = this.subBucketIndex(value, b);
    return Math.pow(2, this.unitMagnitude + (s >= this.subBucketCount ? b + 1 : b));
  }

  lowestEquivalentValue(value: number): number {
    const b = this.bucketIndex(value);
    const s = this.subBucketIndex(value, b);
    return s * Math.pow(2, b + this.unitMagnitude);
  }

  highestEquivalentValue(value: number): number {
    return this.lowestEquivalentValue(value) + this.sizeOfEquivalentValueRange(value) - 1;
  }

  medianEquivalentValue(value: number): number {
    return this.lowestEquivalentValue(value) + Math.floor(this.sizeOfEquivalentValueRange(value) / 2);
  }

  // ---- counts ----

  private ensure(index: number): void {
    if (index < this.counts.length) return;
    let n = this.counts.length;
    while (n <= index) n *= 2;
    const bigger = new Float64Array(n);
    bigger.set(this.counts);
    this.counts = bigger;
  }

  /** The count at a counts index (0 beyond what is stored). */
  countAtIndex(index: number): number {
    return index < this.used ? this.counts[index] : 0;
  }

  /** One past the highest index that holds a count. */
  get length(): number {
    return this.used;
  }

  /** Remove every count (the layout, highestTrackableValue and the storage stay): for reuse. */
  clear(): void {
    if (this.listed) {
      const counts = this.counts;
      const list = this.nonZero;
      for (let k = 0; k < this.nonZeroCount; k++) counts[list[k]] = 0;
    } else {
      this.counts.fill(0, this.firstIndex(), this.used);
    }
    this.listed = true;
    this.nonZeroCount = 0;
    this.used = 0;
    this.totalCount = 0;
    this.maxIndex = -1;
    this.minNonZeroIndex = -1;
  }

  /** Add `count` at a counts index (decoders and merges). */
  addAtIndex(index: number, count: number): void {
    if (count === 0) return;
    this.ensure(index);
    const before = this.counts[index];
    this.counts[index] = before + count;
    if (before === 0 && this.listed) this.list(index);
    if (index >= this.used) this.used = index + 1;
    this.totalCount += count;
    if (index > this.maxIndex) this.maxIndex = index;
    if (index !== 0 && (this.minNonZeroIndex < 0 || index < this.minNonZeroIndex)) this.minNonZeroIndex = index;
  }

  /** Note that the count at `index` became non-zero: list it, or stop listing when out of order. */
  private list(index: number): void {
    const n = this.nonZeroCount;
    if (n === 0 || index > this.nonZero[n - 1]) {
      if (n === this.nonZero.length) {
        const bigger = new Int32Array(Math.max(64, 2 * n));
        bigger.set(this.nonZero);
        this.nonZero = bigger;
      }
      this.nonZero[n] = index;
      this.nonZeroCount = n + 1;
    } else if (index !== this.nonZero[n - 1]) {
      this.listed = false;
      this.nonZero = noIndices;
      this.nonZeroCount = 0;
    }
  }

  /** Record a value (an integer >= 0) `count` times. */
  record(value: number, count = 1): void {
    if (!(value >= 0)) throw new RangeError(`a histogram value cannot be negative or NaN (got ${value})`);
    if (value > this.highestTrackableValue) this.highestTrackableValue = value;
    this.addAtIndex(this.indexOf(Math.floor(value)), count);
  }

  /** Add every count of another histogram with the same lowestDiscernibleValue and digits. */
  add(other: HdrHistogram): void {
    if (other.lowestDiscernibleValue === this.lowestDiscernibleValue && other.significantDigits === this.significantDigits) {
      // addAtIndex for each non-zero count, in index order, with the storage grown once
      const from = other.firstIndex();
      const to = other.used;
      if (from < to) {
        this.ensure(to - 1);
        const mine = this.counts;
        const theirs = other.counts;
        let total = this.totalCount;
        let used = this.used;
        let maxIndex = this.maxIndex;
        let minNonZero = this.minNonZeroIndex;
        const step = (i: number) => {
          const c = theirs[i];
          if (c === 0) return;
          const before = mine[i];
          mine[i] = before + c;
          if (before === 0 && this.listed) this.list(i);
          total += c;
          if (i >= used) used = i + 1;
          if (i > maxIndex) maxIndex = i;
          if (i !== 0 && (minNonZero < 0 || i < minNonZero)) minNonZero = i;
        };
        if (other.listed) {
          const list = other.nonZero;
          for (let k = 0, n = other.nonZeroCount; k < n; k++) step(list[k]);
        } else {
          for (let i = from; i < to; i++) step(i);
        }
        this.totalCount = total;
        this.used = used;
        this.maxIndex = maxIndex;
        this.minNonZeroIndex = minNonZero;
      }
    } else {
      // Different layouts: re-record each count at the lowest value of its bucket (Java's
      // AbstractHistogram.add: recordValueWithCount(otherHistogram.valueFromIndex(i), count)).
      for (let i = other.firstIndex(); i < other.used; i++) {
        const c = other.counts[i];
        if (c !== 0) this.record(other.valueFromIndex(i), c);
      }
    }
    if (other.highestTrackableValue > this.highestTrackableValue) this.highestTrackableValue = other.highestTrackableValue;
  }

  // ---- statistics (Java semantics) ----

  /** Java getMaxValue: the highest equivalent value of the largest recorded value; 0 when empty. */
  get max(): number {
    return this.maxIndex < 0 ? 0 : this.highestAtIndex(this.maxIndex);
  }

  /** Java getMinValue: 0 when a 0 was recorded or the histogram is empty, else the lowest equivalent of the smallest value. */
  get min(): number {
    if (this.totalCount === 0 || this.countAtIndex(0) > 0) return 0;
    return this.valueFromIndex(this.minNonZeroIndex);
  }

  /** Java getMean: sum of medianEquivalentValue * count, over totalCount; NaN when empty. */
  get mean(): number {
    if (this.totalCount === 0) return NaN;
    let total = 0;
    for (let i = this.firstIndex(); i < this.used; i++) {
      const c = this.counts[i];
      if (c !== 0) total += this.medianAtIndex(i) * c;
    }
    return total / this.totalCount;
  }

  /** Java getStdDeviation (population form); NaN when empty. */
  get stdDeviation(): number {
    if (this.totalCount === 0) return NaN;
    const mean = this.mean;
    let total = 0;
    for (let i = this.firstIndex(); i < this.used; i++) {
      const c = this.counts[i];
      if (c !== 0) {
        const d = this.medianAtIndex(i) - mean;
        total += d * d * c;
      }
    }
    return Math.sqrt(total / this.totalCount);
  }

  /**
   * Java getValueAtPercentile (2.1.11): the smallest value such that at least
   * ceil(nextDown(p) * total / 100) counts are at or below it, reported as the
   * highest equivalent value of its bucket (the lowest for p = 0). 0 when empty.
   */
  valueAtPercentile(percentile: number): number {
    const requested = Math.min(Math.max(nextDown(percentile), 0), 100);
    const fractional = (requested * this.totalCount) / 100;
    const countAt = Math.max(Math.ceil(fractional), 1);
    let running = 0;
    for (let i = this.firstIndex(); i < this.used; i++) {
      running += this.counts[i];
      if (running >= countAt) return percentile === 0 ? this.lowestAtIndex(i) : this.highestAtIndex(i);
    }
    return 0;
  }

  /** Several percentiles in one pass over the counts (same semantics as valueAtPercentile). */
  valuesAtPercentiles(percentiles: readonly number[]): number[] {
    const order = percentiles.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
    const out = new Array<number>(percentiles.length).fill(0);
    let k = 0;
    let running = 0;
    const target = (p: number) => Math.max(Math.ceil((Math.min(Math.max(nextDown(p), 0), 100) * this.totalCount) / 100), 1);
    let want = order.length ? target(order[0][0]) : 0;
    for (let i = this.firstIndex(); i < this.used && k < order.length; i++) {
      running += this.counts[i];
      while (k < order.length && running >= want) {
        const [p, at] = order[k];
        out[at] = p === 0 ? this.lowestAtIndex(i) : this.highestAtIndex(i);
        k++;
        if (k < order.length) want = target(order[k][0]);
      }
    }
    return out;
  }

  /**
   * count, min, max, mean, stdDeviation and the given percentiles in one walk of
   * the non-zero range: the same values as the getters and valuesAtPercentiles
   * (Java 2.1.11 semantics), summed in the same ascending index order.
   */
  stats(percentiles: readonly number[]): HdrStats {
    const n = this.totalCount;
    const out = new Array<number>(percentiles.length).fill(0);
    if (n === 0) return { count: n, min: this.min, max: this.max, mean: NaN, stdDeviation: NaN, percentiles: out };
    // 1. the non-zero counts, in index order, and the mean's sum
    const from = this.firstIndex();
    const to = this.used;
    if (scratchIndex.length < to - from) {
      scratchIndex = new Int32Array(to - from);
      scratchCount = new Float64Array(to - from);
      scratchMedian = new Float64Array(to - from);
    }
    const idx = scratchIndex;
    const cnt = scratchCount;
    const med = scratchMedian;
    const counts = this.counts;
    let m = 0;
    let total = 0;
    const halfMagnitude = this.subBucketHalfCountMagnitude;
    const halfMask = this.halfMask;
    const half = this.subBucketHalfCount;
    const unit = this.unitMagnitude;
    const take = (i: number) => {
      const c = counts[i];
      if (c === 0) return;
      // medianAtIndex(i), inline
      const bucket = (i >> halfMagnitude) - 1;
      let v: number;
      if (bucket < 0) v = i * powerOfTwo(unit) + Math.floor(powerOfTwo(unit) / 2);
      else {
        const range = powerOfTwo(bucket + unit);
        v = ((i & halfMask) + half) * range + Math.floor(range / 2);
      }
      if (!(v < 4611686018427387904)) v = this.medianAtIndex(i);
      idx[m] = i;
      cnt[m] = c;
      med[m] = v;
      m++;
      total += v * c;
    };
    if (this.listed) {
      const list = this.nonZero;
      for (let k = 0, l = this.nonZeroCount; k < l; k++) take(list[k]);
    } else {
      for (let i = from; i < to; i++) take(i);
    }
    const mean = total / n;
    // 2. the standard deviation about that mean
    let squares = 0;
    for (let k = 0; k < m; k++) {
      const d = med[k] - mean;
      squares += d * d * cnt[k];
    }
    // 3. the percentiles (valuesAtPercentiles: a running count reaches each target at a non-zero index)
    if (percentiles.length > 0) {
      const order = percentiles.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
      const target = (p: number) => Math.max(Math.ceil((Math.min(Math.max(nextDown(p), 0), 100) * n) / 100), 1);
      let j = 0;
      let want = target(order[0][0]);
      let running = 0;
      for (let k = 0; k < m && j < order.length; k++) {
        running += cnt[k];
        while (j < order.length && running >= want) {
          const [p, at] = order[j];
          out[at] = p === 0 ? this.lowestAtIndex(idx[k]) : this.highestAtIndex(idx[k]);
          j++;
          if (j < order.length) want = target(order[j][0]);
        }
      }
    }
    return { count: n, min: this.min, max: this.max, mean, stdDeviation: Math.sqrt(squares / n), percentiles: out };
  }

  /** Visit every non-zero count: (lowest value of the range, highest equivalent value, count). */
  forEachRecorded(visit: (low: number, high: number, count: number) => void): void {
    for (let i = this.firstIndex(); i < this.used; i++) {
      const c = this.counts[i];
      if (c !== 0) visit(this.valueFromIndex(i), this.highestAtIndex(i), c);
    }
  }
}
