/**
 * Min/max ("M4") decimation of a line chart: the series is cut, in input order, into `buckets`
 * runs of equal length and each run keeps its first, last, lowest and highest point. A line
 * through the kept points covers the same pixels as the full line when `buckets` is about the
 * plot width in pixels. Returns the kept indices in increasing order; every index when the series
 * has no more than 4 points per bucket. Non-finite values are dropped.
 */
export function decimateSeries(values: ArrayLike<number>, buckets: number): Int32Array {
  const n = values.length;
  const b = Math.max(1, Math.floor(buckets));
  if (n <= 4 * b) {
    const all: number[] = [];
    for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) all.push(i);
    return Int32Array.from(all);
  }
  const kept: number[] = [];
  for (let k = 0; k < b; k++) {
    const lo = Math.floor((k * n) / b);
    const hi = Math.floor(((k + 1) * n) / b);
    let first = -1;
    let last = -1;
    let min = -1;
    let max = -1;
    for (let i = lo; i < hi; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (first < 0) first = i;
      last = i;
      if (min < 0 || v < values[min]) min = i;
      if (max < 0 || v > values[max]) max = i;
    }
    if (first < 0) continue;
    for (const i of [first, min, max, last].sort((p, q) => p - q)) {
      if (kept[kept.length - 1] !== i) kept.push(i);
    }
  }
  return Int32Array.from(kept);
}
