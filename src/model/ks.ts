/** Kolmogorov-Smirnov distances: a sample against a CDF, and two samples against each other. */

/**
 * sup_x |F_n(x) - F(x)| for sorted samples. With `points` (> 0 and < n) F is evaluated only at
 * `points` sample order statistics equally spaced in rank (both one-sided ECDF limits are
 * checked); for a continuous F that underestimates the supremum by at most about 1/points.
 */
export function ksDistance(sorted: ArrayLike<number>, F: (x: number) => number, points = 0): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  let d = 0;
  const at = (i: number) => {
    // ECDF just below and at sorted[i] (ties: move to the ends of the run).
    const x = sorted[i];
    let lo = i;
    while (lo > 0 && sorted[lo - 1] === x) lo--;
    let hi = i;
    while (hi < n - 1 && sorted[hi + 1] === x) hi++;
    const f = F(x);
    d = Math.max(d, Math.abs(f - lo / n), Math.abs(f - (hi + 1) / n));
    return hi;
  };
  if (points > 0 && points < n) {
    for (let k = 0; k < points; k++) at(Math.min(n - 1, Math.round(((k + 0.5) * n) / points)));
  } else {
    for (let i = 0; i < n; i = at(i) + 1);
  }
  return d;
}

/** Two-sample KS statistic sup_x |F_a(x) - F_b(x)| of two sorted samples. */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let i = 0;
  let j = 0;
  let d = 0;
  const n = a.length;
  const m = b.length;
  while (i < n && j < m) {
    const x = Math.min(a[i], b[j]);
    while (i < n && a[i] <= x) i++;
    while (j < m && b[j] <= x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return d;
}
