/** Model file validation, the seeded forward model, the exact mixture CDF, what-if sweeps. */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DataError,
  ksDistance,
  loadModel,
  mixtureCdf,
  parseModel,
  pnorm,
  qnorm,
  simulate,
  sweepScenarios,
  tierShares,
  type ResponseModel,
} from "../../src/index.js";
import { modelMessage } from "../../src/messages.js";
import { assertClose } from "../helpers/close.js";
import { tmpFile } from "../helpers/tmp.js";

const example = "data/cache-model.json";

const bad = async (json: unknown, expected: string) => {
  await assert.rejects(parseModel(json, { file: "model.json" }), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.equal((e as Error).message, `model.json: ${expected}`);
    return true;
  });
};

const lat = { lognormal: [1, 2] };

test("model file errors name the bad field", async () => {
  await bad(
    {
      tiers: [
        { name: "a", hitRate: 0.4, latency: lat },
        { name: "b", hitRate: 1.4, latency: lat },
        { name: "c", latency: lat },
      ],
    },
    modelMessage.notAProbability("tiers[1].hitRate", 1.4),
  );
  assert.equal(modelMessage.notAProbability("tiers[1].hitRate", 1.4), "tiers[1].hitRate: 1.4 is not a probability in [0, 1]");
  await bad({ tiers: [] }, modelMessage.noTiers("tiers"));
  await bad({}, modelMessage.missingField("tiers", "an array of tiers"));
  await bad(
    {
      tiers: [
        { name: "a", latency: lat },
        { name: "b", latency: lat },
      ],
    },
    modelMessage.missingField("tiers[0].hitRate", "a hit rate in [0, 1]"),
  );
  await bad({ tiers: [{ name: "a", hitRate: 0.5, latency: lat }] }, modelMessage.lastTierHitRate("tiers[0].hitRate", 0.5));
  await bad({ tiers: [{ name: "a", latency: { lognormal: [0, 2] } }] }, modelMessage.badInterval("tiers[0].latency.lognormal", "lognormal", 0, 2));
  await bad({ tiers: [{ name: "a", latency: { normal: [3, 2] } }] }, modelMessage.badInterval("tiers[0].latency.normal", "normal", 3, 2));
  await bad(
    { tiers: [{ name: "a", latency: { point: 1, uniform: [1, 2] } }] },
    modelMessage.latencyKind("tiers[0].latency", ["point", "uniform", "normal", "lognormal", "samples", "buckets", "data"], ["point", "uniform"]),
  );
  await bad({ tiers: [{ name: "a", latency: { lognormal: [1, "x"] } }] }, modelMessage.wrongType("tiers[0].latency.lognormal[1]", "x", "a finite number"));
  await bad(
    { tiers: [{ name: "a", latency: lat, colour: 1 }] },
    modelMessage.unknownField("tiers[0]", "colour", ["name", "hitRate", "latency", "description"]),
  );
  await bad({ base: { name: "a", latency: lat }, tiers: [{ name: "a", latency: lat }] }, modelMessage.duplicateName("tiers[0].name", "a"));
  await bad(
    { tiers: [{ name: "a", latency: { data: "no-such.csv" } }] },
    modelMessage.dataFile("tiers[0].latency.data", "no-such.csv", "no such file: no-such.csv".replace("no-such.csv", `${process.cwd()}/no-such.csv`)),
  );
});

test("empirical latencies: inline samples, buckets, a CSV column (scaled)", async () => {
  const csv = tmpFile("lat.csv", "t,latency_s\n1,0.001\n2,0.002\n3,NA\n4,0.004\n");
  const m = await parseModel(
    {
      tiers: [
        { name: "a", hitRate: 0.5, latency: { samples: [1, 2, 3] } },
        {
          name: "b",
          hitRate: 0.5,
          latency: {
            buckets: [
              { from: 1, to: 2, count: 3 },
              { from: 2, to: 4, count: 1 },
            ],
          },
        },
        { name: "c", latency: { data: "lat.csv", scale: 1000 } },
      ],
    },
    { file: csv },
  );
  const c = m.tiers[2].latency;
  assert.equal(c.kind, "empirical");
  if (c.kind === "empirical" && c.empirical.kind === "samples") assert.deepEqual(Array.from(c.empirical.sorted), [1, 2, 4]);
  else assert.fail("samples expected");
  const b = m.tiers[1].latency;
  assert.ok(b.kind === "empirical" && b.empirical.kind === "buckets" && b.empirical.total === 4);
});

test("pnorm and qnorm agree with R", () => {
  // R 4.2.2: options(digits=17); pnorm(c(-3.5, -1, 0.5, 2.5)); qnorm(c(0.001, 0.05, 0.3, 0.95))
  const p = [2.3262907903552494e-4, 0.15865525393145705, 0.69146246127401301, 0.99379033467422384];
  [-3.5, -1, 0.5, 2.5].forEach((x, i) => assertClose(pnorm(x), p[i], 1e-10, `pnorm(${x})`));
  const q = [-3.09023230616781319, -1.64485362695147264, -0.52440051270804067, 1.64485362695147153];
  [0.001, 0.05, 0.3, 0.95].forEach((x, i) => assertClose(qnorm(x), q[i], 1e-12, `qnorm(${x})`));
});

test("the example model: simulated vs exact quantiles, KS < 0.01 at 100,000 samples (numeric convolution with the cpu base)", async () => {
  const m = await loadModel(example);
  const t0 = performance.now();
  const sim = simulate(m, { samples: 100_000, seed: 20160 });
  const mix = mixtureCdf(m);
  assert.equal(mix.closedForm, false);
  const ks = ksDistance(sim.sorted, mix.cdf, 2000);
  assert.ok(ks < 0.01, `KS ${ks}`);
  for (const q of sim.quantiles.filter((x) => x.p <= 0.99)) assertClose(q.value, mix.quantile(q.p), 0.03, `p${q.p}`);
  assertClose(sim.mean, mix.mean, 0.02, "mean");
  assert.deepEqual(
    tierShares(m).map((s) => +s.toFixed(12)),
    [0.4, 0.42, 0.18],
  );
  sim.tiers.forEach((t) => assert.ok(Math.abs(t.share - t.exactShare) < 0.005, `${t.name} share`));
  assert.ok(performance.now() - t0 < 20_000);
});

test("closed-form mixture CDF (point base): full KS over every sample < 0.01; numeric convolution matches a normal sum", () => {
  const m: ResponseModel = {
    name: "t",
    base: { name: "cpu", latency: { kind: "point", value: 0.2 } },
    tiers: [
      { name: "a", hitRate: 0.3, latency: { kind: "uniform", low: 0.5, high: 1.5 } },
      { name: "b", hitRate: 0.5, latency: { kind: "normal", low: 3, high: 7 } },
      { name: "c", hitRate: 1, latency: { kind: "lognormal", low: 10, high: 60 } },
    ],
  };
  const mix = mixtureCdf(m);
  assert.equal(mix.closedForm, true);
  const sim = simulate(m, { samples: 100_000, seed: 99 });
  const ks = ksDistance(sim.sorted, mix.cdf);
  assert.ok(ks < 0.01, `KS ${ks}`);
  // normal base + normal tier: the sum is normal with mean 5 + 1, sd sqrt(sa^2 + sb^2).
  const sum: ResponseModel = {
    name: "n",
    base: { name: "cpu", latency: { kind: "normal", low: 0.5, high: 1.5 } },
    tiers: [{ name: "a", hitRate: 1, latency: { kind: "normal", low: 3, high: 7 } }],
  };
  const sa = 0.5 / 1.6448536269514722;
  const sb = 2 / 1.6448536269514722;
  const conv = mixtureCdf(sum);
  for (const x of [4, 5.5, 6, 7, 9]) assert.ok(Math.abs(conv.cdf(x) - pnorm((x - 6) / Math.hypot(sa, sb))) < 2e-4, `x=${x}`);
});

test("the talk's three scenarios move the mode heights as described", async () => {
  const m = await loadModel(example);
  const scenarios = sweepScenarios(m, [
    { tier: "memcached", hitRates: [0.4, 0.6, 0.2] },
    { tier: "mysql-memory", hitRates: [0.7, 0.7, 0.9] },
  ]);
  // Peak height of each mode: the fullest log bin in a window around the tier's median.
  const peaks = scenarios.map((s) => {
    const sim = simulate(s.model, { samples: 100_000, seed: 5 });
    const bins = new Float64Array(80);
    for (const v of sim.samples) bins[Math.min(79, Math.max(0, Math.floor((Math.log10(v) + 1) * 20)))]++;
    const peak = (a: number, b: number) => Math.max(...bins.slice(Math.floor((Math.log10(a) + 1) * 20), Math.floor((Math.log10(b) + 1) * 20)));
    return [peak(0.5, 2), peak(2.5, 8), peak(12, 60)];
  });
  const [base, moreCache, lessCacheMoreMysql] = peaks;
  // 60% memcached: the fast mode grows, both MySQL modes shrink.
  assert.ok(moreCache[0] > base[0] * 1.3 && moreCache[1] < base[1] && moreCache[2] < base[2]);
  // 20% memcached, 90% MySQL memory: the fast mode shrinks, the middle mode dominates, the disk mode shrinks.
  assert.ok(lessCacheMoreMysql[0] < base[0] * 0.7 && lessCacheMoreMysql[1] > base[1] * 1.4 && lessCacheMoreMysql[2] < base[2]);
  assert.ok(lessCacheMoreMysql[1] > lessCacheMoreMysql[0] && lessCacheMoreMysql[1] > lessCacheMoreMysql[2]);
  assert.deepEqual(
    scenarios.map((s) => tierShares(s.model).map((x) => +x.toFixed(6))),
    [
      [0.4, 0.42, 0.18],
      [0.6, 0.28, 0.12],
      [0.2, 0.72, 0.08],
    ],
  );
});

test("simulate is seeded and does not modify the model", async () => {
  const m = await loadModel(example);
  const frozen = JSON.stringify(m, (_k, v) => (v instanceof Float64Array ? Array.from(v) : v));
  const a = simulate(m, { samples: 1000, seed: 3 });
  const b = simulate(m, { samples: 1000, seed: 3 });
  assert.deepEqual(a.samples, b.samples);
  assert.notDeepEqual(a.samples, simulate(m, { samples: 1000, seed: 4 }).samples);
  assert.equal(
    JSON.stringify(m, (_k, v) => (v instanceof Float64Array ? Array.from(v) : v)),
    frozen,
  );
});
