/**
 * The M/M/c response curve fitted to throughput and response: a service of c
 * servers with capacity C (so mean service time c / C), plus a flat part B for
 * everything that does not queue,
 *
 *   R(X) = B + W(X),   W(X) = ErlangC(c, X / C) / (C - X)   (seconds, X per second),
 *
 * least squares on log R. For each server count c on a grid (1 to 256) the
 * pair (B, C) is fitted by Levenberg-Marquardt in (log B, log(C / max X - 1));
 * the best c is then refined among its neighbours. C is the saturation
 * throughput; c says how sharp the knee is (c = 1 is M/M/1).
 *
 * The waiting time needs consistent units: `responseSeconds` converts the
 * response's unit to seconds (ms: 0.001) and throughput is taken per second.
 */
import { erlangC } from "./erlang.js";
import { positiveRows } from "./positive-rows.js";

export interface MmcFit {
  ok: boolean;
  reason?: string;
  /** The flat part of the response (response units). */
  base: number | null;
  /** Saturation throughput C. */
  capacity: number | null;
  /** Servers c. */
  servers: number | null;
  /** Residual sum of squares of log response. */
  rss: number | null;
}

export interface MmcOptions {
  /** Seconds per response unit (ms: 0.001). */
  responseSeconds: number;
  /** Largest C / max X searched. */
  maxRatio: number;
  /** Server counts to try; default a log-spaced grid from 1 to 256, refined around the best. */
  servers: readonly number[] | null;
  /** Start (B, C) for every c, e.g. a bootstrap refit from the full fit. */
  start: { base: number; capacity: number } | null;
  /** Weight of each row (grouped data: a bin's row count); null: 1 each; rows of weight <= 0 are skipped. */
  weights: ArrayLike<number> | null;
}

export const defaultMmcOptions: MmcOptions = { responseSeconds: 0.001, maxRatio: 20, servers: null, start: null, weights: null };

const grid = [1, 2, 3, 4, 6, 8, 11, 16, 23, 32, 45, 64, 90, 128, 181, 256];

/** Above this many rows the search over c runs on a thinned subset. */
const thinTo = 512;

/** R(X) of the M/M/c curve, in response units; Infinity at or beyond C. */
export function mmcResponse(base: number, capacity: number, servers: number, x: number, responseSeconds = 0.001): number {
  if (x >= capacity) return Infinity;
  return base + erlangC(servers, x / capacity) / (capacity - x) / responseSeconds;
}

const failed = (reason: string): MmcFit => ({ ok: false, reason, base: null, capacity: null, servers: null, rss: null });

/** Fit (B, C) for one server count c. */
function fitForServers(
  x: Float64Array,
  ly: Float64Array,
  sw: Float64Array,
  xMax: number,
  c: number,
  o: MmcOptions,
  start: number[],
  iterations = 60,
): { p: number[]; rss: number } {
  const n = x.length;
  const k = 1 / o.responseSeconds;
  const hi = Math.log(o.maxRatio - 1);
  const clamp = (p: number[]) => [p[0], Math.min(hi, Math.max(-12, p[1]))];
  // The waiting time of every row at the last capacity C evaluated (an O(c) Erlang C each): the
  // Jacobian's log B column and the next iteration's residuals come back to the same C.
  const wait = new Float64Array(n);
  let waitAt = Number.NaN;
  const waits = (C: number): Float64Array => {
    if (C !== waitAt) {
      for (let i = 0; i < n; i++) wait[i] = (k * erlangC(c, x[i] / C)) / (C - x[i]);
      waitAt = C;
    }
    return wait;
  };
  const rssOf = (p: number[], r?: Float64Array): number => {
    const B = Math.exp(p[0]);
    const C = xMax * (1 + Math.exp(p[1]));
    const w = waits(C);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const d = ly[i] - Math.log(B + w[i]);
      const e = sw[i] * d;
      if (r) r[i] = e;
      s += e * e;
    }
    return s;
  };
  let p = clamp(start);
  let s = rssOf(p);
  // Scoring a start (no iterations) needs no Jacobian or step buffers.
  if (iterations === 0) return { p, rss: s };
  let lambda = 1e-3;
  let r = new Float64Array(n);
  let rt = new Float64Array(n);
  const r0 = new Float64Array(n);
  const r1 = new Float64Array(n);
  // `r` holds the residuals at p once `haveR` (those of the step last taken: the same values a new pass would give).
  let haveR = false;
  for (let it = 0; it < iterations; it++) {
    if (!haveR) rssOf(p, r);
    haveR = false;
    rssOf([p[0] + 1e-6, p[1]], r0);
    rssOf([p[0], p[1] + 1e-6], r1);
    let a = 0;
    let b = 0;
    let d = 0;
    let g0 = 0;
    let g1 = 0;
    for (let i = 0; i < n; i++) {
      const j0 = (r0[i] - r[i]) / 1e-6;
      const j1 = (r1[i] - r[i]) / 1e-6;
      a += j0 * j0;
      b += j0 * j1;
      d += j1 * j1;
      g0 += j0 * r[i];
      g1 += j1 * r[i];
    }
    // A coordinate at its bound whose descent points out stays fixed.
    const fix1 = (p[1] >= hi && g1 < 0) || (p[1] <= -12 && g1 > 0);
    let improved = false;
    for (let t = 0; t < 20; t++) {
      const A = a * (1 + lambda) || 1e-12;
      const D = d * (1 + lambda) || 1e-12;
      let s0: number;
      let s1: number;
      if (fix1) {
        s0 = -g0 / A;
        s1 = 0;
      } else {
        const det = A * D - b * b;
        if (!(Math.abs(det) > 0)) {
          lambda *= 10;
          continue;
        }
        s0 = (-g0 * D + g1 * b) / det;
        s1 = (-g1 * A + g0 * b) / det;
      }
      // Steps this small no longer move the fit: converged.
      if (Math.abs(s0) < 1e-10 * (1 + Math.abs(p[0])) && Math.abs(s1) < 1e-10 * (1 + Math.abs(p[1]))) break;
      const q = clamp([p[0] + s0, p[1] + s1]);
      const sq = rssOf(q, rt);
      if (sq < s) {
        improved = (s - sq) / (s + 1e-300) > 1e-9;
        p = q;
        s = sq;
        [r, rt] = [rt, r];
        haveR = true;
        lambda = Math.max(lambda / 10, 1e-12);
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return { p, rss: s };
}

/** Fit the M/M/c response curve to throughput `x` (per second) and response `y`. */
export function fitMmc(x: ArrayLike<number>, y: ArrayLike<number>, options: Partial<MmcOptions> = {}): MmcFit {
  const o: MmcOptions = { ...defaultMmcOptions, ...options };
  const rows = positiveRows(x, y, o.weights);
  // Typed arrays, and sqrt weights of 1 without weights (a product with 1 is the same double):
  // every fit reads arrays of one kind (V8 compiles its code once).
  const xs = Float64Array.from(rows.a);
  const ly = Float64Array.from(rows.b, Math.log);
  const sw = rows.w === null ? new Float64Array(xs.length).fill(1) : Float64Array.from(rows.w, Math.sqrt);
  const xMax = rows.aMax;
  const yMin = rows.bMin;
  if (xs.length < 4) return failed("fewer than 4 rows with positive throughput and response");
  if (xs.every((v) => v === xs[0])) return failed("every row has the same throughput, so the curve cannot be fitted");
  const starts = o.start
    ? [[Math.log(o.start.base), Math.log(Math.max(1e-5, o.start.capacity / xMax - 1))]]
    : [1.002, 1.01, 1.03, 1.07, 1.15, 1.3, 1.6, 2.2, 3, 5].filter((v) => v < o.maxRatio).map((ratio) => [Math.log(yMin), Math.log(ratio - 1)]);
  // Per c: the best of the start points by their residuals alone, then one Levenberg-Marquardt run from it.
  const fitC = (c: number) => {
    let start = starts[0];
    let low = Infinity;
    if (starts.length > 1) {
      for (const st of starts) {
        const r = fitForServers(xs, ly, sw, xMax, c, o, st, 0).rss;
        if (r < low) {
          low = r;
          start = st;
        }
      }
    }
    return { ...fitForServers(xs, ly, sw, xMax, c, o, start), c };
  };
  let best = { p: [0, 0], rss: Infinity, c: 1 };
  const tried = new Set<number>();
  const tryC = (c: number) => {
    if (c < 1 || tried.has(c)) return;
    tried.add(c);
    const f = fitC(c);
    if (f.rss < best.rss) best = f;
  };
  if (o.servers) for (const c of o.servers) tryC(Math.round(c));
  else {
    // The grid search over c runs on at most `thinTo` rows (every k-th, weighted k) when there are
    // more: it only has to rank the server counts. The best and its neighbours are then fitted on all rows.
    let coarse = 1;
    if (xs.length > thinTo) {
      const k = Math.ceil(xs.length / thinTo);
      const m = Math.ceil(xs.length / k);
      const tx = new Float64Array(m);
      const tly = new Float64Array(m);
      const tsw = new Float64Array(m);
      for (let i = 0, j = 0; i < xs.length; i += k, j++) {
        tx[j] = xs[i];
        tly[j] = ly[i];
        tsw[j] = Math.sqrt(k) * sw[i];
      }
      let low = Infinity;
      for (const c of grid) {
        let st = starts[0];
        let r0 = Infinity;
        for (const sp of starts) {
          const r = fitForServers(tx, tly, tsw, xMax, c, o, sp, 0).rss;
          if (r < r0) {
            r0 = r;
            st = sp;
          }
        }
        const f = fitForServers(tx, tly, tsw, xMax, c, o, st);
        if (f.rss < low) {
          low = f.rss;
          coarse = c;
        }
      }
      for (const f of [0.7, 1, 1.4]) tryC(Math.round(coarse * f));
    } else for (const c of grid) tryC(c);
    for (const f of [0.8, 0.9, 1.1, 1.25]) tryC(Math.round(best.c * f));
  }
  if (!Number.isFinite(best.rss)) return failed("the fit did not reach finite values");
  return { ok: true, base: Math.exp(best.p[0]), capacity: xMax * (1 + Math.exp(best.p[1])), servers: best.c, rss: best.rss };
}
