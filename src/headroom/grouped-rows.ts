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
 * A bootstrap resample is grouped from its row weights (how many times the
 * resample drew each row), in one pass over the rows in order; or from the steps of
 * those weights from row to row (a moving-block resample's block starts and ends),
 * added up in the same pass: the same weights, so the same sums, without a pass of
 * their own.
 * (A grouped fit's reported RSS leaves out the within-bin sum of squares:
 * `withinSquares` gives it, to compare two fits' RSS as the rows' own.)
 * Pure; never mutates its inputs.
 */

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
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const k = key[i];
    if (k > 0 && k < Infinity) {
      if (k < lo) lo = k;
      if (k > hi) hi = k;
    }
  }
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

/**
 * Row i's weight: 1 without row weights; rowWeight[i] (`steps` false); or, `steps` true,
 * rowWeight[0] + ... + rowWeight[i], the running sum `run` carried by the caller's pass.
 */
const weightOf = (rowWeight: ArrayLike<number> | null, steps: boolean, i: number, run: number): number =>
  rowWeight === null ? 1 : steps ? run + rowWeight[i] : rowWeight[i];

/**
 * Group rows by `bin` (from `gridBinIndex`): every row once, or each row `rowWeight[i]`
 * times (a resample; 0 leaves it out). value = mean of `value` (weighted by
 * `valueWeight` when given, whose sum is then the bin's weight; else the weight is
 * the row count). With `steps`, rowWeight holds the steps of the weights: row i is
 * counted rowWeight[0] + ... + rowWeight[i] times (`blockSteps` in estimate-headroom.ts).
 */
export function groupRows(
  bin: Int32Array,
  bins: number,
  key: ArrayLike<number>,
  value: ArrayLike<number>,
  valueWeight: ArrayLike<number> | null,
  rowWeight: ArrayLike<number> | null = null,
  steps = false,
): GroupedRows {
  const count = new Float64Array(bins);
  const sk = new Float64Array(bins);
  const sv = new Float64Array(bins);
  const sw = new Float64Array(bins);
  sumRows(bin, key, value, valueWeight, rowWeight, steps, count, sk, sv, sw);
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
  steps: boolean,
  count: Float64Array,
  sk: Float64Array,
  sv: Float64Array,
  sw: Float64Array,
): void {
  const n = bin.length;
  let run = 0;
  for (let i = 0; i < n; i++) {
    const r = (run = weightOf(rowWeight, steps, i, run));
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

/** One grouping of `groupRowsBoth`: bins of the rows, the key and the value averaged per bin (by row count). */
export interface GroupSpec {
  bin: Int32Array;
  key: ArrayLike<number>;
  value: ArrayLike<number>;
}

/**
 * Two groupings of the same rows (or resample) in one pass over them: exactly
 * `[groupRows(a.bin, bins, a.key, a.value, null, rowWeight, steps), groupRows(b.bin, ...)]`.
 */
export function groupRowsBoth(bins: number, a: GroupSpec, b: GroupSpec, rowWeight: ArrayLike<number> | null = null, steps = false): [GroupedRows, GroupedRows] {
  const ca = new Float64Array(bins);
  const ka = new Float64Array(bins);
  const va = new Float64Array(bins);
  const cb = new Float64Array(bins);
  const kb = new Float64Array(bins);
  const vb = new Float64Array(bins);
  sumRowsBoth(a, b, rowWeight, steps, ca, ka, va, cb, kb, vb);
  return [finish(ca, ka, va, null), finish(cb, kb, vb, null)];
}

/** groupRowsBoth's pass: each grouping's per-bin count, sum of keys and of values, into the arrays given. */
function sumRowsBoth(
  a: GroupSpec,
  b: GroupSpec,
  rowWeight: ArrayLike<number> | null,
  steps: boolean,
  ca: Float64Array,
  ka: Float64Array,
  va: Float64Array,
  cb: Float64Array,
  kb: Float64Array,
  vb: Float64Array,
): void {
  const n = a.bin.length;
  const [pa, xa, ya, pb, xb, yb] = [a.bin, a.key, a.value, b.bin, b.key, b.value];
  // (A resample leaves about a third of the rows out: their values are not read.) With `steps`
  // the running sum is the weight.
  let run = 0;
  for (let i = 0; i < n; i++) {
    const r = rowWeight === null ? 1 : steps ? (run += rowWeight[i]) : rowWeight[i];
    if (r === 0) continue;
    const p = pa[i];
    if (p >= 0) {
      ca[p] += r;
      ka[p] += r * xa[i];
      va[p] += r * ya[i];
    }
    const q = pb[i];
    if (q >= 0) {
      cb[q] += r;
      kb[q] += r * xb[i];
      vb[q] += r * yb[i];
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
