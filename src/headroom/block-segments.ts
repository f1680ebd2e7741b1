/**
 * A moving-block bootstrap resample: blocks of `len` consecutive rows at random starts, `drawn`
 * rows in all (n, or fewer for an m-out-of-n resample; the last block cut short), drawn from
 * `uniform` (`drawBlocks`), and given as
 *
 *   the steps of its row weights (`blockSteps`): +1 at a block's start, -1 after its end
 *   its row weights (`blockWeights`): how many blocks drew each row (the steps' running sums)
 *   runs of rows with one weight each (`blockSegments`), for passes that skip the rows a
 *     resample leaves out and read no per-row weights: the same events sorted by row (radix
 *     sort) -> rows [at[j], at[j + 1]) (the last: to n) drawn weight[j] times
 *
 * The three come from the same draws, so they are the same resample exactly. Pure.
 */

/** Draw a resample's blocks, `drawn` rows in all, each starting at any of the n - len + 1 places: `each(start, rows)` per block, in the order drawn. */
function drawBlocks(n: number, len: number, drawn: number, uniform: () => number, each: (start: number, rows: number) => void): void {
  let k = 0;
  while (k < drawn) {
    const take = Math.min(len, drawn - k);
    each(Math.floor(uniform() * (n - len + 1)), take);
    k += take;
  }
}

/**
 * A moving-block bootstrap resample as the steps of its row weights: blocks of `len`
 * consecutive rows at random starts, `drawn` rows in all (the last block cut short); a block adds 1
 * at its start and -1 after its end, so that weight i = steps[0] + ... + steps[i] = how many
 * blocks drew row i. (n + 1 places; the last only takes the ends of blocks that reach row n - 1.)
 */
export function blockSteps(n: number, len: number, uniform: () => number, into?: Int32Array, drawn = n): Int32Array {
  const w = into && into.length === n + 1 ? into.fill(0) : new Int32Array(n + 1);
  drawBlocks(n, len, drawn, uniform, (s, take) => {
    w[s]++;
    w[s + take]--;
  });
  return w;
}

/**
 * A moving-block bootstrap resample as row weights: blocks of `len` consecutive rows at random
 * starts, `drawn` rows in all (the last block cut short); weight i = how many blocks drew row i.
 */
export function blockWeights(n: number, len: number, uniform: () => number, into?: Int32Array, drawn = n): Int32Array {
  const w = blockSteps(n, len, uniform, into, drawn);
  let run = 0;
  for (let i = 0; i < n; i++) {
    run += w[i];
    w[i] = run;
  }
  return w.subarray(0, n);
}

/** Runs of rows with one weight each: rows at[j] .. at[j + 1] - 1 (the last run: to n - 1) are drawn weight[j] times. */
export interface BlockSegments {
  n: number;
  count: number;
  at: Int32Array;
  weight: Int32Array;
}

/**
 * The segments of a moving-block resample (the runs of `blockWeights`' weights).
 * Runs of weight 0 (rows the resample leaves out) are segments too.
 */
export function blockSegments(n: number, len: number, uniform: () => number, drawn = n): BlockSegments {
  if (n > 0x3fffffff) throw new RangeError(`blockSegments: ${n} rows is more than 2^30 - 1`);
  const blocks = Math.ceil(drawn / len);
  // Event e = row * 2 + 1 for a block's start, row * 2 for the row after its end: sorted, the
  // rows come in order (at one row, ends before starts; both are added up before a segment opens).
  const events = new Int32Array(2 * blocks);
  let b = 0;
  drawBlocks(n, len, drawn, uniform, (s, take) => {
    events[b++] = s * 2 + 1;
    events[b++] = (s + take) * 2;
  });
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
