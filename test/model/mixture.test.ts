/** Mode decomposition: EM mixture of lognormals on log values. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fitLognormalMixture, recordingStep, simulate, tierShares, type ResponseModel } from "../../src/index.js";
import { assertClose } from "../helpers/close.js";
import { realData } from "../helpers/real.js";
import { tmpDir } from "../helpers/tmp.js";

const ln = (low: number, high: number) => ({ kind: "lognormal" as const, low, high });

/** Three-tier models NOT used while writing the EM (parameters picked for this test only). */
const models: ResponseModel[] = [
  {
    name: "m1",
    base: { name: "cpu", latency: { kind: "point", value: 0.05 } },
    tiers: [
      { name: "l1", hitRate: 0.55, latency: ln(0.2, 0.6) },
      { name: "l2", hitRate: 0.6, latency: ln(2, 6) },
      { name: "l3", hitRate: 1, latency: ln(20, 90) },
    ],
  },
  {
    name: "m2",
    base: null,
    tiers: [
      { name: "l1", hitRate: 0.25, latency: ln(1, 3) },
      { name: "l2", hitRate: 0.8, latency: ln(6, 20) },
      { name: "l3", hitRate: 1, latency: ln(80, 400) },
    ],
  },
  {
    name: "m3",
    base: { name: "cpu", latency: ln(0.05, 0.2) },
    tiers: [
      { name: "l1", hitRate: 0.7, latency: ln(0.8, 2.5) },
      { name: "l2", hitRate: 0.5, latency: ln(5, 15) },
      { name: "l3", hitRate: 1, latency: ln(40, 150) },
    ],
  },
];

test("three-tier models: --modes 3 recovers each mode's weight within 0.03", () => {
  for (const [i, m] of models.entries()) {
    const sim = simulate(m, { samples: 50_000, seed: 1000 + i });
    const t0 = performance.now();
    const fit = fitLognormalMixture({ values: sim.samples }, { modes: 3 });
    const ms = performance.now() - t0;
    const want = tierShares(m);
    fit.modes.forEach((mode, j) => assert.ok(Math.abs(mode.weight - want[j]) < 0.03, `${m.name} mode ${j}: ${mode.weight} vs ${want[j]}`));
    assert.ok(fit.hitRates.every((h) => Number.isFinite(h)));
    assert.ok(
      Math.abs(fit.hitRates[0] - m.tiers[0].hitRate) < 0.03 && Math.abs(fit.hitRates[1] - m.tiers[1].hitRate) < 0.05,
      `${m.name} hit rates ${fit.hitRates}`,
    );
    assert.ok(ms < 5000, `${ms} ms`);
  }
});

test("BIC picks 3 modes for a well-separated three-tier model; weighted buckets give the same weights", () => {
  // BIC from 1 to 6 modes on 25,000 draws (above 20,000 values the EM runs on the 2,048-bin
  // log histogram, a few seconds; on raw values every extra k is a slow full pass per EM step).
  const many = simulate(models[1], { samples: 25_000, seed: 77 });
  const byBic = fitLognormalMixture({ values: many.samples });
  assert.equal(byBic.modes.length, 3, `BIC by modes ${JSON.stringify(byBic.bicByModes)}`);
  assert.equal(byBic.bicByModes.length, 6);
  const want = tierShares(models[1]);
  byBic.modes.forEach((mode, j) => assert.ok(Math.abs(mode.weight - want[j]) < 0.03, `mode ${j}: ${mode.weight} vs ${want[j]}`));
  // Raw values against their buckets: a log-spaced histogram (HdrHistogram-like, 2% wide) of the same 6,000 samples.
  const sim = simulate(models[1], { samples: 6_000, seed: 77 });
  const fit = fitLognormalMixture({ values: sim.samples }, { modes: 3 });
  const counts = new Map<number, number>();
  for (const v of sim.samples) {
    const k = Math.floor(Math.log(v) / Math.log(1.02));
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const buckets = [...counts].map(([k, count]) => ({ from: 1.02 ** k, to: 1.02 ** (k + 1), count }));
  const fb = fitLognormalMixture({ buckets }, { modes: 3 });
  fb.modes.forEach((m, j) => assert.ok(Math.abs(m.weight - fit.modes[j].weight) < 0.01));
  assert.equal(fb.n, 6_000);
});

test("robust: one value repeated, two values, quantized values, no NaN", () => {
  const same = new Float64Array(500).fill(3);
  const f1 = fitLognormalMixture({ values: same }, { modes: 2 });
  assert.ok(f1.modes.every((m) => Number.isFinite(m.weight) && Number.isFinite(m.median)));
  assertClose(f1.modes[0].median, 3, 1e-6);
  const quantized = Float64Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? 0.0011 : i % 3 === 1 ? 0.001 : 0.034));
  const f2 = fitLognormalMixture({ values: quantized });
  assert.ok(Number.isFinite(f2.bic) && f2.modes.length <= 3, `${f2.modes.length} modes`);
  assert.throws(() => fitLognormalMixture({ values: [1, 2, -1] }), /values <= 0/);
  assert.throws(() => fitLognormalMixture({ values: [1, 2] }, { modes: 3 }), /only 2/);
});

// The fixed data: 300 draws of a two-tier model (seed 11), as written by this test.
const two: ResponseModel = {
  name: "two",
  base: null,
  tiers: [
    { name: "a", hitRate: 0.35, latency: ln(1, 3) },
    { name: "b", hitRate: 1, latency: ln(8, 40) },
  ],
};

test("EM maximum equals R's optim maximum of the same likelihood (golden and live)", () => {
  const xs = simulate(two, { samples: 300, seed: 11 }).samples;
  const fit = fitLognormalMixture({ values: xs }, { modes: 2 });
  // R 4.2.2 on these 300 values (x, written with toPrecision(17)); y <- log(x)
  // nll <- function(p) { w <- plogis(p[1]); -sum(log(w*dnorm(y,p[2],exp(p[3])) + (1-w)*dnorm(y,p[4],exp(p[5]))) - y) }
  // fit <- optim(c(0, 0.5, log(0.3), 3, log(0.5)), nll, method = "BFGS", control = list(reltol = 1e-14, maxit = 1000))
  // -> w 0.371478139298025, mu1 0.576156624954986, s1 0.363155917270348, mu2 2.914650107377705, s2 0.495721118382774; -fit$value -989.89963243852
  assertClose(fit.logLik, -989.89963243852, 1e-9, "logLik");
  assertClose(fit.modes[0].weight, 0.371478139298025, 1e-5, "w1");
  assertClose(fit.modes[0].meanlog, 0.576156624954986, 1e-5, "mu1");
  assertClose(fit.modes[0].sdlog, 0.363155917270348, 1e-5, "s1");
  assertClose(fit.modes[1].meanlog, 2.914650107377705, 1e-5, "mu2");
  assertClose(fit.modes[1].sdlog, 0.495721118382774, 1e-5, "s2");
  const rscript = "/usr/bin/Rscript";
  if (!existsSync(rscript)) return; // the golden above is always checked
  const file = join(tmpDir(), "two.csv");
  writeFileSync(file, "latency\n" + Array.from(xs, (v) => v.toPrecision(17)).join("\n") + "\n");
  const m = fit.modes;
  const out = execFileSync(
    rscript,
    [
      "-e",
      `y <- log(read.csv("${file}")$latency); cat(sprintf("%.15g", sum(log(${m[0].weight}*dnorm(y,${m[0].meanlog},${m[0].sdlog}) + ${m[1].weight}*dnorm(y,${m[1].meanlog},${m[1].sdlog})) - y)))`,
    ],
    { encoding: "utf8" },
  );
  assertClose(fit.logLik, Number(out), 1e-12, "logLik recomputed by R with dnorm");
});

test("recording step: the gcd of the smallest value and the gaps, null off a grid", () => {
  assertClose(recordingStep([0.0008, 0.0009, 0.001, 0.0011, 0.0035])!, 0.0001, 1e-9);
  // No two values one step apart: the grid is still 0.1 (0.2 and 0.5 are its multiples).
  assertClose(recordingStep([0.2, 0.5])!, 0.1, 1e-9);
  assert.equal(recordingStep([3, 7, 12]), 1);
  assert.equal(recordingStep([1, Math.PI]), null);
  assert.equal(recordingStep([5]), null);
});

test("real hey log (0.1 ms step): two modes by BIC among separate peaks, not splits of the 1 ms peak", () => {
  // hey -o csv, 16,814 requests; its response-time column is written with 4 decimals (0.1 ms).
  // Counted with awk: 10,112 values from 0.8 to 4.8 ms peaking at 1.0 ms, 6,541 from 26 to
  // 47 ms peaking near 34 ms, and 161 elsewhere (thin bumps near 7 and 60 ms).
  const text = readFileSync(join(realData, "hey/hey-c16-per-request.csv"), "utf8");
  const values = text
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => Number(l.split(",")[0]));
  const fit = fitLognormalMixture({ values });
  assertClose(fit.step!, 0.0001, 1e-9);
  assert.equal(fit.modes.length, 2, `medians ${fit.modes.map((m) => m.median)}`);
  assert.ok(fit.modes[0].median > 0.0009 && fit.modes[0].median < 0.0014, `${fit.modes[0].median}`);
  assert.ok(fit.modes[1].median > 0.032 && fit.modes[1].median < 0.036, `${fit.modes[1].median}`);
  // Weights against the split at 15 ms (awk): 10,196 / 16,814 = 0.606 below.
  assert.ok(Math.abs(fit.modes[0].weight - 0.606) < 0.02, `${fit.modes[0].weight}`);
  // Higher k raise the likelihood (lower BIC) but their components are not separate modes.
  assert.ok(fit.bicByModes.filter((b) => b.modes > 2).every((b) => !b.separate && b.bic < fit.bic));
});

test("two lognormals: separate modes at 4 sdlog apart, one mode at 1.5 sdlog apart", () => {
  const draw = (gap: number) => {
    const sim = simulate(
      {
        name: "g",
        base: null,
        tiers: [
          { name: "a", hitRate: 0.5, latency: ln(1, Math.exp(0.6)) },
          { name: "b", hitRate: 1, latency: ln(Math.exp(gap * 0.182), Math.exp(gap * 0.182 + 0.6)) },
        ],
      },
      { samples: 25_000, seed: 5 },
    );
    // BIC over 1 to 3 modes: one more than the truth at either gap (k = 4 to 6, the default's
    // slowest fits, add overfits of the same kind as k = 3).
    const fit = fitLognormalMixture({ values: sim.samples }, { maxModes: 3 });
    const bic = (k: number) => fit.bicByModes.find((b) => b.modes === k)!;
    return { modes: fit.modes.length, twoSeparate: bic(2).separate, threeSeparate: bic(3).separate, bic };
  };
  // Above 20,000 values the EM runs on the 2,048-bin log histogram: seconds, not a minute.
  const far = draw(4);
  assert.deepEqual([far.modes, far.twoSeparate, far.threeSeparate], [2, true, false]);
  // The separation rule itself is checked: on 25,000 draws BIC alone would take two components
  // at 1.5 sdlog too (a lower BIC, asserted), so the two-mode fit's verdict (not separate) is what decides.
  const near = draw(1.5);
  assert.ok(near.bic(2).bic < near.bic(1).bic, `BIC ${near.bic(1).bic} for 1 component, ${near.bic(2).bic} for 2`);
  assert.deepEqual([near.modes, near.twoSeparate], [1, false]);
});
