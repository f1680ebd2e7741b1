/**
 * Deterministic, density-preserving thinning of a scatter plot.
 *
 * The plot area [0, xMax] x [0, yMax] is cut into a grid of `g x g` cells. Every occupied cell
 * keeps at least one point (so outliers and the edge of the cloud stay visible); the remaining
 * budget is shared among the cells in proportion to their counts (so dense regions stay dense).
 * Within a cell the kept points are spread evenly over the cell's points in input order, so every
 * stretch of time (and every `splits` segment) is represented. No random numbers: the same input
 * gives the same sample.
 *
 * Returns the kept indices in increasing (input) order, at most `maxPoints` of them; all finite
 * points when there are no more than `maxPoints`. Points outside the domain count in the edge
 * cells; points with a non-finite coordinate are dropped.
 */
export function thinScatter(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number, xMax: number, yMax: number): Int32Array {
  const n = Math.min(x.length, y.length);
  let nFinite = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) nFinite++;
  if (nFinite <= maxPoints) {
    const all = new Int32Array(nFinite);
    let k = 0;
    for (let i = 0; i < n; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) all[k++] = i;
    return all;
  }
  // At most maxPoints / 4 cells, so the one-per-cell floor uses at most a quarter of the budget.
  const g = Math.max(1, Math.floor(Math.sqrt(maxPoints / 4)));
  const cells = g * g;
  const sx = xMax > 0 ? g / xMax : 0;
  const sy = yMax > 0 ? g / yMax : 0;
  const cellOf = new Int32Array(n);
  const count = new Int32Array(cells);
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const yi = y[i];
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) {
      cellOf[i] = -1;
      continue;
    }
    const cx = Math.min(g - 1, Math.max(0, Math.floor(xi * sx)));
    const cy = Math.min(g - 1, Math.max(0, Math.floor(yi * sy)));
    const c = cy * g + cx;
    cellOf[i] = c;
    count[c]++;
  }
  let occupied = 0;
  for (let c = 0; c < cells; c++) if (count[c] > 0) occupied++;
  const spare = Math.max(0, maxPoints - occupied);
  const rest = nFinite - occupied;
  // quota[c] = 1 + floor((count - 1) * spare / rest) <= count, and sum(quota) <= maxPoints.
  const quota = new Int32Array(cells);
  for (let c = 0; c < cells; c++) {
    if (count[c] > 0) quota[c] = 1 + (rest > 0 ? Math.floor(((count[c] - 1) * spare) / rest) : 0);
  }
  // Walk the points in input order; the j-th point of cell c is kept when it is the
  // floor((k + 0.5) * count / quota)-th point for the next k.
  const seen = new Int32Array(cells);
  const taken = new Int32Array(cells);
  let total = 0;
  for (let c = 0; c < cells; c++) total += quota[c];
  const out = new Int32Array(total);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = cellOf[i];
    if (c < 0) continue;
    const j = seen[c]++;
    const q = quota[c];
    const t = taken[c];
    if (t < q && j === Math.floor(((t + 0.5) * count[c]) / q)) {
      taken[c] = t + 1;
      out[k++] = i;
    }
  }
  return k === total ? out : out.slice(0, k);
}
