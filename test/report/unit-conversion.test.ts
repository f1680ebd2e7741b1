/**
 * `--unit` for every format that has a response time: each reader knows its tool's unit (JTL, JMeter
 * XML, Gatling, Locust, ab, wrk: ms; hey: s; spigo: ns), `--unit` converts from it, and the output
 * says which unit (the JSON `unit`, the text's column labels). Where the unit is not known (an .hlog,
 * a .hgrm, a time-series column whose name states none) the refusal says why and how to state it.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { scaleValue } from "../../src/report/series.js";
import { chp } from "../helpers/cli.js";
import { realData } from "../helpers/real.js";

/** Real files of every format read, the tool's unit, and its total p50 in that unit (from the file, see each format's tests). */
const known: [string, string, number][] = [
  ["peers/jmeter/arifa.csv", "ms", Number.NaN],
  ["peers/jmeter/hailstorm-excerpt.xml.jtl", "ms", Number.NaN],
  ["formats/gatling/abhijeet_3.7.4_simulation.log", "ms", Number.NaN],
  ["formats/locust/nfilonov_locust_stats.csv", "ms", 5100], // its "50%" column
  ["formats/ab/local_ab2.3_stdout.txt", "ms", 7], // "50%      7"
  ["formats/ab/local_ab2.3_e.csv", "ms", 7.3], // "50,7.3"
  ["formats/ab/local_ab2.3_g.tsv", "ms", Number.NaN],
  ["formats/wrk/local_wrk4.1.0_latency.txt", "ms", 4.05], // "50%    4.05ms"
  ["formats/wrk2/polis_stage4_allocGet.md", "ms", 1.37],
  ["hey/hey-c16-per-request.csv", "s", Number.NaN],
  ["spigo/lamp_www00_rt.csv", "ns", 29695], // its quantile {50 29695}
];

for (const [name, unit, p50] of known) {
  const file = join(realData, name);
  test(`--unit for ${name}: the JSON says ${unit}; --unit us converts every time value from it`, {
    skip: !existsSync(file) && `${file} not present`,
  }, async () => {
    const plain = JSON.parse((await chp("summary", file, "--json")).stdout);
    assert.equal(plain.unit, unit);
    if (!Number.isNaN(p50)) assert.equal(plain.total.p50, p50);
    const r = await chp("summary", file, "--json", "--unit", "us");
    assert.equal(r.code, 0, r.stderr);
    const us = JSON.parse(r.stdout);
    assert.equal(us.unit, "us");
    const factor = { s: 1e6, ms: 1e3, us: 1, ns: 1e-3 }[unit]!;
    for (const k of ["min", "max", "mean", "p50", "p90", "p95", "p99", "p999"]) {
      if (plain.total[k] === null) assert.equal(us.total[k], null, k);
      else assert.ok(Math.abs(us.total[k] - plain.total[k] * factor) <= 1e-9 * Math.abs(plain.total[k] * factor), `${k}: ${us.total[k]}`);
    }
    assert.equal(us.total.count, plain.total.count);
  });
}

test("a Locust history: --unit s converts the response column and the tool's totals; the labels say s", async () => {
  const file = join(realData, "formats/locust/nfilonov_locust_stats_history.csv");
  const j = JSON.parse((await chp("summary", file, "--json", "--unit", "s")).stdout);
  assert.equal(j.total.p50, 5.1); // "Total Median Response Time" 5100 ms, exactly 5.1 s
  assert.equal(j.total.min, 83.11654099088628 / 1000);
  assert.equal(j.response.max, 7.3); // the 50% column's largest window, 7300 ms
  const text = (await chp("summary", file, "--unit", "s")).stdout;
  assert.match(text, /50% \(s\)/);
  assert.match(text, /Total columns of the last "Aggregated" row; s\)/);
  const a = await chp("analyze", file, "--unit", "s");
  assert.equal(a.code, 0, a.stderr);
});

test("a time-series CSV: --unit converts a response column whose name states its unit; one that states none is refused, saying why", async () => {
  const ms = JSON.parse((await chp("summary", "data/web-steady.csv", "--json")).stdout);
  const s = JSON.parse((await chp("summary", "data/web-steady.csv", "--json", "--unit", "s")).stdout);
  assert.ok(Math.abs(s.response.median - ms.response.median / 1000) < 1e-15, `${s.response.median}`);
  assert.equal(s.throughput.median, ms.throughput.median);
  const dir = mkdtempSync(join(tmpdir(), "chp-unit-"));
  try {
    const f = join(dir, "series.csv");
    writeFileSync(f, "time,throughput,response\n1,10,5\n2,20,6\n3,30,8\n");
    const r = await chp("summary", f, "--unit", "s");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot convert with --unit: the response column "response" of .* states no unit \(a name such as response_ms/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an .hlog and a .hgrm do not say their unit: --unit is refused with how to state it (--input-unit)", async () => {
  for (const f of ["hdrhistogram/jHiccup-2.0.7S.logV2.hlog", "hdrhistogram/percentiles-example1.hgrm"]) {
    const r = await chp("summary", join(realData, f), "--unit", "ms");
    assert.equal(r.code, 2, f);
    assert.match(r.stderr, /the unit of .* is not known; state it with --input-unit ns\|us\|ms\|s/);
  }
});

test("scaleValue: powers of 1000 exactly", () => {
  assert.equal(scaleValue(5100, 1e-3), 5.1);
  assert.equal(5100 * 1e-3, 5.1000000000000005); // what a plain product gives
  assert.equal(scaleValue(1.37, 1000), 1370);
  assert.equal(scaleValue(7, 1), 7);
});
