/**
 * Rows grouped into fine bins of one variable, for the headroom fits of long
 * series (a fit whose model depends on that variable only loses almost nothing
 * when each bin's rows stand at the bin's mean):
 *
 *   key per row -> bin (equal width over [0, max], or over [log min, log max])
 *   -> per bin: mean key, mean value (or a weighted mean), weight
 *   -> the fits take the bins' means with the bins' weights
 *
 * For a least-squares fit of value on f(key), sum over a bin's rows of
 * (v_i - f(k))^2 = sum (v_i - mean v)^2 + count (mean v - f(k))^2 when the key is
 * constant in the bin, so the weighted fit on the means is the rows' fit; the
 * key varies within a bin by at most 1/bins of its range, an error of second
 * order in the bin width. The same holds for the score equations of a GLM
 * (prior weight = the bin's sum of weights, response = their weighted mean).
 *
 * A bootstrap resample is grouped from its row weights (how many times the resample drew
 * each row). A batch of moving-block resamples is grouped in one pass over the rows, a tile of
 * rows at a time (`groupResamples`): each resample adds the runs of rows it drew
 * (`blockSegments`) while the tile is in the cache, so the rows are read from memory once a
 * batch, not once a resample, and the rows a resample left out not at all. Each bin's sums still
 * add its rows in row order: `groupRows`' sums of the same weights exactly.
 * (A grouped fit's reported RSS leaves out the within-bin sum of squares:
 * `withinSquares` gives it, to compare two fits' RSS as the rows' own.)
 * Pure; never mutates its inputs.
 */
import type { BlockSegments } from "./block-segments.js";

/** Means and weights of the non-empty bins, in bin order. */
export interface GroupedRows {
  key: Float64Array;
  value: Float64Array;
  weight: Float64Array;
}

/**
 * Bin index of each row on a grid of `bins` equal-width bins: linear over [0, max key],
 * or log (equal ratios) over [min key, max key]; -1 for a row whose key is not positive
 * and finite (written into `into` when it has n places). (Not R's hist() bins: those are
 * `binIndex` in src/stats/histogram.ts.)
 */
export function gridBinIndex(key: ArrayLike<number>, bins: number, scale: "linear" | "log", into?: Int32Array): Int32Array {
  const n = key.length;
  // (The range in a function of its own: V8's code for its loop then stays valid from call to call.)
  const [lo, hi] = positiveRange(key);
  const out = (into && into.length === n ? into : new Int32Array(n)).fill(-1);
  if (!(hi > 0)) return out;
  const logLo = Math.log(lo);
  const span = scale === "log" ? Math.log(hi) - logLo : hi;
  for (let i = 0; i < n; i++) {
    const k = key[i];
    if (!(k > 0 && k < Infinity)) continue;
    const f = span > 0 ? (scale === "log" ? Math.log(k) - logLo : k) / span : 0;
    out[i] = Math.min(bins - 1, Math.max(0, Math.floor(f * bins)));
  }
  return out;
}

/** The smallest and the largest key that is positive and finite (Infinity and 0 when none is). */
function positiveRange(key: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < key.length; i++) {
    const k = key[i];
    if (k > 0 && k < Infinity) {
      if (k < lo) lo = k;
      if (k > hi) hi = k;
    }
  }
  return [lo, hi];
}

/**
 * Group rows by `bin` (from `gridBinIndex`): every row once, or each row `rowWeight[i]`
 * times (a resample; 0 leaves it out). value = mean of `value` (weighted by
 * `valueWeight` when given, whose sum is then the bin's weight; else the weight is
 * the row count).
 */
export function groupRows(
  bin: Int32Array,
  bins: number,
  key: ArrayLike<number>,
  value: ArrayLike<number>,
  valueWeight: ArrayLike<number> | null,
  rowWeight: ArrayLike<number> | null = null,
): GroupedRows {
  const count = new Float64Array(bins);
  const sk = new Float64Array(bins);
  const sv = new Float64Array(bins);
  const sw = new Float64Array(bins);
  sumRows(bin, key, value, valueWeight, rowWeight, count, sk, sv, sw);
  return finish(count, sk, sv, valueWeight === null ? null : sw);
}

/*
 * The passes over the rows are functions of their own, the loop and nothing after it: V8
 * compiles a long loop while it runs (on-stack replacement), and a call after the loop that
 * had not run yet would throw every later call of that code back to the interpreter (seen:
 * each of a bootstrap's resamples re-entering the interpreter, ~4x their cost on a million rows).
 */

/** groupRows' pass: each bin's count, sum of keys, of (weighted) values and of value weights, into the arrays given. */
function sumRows(
  bin: Int32Array,
  key: ArrayLike<number>,
  value: ArrayLike<number>,
  valueWeight: ArrayLike<number> | null,
  rowWeight: ArrayLike<number> | null,
  count: Float64Array,
  sk: Float64Array,
  sv: Float64Array,
  sw: Float64Array,
): void {
  const n = bin.length;
  for (let i = 0; i < n; i++) {
    const r = rowWeight === null ? 1 : rowWeight[i];
    const b = bin[i];
    if (b < 0 || r === 0) continue;
    count[b] += r;
    sk[b] += r * key[i];
    if (valueWeight === null) sv[b] += r * value[i];
    else {
      const w = r * valueWeight[i];
      sv[b] += w * value[i];
      sw[b] += w;
    }
  }
}

/** The non-empty bins' means and weights from their sums (sw: the value weights' sums, or null: the counts). */
function finish(count: Float64Array, sk: Float64Array, sv: Float64Array, sw: Float64Array | null): GroupedRows {
  const bins = count.length;
  let used = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0 && (sw === null || sw[b] > 0)) used++;
  const out: GroupedRows = { key: new Float64Array(used), value: new Float64Array(used), weight: new Float64Array(used) };
  let k = 0;
  for (let b = 0; b < bins; b++) {
    if (!(count[b] > 0 && (sw === null || sw[b] > 0))) continue;
    const w = sw === null ? count[b] : sw[b];
    out.key[k] = sk[b] / count[b];
    out.value[k] = sv[b] / w;
    out.weight[k] = w;
    k++;
  }
  return out;
}

/** One grouping of `groupResamples`: bins of the rows, the key and the value averaged per bin (by row count, or by value weights). */
export interface GroupSpec {
  bin: Int32Array;
  key: ArrayLike<number>;
  value: ArrayLike<number>;
}

/** What `groupResamples` groups: two groupings of the same rows in one pass, or one (value weights allowed). */
export type ResampleGrouping = { both: [GroupSpec, GroupSpec] } | { one: GroupSpec; valueWeight: ArrayLike<number> | null };

/** Rows a tile of `groupResamples` (~128 KiB of the two groupings' rows: in the cache while every resample of a batch adds it). */
const tileRows = 4096;

/**
 * Group each resample of a batch (its runs of rows and their weights: `blockSegments`) in one
 * pass over the rows: per resample and grouping, exactly
 * `groupRows(spec.bin, bins, spec.key, spec.value, valueWeight, weights)` of its row weights.
 */
export function groupResamples(bins: number, grouping: ResampleGrouping, resamples: readonly BlockSegments[], tile = tileRows): GroupedRows[][] {
  const both = "both" in grouping;
  const slots = both ? 6 : 4;
  const acc = new Float64Array(resamples.length * slots * bins);
  const first = both ? grouping.both[0] : grouping.one;
  const n = first.bin.length;
  const cursor = new Int32Array(resamples.length);
  for (let t0 = 0; t0 < n; t0 += tile) {
    const t1 = Math.min(n, t0 + tile);
    for (let k = 0; k < resamples.length; k++) {
      const { at, weight, count } = resamples[k];
      const o = k * slots * bins;
      let j = cursor[k];
      for (; j < count && at[j] < t1; j++) {
        const end = j + 1 < count ? at[j + 1] : n;
        const r = weight[j];
        if (r !== 0 && end > t0) {
          const from = Math.max(at[j], t0);
          const to = Math.min(end, t1);
          if (both) addBoth(grouping.both[0], grouping.both[1], from, to, r, acc, o, bins);
          else addOne(grouping.one, grouping.valueWeight, from, to, r, acc, o, bins);
        }
        // A run that goes on into the next tile is taken up there.
        if (end > t1) break;
      }
      cursor[k] = j;
    }
  }
  const part = (k: number, s: number) => acc.subarray((k * slots + s) * bins, (k * slots + s + 1) * bins);
  return resamples.map((_, k) =>
    both
      ? [finish(part(k, 0), part(k, 1), part(k, 2), null), finish(part(k, 3), part(k, 4), part(k, 5), null)]
      : [finish(part(k, 0), part(k, 1), part(k, 2), "one" in grouping && grouping.valueWeight !== null ? part(k, 3) : null)],
  );
}

/** groupResamples' pass over rows [from, to) of one run (weight r) for two groupings: each one's sumRows sums, at offset o of acc. */
function addBoth(a: GroupSpec, b: GroupSpec, from: number, to: number, r: number, acc: Float64Array, o: number, bins: number): void {
  const [pa, xa, ya, pb, xb, yb] = [a.bin, a.key, a.value, b.bin, b.key, b.value];
  for (let i = from; i < to; i++) {
    const p = pa[i];
    if (p >= 0) {
      acc[o + p] += r;
      acc[o + bins + p] += r * xa[i];
      acc[o + 2 * bins + p] += r * ya[i];
    }
    const q = pb[i];
    if (q >= 0) {
      acc[o + 3 * bins + q] += r;
      acc[o + 4 * bins + q] += r * xb[i];
      acc[o + 5 * bins + q] += r * yb[i];
    }
  }
}

/** groupResamples' pass over rows [from, to) of one run (weight r) for one grouping: sumRows' sums, at offset o of acc. */
function addOne(g: GroupSpec, valueWeight: ArrayLike<number> | null, from: number, to: number, r: number, acc: Float64Array, o: number, bins: number): void {
  const { bin, key, value } = g;
  for (let i = from; i < to; i++) {
    const b = bin[i];
    if (b < 0) continue;
    acc[o + b] += r;
    acc[o + bins + b] += r * key[i];
    if (valueWeight === null) acc[o + 2 * bins + b] += r * value[i];
    else {
      const w = r * valueWeight[i];
      acc[o + 2 * bins + b] += w * value[i];
      acc[o + 3 * bins + b] += w;
    }
  }
}

/**
 * The within-bin sum of squares of `value`, sum (v_i - mean of v_i's bin)^2 over the rows
 * (bin -1 left out): what a grouped least-squares fit's RSS leaves out of the rows' RSS.
 */
export function withinSquares(bin: Int32Array, bins: number, value: ArrayLike<number>): number {
  const count = new Float64Array(bins);
  const sum = new Float64Array(bins);
  for (let i = 0; i < bin.length; i++) {
    const b = bin[i];
    if (b < 0) continue;
    count[b]++;
    sum[b] += value[i];
  }
  for (let b = 0; b < bins; b++) if (count[b] > 0) sum[b] /= count[b];
  let s = 0;
  for (let i = 0; i < bin.length; i++) {
    const b = bin[i];
    if (b >= 0) s += (value[i] - sum[b]) ** 2;
  }
  return s;
}
