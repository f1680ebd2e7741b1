import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeHeadroom } from "../../src/headroom/analyze.js";
import { estimateHeadroom } from "../../src/headroom/estimate-headroom.js";
import { medianGap, smoothThroughput } from "../../src/headroom/smooth-throughput.js";
import { quantile } from "../../src/stats/quantile.js";
import { simulatePattern } from "../../src/headroom/simulate.js";
import { seededRandom } from "../../src/util/random.js";

test("smoothThroughput: unchanged (null) without time, or when an interval at the peak already holds minPeakCount requests", () => {
  const x = Float64Array.from({ length: 100 }, (_, i) => 10 + i);
  const t = Float64Array.from({ length: 100 }, (_, i) => i * 60);
  assert.equal(smoothThroughput(x, null), null);
  // Peak 109 req/s x 60 s = 6,540 requests >= 2,500.
  assert.equal(smoothThroughput(x, t), null);
  // 1 s intervals: 109 requests at the peak; ceil(2500 / 109) = 23, capped at 5% of 100 rows.
  const one = Float64Array.from({ length: 100 }, (_, i) => i);
  assert.equal(smoothThroughput(x, one)!.window, 5);
  assert.equal(smoothThroughput(x, one, { maxShare: 1 })!.window, 15);
  assert.equal(smoothThroughput(x, one, { maxShare: 1, maxWindow: 100 })!.window, 23);
});

test("smoothThroughput: each row the mean of the rows within half a window in time, in any row order; the input is not changed", () => {
  const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const t = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // Peak 10 requests per 1 s interval; minPeakCount 20 asks for a window of 2, made odd: 3 rows, ±1 s.
  const r = smoothThroughput(x, t, { minPeakCount: 20, maxShare: 1 })!;
  assert.equal(r.window, 3);
  assert.deepEqual(Array.from(r.x), [1.5, 2, 3, 4, 5, 6, 7, 8, 9, 9.5]);
  // Rows shuffled (with their times): the same values, row by row.
  const perm = [3, 9, 0, 5, 1, 8, 2, 7, 4, 6];
  const xs = Float64Array.from(perm, (i) => x[i]);
  const ts = Float64Array.from(perm, (i) => t[i]);
  const copy = xs.slice();
  const s = smoothThroughput(xs, ts, { minPeakCount: 20, maxShare: 1 })!;
  assert.deepEqual(
    Array.from(s.x),
    perm.map((i) => r.x[i]),
  );
  assert.deepEqual(xs, copy);
});

test("smoothThroughput: on Poisson counts at a steady rate, the noise falls by about the square root of the window", () => {
  const rng = seededRandom(7);
  const n = 2000;
  // 50 req/s in 1 s intervals: sd sqrt(50) ~ 7.1 per interval (normal approximation of the count).
  const x = Float64Array.from({ length: n }, () => Math.max(0, Math.round(50 + Math.sqrt(50) * rng.normal())));
  const t = Float64Array.from({ length: n }, (_, i) => i);
  const r = smoothThroughput(x, t)!;
  // Peak about 75: ceil(2500 / 75) = 34, capped at maxWindow 15; rows within ±7.5 s: 15 of them.
  assert.equal(r.window, 15);
  const sd = (v: Float64Array) => {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
  };
  const ratio = sd(r.x) / sd(x);
  assert.ok(Math.abs(ratio - 1 / Math.sqrt(15)) < 0.05, `sd ratio ${ratio}, 1/sqrt(15) = ${1 / Math.sqrt(15)}`);
});

test("estimateHeadroom: on 1 s intervals of an M/M/8 pool of 200 req/s, the smoothed throughput keeps the estimate near the capacity", () => {
  // The simulator's M/M/c mechanism at the lab pool's parameters (8 slots of 40 ms, load to 93%),
  // with the counting noise of 1 s intervals: raw, the fits' C above every noisy throughput sends
  // the estimate to 1.0-1.45 x the capacity (seeds 1-8; median 1.24); smoothed, 0.96-1.05.
  let rawFar = 0;
  for (let seed = 1; seed <= 4; seed++) {
    const sim = simulatePattern("well-behaved", {
      seed,
      intervals: [300, 300],
      intervalSeconds: 1,
      servers: [8, 8],
      serviceMs: [40, 40],
      peakUtilisation: [0.93, 0.93],
      noise: [0.1, 0.1],
    });
    const a = analyzeHeadroom({ throughput: sim.throughput, response: sim.response, time: sim.time }, { q: 0.95 });
    const h = estimateHeadroom(a);
    assert.ok(h.smoothed !== null && h.smoothed >= 10, `window ${h.smoothed}`);
    assert.match(h.statement, new RegExp(`fitted to each interval's throughput averaged over the ${h.smoothed} around it`));
    assert.ok(Math.abs(h.maxUsefulThroughput / 200 - 1) < 0.06, `seed ${seed}: ${h.maxUsefulThroughput} (${h.method})`);
    assert.ok(h.interval![0] <= 200 && 200 <= h.interval![1], `seed ${seed}: ${h.interval}`);
    const raw = estimateHeadroom(a, { minPeakCount: Number.POSITIVE_INFINITY });
    assert.equal(raw.smoothed, null);
    if (raw.maxUsefulThroughput / 200 - 1 > 0.08) rawFar++;
  }
  assert.ok(rawFar >= 2, `raw estimates more than 8% high: ${rawFar} of 4`);
});

test("smoothThroughput: the interval length is the median time step, on a regular grid and off it (gaps of 1 s and 3 s, a repeated time)", () => {
  const x = Float64Array.from({ length: 9 }, () => 10);
  // Gaps 1, 1, 3, 1, 3, 3, 3, 0 (a tie, left out): median of the positive ones 3 s, so 30 requests at the peak.
  const t = Float64Array.from([0, 1, 2, 5, 6, 9, 12, 15, 15]);
  // minPeakCount 60: a window of 2 intervals, made odd: 3, so rows within ±4.5 s.
  const r = smoothThroughput(x, t, { minPeakCount: 60, maxShare: 1 })!;
  assert.equal(r.window, 3);
  // A regular grid of 3 s steps: the same length, so the same window.
  const grid = Float64Array.from({ length: 9 }, (_, i) => 3 * i);
  assert.equal(smoothThroughput(x, grid, { minPeakCount: 60, maxShare: 1 })!.window, 3);
  // Steps of 1 s: 10 requests at the peak, a window of 6 made odd: 7.
  const ones = Float64Array.from({ length: 9 }, (_, i) => i);
  assert.equal(smoothThroughput(x, ones, { minPeakCount: 60, maxShare: 1 })!.window, 7);
  // Every time the same: no step to read an interval from.
  assert.equal(smoothThroughput(x, new Float64Array(9).fill(5), { minPeakCount: 60, maxShare: 1 }), null);
});

test("medianGap: R type 7 median of the positive gaps, whether or not the smallest gap fills more than half of them", () => {
  const median = (ts: number[]) => {
    const gaps = ts
      .slice(1)
      .map((v, i) => v - ts[i])
      .filter((d) => d > 0);
    return gaps.length ? quantile(gaps, 0.5) : Number.NaN;
  };
  const rng = seededRandom(3);
  const cases: number[][] = [
    [],
    [5],
    [5, 5, 5],
    [0, 1],
    [0, 1, 3],
    [0, 1, 2, 4],
    [0, 2, 3, 4, 6],
    [0, 1, 2, 4, 6],
    [0, 1, 2, 3, 5, 7, 9],
    [0, 1, 2, 3, 4, 6, 8, 10],
    [0, 1, 2, 3, 4, 6, 8, 10, 12],
  ];
  // Grids of 1 s with rows trimmed away (a trimmed share of 10% to 70%), and repeated times.
  for (const share of [0.1, 0.3, 0.45, 0.5, 0.55, 0.7]) {
    const ts: number[] = [];
    for (let t = 0; t < 2000; t++) if (rng.uniform() >= share) ts.push(t, ...(rng.uniform() < 0.01 ? [t] : []));
    cases.push(ts);
  }
  for (const ts of cases) assert.equal(medianGap(Float64Array.from(ts)), median(ts), `times ${ts.slice(0, 12).join(", ")}${ts.length > 12 ? ", ..." : ""}`);
});
