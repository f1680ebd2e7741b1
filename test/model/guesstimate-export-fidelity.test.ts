/**
 * Every space chp writes opens and simulates in Guesstimate: numbers are plain decimals
 * (Guesstimate's number format has no exponent notation), no DATA holds 2,501 to 4,999 values
 * (Guesstimate's two-worker slicing fails on them), and the space goes through the same formatter
 * and evaluator rules as an import without a single metric error. Re-imported, the response
 * matches chp's exact CDF (KS < 0.02).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { chp } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { ksDistance } from "../../src/model/ks.js";
import { mixtureCdf } from "../../src/model/mixture-cdf.js";
import { empiricalFromSamples } from "../../src/model/empirical.js";
import { badDataLengths, modelToSpace, modesToModel, plainDecimal, samplesToSpace, spaceJson } from "../../src/model/guesstimate/export.js";
import { formatGuess } from "../../src/model/guesstimate/formatter.js";
import { evaluateSpace, outputMetrics, parseSpace } from "../../src/model/guesstimate/import.js";
import type { Space } from "../../src/model/guesstimate/space.js";
import { fitLognormalMixture } from "../../src/model/lognormal-mixture.js";
import { loadModel } from "../../src/model/parse-model.js";
import { readLatencies } from "../../src/model/read-latencies.js";
import type { ResponseModel } from "../../src/model/types.js";
import { seededRandom } from "../../src/util/random.js";

/** Everything Guesstimate would object to in a written space; [] when it opens and simulates cleanly. */
function problems(text: string): string[] {
  const out: string[] = [];
  if (/\d[eE][+-]?\d/.test(text)) out.push(`exponent notation: ${/.{0,20}\d[eE][+-]?\d.{0,10}/.exec(text)?.[0]}`);
  const space = JSON.parse(text) as Space;
  for (const g of space.space.graph.guesstimates) {
    const n = g.data?.length ?? 0;
    if (n >= badDataLengths.from && n <= badDataLengths.to) out.push(`DATA of ${n} values`);
    const f = formatGuess(g.expression ?? "", g.guesstimateType ?? "", g.data ?? null);
    if (f.error) out.push(`${g.metric}: ${f.error}`);
  }
  const parsed = parseSpace(space);
  // Guesstimate's 5,000 samples.
  evaluateSpace(parsed, { samples: 5000, seed: 3 }).forEach((r, i) => {
    if (r.error) out.push(`${parsed.metrics[i].readableId}: ${r.error}`);
  });
  return out;
}

function ksOfExport(model: ResponseModel, text: string): number {
  const parsed = parseSpace(JSON.parse(text));
  const results = evaluateSpace(parsed, { samples: 100_000, seed: 5 });
  const [out] = outputMetrics(parsed);
  return ksDistance(results[out].samples.slice().sort(), mixtureCdf(model).cdf, 2000);
}

test("plain decimals: 12 significant digits, never an exponent", () => {
  assert.equal(plainDecimal(1e-7), "0.0000001");
  assert.equal(plainDecimal(5e-7), "0.0000005");
  assert.equal(plainDecimal(-1.5e-8), "-0.000000015");
  assert.equal(plainDecimal(2e21), "2000000000000000000000");
  assert.equal(plainDecimal(3.25e22), "32500000000000000000000");
  assert.equal(plainDecimal(123.456), "123.456");
  assert.equal(plainDecimal(1 / 3), "0.333333333333");
  assert.equal(plainDecimal(1.234567890123e-9), "0.00000000123456789012");
  for (const v of [1e-7, 2e21, 1.234567890123e-9, 123.456]) assert.equal(formatGuess(plainDecimal(v), "", null).error, null);
});

test("a model with tiny and huge latencies exports without exponents and re-imports without error", () => {
  const model: ResponseModel = {
    name: "extremes",
    base: { name: "cpu", latency: { kind: "lognormal", low: 1e-7, high: 5e-7 } },
    tiers: [
      { name: "near", hitRate: 0.25, latency: { kind: "normal", low: 2e21, high: 3e21 } },
      { name: "far", hitRate: 1, latency: { kind: "point", value: 4.5e-9 } },
    ],
  };
  const text = spaceJson(modelToSpace(model));
  assert.deepEqual(problems(text), []);
  assert.match(text, /"expression": "\[0\.0000001,0\.0000005\]"/);
  assert.match(text, /"expression": "\[2000000000000000000000,3000000000000000000000\]"/);
  // spaceJson is JSON.stringify(space, null, 2) but for the numbers' spelling.
  assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(modelToSpace(model))));
});

test("no DATA length in 2,501-4,999: such a sample is written twice over (the same distribution), elsewhere as it is", () => {
  const three = Float64Array.from({ length: 3000 }, (_, i) => i + 0.5);
  const s = samplesToSpace("m", [{ name: "lat", values: three }]);
  const d = s.space.graph.guesstimates[0].data!;
  assert.equal(d.length, 6000);
  assert.deepEqual(
    d.slice().sort((a, b) => a - b),
    [...three, ...three].sort((a, b) => a - b),
  );
  assert.match(s.space.graph.guesstimates[0].description!, /each twice in random order/);
  for (const n of [2500, 5000]) {
    const values = Float64Array.from({ length: n }, (_, i) => i);
    assert.equal(samplesToSpace("m", [{ name: "lat", values }]).space.graph.guesstimates[0].data!.length, n);
  }
  // A model's empirical tier of 4,000 samples.
  const model: ResponseModel = {
    name: "e",
    base: null,
    tiers: [
      { name: "cache", hitRate: 0.5, latency: { kind: "uniform", low: 1, high: 2 } },
      {
        name: "disk",
        hitRate: 1,
        latency: { kind: "empirical", empirical: empiricalFromSamples(Float64Array.from({ length: 4000 }, (_, i) => 10 + (i % 97))) },
      },
    ],
  };
  const text = spaceJson(modelToSpace(model));
  assert.deepEqual(problems(text), []);
  assert.equal(JSON.parse(text).space.graph.guesstimates.find((g: { data?: number[] }) => g.data).data.length, 8000);
});

test("every export chp makes — the cache model, a modes mixture, measured data — passes Guesstimate's rules and re-imports with KS < 0.02", async () => {
  const cache = await loadModel("data/cache-model.json");
  const cacheText = spaceJson(modelToSpace(cache, { generator: "chp test" }));
  assert.deepEqual(problems(cacheText), []);
  const ksCache = ksOfExport(cache, cacheText);
  assert.ok(ksCache < 0.02, `cache model KS ${ksCache}`);

  const data = await readLatencies("data/api-latency.tsv");
  // Two modes (BIC alone takes one: the two are not separate peaks), so the export has tiers to round-trip.
  const fit = fitLognormalMixture({ values: data.empirical.kind === "samples" ? data.empirical.sorted : new Float64Array(0) }, { seed: 1, modes: 2 });
  const modes = modesToModel("api-latency", fit.modes, fit.hitRates);
  const modesText = spaceJson(modelToSpace(modes));
  assert.deepEqual(problems(modesText), []);
  const ksModes = ksOfExport(modes, modesText);
  assert.ok(ksModes < 0.02, `modes KS ${ksModes}`);

  const rng = seededRandom(2);
  for (const n of [3, 3000, 25_000]) {
    const values = Float64Array.from({ length: n }, () => rng.uniform() * 1e-7);
    assert.deepEqual(problems(spaceJson(samplesToSpace("m", [{ name: "lat", values }]))), [], `${n} values`);
  }
});

test("chp modes FILE --guesstimate OUT writes the mixture as a space that chp model evaluates without error", async () => {
  const out = join(tmpDir(), "modes.guess.json");
  const r = await chp("modes", "data/api-latency.tsv", "--modes", "2", "--guesstimate", out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote .*modes\.guess\.json \(Guesstimate space, 4 metrics: the modes as tiers\)/);
  const text = readFileSync(out, "utf8");
  assert.deepEqual(problems(text), []);
  const m = await chp("model", out, "--json");
  assert.equal(m.code, 0, m.stderr);
  const metrics = JSON.parse(m.stdout).metrics as { error: string | null }[];
  assert.ok(metrics.every((x) => x.error === null));
  const same = await chp("modes", "data/api-latency.tsv", "--guesstimate", out, "-o", out);
  assert.equal(same.code, 2);
});
