/**
 * n^(1/3) and n^(-1/3) exactly as R computes `n^(1/3)` / `n^(-1/3)`: C `pow(n, y)` with
 * y = fl(±1/3), which glibc rounds correctly. V8's Math.pow differs from glibc in the last
 * bit for about 10% of integers n, and R's `nclass.scott` / `nclass.FD` take a ceiling of
 * these, so the correctly rounded value is rebuilt here from a double-double cube root:
 * x^(1/3 - d) = cbrt(x) * (1 - d ln x), with d = 1/3 - fl(1/3) = 2^-54 / 3.
 *
 * Internal module: not part of the public barrel.
 */

const D = 2 ** -54 / 3; // 1/3 - fl(1/3)
const SPLITTER = 134217729;

/** [p, e] with a * b = p + e exactly. */
function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

/** cbrt(x) as c + corr, |corr| << ulp(c), for finite x > 0 in the normal range. */
function cbrtDD(x: number): [number, number] {
  const c = Math.cbrt(x);
  const [c2, c2e] = twoProd(c, c);
  const [p, e1] = twoProd(c2, c);
  const e2 = c2e * c;
  const r = x - p - e1 - e2; // x - c^3
  return [c, r / (3 * c * c)];
}

/** pow(x, fl(1/3)) correctly rounded, x > 0 finite (falls back to Math.pow otherwise). */
export function powOneThird(x: number): number {
  if (!(x > 1e-290 && x < 1e290)) return Math.pow(x, 1 / 3);
  const [c, corr] = cbrtDD(x);
  return c + (corr - c * D * Math.log(x));
}

/** pow(x, fl(-1/3)) correctly rounded, x > 0 finite (falls back to Math.pow otherwise). */
export function powMinusOneThird(x: number): number {
  if (!(x > 1e-290 && x < 1e290)) return Math.pow(x, -1 / 3);
  const [c, corr] = cbrtDD(x);
  const q0 = 1 / c;
  const [p, e] = twoProd(q0, c);
  const res = 1 - p - e; // 1 - q0 * c
  return q0 + ((res - q0 * corr) / c + q0 * D * Math.log(x));
}
