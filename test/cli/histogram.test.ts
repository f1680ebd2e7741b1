/**
 * `chp summary` / `chp plot` on histogram and log formats. The hlog
 * values are checked against the Java HdrHistogram golden files of
 * test/load/hlog.test.ts (made by `bash scripts/java/make-hlog-golden.sh`,
 * i.e. `java -cp /usr/share/java/hdrhistogram.jar scripts/java/HlogGolden.java FILE [TAG]`),
 * exact for counts and percentiles, relative 1e-12 for means.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { test } from "node:test";
import { chp } from "../helpers/cli.js";
import { assertClose } from "../helpers/close.js";
import { tmpDir, tmpFile } from "../helpers/tmp.js";
import { jtlChunks } from "../../scripts/jtl-generator.js";
import { realData } from "../helpers/real.js";

const real = realData;
const hiccup = `${real}/hdrhistogram/jHiccup-2.0.7S.logV2.hlog`;
const golden = JSON.parse(readFileSync("test/load/fixtures/golden/jHiccup-2.0.7S.logV2.json", "utf8")) as {
  intervals: Record<string, number>[];
  total: Record<string, number>;
};

const totalKeys = ["count", "errors", "errorRate", "min", "max", "mean", "p50", "p90", "p95", "p99", "p999"];
const intervalKeys = ["tag", "start", "length", "count", "throughput", "max", "mean", "p50", "p90", "p95", "p99", "p999"];

test("summary --json of an hlog: exactly the documented keys; values equal Java's", async () => {
  const r = await chp("summary", hiccup, "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ["unit", "total", "intervals"]);
  assert.deepEqual(Object.keys(j.total), totalKeys);
  for (const k of ["count", "min", "max", "p50", "p90", "p99", "p999"]) assert.equal(j.total[k], golden.total[k], `total.${k}`);
  assertClose(j.total.mean, golden.total.mean, 1e-12, "total.mean");
  assert.equal(j.intervals.length, golden.intervals.length);
  j.intervals.forEach((i: Record<string, number | null>, k: number) => {
    assert.deepEqual(Object.keys(i), intervalKeys);
    const g = golden.intervals[k];
    for (const key of ["count", "max", "p50", "p90", "p99", "p999"]) assert.equal(i[key], g[key], `interval ${k}.${key}`);
    assert.equal(i.tag, null);
    assert.ok(Math.abs((i.start as number) * 1000 - g.start) <= 1);
    assertClose(i.throughput as number, g.count / (i.length as number), 1e-12);
  });
});

test("summary --unit converts (hlog values stated in ns with --input-unit)", async () => {
  const r = await chp("summary", hiccup, "--json", "--input-unit", "ns", "--unit", "ms");
  const j = JSON.parse(r.stdout);
  assertClose(j.total.p99, golden.total.p99 / 1e6, 1e-12);
  assert.equal(j.total.count, golden.total.count);
  const no = await chp("summary", hiccup, "--unit", "ms");
  assert.equal(no.code, 2);
  assert.match(no.stderr, /the unit of .* values is not known; state it with --input-unit/);
});

test("summary of several hlogs merges them interval by interval, aligned on time", async () => {
  // host 2: the untagged part of tagged.logV2.hlog (the first intervals of the same run)
  const other = JSON.parse(readFileSync("test/load/fixtures/golden/tagged.logV2.json", "utf8")) as typeof golden;
  const r = await chp("summary", hiccup, `${real}/hdrhistogram/tagged.logV2.hlog`, "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.total.count, golden.total.count + other.total.count);
  assert.equal(j.intervals.length, golden.intervals.length);
  const extra = new Map(other.intervals.map((g) => [g.start, g.count]));
  j.intervals.forEach((i: Record<string, number>, k: number) =>
    assert.equal(i.count, golden.intervals[k].count + (extra.get(golden.intervals[k].start) ?? 0), `interval ${k}`),
  );
});

test("summary --tag A of the tagged log; a gzipped hlog reads the same", async () => {
  const a = JSON.parse((await chp("summary", `${real}/hdrhistogram/tagged.logV2.hlog`, "--tag", "A", "--json")).stdout);
  const ga = JSON.parse(readFileSync("test/load/fixtures/golden/tagged.logV2.A.json", "utf8"));
  assert.equal(a.total.count, ga.total.count);
  assert.equal(a.total.p999, ga.total.p999);
  const gz = tmpFile("hiccup.hlog.gz", gzipSync(readFileSync(hiccup)));
  const b = JSON.parse((await chp("summary", gz, "--json")).stdout);
  assert.equal(b.total.p99, golden.total.p99);
});

test("summary of .hgrm and spigo files: total only", async () => {
  const h = JSON.parse((await chp("summary", `${real}/hdrhistogram/percentiles-example1.hgrm`, "--json")).stdout);
  assert.deepEqual(h, {
    // p95: the file's row "127.231 0.950000 451374"; a .hgrm counts no failures
    unit: null, // a .hgrm does not say its unit
    total: {
      count: 475109,
      errors: null,
      errorRate: null,
      min: 0.016,
      max: 9420.8,
      mean: 25.048,
      p50: 11.167,
      p90: 40.671,
      p95: 127.231,
      p99: 206.207,
      p999: 1260.543,
    },
  });
  const s = JSON.parse((await chp("summary", `${real}/spigo/lamp_www00_rt.csv`, "--json")).stdout);
  assert.deepEqual(Object.keys(s), ["unit", "total"]);
  assert.equal(s.total.p50, 29695); // the file's quantiles: [{50 29695} {99 32767}]
  assert.equal(s.total.p99, 32767);
  const t = await chp("summary", `${real}/spigo/storage_load00_serv_seed.txt`);
  assert.match(t.stdout, /table is truncated/);
  const c = JSON.parse((await chp("summary", `${real}/spigo/netflixoss_www00_rt.csv`, "--json")).stdout);
  assert.equal(c.total.count, 32);
  assert.equal(c.total.min, 9136);
});

test("summary of a JTL and of the hey CSV: intervals of successful requests, errors reported", async () => {
  const text = [...jtlChunks({ rows: 5000, seed: 2, startMs: 1_700_000_000_000, rate: 50 })].join("");
  const jtl = tmpFile("run.jtl", text);
  const r = await chp("summary", jtl, "--interval", "10s");
  assert.equal(r.code, 0, r.stderr);
  const failed = (text.match(/,false,/g) ?? []).length;
  assert.match(r.stdout, new RegExp(`${failed} failed requests counted apart`));
  const j = JSON.parse((await chp("summary", jtl, "--interval", "10s", "--json")).stdout);
  assert.equal(j.total.count, 5000 - failed);
  assert.equal(j.intervals[1].length, 10);
  const hey = JSON.parse((await chp("summary", `${real}/hey/hey-c16-per-request.csv`, "--json", "--unit", "ms")).stdout);
  assert.equal(hey.total.count, 16814);
  assert.ok(hey.total.p99 > 30 && hey.total.p99 < 100, String(hey.total.p99));
});

test("a plain time-series CSV keeps the original summary; histogram flags on it are usage errors", async () => {
  const j = JSON.parse((await chp("summary", "data/web-steady.csv", "--json")).stdout);
  assert.deepEqual(Object.keys(j), ["response", "throughput"]);
  const r = await chp("summary", "data/web-steady.csv", "--tag", "A");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--tag does not apply to data\/web-steady.csv, which is a time-series CSV/);
});

test("mislabelled and corrupt files: exit 3 naming file and line", async () => {
  const csvAsHlog = tmpFile("metrics.hlog", readFileSync("data/web-steady.csv"));
  const r = await chp("summary", csvAsHlog);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /metrics\.hlog:1: the file's name says it is an HdrHistogram interval log .*, but its content looks like a time-series CSV/);
  const lines = readFileSync(hiccup, "utf8").split("\n");
  lines[6] = lines[6].slice(0, 40);
  const cut = await chp("summary", tmpFile("cut.hlog", lines.join("\n")));
  assert.equal(cut.code, 3);
  assert.match(cut.stderr, /cut\.hlog:7: column 4: the histogram/);
  const bad = await chp("summary", "summary.hlog", "--interval", "soon");
  assert.equal(bad.code, 2);
});

test("plot an hlog (--response p99) and a JTL: the headroom plot; an .hgrm: the distribution plot", async () => {
  const dir = tmpDir();
  const r = await chp("plot", hiccup, "--response", "p99", "-o", `${dir}/h.vl.json`);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /rows: 62 read/);
  const spec = JSON.parse(readFileSync(`${dir}/h.vl.json`, "utf8"));
  assert.ok(JSON.stringify(spec).includes("Response p99"));
  const jtl = tmpFile("p.jtl", [...jtlChunks({ rows: 20000, seed: 4, startMs: 1_700_000_000_000, rate: 40 })].join(""));
  const p = await chp("plot", jtl, "-o", `${dir}/j.svg`);
  assert.equal(p.code, 0, p.stderr);
  assert.match(readFileSync(`${dir}/j.svg`, "utf8"), /^<svg/);
  const d = await chp("plot", `${real}/hdrhistogram/percentiles-example1.hgrm`, "-o", `${dir}/d.vl.json`);
  assert.equal(d.code, 0, d.stderr);
  const ds = JSON.parse(readFileSync(`${dir}/d.vl.json`, "utf8"));
  assert.equal(ds.vconcat.length, 2);
  assert.match(JSON.stringify(ds), /p99\.9 = 1261/);
});

test("an hlog's throughput is recorded values per second, not requests: analyze's unit, the plot's axis and summary's note say values/s", async () => {
  // jHiccup records one hiccup sample per interval of its own, whatever the application does.
  for (const file of [hiccup, `${real}/hdrhistogram/tagged.logV2.hlog`, "test/load/fixtures/hiccup.140623.1028.10646.hlog"]) {
    const a = await chp("analyze", file);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(JSON.parse(a.stdout).units.throughput, "values/s", file);
    const dir = tmpDir();
    const p = await chp("plot", file, "-o", `${dir}/h.vl.json`);
    assert.equal(p.code, 0, p.stderr);
    const spec = readFileSync(`${dir}/h.vl.json`, "utf8");
    assert.match(spec, /"Throughput \(values\/s\)"/, file);
    assert.doesNotMatch(spec + p.stdout, /req\/s/, file);
    const s = await chp("summary", file);
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /note: throughput = recorded values per second \(values\/s\): an HdrHistogram log counts the values it recorded, not requests/);
    assert.doesNotMatch(s.stdout, /req\/s|requests per second/, file);
  }
  // A per-request log counts requests.
  const jtl = tmpFile("r.jtl", [...jtlChunks({ rows: 2000, seed: 5, startMs: 1_700_000_000_000, rate: 40 })].join(""));
  assert.equal(JSON.parse((await chp("analyze", jtl)).stdout).units.throughput, "req/s");
});

test("stdin: chp summary - reads an hlog piped in", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "summary", "-", "--json"], { input: readFileSync(hiccup), encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).total.p99, golden.total.p99);
});
