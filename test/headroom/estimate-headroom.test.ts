import { test } from "node:test";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import { analyzeHeadroom } from "../../src/headroom/analyze.js";
import { bootstrapResamples, estimateHeadroom, headroomSteps, type BootstrapJob, type HeadroomEstimate } from "../../src/headroom/estimate-headroom.js";
import { simulatePattern } from "../../src/headroom/simulate.js";
import { predictInverseGaussian } from "../../src/stats/glm-inverse-gaussian.js";
import { quantile } from "../../src/stats/quantile.js";
import { assertClose } from "../helpers/close.js";

function analysed(seed: number, pattern: "well-behaved" | "lock-contention" = "well-behaved") {
  const sim = simulatePattern(pattern, { seed });
  return { sim, a: analyzeHeadroom({ throughput: sim.throughput, response: sim.response, time: sim.time }, { q: 1 }) };
}

test("SLA method: the fitted curve passes through the SLA at the maximum useful throughput", () => {
  const { a } = analysed(11);
  const sla = 3 * a.y.reduce((m, v) => Math.min(m, v), Infinity);
  const h = estimateHeadroom(a, { sla, bootstrap: 50 });
  assert.equal(h.method, "sla");
  assertClose(predictInverseGaussian(a.fit, h.maxUsefulThroughput), sla, 1e-9, "mu(x) = SLA");
  assert.ok(h.interval![0] <= h.maxUsefulThroughput && h.maxUsefulThroughput <= h.interval![1]);
  assertClose(h.headroomFraction, 1 - h.observedPeak / h.maxUsefulThroughput, 1e-12, "headroom");
});

test("without an SLA: a queueing curve, the USL peak or the asymptote, never below the observed peak; bootstrap is seeded", () => {
  const { a } = analysed(12, "lock-contention");
  // Lock seed 12: 171 requests in the busiest 60 s interval, so the fits read a moving mean of 15 intervals.
  const h1 = estimateHeadroom(a, { bootstrap: 60, seed: 5 });
  const h2 = estimateHeadroom(a, { bootstrap: 60, seed: 5 });
  assert.deepEqual(h1, h2);
  assert.ok(["mmc", "capacity-curve", "usl", "glm-asymptote"].includes(h1.method));
  assert.ok(h1.maxUsefulThroughput >= h1.observedPeak);
  // The interval's floor is a throughput sustained in 5% of the intervals (their 95th percentile),
  // not the single highest interval, whose count carries counting noise.
  assert.ok(h1.interval![0] >= quantile(a.x, 0.95) && h1.interval![0] <= h1.interval![1]);
  assert.ok(h1.headroomFraction! >= 0 && h1.headroomFraction! < 1);
});

test("estimates land near the true capacity of simulated M/M/c systems (median within 15%)", () => {
  // Lock-contention simulations reach only 35-80% lock utilisation, so their capacity is an
  // extrapolation: scripts/evaluate-headroom.ts reports how far off it is.
  for (const p of ["well-behaved"] as const) {
    const ratios: number[] = [];
    for (let s = 0; s < 15; s++) {
      const { sim, a } = analysed(40001 + s, p);
      ratios.push(estimateHeadroom(a, { bootstrap: 20 }).maxUsefulThroughput / sim.capacity!);
    }
    ratios.sort((x, y) => x - y);
    const median = ratios[7];
    assert.ok(median > 0.85 && median < 1.15, `${p}: median estimate / capacity ${median}`);
  }
});

test("flat response (no knee): a stated lower bound, not a number pretending to be the limit", () => {
  const n = 300;
  const x = Float64Array.from({ length: n }, (_, i) => 100 + (i % 50) * 4);
  const y = Float64Array.from({ length: n }, (_, i) => 20 + ((i * 7) % 5) * 0.1);
  const a = analyzeHeadroom({ throughput: x, response: y }, { q: 1 });
  const h = estimateHeadroom(a, { bootstrap: 20 });
  assert.equal(h.bounded, false);
  assert.equal(h.method, "lower-bound");
  assert.equal(h.interval, null);
  assert.match(h.statement, /no knee observed/);
  assert.ok(h.headroomFraction! >= 0);
});

test("an SLA the curve never reaches (response falls with throughput) is said so", () => {
  const x = Float64Array.from({ length: 200 }, (_, i) => 10 + i);
  const y = Float64Array.from({ length: 200 }, (_, i) => 100 - i * 0.3 + (i % 3));
  const a = analyzeHeadroom({ throughput: x, response: y }, { q: 1 });
  const h = estimateHeadroom(a, { sla: 500, bootstrap: 10 });
  assert.equal(h.bounded, false);
  assert.equal(h.method, "lower-bound");
  assert.match(h.statement, /never reaches the SLA of 500/);
});

test("an SLA below the response at zero load: maximum useful throughput 0, headroom null (never -Infinity)", () => {
  const { a } = analysed(14);
  const h = estimateHeadroom(a, { sla: 1e-6, bootstrap: 10 });
  assert.equal(h.maxUsefulThroughput, 0);
  assert.equal(h.headroomFraction, null);
  assert.match(h.statement, /above the SLA .* even at zero throughput/);
  assert.doesNotMatch(JSON.stringify(h.headroomInterval), /Infinity|NaN/);
});

test("a queueing curve the data reject does not widen the interval (unionRss)", () => {
  // An M/M/1-shaped response 20 / (1 - X/1000) ms (the shape of data/web-steady.csv): the capacity
  // curve fits it; the M/M/c curve fits it far worse (its knee cannot be that early and that soft).
  const rows = readFileSync("data/web-steady.csv", "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  const a = analyzeHeadroom({ throughput: rows.map((r) => Number(r[1])), response: rows.map((r) => Number(r[2])) });
  const h = estimateHeadroom(a);
  const all = estimateHeadroom(a, { unionRss: Infinity });
  assert.equal(h.method, "capacity-curve");
  assert.ok(h.mmc.rss! > 2 * h.capacityCurve.rss!, `M/M/c RSS ${h.mmc.rss} vs capacity curve ${h.capacityCurve.rss}`);
  assert.ok(h.interval![0] > all.interval![0], `${h.interval![0]} > ${all.interval![0]}`);
  assert.equal(h.maxUsefulThroughput, all.maxUsefulThroughput);
  // The true capacity of the sample (scripts/make-samples.ts) is 1000: still inside.
  assert.ok(h.interval![0] <= 1000 && 1000 <= h.interval![1], `${h.interval}`);
});

test("m-out-of-n bootstrap above resampleRows: resamples draw m rows, each model's estimates drawn towards its estimate on all n by sqrt(m / n)", () => {
  // 30,000 intervals: grouped fits, 40 resamples.
  const sim = simulatePattern("well-behaved", { seed: 22, intervals: [30_000, 30_000] });
  const a = analyzeHeadroom({ throughput: sim.throughput, response: sim.response, time: sim.time }, { q: 1 });
  const n = a.x.length;
  // Up to n rows a resample draws them all: the estimate of resampleRows = Infinity, exactly.
  const all = estimateHeadroom(a, { resampleRows: Infinity });
  assert.deepEqual(estimateHeadroom(a, { resampleRows: n }), all);
  assert.equal(all.resampleRows, n);
  assert.ok(all.interval !== null, "a bounded estimate");

  const m = 3_000;
  const steps = headroomSteps(a, { resampleRows: m });
  const job = steps.next().value as BootstrapJob;
  assert.equal(job.drawn, m);
  const result = bootstrapResamples(job);
  const h = steps.next(result).value as HeadroomEstimate;
  assert.equal(h.resampleRows, m);
  assert.equal(h.maxUsefulThroughput, all.maxUsefulThroughput, "the estimate is that of all rows");
  // The interval: per model, the 2.5% and 97.5% quantiles of centre + sqrt(m / n) (v - centre), united with the estimate
  // and floored at the 95th percentile of the intervals' throughput (as without m-out-of-n).
  const centre: Record<string, number> = {
    [job.methods[0]]: h.maxUsefulThroughput,
    mmc: h.mmc.capacity!,
    "capacity-curve": h.capacityCurve.capacity!,
    usl: h.usl!.xMax!,
  };
  const f = Math.sqrt(m / n);
  let lo = h.maxUsefulThroughput;
  let hi = lo;
  result.samples.forEach((vs, k) => {
    const r = vs.map((v) => centre[job.methods[k]] + f * (v - centre[job.methods[k]]));
    lo = Math.min(lo, quantile(r, 0.025));
    hi = Math.max(hi, quantile(r, 0.975));
  });
  const floor = quantile(a.x, 0.95);
  assert.deepEqual(h.interval, [Math.max(lo, floor), Math.max(hi, floor)]);
  // On the scale of n rows: the m-out-of-n interval's width is near the n-out-of-n one's.
  const width = (i: [number, number] | null) => i![1] - i![0];
  const ratio = width(h.interval) / width(all.interval);
  assert.ok(ratio > 0.5 && ratio < 2, `m-out-of-n width / n-out-of-n width ${ratio}`);
  // Without the rescaling, the m-row resamples' union would be wider.
  const raw: [number, number] = [Math.min(...result.samples.map((vs) => quantile(vs, 0.025))), Math.max(...result.samples.map((vs) => quantile(vs, 0.975)))];
  assert.ok(width(raw) > 1.2 * width(h.interval), `unscaled ${raw} against ${h.interval}`);
});

test("bootstrap options that cannot be used are a RangeError naming the option, not an interval of no resamples", () => {
  const { a } = analysed(31);
  for (const [options, name] of [
    [{ resampleRows: 0 }, "resampleRows"],
    [{ resampleRows: 2.5 }, "resampleRows"],
    [{ resampleRows: Number.NaN }, "resampleRows"],
    [{ bootstrap: -1 }, "bootstrap"],
    [{ largeBootstrap: 1.5 }, "largeBootstrap"],
  ] as const) {
    assert.throws(
      () => estimateHeadroom(a, options),
      (e: unknown) => e instanceof RangeError && e.message.startsWith(`estimateHeadroom: ${name} must be`),
      JSON.stringify(options),
    );
  }
  // The limits themselves are allowed: no resamples (the interval is the estimate and its floor), all rows.
  assert.equal(estimateHeadroom(a, { bootstrap: 0 }).resamples, 0);
  assert.equal(estimateHeadroom(a, { resampleRows: 1 }).resampleRows, 1);
});
