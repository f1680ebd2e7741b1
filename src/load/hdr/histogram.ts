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
 */

const TWO32 = 4294967296;

/** floor(log2(x)) for an integer x >= 1 (exact up to 2^53). */
function highestBit(x: number): number {
  if (x < TWO32) return 31 - Math.clz32(x);
  return 63 - Math.clz32(Math.floor(x / TWO32));
}

/** Largest double below x (Java's Math.nextAfter(x, -Infinity)), for finite x. */
function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const b = new BigInt64Array(f.buffer);
  b[0] += x > 0 ? -1n : 1n;
  return f[0];
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
  /** Java's integerToDoubleValueConversionRatio (kept from the encoding; 1 for integer histograms). */
  integerToDoubleValueConversionRatio = 1;
  /** Counts by index; may be shorter than the layout's full length (missing = 0). */
  private counts: Float64Array;
  /** One past the highest index with a non-zero count. */
  private used = 0;
  totalCount = 0;
  private maxIndex = -1;
  private minNonZeroIndex = -1;

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
    const b = this.bucketIndex(value);
    const s = this.subBucketIndex(value, b);
    return (b + 1) * this.subBucketHalfCount + (s - this.subBucketHalfCount);
  }

  /** The lowest value at a counts index. */
  valueFromIndex(index: number): number {
    let bucket = Math.floor(index / this.subBucketHalfCount) - 1;
    let sub = (index % this.subBucketHalfCount) + this.subBucketHalfCount;
    if (bucket < 0) {
      sub -= this.subBucketHalfCount;
      bucket = 0;
    }
    return sub * Math.pow(2, bucket + this.unitMagnitude);
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

  /** Add `count` at a counts index (decoders and merges). */
  addAtIndex(index: number, count: number): void {
    if (count === 0) return;
    this.ensure(index);
    this.counts[index] += count;
    if (index >= this.used) this.used = index + 1;
    this.totalCount += count;
    if (index > this.maxIndex) this.maxIndex = index;
    if (index !== 0 && (this.minNonZeroIndex < 0 || index < this.minNonZeroIndex)) this.minNonZeroIndex = index;
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
      for (let i = 0; i < other.used; i++) {
        const c = other.counts[i];
        if (c !== 0) this.addAtIndex(i, c);
      }
    } else {
      // Different layouts: re-record each value range at its median equivalent value (as Java's add does).
      for (let i = 0; i < other.used; i++) {
        const c = other.counts[i];
        if (c !== 0) this.record(other.medianEquivalentValue(other.valueFromIndex(i)), c);
      }
    }
    if (other.highestTrackableValue > this.highestTrackableValue) this.highestTrackableValue = other.highestTrackableValue;
  }

  // ---- statistics (Java semantics) ----

  /** Java getMaxValue: the highest equivalent value of the largest recorded value; 0 when empty. */
  get max(): number {
    return this.maxIndex < 0 ? 0 : this.highestEquivalentValue(this.valueFromIndex(this.maxIndex));
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
    for (let i = 0; i < this.used; i++) {
      const c = this.counts[i];
      if (c !== 0) total += this.medianEquivalentValue(this.valueFromIndex(i)) * c;
    }
    return (total * this.integerToDoubleValueConversionRatio) / this.totalCount;
  }

  /** Java getStdDeviation (population form); NaN when empty. */
  get stdDeviation(): number {
    if (this.totalCount === 0) return NaN;
    const mean = this.mean;
    let total = 0;
    for (let i = 0; i < this.used; i++) {
      const c = this.counts[i];
      if (c !== 0) {
        const d = this.medianEquivalentValue(this.valueFromIndex(i)) * this.integerToDoubleValueConversionRatio - mean;
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
    for (let i = 0; i < this.used; i++) {
      running += this.counts[i];
      if (running >= countAt) {
        const v = this.valueFromIndex(i);
        return percentile === 0 ? this.lowestEquivalentValue(v) : this.highestEquivalentValue(v);
      }
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
    for (let i = 0; i < this.used && k < order.length; i++) {
      running += this.counts[i];
      while (k < order.length && running >= want) {
        const [p, at] = order[k];
        const v = this.valueFromIndex(i);
        out[at] = p === 0 ? this.lowestEquivalentValue(v) : this.highestEquivalentValue(v);
        k++;
        if (k < order.length) want = target(order[k][0]);
      }
    }
    return out;
  }

  /** Visit every non-zero count: (lowest value of the range, highest equivalent value, count). */
  forEachRecorded(visit: (low: number, high: number, count: number) => void): void {
    for (let i = 0; i < this.used; i++) {
      const c = this.counts[i];
      if (c !== 0) {
        const v = this.valueFromIndex(i);
        visit(v, this.highestEquivalentValue(v), c);
      }
    }
  }
}
