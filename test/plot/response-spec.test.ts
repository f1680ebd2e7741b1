/**
 * The model and modes pictures read at a glance: log-axis labels with SI prefixes that never run
 * together, no legend for a single series, several scenarios in a legend, and axis titles that say
 * what the values are (a Guesstimate metric is not a response time of requests).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import { responseSpec } from "../../src/plot/response-spec.js";
import { seededRandom } from "../../src/util/random.js";
import { validateJsonSchema } from "./json-schema.js";

const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("vega-lite/vega-lite-schema.json"), "utf8"));

function lognormal(seed: number, n: number, median: number): Float64Array {
  const rng = seededRandom(seed);
  return Float64Array.from({ length: n }, () => median * Math.exp(0.3 * Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform())));
}

type Layer = {
  mark?: unknown;
  encoding?: { x?: { title: string; axis: Record<string, unknown> }; y?: { title: string }; color?: { legend?: unknown }; stroke?: { legend?: unknown } };
};
const layerOf = (spec: unknown) => ((spec as { layer?: Layer[] }).layer ?? [spec as Layer])[0];

test("one Monte Carlo metric: no one-entry legend, SI-prefixed log labels kept 4 px apart, titled by the metric and its samples", () => {
  const spec = responseSpec([{ label: "Total", values: lognormal(1, 2000, 320e6) }], { valueTitle: "Total", counted: "samples" });
  assert.deepEqual(validateJsonSchema(schema, JSON.parse(JSON.stringify(spec))), []);
  const enc = layerOf(spec).encoding!;
  assert.equal(enc.x!.title, "Total (log scale)");
  assert.equal(enc.y!.title, "Fraction of samples per bin");
  // 300000000 and 400000000 would run together: labels from 1,000 up use SI prefixes (300M).
  assert.match(String(enc.x!.axis.labelExpr), /datum\.value >= 1000 \? format\(datum\.value, '\.3~s'\)/);
  assert.equal(enc.x!.axis.labelOverlap, "greedy");
  assert.equal(enc.x!.axis.labelSeparation, 4);
  const legends = [enc.color?.legend, enc.stroke?.legend].filter((l) => l !== undefined);
  assert.deepEqual(legends, [null]);
});

test("a what-if sweep: one legend entry per scenario; response times by default, counted as requests", () => {
  const spec = responseSpec([
    { label: "memcached 40%", values: lognormal(2, 2000, 1.2) },
    { label: "memcached 60%", values: lognormal(3, 2000, 4) },
  ]);
  assert.deepEqual(validateJsonSchema(schema, JSON.parse(JSON.stringify(spec))), []);
  const enc = layerOf(spec).encoding!;
  assert.equal(enc.x!.title, "Response time (unit not stated, log scale)");
  assert.equal(enc.y!.title, "Fraction of requests per bin");
  assert.deepEqual(enc.color?.legend ?? enc.stroke?.legend, { labelLimit: 400 });
});
