/**
 * The distribution plot of one file distribution (.hgrm, spigo): valid Vega-Lite (schema
 * vega-lite/vega-lite-schema.json, draft-07), the log re-binning keeps the total fraction,
 * p50/p90/p99/p99.9 are marked, and it renders to PNG.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import { readHgrm } from "../../src/load/hgrm.js";
import { readSpigo } from "../../src/load/spigo.js";
import { openInput } from "../../src/load/open-input.js";
import { distributionSpec, logRebin } from "../../src/plot/distribution-spec.js";
import { renderPng } from "../../src/plot/render.js";
import { validateJsonSchema } from "./json-schema.js";
import { assertClose } from "../helpers/close.js";
import { realData } from "../helpers/real.js";

const real = realData;
const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("vega-lite/vega-lite-schema.json"), "utf8"));

test("distributionSpec of an .hgrm and a truncated spigo table: valid Vega-Lite, percentiles marked, PNG renders", async () => {
  const h = await readHgrm(openInput(`${real}/hdrhistogram/percentiles-example1.hgrm`), "e1.hgrm");
  const s = await readSpigo(openInput(`${real}/spigo/storage_load00_serv_seed.txt`), "seed.txt");
  for (const d of [h, s]) {
    const spec = JSON.parse(JSON.stringify(distributionSpec(d, { unit: "ms" })));
    assert.deepEqual(validateJsonSchema(schema, spec), []);
    const labels = JSON.stringify(spec).match(/"label":"p[0-9.]+ = /g) ?? [];
    assert.equal(labels.length, d === h ? 4 : 3); // the truncated table has no p99.9
  }
  const png = await renderPng(distributionSpec(h));
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
});

test("an .hgrm counts recorded values, a spigo table requests: the subtitle and the fraction axis say which", async () => {
  const h = await readHgrm(openInput(`${real}/hdrhistogram/percentiles-example1.hgrm`), "e1.hgrm");
  const hs = JSON.stringify(distributionSpec(h, { unit: "ms" }));
  // 475,109: the file's footer "#[Max = 9420.800, Total count = 475109]"
  assert.match(hs, /e1\.hgrm: 475,109 recorded values/);
  assert.match(hs, /"Fraction of values"/);
  assert.doesNotMatch(hs, /requests/);
  const s = await readSpigo(openInput(`${real}/spigo/lamp_www00_rt.csv`), "www.csv");
  const ss = JSON.stringify(distributionSpec(s, { unit: "ns" }));
  assert.match(ss, /www\.csv: [\d,]+ requests/);
  assert.match(ss, /"Fraction of requests"/);
});

test("logRebin: equal log10 bins whose fractions sum to the rows' share of the population", () => {
  const bins = [
    { from: 10, to: 20, count: 30 },
    { from: 20, to: 100, count: 60 },
    { from: 100, to: 100, count: 10 },
  ];
  const r = logRebin(bins, 100, 10);
  assert.equal(r.length, 10);
  assertClose(
    r.reduce((a, b) => a + b.fraction, 0),
    1,
    1e-12,
  );
  assertClose(
    logRebin(bins, 200, 10).reduce((a, b) => a + b.fraction, 0),
    0.5,
    1e-12,
  ); // a truncated table
  for (let i = 1; i < r.length; i++) assertClose(Math.log10(r[i].to) - Math.log10(r[i].from), Math.log10(r[0].to) - Math.log10(r[0].from), 1e-9);
});
