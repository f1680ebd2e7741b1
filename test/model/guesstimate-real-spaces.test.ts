/**
 * Every real space in ../shared/data/real/{spigo,guesstimate} imports, and per metric chp's mean
 * and p5/p50/p95 agree with Guesstimate's sampling: the distribution Guesstimate's rules give each
 * metric (GUESSTIMATE.md: DATA all values in order; LOGNORMAL [l, h] = lognormal(mean(ln l, ln h),
 * (ln h - ln l) / (2 * 1.645)); NORMAL [l, h] = normal((l + h) / 2, (h - mean) / 1.645); FUNCTIONs
 * per sample with index-aligned inputs), within tolerances from the sample size: a mean within 4.5
 * standard errors, a p-quantile q with |F(q) - p| within 4.5 sqrt(p (1 - p) / n) (n = 5,000 for
 * chp's figures, 2,000 for the percentiles Guesstimate displays). None of these files stores
 * Guesstimate's own simulation results (they hold only the space: metrics and guesstimates), so the
 * reference is Guesstimate's sampling rules, not numbers it displayed. The errors Guesstimate would
 * show are the errors chp shows.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";
import { pnorm } from "../../src/model/normal.js";
import { guesstimateDisplayStats } from "../../src/model/guesstimate/display-stats.js";
import { evaluateSpace, parseSpace } from "../../src/model/guesstimate/import.js";
import { quantiles } from "../../src/stats/quantile.js";

const n = 5000;
const load = (path: string) => JSON.parse(readFileSync(`${realData}/${path}`, "utf8"));

/** A reference distribution: CDF (and the CDF just left of x, for jumps), mean and standard deviation. */
interface Reference {
  cdf: (x: number) => number;
  cdfBelow: (x: number) => number;
  mean: number;
  sd: number;
}

const continuous = (cdf: (x: number) => number, mean: number, sd: number): Reference => ({ cdf, cdfBelow: cdf, mean, sd });
const normalRef = (low: number, high: number): Reference => {
  const mean = (low + high) / 2;
  const sd = (high - mean) / 1.645;
  return continuous((x) => pnorm((x - mean) / sd), mean, sd);
};
const lognormalRef = (low: number, high: number): Reference => {
  const mu = (Math.log(low) + Math.log(high)) / 2;
  const s = (Math.log(high) - Math.log(low)) / (2 * 1.645);
  const mean = Math.exp(mu + (s * s) / 2);
  return continuous((x) => (x <= 0 ? 0 : pnorm((Math.log(x) - mu) / s)), mean, mean * Math.sqrt(Math.exp(s * s) - 1));
};
const dataRef = (data: readonly number[]): Reference => {
  const mean = data.reduce((a, b) => a + b, 0) / data.length;
  const sd = Math.sqrt(data.reduce((a, b) => a + (b - mean) ** 2, 0) / data.length);
  return { cdf: (x) => data.filter((v) => v <= x).length / data.length, cdfBelow: (x) => data.filter((v) => v < x).length / data.length, mean, sd };
};
/** shift + (with probability w: a, else: b). */
const mixtureRef = (shift: number, w: number, a: Reference, b: Reference): Reference => {
  const mean = shift + w * a.mean + (1 - w) * b.mean;
  const second = w * (a.sd ** 2 + a.mean ** 2) + (1 - w) * (b.sd ** 2 + b.mean ** 2);
  return {
    cdf: (x) => w * a.cdf(x - shift) + (1 - w) * b.cdf(x - shift),
    cdfBelow: (x) => w * a.cdfBelow(x - shift) + (1 - w) * b.cdfBelow(x - shift),
    mean,
    sd: Math.sqrt(second - (mean - shift) ** 2),
  };
};

/** chp's mean and type-7 p5/p50/p95, and the figures Guesstimate displays, against the reference. */
function agrees(what: string, samples: Float64Array, ref: Reference): void {
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const exactData = ref.sd === 0;
  assert.ok(Math.abs(mean - ref.mean) <= (4.5 * ref.sd) / Math.sqrt(samples.length) + 1e-9 * Math.abs(ref.mean), `${what}: mean ${mean} vs ${ref.mean}`);
  const check = (label: string, q: number, p: number, count: number) => {
    const tol = 4.5 * Math.sqrt((p * (1 - p)) / count) + 1e-12;
    assert.ok(
      ref.cdfBelow(q) <= p + tol && ref.cdf(q) >= p - tol,
      `${what}: ${label} p${p * 100} = ${q}: F = ${ref.cdfBelow(q)}..${ref.cdf(q)}, tolerance ${tol}`,
    );
  };
  const [p5, p50, p95] = quantiles(samples, [0.05, 0.5, 0.95]);
  [p5, p50, p95].forEach((q, k) => check("chp", q, [0.05, 0.5, 0.95][k], samples.length));
  const g = guesstimateDisplayStats(samples)!;
  assert.equal(g.mean, mean);
  const shown = Math.min(2000, samples.length);
  [g.p5, g.p50, g.p95].forEach((q, k) => check("Guesstimate's display", q, [0.05, 0.5, 0.95][k], shown));
  if (exactData) assert.equal(mean, ref.mean);
}

function evaluate(path: string) {
  const json = load(path);
  const space = parseSpace(json, path);
  const results = evaluateSpace(space, { samples: n, seed: 1 });
  const by = Object.fromEntries(space.metrics.map((m, i) => [m.readableId, { ...results[i], guess: m.guess }]));
  return { json, space, by };
}

test("goguesstimate_want.guess.json (legacy input): DATA, POINT, LOGNORMAL and 100 + ((randomInt(0,100) > AC) ? AB : AD)", () => {
  const { space, by } = evaluate("guesstimate/goguesstimate_want.guess.json");
  assert.equal(space.legacyText, true);
  const ab = Array.from((by.AB.guess as { data: Float64Array }).data);
  assert.deepEqual(Array.from(by.AB.samples), ab);
  agrees("AB", by.AB.samples, dataRef(ab));
  assert.deepEqual(Array.from(by.AC.samples), [40]);
  agrees("AD", by.AD.samples, lognormalRef(1000, 4000));
  // randomInt(0, 100) is 0..99: P(> 40) = 59/100.
  assert.equal(by.AE.error, null);
  assert.equal(by.AE.samples.length, n);
  agrees("AE", by.AE.samples, mixtureRef(100, 0.59, dataRef(ab), lognormalRef(1000, 4000)));
});

test("goguesstimate_test_expression.guess.json: AE names AC bare in expression, Guesstimate's 'Undefined symbol'; the rest evaluates", async () => {
  const { by } = evaluate("guesstimate/goguesstimate_test_expression.guess.json");
  assert.equal(by.AE.error, "Sampling error detected (Undefined symbol AC)");
  agrees("AD", by.AD.samples, lognormalRef(1000, 4000));
  assert.deepEqual(Array.from(by.AC.samples), [40]);
  const r = await chp("model", `${realData}/guesstimate/goguesstimate_test_expression.guess.json`);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /goguesstimate_test_expression\.guess\.json: metric AE: Sampling error detected \(Undefined symbol AC\)\n$/);
  assert.match(r.stdout, /staash cpu +AD +LOGNORMAL +5000 /);
  assert.match(r.stdout, /staash +AE \* +FUNCTION +error/);
  assert.match(r.stdout, /error: metric AE: Sampling error detected \(Undefined symbol AC\)/);
});

test("server_api_us_population.json (unwrapped, legacy input): two NORMALs and their sum", () => {
  const { by } = evaluate("guesstimate/server_api_us_population.json");
  agrees("XZ", by.XZ.samples, normalRef(8e6, 25e6));
  agrees("QV", by.QV.samples, normalRef(260e6, 340e6));
  const a = normalRef(8e6, 25e6);
  const b = normalRef(260e6, 340e6);
  const mean = a.mean + b.mean;
  const sd = Math.hypot(a.sd, b.sd);
  agrees(
    "AU",
    by.AU.samples,
    continuous((x) => pnorm((x - mean) / sd), mean, sd),
  );
});

test("spigo's storage and lamp spaces: every DATA metric is its values, in order; chp's and Guesstimate's figures follow", () => {
  for (const f of ["storage", "lamp"]) {
    const { json, space, by } = evaluate(`spigo/${f}.guess.json`);
    assert.equal(space.legacyText, false);
    for (const g of json.space.graph.guesstimates as { metric: string; data: number[] }[]) {
      const m = space.metrics.find((x) => x.id === g.metric)!;
      const r = by[m.readableId];
      assert.equal(r.error, null);
      assert.deepEqual(Array.from(r.samples), g.data);
      agrees(`${f} ${m.readableId}`, r.samples, dataRef(g.data));
      // Guesstimate's display, by its rule: sorted(first 2000)[floor(len p)].
      const sorted = g.data.slice(0, 2000).sort((a, b) => a - b);
      const shown = guesstimateDisplayStats(r.samples)!;
      assert.deepEqual(
        [shown.p5, shown.p50, shown.p95],
        [0.05, 0.5, 0.95].map((p) => sorted[Math.floor(sorted.length * p)]),
      );
    }
  }
});
