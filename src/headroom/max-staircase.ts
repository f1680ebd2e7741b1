/**
 * The max-response staircase of the headroom plot: the largest response in each throughput
 * histogram bin (the same bins as R's hist() of the throughput).
 */
import { type BinLookup, binOf } from "../stats/bin-lookup.js";
import { binLookupOf } from "../stats/histogram.js";

/** The largest response in each throughput bin; null for an empty bin. */
export function maxStaircase(x: ArrayLike<number>, y: ArrayLike<number>, breaks: readonly number[]): (number | null)[] {
  const max = new Float64Array(breaks.length - 1);
  const seen = new Uint8Array(breaks.length - 1);
  staircaseLoop(x, y, binLookupOf(x, breaks), max, seen);
  return Array.from(max, (m, b) => (seen[b] === 1 ? m : null));
}

/** The largest y per bin of x into `max` (`seen[b]` = 1 once bin b has a value; the first value counts even if NaN). */
function staircaseLoop(x: ArrayLike<number>, y: ArrayLike<number>, L: BinLookup, max: Float64Array, seen: Uint8Array): void {
  for (let i = 0; i < x.length; i++) {
    const b = binOf(x[i], L);
    if (b < 0) continue;
    if (seen[b] === 0 || y[i] > max[b]) {
      max[b] = y[i];
      seen[b] = 1;
    }
  }
}
