/**
 * A moving-block bootstrap resample as runs of rows with one weight each, for passes that
 * skip the rows a resample leaves out and read no per-row weights:
 *
 *   block starts (the uniforms `blockSteps` draws, in its order)
 *     -> events: +1 at each block's start, -1 after its end, sorted by row (radix sort)
 *     -> segments: rows [at[j], at[j + 1]) (the last: to n) drawn weight[j] times
 *
 * The weights are `blockWeights`' exactly: segment j's weight is the running sum of
 * `blockSteps` at each of its rows. Pure.
 */

/** Runs of rows with one weight each: rows at[j] .. at[j + 1] - 1 (the last run: to n - 1) are drawn weight[j] times. */
export interface BlockSegments {
  n: number;
  count: number;
  at: Int32Array;
  weight: Int32Array;
}

/**
 * The segments of a moving-block resample: blocks of `len` consecutive rows at random starts,
 * n rows in all (the last block cut short), drawn from `uniform` as `blockSteps` draws them.
 * Runs of weight 0 (rows the resample leaves out) are segments too.
 */
export function blockSegments(n: number, len: number, uniform: () => number): BlockSegments {
  if (n > 0x3fffffff) throw new RangeError(`blockSegments: ${n} rows is more than 2^30 - 1`);
  const blocks = Math.ceil(n / len);
  // Event e = row * 2 + 1 for a block's start, row * 2 for the row after its end: sorted, the
  // rows come in order (at one row, ends before starts; both are added up before a segment opens).
  const events = new Int32Array(2 * blocks);
  let k = 0;
  let b = 0;
  while (k < n) {
    const s = Math.floor(uniform() * (n - len + 1));
    const take = Math.min(len, n - k);
    events[b++] = s * 2 + 1;
    events[b++] = (s + take) * 2;
    k += take;
  }
  radixSort(events, n * 2 + 1);
  const at = new Int32Array(events.length + 1);
  const weight = new Int32Array(events.length + 1);
  let count = 1;
  let run = 0;
  for (let e = 0; e < events.length; ) {
    const row = events[e] >> 1;
    for (; e < events.length && events[e] >> 1 === row; e++) run += events[e] & 1 ? 1 : -1;
    if (row >= n) break;
    if (row === at[count - 1]) weight[count - 1] = run;
    else if (run !== weight[count - 1]) {
      at[count] = row;
      weight[count] = run;
      count++;
    }
  }
  return { n, count, at, weight };
}

/** Sort non-negative integers below `limit` in place: least significant digit first, 11 bits a pass. */
function radixSort(a: Int32Array, limit: number): void {
  const bits = 11;
  const size = 1 << bits;
  let from = a;
  let to = new Int32Array(a.length);
  const count = new Int32Array(size);
  const passes = Math.max(1, Math.ceil(Math.log2(limit + 1) / bits));
  for (let pass = 0, shift = 0; pass < passes; pass++, shift += bits) {
    count.fill(0);
    for (let i = 0; i < from.length; i++) count[(from[i] >>> shift) & (size - 1)]++;
    for (let d = 0, sum = 0; d < size; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < from.length; i++) to[count[(from[i] >>> shift) & (size - 1)]++] = from[i];
    [from, to] = [to, from];
  }
  if (from !== a) a.set(from);
}
